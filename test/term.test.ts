/**
 * Terminology: the example post's drift, the workspace index and term/cross-post, the glossary
 * hover and completion, the matcher, user glossary merging, quick fixes through .zhen.yml, importers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addToConfigList, analyze, applyEdits, completionsAt, computeLineStarts, glossaryCard, hoverAt, importPrh, importTextlintTerminology, importVale,
  loadConfigText, parse, positionAt, summarize, toConfig, type Finding, type PostSummary, type WorkspaceIndex,
} from '../server/src/core/index';
import { Matcher } from '../server/src/core/rules/term/matcher';
import { abbreviationShaped, amongPeers, listPeers } from '../server/src/core/rules/term/peers';
import { capitalAgainstSmall } from '../server/src/core/rules/term/misspelt';
import { bundledEntries, glossaryFor } from '../server/src/core/rules/term/glossary';
import { aggregateTerms } from '../server/src/core/rules/term/summary';

const root = join(__dirname, '..', '..');
const examplePath = join(root, 'examples', '2024-05-22-ai-crypto.md');
const example = readFileSync(examplePath, 'utf8');
const exampleLines = example.split('\n');

function at(text: string, f: Finding) {
  const ls = computeLineStarts(text);
  return { line: positionAt(ls, f.span.start).line + 1, text: text.slice(f.span.start, f.span.end) };
}
const term = (fs: Finding[]) => fs.filter((f) => f.ruleId.startsWith('term/'));
/** Offset of the n-th (1-based) `needle` on 1-based `line` of the example. */
function offsetOf(line: number, needle: string, nth = 1): number {
  const ls = computeLineStarts(example);
  let i = -1;
  for (let k = 0; k < nth; k++) i = exampleLines[line - 1].indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} on line ${line}`);
  return ls[line - 1] + i;
}

/** Where each imported form was seen (data/glossary/translations-seen.json: provenance, not bundled). */
const importedSeen = JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'glossary', 'translations-seen.json'), 'utf8')) as Record<string, Record<string, string[]>>;

test('bundled glossary: 2,000+ concepts; hand-written ones with a definition in both languages, imported ones with where each form was seen', () => {
  assert.ok(bundledEntries.length >= 2000, `${bundledEntries.length} concepts`);
  const ids = new Set<string>();
  for (const e of bundledEntries) {
    assert.ok(typeof e.id === 'string' && !ids.has(e.id), `unique id ${e.id}`);
    ids.add(e.id as string);
    // An imported concept's provenance is in translations-seen.json (not bundled); a hand-written usage
    // variant (usage.json) cites its authority in `seen`.
    const imported = (e as { imported?: boolean }).imported === true;
    assert.ok(!(imported && 'seen' in e), `${e.id}: provenance belongs in translations-seen.json, not in the bundle`);
    const seen = imported ? importedSeen[e.id as string] : (e as { seen?: Record<string, string[]> }).seen;
    if (imported) assert.ok(seen, `${e.id}: provenance in translations-seen.json`);
    if (seen) {
      for (const f of [e.zh, e.en, e.variants, e.avoid].flat().filter((x): x is string => typeof x === 'string')) assert.ok(seen[f]?.length, `${e.id}: where "${f}" was seen`);
    } else assert.ok(e.definition?.zh && e.definition?.en, `${e.id} has definitions in zh and en`);
    if (e.link) assert.match(e.link, /^https?:\/\/\S+$/);
  }
  assert.deepEqual(Object.keys(importedSeen).filter((id) => !ids.has(id)), [], 'translations-seen.json: no provenance of a concept the glossary lacks');
});

test('imported glossary: `agreed` (bundled) follows translations-seen.json: two sources give the preferred Chinese form', () => {
  // Posts of one site count as one source; a review note (`reviewed: ...`) is no source.
  const sourceOf = (x: string) => x.split(':')[0].replace(/^((?:posts|sites)\/[^/]+)\/.*$/, '$1');
  let agreed = 0;
  for (const e of bundledEntries) {
    if (!(e as { imported?: boolean }).imported) continue;
    const zh0 = [e.zh].flat()[0] as string;
    const sources = new Set((importedSeen[e.id as string][zh0] ?? []).filter((x) => !x.startsWith('reviewed')).map(sourceOf));
    assert.equal((e as { agreed?: boolean }).agreed === true, sources.size >= 2, `${e.id}: agreed`);
    if (sources.size >= 2) agreed++;
  }
  assert.ok(agreed > 0);
});

test('imported glossary: a review that puts another wording in place leaves the source credited with the wording it wrote', () => {
  // TiDB's terms table writes `data directory | 数据路径`, `metadata | 元信息`, `log level | 日志等级`, `ascending order | 正序`; the review
  // (scripts/glossary-review.tsv `zh=`) made 数据目录, 元数据, 日志级别, 升序 preferred. Until session 19 the importer moved the source's
  // credit to the new wording, saying pingcap-tidb-terms wrote it.
  const isSource = (x: string) => !x.startsWith('reviewed');
  for (const [id, wrote, review] of [['data-directory', '数据路径', '数据目录'], ['metadata', '元信息', '元数据'], ['log-level', '日志等级', '日志级别'], ['ascending-order', '正序', '升序']]) {
    const seen = importedSeen[id];
    assert.ok(seen[wrote]?.includes('pingcap-tidb-terms'), `${id}: the source wrote ${wrote}`);
    assert.deepEqual((seen[review] ?? []).filter(isSource), [], `${id}: no source wrote ${review}; the review put it in place`);
    const e = bundledEntries.find((x) => x.id === id) as { unattested?: string[] } | undefined;
    assert.ok(e?.unattested?.includes(wrote), `${id}: ${wrote} and ${review} are tied by the review alone`);
  }
  // A wording the source wrote inside its cell (`（权限）回收` → 回收) keeps the credit: the source gives it.
  assert.ok(importedSeen['revoke']['回收'].includes('pingcap-tidb-terms'));
});

test('example post: the drift listed in examples/README.md is found', () => {
  const fs = term(analyze(example, {}));
  const got = fs.map((f) => ({ rule: f.ruleId, ...at(example, f) }));
  const has = (rule: string, text: string, line?: number) =>
    assert.ok(got.some((g) => g.rule === rule && g.text === text && (line === undefined || g.line === line)), `${rule} "${text}"${line ? ` at ${line}` : ''} in ${JSON.stringify(got)}`);
  has('term/variant', '中央化', 145);
  has('term/variant', '封闭源模型', 113);
  // Both `Github` on line 62: in `Github Copilot` and in `Github Research`.
  assert.equal(got.filter((g) => g.rule === 'term/variant' && g.line === 62 && g.text.startsWith('Github')).length, 2);
  has('term/abbr-undefined', 'DeComp', 27);
  has('term/abbr-undefined', 'ZK', 27);
  has('term/abbr-undefined', 'LLM', 74);
  has('term/abbr-undefined', 'KYC', 172);
  has('term/mixed', '大型语言模型', 42);
  has('term/mixed', '小型模型', 51);
  assert.ok(got.some((g) => g.rule === 'term/mixed' && (g.text === '生成式人工智能' || g.text === '生成式 AI')), '生成式人工智能 / 生成式 AI');
  assert.ok(got.some((g) => g.rule === 'term/mixed' && (g.text === '谷歌' || g.text === 'Google')), '谷歌 / Google');
  has('term/sense', '推理', 55);
  // Not reported: GPU (well known), abbreviations defined before use (TPU, LPU), defined terms.
  for (const t of ['GPU', 'TPU', 'LPU', '训练', 'AI']) assert.ok(!got.some((g) => g.text === t), `${t} is not reported`);
  assert.ok(!got.some((g) => g.rule === 'term/abbr-undefined' && g.line === 131), 'the definition itself is fine');
  assert.equal(got.filter((g) => g.rule === 'term/abbr-undefined' && g.text === 'DeComp').length, 1, 'only the first use before the definition');
  // The sense finding is a hint.
  assert.equal(fs.find((f) => f.ruleId === 'term/sense')!.severity, 'hint');
});

test('example post: by default fix-all rewrites no term; with autofix it changes only the terms, nothing in code, URLs or front matter', () => {
  assert.ok(!analyze(example, {}).some((f) => f.ruleId === 'term/variant' && f.fixes?.some((x) => x.isPreferred)), 'no preferred term fix by default');
  const fs = analyze(example, { rules: { 'term/variant': { autofix: true } } }).filter((f) => f.ruleId === 'term/variant');
  const edits = fs.flatMap((f) => f.fixes?.find((x) => x.isPreferred)?.edits ?? []);
  const fixed = applyEdits(example, edits);
  assert.ok(fixed.includes('中心化云服务提供商'));
  assert.ok(fixed.includes('GitHub Copilot 有效提升'));
  assert.ok(fixed.includes('https://bittensor.com/'), 'link target untouched');
  assert.equal(fixed.split('\n').slice(0, 16).join('\n'), exampleLines.slice(0, 16).join('\n'), 'front matter untouched');
});

test('messages in zh-cn', () => {
  const fs = term(analyze(example, { language: 'zh-cn' }));
  const v = fs.find((f) => f.ruleId === 'term/variant' && example.slice(f.span.start, f.span.end) === '中央化')!;
  assert.match(v.message, /不推荐的写法.*中心化/);
  assert.match(fs.find((f) => f.ruleId === 'term/abbr-undefined')!.message, /定义/);
  assert.match(fs.find((f) => f.ruleId === 'term/sense')!.message, /第 68 行/);
});

function indexOf(posts: Record<string, string>, version = 1): WorkspaceIndex {
  const m = new Map<string, PostSummary>();
  for (const [p, t] of Object.entries(posts)) m.set(p, summarize(t, p, {}));
  return { posts: m, version };
}

test('term/cross-post: two posts writing one concept two ways are both reported', () => {
  const posts = { '_posts/a.md': '大语言模型的成本在下降，大语言模型很强。', '_posts/b.md': '大型语言模型的能力在提升。' };
  const index = indexOf(posts);
  assert.deepEqual((index.posts.get('_posts/a.md')!.term as { forms: unknown }).forms, { llm: { 大语言模型: 2 } });
  for (const [path, text] of Object.entries(posts)) {
    const fs = analyze(text, {}, { path, index }).filter((f) => f.ruleId === 'term/cross-post');
    assert.equal(fs.length, 1, path);
    const other = path.endsWith('a.md') ? '大型语言模型' : '大语言模型';
    assert.equal(fs[0].data?.other, other);
    // The post with the preferred form only gets a hint; the other differs from one post only: a weak finding, a hint too.
    assert.equal(fs[0].severity, 'hint', path);
    if (path.endsWith('b.md')) assert.equal(fs[0].data?.strength, 'weak');
    assert.match(fs[0].message, new RegExp(other));
  }
  // Five other posts write it the other way: strong enough for the rule's severity, with its evidence.
  const many = { ...Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`_posts/a${i}.md`, '大语言模型的成本在下降。'])), '_posts/b.md': '大型语言模型的能力在提升。' };
  const lone = analyze(many['_posts/b.md'], {}, { path: '_posts/b.md', index: indexOf(many) }).filter((f) => f.ruleId === 'term/cross-post');
  assert.equal(lone.length, 1);
  assert.equal(lone[0].severity, 'info');
  assert.deepEqual((lone[0].data?.evidence as Array<{ id: string }>).map((e) => e.id).sort(), ['chinese', 'manyPosts']);
  // Memoised per index version: a new version with the same map is re-aggregated.
  const a1 = aggregateTerms(index);
  assert.equal(aggregateTerms(index), a1);
  index.version = 2;
  assert.notEqual(aggregateTerms(index), a1);
});

test('hover: 推理 shows both senses and the one in use, DeComp, GitHub and 去中心化计算 show their cards', () => {
  const post = parse(example);
  const findings = analyze(example, {});
  const index = indexOf({ 'a.md': example, 'b.md': '大型语言模型与推理服务。' });
  const h = (line: number, needle: string, nth = 1, config = {}) => hoverAt(post, offsetOf(line, needle, nth) + 1, findings, config, { index, path: 'a.md' });

  const reasoning = h(55, '推理');
  assert.ok(reasoning);
  assert.match(reasoning.markdown, /\*\*Inference\*\*/);
  assert.match(reasoning.markdown, /\*\*Reasoning\*\*/);
  assert.match(reasoning.markdown, /Sense here: \*\*Reasoning\*\*/);
  assert.match(reasoning.markdown, /line 68 `推理 \(Inference\)`/);
  // 推理 is marked `explain` (two senses): its card shows on every use, with the sense there.
  const inference = h(70, '推理');
  assert.ok(inference);
  assert.match(inference.markdown, /Sense here: \*\*Inference\*\*/);
  assert.match(inference.markdown, /\[More…\]\(command:zhen\.showGlossary\?%5B%22inference-reasoning%22%5D/);

  const decomp = h(27, 'DeComp');
  assert.ok(decomp);
  assert.match(decomp.markdown, /去中心化计算/);
  assert.match(decomp.markdown, /line 131 `去中心化计算 \(DeComp\)`/);

  // GitHub: the card on its first use (line 40), not on a later one (line 59); `hover.glossaryCard: every` restores it.
  const github = h(40, 'GitHub');
  assert.ok(github);
  assert.match(github.markdown, /\*\*GitHub\*\*/);
  assert.doesNotMatch(h(59, 'GitHub', 2)?.markdown ?? '', /\*\*GitHub\*\*/);
  assert.match(h(59, 'GitHub', 2, { hover: { glossaryCard: 'every' } })!.markdown, /\*\*GitHub\*\*/);

  const decompZh = h(131, '去中心化计算');
  assert.ok(decompZh);
  assert.match(decompZh.markdown, /\*\*去中心化计算\*\* · decentralized compute · DeComp/);

  const zh = hoverAt(post, offsetOf(55, '推理') + 1, [], { language: 'zh-cn' });
  assert.match(zh!.markdown, /此处词义：\*\*Reasoning\*\*/);
  assert.match(zh!.markdown, /\[更多…\]/);
});

test('hover: the glossary card once per term per post (first use, definition, explain), short, with the full card one click away', () => {
  const post = parse(example);
  const findings = analyze(example, {});
  let cards = 0;
  let longest = 0;
  for (let i = example.indexOf('AI'); i >= 0; i = example.indexOf('AI', i + 1)) {
    const md = hoverAt(post, i + 1, findings, {})?.markdown ?? '';
    if (!/^\*\*人工智能\*\*/m.test(md)) continue;
    cards++;
    longest = Math.max(longest, md.split('\n').length);
  }
  assert.equal(cards, 1, 'the 人工智能 card shows once for its 100-odd `AI`');
  assert.ok(longest <= 4, `the card is short (${longest} lines)`);
  // Every use of every term with `every`.
  let every = 0;
  for (let i = example.indexOf('AI'); i >= 0; i = example.indexOf('AI', i + 1)) {
    if (/\*\*人工智能\*\*/.test(hoverAt(post, i + 1, findings, { hover: { glossaryCard: 'every' } })?.markdown ?? '')) every++;
  }
  assert.ok(every > 50, `every use with the setting: ${every}`);
  // The full card (Show Glossary) keeps the rest: spellings, uses in the post, the reference.
  const full = glossaryCard('github', post, toConfig({}))!;
  assert.match(full.markdown, /This post: `GitHub` ×2, `Github` ×1/);
  assert.match(full.markdown, /\[Reference\]\(https:\/\/github\.com\/\)/);
});

test('completion: 去中心 offers 去中心化计算 (DeComp) at its first use, the bare term after', () => {
  const text = '加密领域的去中心';
  const items = completionsAt(parse(text), text.length);
  const item = items.find((i) => i.label.startsWith('去中心化计算'));
  assert.ok(item, JSON.stringify(items.map((i) => i.label)));
  assert.equal(item.insertText, '去中心化计算 (DeComp)');
  assert.deepEqual(item.span, { start: 5, end: text.length });
  const later = '去中心化计算很热门。加密领域的去中心';
  const again = completionsAt(parse(later), later.length).find((i) => i.label.startsWith('去中心化计算'));
  assert.equal(again?.insertText, '去中心化计算');
  const latin = 'We use Kuber';
  assert.ok(completionsAt(parse(latin), latin.length).some((i) => i.insertText === 'Kubernetes'));
});

test('matcher: unspaced Chinese, Latin word boundaries, leftmost-longest, UTF-16 offsets after emoji', () => {
  const m = new Matcher(['Github', 'AI', '中心化', '去中心化', '去中心化计算']);
  const find = (t: string) => m.find(t).map((x) => t.slice(x.start, x.end));
  assert.deepEqual(find('用Github的'), ['Github']);
  assert.deepEqual(find('Githubber MAIL FAIR'), []);
  assert.deepEqual(find('AI、ai 和 AIs'), ['AI', 'ai', 'AI']);
  assert.deepEqual(find('去中心化计算与中心化'), ['去中心化计算', '中心化']);
  const t = '🍕 Github';
  const [hit] = m.find(t);
  assert.deepEqual([hit.start, hit.end], [3, 9]);
  // Through the rule: the same offsets.
  const f = analyze('🍕 Github 上的代码', {}).find((x) => x.ruleId === 'term/variant')!;
  assert.deepEqual(f.span, { start: 3, end: 9 });
});

test('matcher: the same matches as a direct search, for small and large automata (random patterns and texts)', () => {
  // A direct search: every pattern at every offset, ASCII case folded, the same boundary tests; the first of
  // patterns equal once folded is the one reported; then leftmost-longest.
  const isWord = (c: number) => /[A-Za-z0-9_]/.test(String.fromCharCode(c));
  const direct = (patterns: string[], t: string, from = 0) => {
    const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
    const lt = lower(t);
    const seen = new Set<string>();
    const all: Array<{ start: number; end: number; pattern: number }> = [];
    patterns.forEach((p, id) => {
      const lp = lower(p);
      if (!p.length || seen.has(lp)) return;
      seen.add(lp);
      for (let s = lt.indexOf(lp, from); s >= 0; s = lt.indexOf(lp, s + 1)) {
        const e = s + p.length;
        if (isWord(p.charCodeAt(0)) && s > 0 && isWord(t.charCodeAt(s - 1))) continue;
        const plural = /^[A-Z0-9]{2,}$/.test(t.slice(s, e)) && t[e] === 's' && !(e + 1 < t.length && isWord(t.charCodeAt(e + 1)));
        if (isWord(p.charCodeAt(p.length - 1)) && e < t.length && isWord(t.charCodeAt(e)) && !plural) continue;
        const pair = (at: number) => at > 0 && at < t.length && /[\ud800-\udbff]/.test(t[at - 1]) && /[\udc00-\udfff]/.test(t[at]);
        if (pair(s) || pair(e)) continue;
        all.push({ start: s, end: e, pattern: id });
      }
    });
    all.sort((a, b) => a.start - b.start || b.end - a.end);
    let reach = -1;
    return all.filter((m) => (m.start >= reach ? ((reach = m.end), true) : false));
  };
  let x = 12345;
  const rand = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0), (x >>> 16) % n);
  const alphabet = ['a', 'b', 'A', 'B', '1', '_', ' ', '中', '心', '化', '去', '\ud83c', '\udf55', 's', 'S', '、'];
  const word = (max: number) => Array.from({ length: 1 + rand(max) }, () => alphabet[rand(alphabet.length)]).join('');
  for (const count of [3, 40, 400]) {
    for (let round = 0; round < 20; round++) {
      const patterns = Array.from({ length: count }, () => word(6));
      const m = new Matcher(patterns);
      const t = Array.from({ length: 30 }, () => word(8)).join('');
      assert.deepEqual(m.find(t), direct(patterns, t), `${count} patterns: ${JSON.stringify(patterns.slice(0, 10))} in ${JSON.stringify(t)}`);
      // A range, reported relative to its start (a block's matches): the boundary tests still read the whole text.
      const from = rand(t.length);
      assert.deepEqual(m.find(t, from, t.length, from), direct(patterns, t, from).map((x) => ({ ...x, start: x.start - from, end: x.end - from })));
    }
  }
});

test('matcher benchmark: linear in the text for 300 and 10,000 terms (timings printed, not asserted)', () => {
  const text = example.repeat(4);
  const rows: string[] = [];
  for (const n of [300, 10_000]) {
    const patterns: string[] = [];
    for (let i = 0; patterns.length < n; i++) {
      patterns.push(`术语${i.toString(36)}`);
      patterns.push(`Term${i.toString(36)}x`);
    }
    patterns.push('中心化', 'GitHub', '推理');
    let t = performance.now();
    const m = new Matcher(patterns);
    const build = performance.now() - t;
    t = performance.now();
    let hits = 0;
    for (let r = 0; r < 20; r++) hits = m.find(text).length;
    const per = (performance.now() - t) / 20;
    rows.push(`${n} terms: build ${build.toFixed(1)} ms, ${m.size} states; match ${(text.length / 1000).toFixed(0)}k chars in ${per.toFixed(2)} ms (${hits} hits)`);
    assert.ok(hits > 0);
  }
  console.log(`# matcher benchmark\n# ${rows.join('\n# ')}`);
});

test('user glossary: merges by id and by shared form, adds new concepts', () => {
  const g = glossaryFor(toConfig({ glossary: [
    { id: 'llm', definition: { en: 'Mine.' } },
    { zh: '推断', en: 'inference engine' },
    { en: 'GitHub', variants: ['Github'] },
    { zh: '大型语言模型', avoid: ['大规模语言模型'] },
  ] }));
  const llm = g.byId.get('llm')!;
  assert.equal(llm.definition?.en, 'Mine.');
  assert.ok(llm.avoid.includes('大规模语言模型') && !llm.variants.includes('大规模语言模型'), 'moved from variants to avoid');
  assert.deepEqual(llm.zh, ['大型语言模型'], 'the user form becomes preferred');
  assert.ok(llm.variants.includes('大语言模型'), 'the old preferred stays accepted');
  assert.ok(g.byId.get('github')!.variants.includes('Github'));
  assert.ok(g.concepts.some((c) => c.zh[0] === '推断' && c.origin === 'user'));
  const fs = analyze('用Github的大语言模型，大规模语言模型。', { glossary: [{ en: 'GitHub', variants: ['Github'] }, { zh: '大型语言模型', avoid: ['大规模语言模型'] }] });
  assert.deepEqual(term(fs).filter((f) => f.ruleId === 'term/variant').map((f) => f.data?.found), ['大规模语言模型']);
});

test('quick fixes through .zhen.yml: "Mark as accepted variant" and "Add to glossary" silence the finding', () => {
  // The definition comes several paragraphs later (a definition within a few lines counts as given at the first use).
  const text = '我们用 Github 托管，用 EKCDQ 协议，并发布了 EKCDQ 的更新。\n\n' + '中间还有几段正文，读者读到这里仍不知道它的全称。\n\n'.repeat(12) + '它的全称是 Extended Key Chain Data Queue (EKCDQ)。';
  const before = term(analyze(text, {}));
  const variant = before.find((f) => f.ruleId === 'term/variant')!;
  const accept = variant.fixes!.find((x) => x.configEdit)!;
  assert.equal(accept.configEdit!.key, 'glossary');
  let yml = 'language: zh-cn\n';
  yml = applyEdits(yml, [addToConfigList(yml, 'glossary', accept.configEdit!.item)]);
  const abbr = before.find((f) => f.ruleId === 'term/abbr-undefined')!;
  assert.equal(text.slice(abbr.span.start, abbr.span.end), 'EKCDQ');
  const define = abbr.fixes![0];
  assert.ok(applyEdits(text, define.edits).includes('用 EKCDQ (Extended Key Chain Data Queue) 协议'));
  const known = abbr.fixes!.find((x) => x.configEdit)!;
  yml = applyEdits(yml, [addToConfigList(yml, 'glossary', known.configEdit!.item)]);
  const loaded = loadConfigText(yml);
  assert.deepEqual(loaded.problems, []);
  const after = term(analyze(text, loaded.config));
  assert.deepEqual(after.map((f) => f.ruleId), [], yml);
});

test('.zhen.yml glossary entries validate against the schema, senses included', () => {
  const yml = [
    'glossary:',
    '  - zh: 推理',
    '    senses:',
    '      - en: Inference',
    '        context: [推理服务]',
    '      - en: Reasoning',
    '        context: [常识推理]',
    '  - en: GitHub',
    '    variants: [Github]',
    '    link: https://github.com/',
    '  - abbr: KYC',
    '  - avoid: [湖仓一体化]',
    '  - definition: {zh: 没有形式}',
  ].join('\n');
  const { problems, config } = loadConfigText(yml);
  // Only the last entry (no form at all) is a problem, reported once; the loader drops that entry only.
  const last = yml.indexOf('  - definition');
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.ok(problems[0].span.start >= last);
  assert.match(problems[0].message, /at least one form/);
  assert.equal(config.glossary?.length, 4, 'the valid entries are kept');
  const good = loadConfigText(yml.slice(0, last));
  assert.deepEqual(good.problems, []);
  assert.equal(good.config.glossary?.length, 4);
});

test('importers: Vale, textlint-rule-terminology, prh', () => {
  const vale = importVale('# accepted\nGitHub\nKubernetes\n(?i)javascript\n[Tt]ypescript\n', 'Github\nleverage\n');
  assert.deepEqual(vale.entries, [{ en: 'GitHub', avoid: ['Github'] }, { en: 'Kubernetes' }, { en: 'javascript' }, { avoid: ['leverage'] }]);
  assert.deepEqual(vale.skipped.map((s) => s.item), ['[Tt]ypescript']);

  const tl = importTextlintTerminology(JSON.stringify(['JavaScript', ['Javascript', 'JavaScript'], ['node\\.js', 'Node.js'], ['(?:N|n)ode', 'Node'], ['中央化', '中心化']]));
  assert.deepEqual(tl.entries, [{ en: 'JavaScript' }, { en: 'Node.js' }, { zh: '中心化', avoid: ['中央化'] }]);
  assert.equal(tl.skipped.length, 1);

  const prh = importPrh('version: 1\nrules:\n  - expected: GitHub\n    pattern: /github/i\n  - expected: 中心化\n    patterns: [中央化, 中央集中化]\n  - expected: 闭源模型\n    pattern: /封闭(源)?模型/\n');
  assert.deepEqual(prh.entries, [{ en: 'GitHub' }, { zh: '中心化', avoid: ['中央化', '中央集中化'] }, { zh: '闭源模型' }]);
  assert.equal(prh.skipped.length, 1);
  // Imported entries work as a user glossary.
  const fs = analyze('来自中央集中化的服务。', { glossary: prh.entries });
  assert.equal(fs.find((f) => f.ruleId === 'term/variant')?.fixes?.[0].edits[0].newText, '中心化');
  assert.deepEqual(importPrh('nope: 1').entries, []);
  assert.deepEqual(importTextlintTerminology('{').entries, []);
});

test('no term finding inside code, URLs, link targets or front matter', () => {
  const text = '---\ntitle: Github 中央化\n---\n\n`Github 中央化` 与 [文档](https://github.com/Github/中央化) 和 https://Github.com/LLM\n\n```\nGithub 中央化 LLM\n```\n';
  assert.deepEqual(term(analyze(text, {})), []);
});

test('confidence (#19): a casing the post contradicts keeps its warning, a casing it keeps throughout is a hint; data and hover say why', () => {
  const slip = analyze('代码托管在 GitHub 上。我们用 GitHub 发布版本。GitHub 的评审很好。只有这里写成 Github 了。', {}).filter((f) => f.ruleId === 'term/variant');
  assert.equal(slip.length, 1);
  assert.equal(slip[0].severity, 'warning');
  assert.equal(slip[0].data?.strength, 'strong');
  assert.deepEqual((slip[0].data?.evidence as Array<{ id: string }>).map((e) => e.id), ['caseOnly', 'alsoPreferred', 'slip']);
  assert.match(slip[0].hover ?? '', /Confidence \d+ %/);
  assert.match(slip[0].hover ?? '', /Against: differs in letter case only/);
  const habit = analyze('代码托管在 Github 上。我们用 Github 发布版本。', {}).filter((f) => f.ruleId === 'term/variant');
  assert.equal(habit.length, 2);
  for (const f of habit) {
    assert.equal(f.severity, 'hint');
    assert.equal(f.data?.strength, 'weak');
    assert.ok((f.data?.confidence as number) < 0.6);
  }
  // The rule's option `confidence: 0` keeps every finding at the rule's severity.
  const all = analyze('代码托管在 Github 上。我们用 Github 发布版本。', { rules: { 'term/variant': { confidence: 0 } } }).filter((f) => f.ruleId === 'term/variant');
  // (The second is the same problem as the first: a hint that points to it, core/repeats.ts.)
  assert.deepEqual(all.map((f) => f.severity), ['warning', 'hint']);
  // In Chinese: the hover's words too.
  const zh = analyze('代码托管在 Github 上。我们用 Github 发布版本。', { language: 'zh-cn' }).filter((f) => f.ruleId === 'term/variant');
  assert.match(zh[0].hover ?? '', /置信度 \d+%/);
});

test('confidence (#19): an abbreviation that reads as a name (after a maker, before a number, a ticker) is a hint', () => {
  const text = (s: string) => `这篇文章讲部署。${s}`;
  const grade = (s: string) => analyze(text(s), {}).filter((f) => f.ruleId === 'term/abbr-undefined').map((f) => [f.severity, (f.data?.evidence as Array<{ id: string }> | undefined)?.map((e) => e.id)]);
  // In no list, on no blog, used three times: strong.
  assert.deepEqual(grade('我们用 QZXW 做调度，QZXW 的接口简单，QZXW 也快。'), [['info', ['unseen', 'manyUses']]]);
  // The same after a maker's name, or before a version: a product, not an abbreviation to spell out.
  assert.deepEqual(grade('我们用 Acme QZXW 做调度，QZXW 的接口简单，QZXW 也快。'), [['hint', ['unseen', 'brandBefore', 'manyUses']]]);
  assert.deepEqual(grade('我们用 QZXW 2024 做调度，QZXW 的接口简单，QZXW 也快。'), [['hint', ['unseen', 'numberAfter', 'manyUses']]]);
  // Used once: weak.
  assert.deepEqual(grade('我们用 QZXW 做调度。'), [['hint', ['unseen']]]);
});

test('peers: a word in a list of its peers, not in a phrase or a clause', () => {
  const at = (text: string, word: string) => {
    const i = text.indexOf(word);
    return [text, i, i + word.length] as const;
  };
  // Keycap profiles: Latin items with Chinese after them, one Chinese item among them.
  assert.deepEqual(listPeers(...at('SA高球帽 > OEM高度 > MDA高度 > 原厂高度 > XDA高度 > DSA高度', 'XDA')), { items: 5, latin: ['DSA', 'MDA', 'OEM', 'SA'] });
  assert.ok(amongPeers(...at('SA高球帽 > OEM高度 > MDA高度 > 原厂高度 > XDA高度 > DSA高度', 'XDA'), abbreviationShaped));
  // The example post: `DeComp、ZK、数据以及应用等方面` is one Latin peer and a phrase.
  assert.ok(!amongPeers(...at('推动了 DeComp、ZK、数据以及应用等方面的创新', 'ZK'), abbreviationShaped));
  // A clause before the word is no item.
  assert.equal(listPeers(...at('我们在生产环境里使用了很多种不同的技术，NUMA 只是其一', 'NUMA')).items, 0);
  // Lower-case values: peers of a lower-case word, not of an abbreviation.
  const levels = at('日志级别有 debug、info、warn、error、dpanic、panic 和 fatal', 'dpanic');
  assert.ok(amongPeers(...levels, (w) => /^[a-z]+$/.test(w)));
  assert.ok(!amongPeers(...levels, abbreviationShaped));
});

test('misspelt: a capital where the name has a small letter is another name', () => {
  assert.ok(capitalAgainstSmall('NixCN', 'NixCon'));
  assert.ok(!capitalAgainstSmall('woker', 'Worker'));
  assert.ok(!capitalAgainstSmall('Gtihub', 'GitHub'));
  assert.ok(!capitalAgainstSmall('ChatGTP', 'ChatGPT'));
  assert.ok(!capitalAgainstSmall('CROS', 'CORS'));
  assert.ok(!capitalAgainstSmall('RabbtiMQ', 'RabbitMQ'));
  // An extra letter is the edit itself, not a capital against a small letter.
  assert.ok(!capitalAgainstSmall('GitHHub', 'GitHub'));
  assert.ok(capitalAgainstSmall('KubeRnetes', 'Kubernetes'));
});

test('term/mixed: the workspace majority is the other posts\' (this post\'s own summary in the index does not vote)', () => {
  const text = '我们用 sysV 的脚本启动服务，sysV 的规则很老。后来换成 SysV 风格的 init 脚本。\n';
  const mixed = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'term/mixed').map((f) => `${f.span.start} ${f.message}`);
  const alone = mixed(analyze(text, {}, { path: '_posts/a.md' }));
  assert.ok(alone.length > 0, 'the two spellings are drift');
  // The index holding only this post (as the server's may, by timing, or the CLI's always) says the same.
  assert.deepEqual(mixed(analyze(text, {}, { path: '_posts/a.md', index: indexOf({ '_posts/a.md': text }) })), alone);
  // Another post writing SysV is a workspace vote: it decides, and counts one post.
  const withOther = mixed(analyze(text, {}, { path: '_posts/a.md', index: indexOf({ '_posts/a.md': text, '_posts/b.md': '这里写 SysV 的 init 脚本，SysV 很常见。\n' }) }));
  assert.ok(withOther.some((m) => /"SysV"/.test(m) && /as 1 posts of this workspace/.test(m)), withOther.join('\n'));
});

test('term/mixed: an abbreviation ending in S that is itself a graded abbreviation (JWKS) is no plural of the shorter one (JWK)', () => {
  const text = 'Istio 要求提供 JWKS 格式的信息，这里先介绍 JWK 和 JWKS。一个 JWK 描述一个密钥，JWK 很常用。\n\n配置里写 jwks 的地址，jwks 由服务端提供。\n';
  const mixed = analyze(text, {}).filter((f) => f.ruleId === 'term/mixed').map((f) => f.message);
  // JWK / jwks was one cluster (jwks read as the plural of jwk): a finding that JWK is also written jwks.
  assert.deepEqual(mixed.filter((m) => /"JWK"/.test(m) && /"jwks"/.test(m)), [], mixed.join('\n'));
  // JWKS / jwks is still one name written two ways.
  assert.ok(mixed.some((m) => /"JWKS"/.test(m) && /"jwks"/.test(m)), mixed.join('\n'));
  // A real plural of a name still joins its singular (`Pods` and `pod`).
  const pods = analyze('集群里有三个 Pods，每个 pod 都有自己的 IP。Pods 之间可以互相访问。\n', {}).filter((f) => f.ruleId === 'term/mixed' || f.ruleId === 'term/variant');
  assert.ok(pods.length > 0, 'Pods / pod');
});

test('term/misspelt: a slip of a name the post writes in another casing suggests the owner\'s casing (Gtihub → GitHub, not the post\'s Github)', () => {
  const text = '在 Github 上申请学生认证。Github 会审核材料，Github 的审核很快。通过以后就能在 Gtihub 上用 Copilot。\n';
  const f = analyze(text, {}).filter((x) => x.ruleId === 'term/misspelt');
  assert.equal(f.length, 1, f.map((x) => x.message).join('\n'));
  assert.equal(text.slice(f[0].span.start, f[0].span.end), 'Gtihub');
  assert.match(f[0].message, /did you mean "GitHub"\?/);
  assert.match(f[0].message, /"Github"/, 'says how the post writes it');
  assert.equal(f[0].fixes?.[0].edits[0].newText, 'GitHub');
});

test('short and long forms, two senses (session 14): what shortLongForms and otherSense read', async () => {
  const { shortLongForms, otherSense } = await import('../server/src/core/rules/term/confidence');
  const g = glossaryFor(toConfig({}));
  // One character more at the end: both forms in use.
  assert.ok(shortLongForms('子域', '子域名'));
  // A tail written as its abbreviation is left a finding (the example post's README lists 生成式 AI / 生成式人工智能).
  assert.ok(!shortLongForms('生成式 AI', '生成式人工智能'));
  // A different word (大语言模型 / 大型语言模型: a character inside), or Latin letters only: not a short and a long form.
  assert.ok(!shortLongForms('大语言模型', '大型语言模型'));
  assert.ok(!shortLongForms('Go', 'Golang'));
  const buffer = g.byId.get('buffer')!;
  // 缓存区 opens with 缓存 (cache), which 缓冲区 does not: two senses. 其他 / 其它 are one word.
  assert.ok(otherSense(g, '缓存区', '缓冲区', [buffer]));
  assert.ok(!otherSense(g, '其它', '其他', [g.byId.get('qita')!]));
  // Two wordings of one concept the glossary holds twice (from two sources): one concept, not two senses.
  assert.ok(!otherSense(g, '版本管理系统', '版本控制系统', [g.byId.get('version-control-system')!]));
  // 矿池 is the glossary's mining pool: glossing Mining as 矿池 names another concept than 挖矿.
  assert.ok(otherSense(g, '矿池', '挖矿', [g.byId.get('mining')!], 'mining'));
});

test('term/misspelt: an abbreviation swap (PTEG for the PETG two other posts write) is found whichever post was checked first (the workspace set is memoised per index, not per post)', () => {
  const posts = {
    '_posts/a.md': '这次打印用的是 PETG 材料，PETG 比较耐热，QWFX 模式也开了。\n',
    '_posts/b.md': '换成 PETG 以后，PETG 打印出来的件更韧。\n',
    '_posts/c.md': '我也试了 PTEG 材料，效果不错。\n',
  };
  const swap = (index: WorkspaceIndex) => analyze(posts['_posts/c.md'], {}, { path: '_posts/c.md', index }).filter((f) => f.ruleId === 'term/misspelt').map((f) => f.message);
  const alone = swap(indexOf(posts));
  assert.equal(alone.length, 1, 'PTEG is a swap of the PETG two other posts write');
  assert.match(alone[0], /PETG/);
  const index = indexOf(posts, 2);
  analyze(posts['_posts/a.md'], {}, { path: '_posts/a.md', index });
  assert.deepEqual(swap(index), alone, 'the same after another post was checked with the same index');
});
