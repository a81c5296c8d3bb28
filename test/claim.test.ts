/**
 * The claim family on the example post (what ../shared/examples/README.md lists), the citation
 * quick-fixes end to end (footnotes twice, the .zhen.yml library, the workspace index), the
 * `claims:` config, and the sentence splitter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuMsSince } from './helpers/cpu';
import { analyze, applyEdits, computeLineStarts, hoverAt, loadConfigText, parse, positionAt, summarize, type Finding, type Fix, type PostSummary, type Workspace } from '../server/src/core/index';
import { splitSentences, sentences } from '../server/src/core/sentences';

const root = join(__dirname, '..', '..');
const examplePath = join(root, 'examples', '2024-05-22-ai-crypto.md');
const example = readFileSync(examplePath, 'utf8');

function claims(text: string, config = {}, workspace: Workspace = {}): Finding[] {
  return analyze(text, config, workspace).filter((f) => f.ruleId.startsWith('claim/'));
}

function lineOf(text: string, f: Finding): number {
  return positionAt(computeLineStarts(text), f.span.start).line + 1;
}

function applyFix(text: string, fix: Fix, input?: string): string {
  const edits = fix.edits.map((e) => ({ ...e, newText: input === undefined ? e.newText : e.newText.split('{{input}}').join(input) }));
  return applyEdits(text, edits);
}

test('example post: every unlinked claim and caption listed in the README is found, linked ones are not, nothing else fires', () => {
  const found = claims(example);
  const at = (rule: string) => found.filter((f) => f.ruleId === rule).map((f) => lineOf(example, f));
  // README: 31, 40, 74, 133, 138, 180. Also 133 "初步数据显示，这类项目正获得用户和供应商的青睐" (a second,
  // real unlinked reporting phrase in that paragraph: see docs/corpus-review/claims.md).
  assert.deepEqual(at('claim/unlinked'), [31, 40, 74, 133, 133, 138, 180]);
  assert.deepEqual(at('claim/caption-source'), [34, 45, 62, 77, 111, 122, 136, 141, 156]);
  for (const f of found.filter((x) => x.ruleId === 'claim/caption-source')) {
    const line = lineOf(example, f);
    // 141 names AkashStats again, as 136 does: one problem, a hint pointing to 136 (core/repeats.ts).
    assert.equal(f.severity, line === 111 || line === 141 || line === 156 ? 'hint' : 'warning', `severity on line ${line}`);
  }
  for (const linked of [51, 53, 70, 108, 168]) assert.ok(!found.some((f) => lineOf(example, f) === linked), `line ${linked} is linked`);
  assert.ok(!found.some((f) => f.ruleId.startsWith('claim/footnote')), 'the post has no footnotes');
  // Spans cover the claim, not the paragraph.
  const texts = found.filter((f) => f.ruleId === 'claim/unlinked').map((f) => example.slice(f.span.start, f.span.end));
  assert.ok(texts.includes('据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户'));
  assert.ok(texts.includes('跌幅超 60%'));
  assert.ok(texts.includes('今年四月底其活跃租约数量较年初增长八倍'));
  assert.ok(texts.some((t) => t.includes('5 倍的性能提升') && t.includes('30 倍性能')));
  assert.ok(texts.some((t) => t.includes('超过 70 万个模型')));
  assert.ok(texts.some((t) => t.includes('超越比特币、以太坊') && t.endsWith('市场表现')));
});

test('messages and hover in Chinese name the cue and the known sources', () => {
  const config = { language: 'zh-cn' as const, sources: [{ name: 'Demandsage', url: 'https://www.demandsage.com/chatgpt-statistics/' }] };
  const f = claims(example, config).find((x) => x.ruleId === 'claim/unlinked')!;
  assert.match(f.message, /未注明出处/);
  const post = parse(example, config);
  const h = hoverAt(post, f.span.start + 2, [f], config);
  assert.ok(h);
  // The confidence, each signal once (overlapping cues merged into one quote), the rule named once.
  assert.match(h.markdown, /置信度 \d+%（强）/);
  assert.match(h.markdown, /“据 Demandsage 报告显示”（转述来源）/);
  assert.match(h.markdown, /“吸引了一亿用户”（[^）]*统计数字/);
  assert.ok((h.markdown.match(/claim\/unlinked/g) ?? []).length <= 1, 'the rule is named at most once');
  assert.equal(h.markdown.match(/一亿用户/g)!.length, 1, 'an overlapping cue is quoted once');
  assert.match(h.markdown, /\[Demandsage\]\(https:\/\/www\.demandsage\.com\/chatgpt-statistics\/\)/);
  assert.ok(f.fixes!.every((x) => !x.isPreferred), 'no citation fix is preferred (fix-all must not invent one)');
});

test('with sources: [Demandsage] the first fix on line 31 links it', () => {
  const url = 'https://www.demandsage.com/chatgpt-statistics/';
  const found = claims(example, { sources: [{ name: 'Demandsage', url }] });
  const f = found.find((x) => x.ruleId === 'claim/unlinked' && lineOf(example, x) === 31)!;
  const fixed = applyFix(example, f.fixes![0]);
  assert.ok(fixed.split('\n')[30].includes(`据 [Demandsage](${url}) 报告显示`));
  assert.equal(fixed.length, example.length + `[](${url})`.length, 'no other byte changes');
  // The caption on line 34 gets the same URL, and line 31 no longer fires.
  const cap = found.find((x) => x.ruleId === 'claim/caption-source' && lineOf(example, x) === 34)!;
  assert.ok(cap.fixes![0].edits[0].newText.includes(url));
  assert.ok(!claims(fixed, { sources: [{ name: 'Demandsage', url }] }).some((x) => lineOf(fixed, x) === 31));
});

test('an alias in sources links the name as written', () => {
  const text = '据 DS 报告显示，用户数增长了 3 倍。\n';
  const f = claims(text, { sources: [{ name: 'Demandsage', url: 'https://d.example/', aliases: ['DS'] }] })[0];
  assert.equal(applyFix(text, f.fixes![0]), '据 [DS](https://d.example/) 报告显示，用户数增长了 3 倍。\n');
});

test('a second post in the workspace that links CoinGecko offers its URL on the caption of line 122', () => {
  const url = 'https://www.coingecko.com/research/publications/decentralized-storage-vs-centralized-cloud';
  const other = `---\ntitle: x\n---\n\n价格数据来自 [CoinGecko](${url})。\n`;
  const posts = new Map<string, PostSummary>([
    ['_posts/2024-06-01-other.md', summarize(other, '_posts/2024-06-01-other.md')],
    ['_posts/2024-05-22-ai-crypto.md', summarize(example, '_posts/2024-05-22-ai-crypto.md')],
  ]);
  const workspace: Workspace = { path: '_posts/2024-05-22-ai-crypto.md', index: { posts, version: 1 } };
  const cap = claims(example, {}, workspace).find((x) => x.ruleId === 'claim/caption-source' && lineOf(example, x) === 122)!;
  assert.ok(cap, 'caption 122 is reported');
  const link = cap.fixes![0];
  assert.match(link.title, /CoinGecko/);
  assert.equal(link.edits[0].newText, `[CoinGecko](${url})`);
  assert.ok(!link.input, 'a known URL needs no input');
  assert.match(cap.hover!, /_posts\/2024-06-01-other\.md/);
  // By the domain's name too: a link whose text is not the name.
  const byDomain = `见[这篇分析](${url})。\n`;
  const ws2: Workspace = { index: { posts: new Map([['a.md', summarize(byDomain, 'a.md')]]), version: 1 } };
  const cap2 = claims(example, {}, ws2).find((x) => x.ruleId === 'claim/caption-source' && lineOf(example, x) === 122)!;
  assert.equal(cap2.fixes![0].edits[0].newText, `[CoinGecko](${url})`);
  // Without the index: the user gives the URL.
  const plain = claims(example).find((x) => x.ruleId === 'claim/caption-source' && lineOf(example, x) === 122)!;
  assert.equal(plain.fixes![0].input?.kind, 'url');
  assert.equal(plain.fixes![0].edits[0].newText, '[CoinGecko]({{input}})');
});

test('the .zhen.yml fix appends the source to sources: and links it here', () => {
  const cap = claims(example).find((x) => x.ruleId === 'claim/caption-source' && lineOf(example, x) === 45)!;
  const cfg = cap.fixes!.find((x) => x.configEdit)!;
  assert.deepEqual(cfg.configEdit, { key: 'sources', item: { name: 'Artificial Analysis', url: '{{input}}' } });
  assert.equal(cfg.input?.kind, 'url');
  assert.equal(cfg.edits[0].newText, '[Artificial Analysis]({{input}})');
});

test('a footnote fix applied twice gives [^1] and [^2] with both definitions and no other byte changed', () => {
  let text = example;
  const first = claims(text).find((x) => x.ruleId === 'claim/unlinked' && lineOf(text, x) === 40)!;
  const fn1 = first.fixes!.find((x) => x.title.includes('[^1]'))!;
  assert.equal(fn1.input?.kind, 'url');
  text = applyFix(text, fn1, 'https://huggingface.co/models');
  const second = claims(text).find((x) => x.ruleId === 'claim/unlinked' && lineOf(text, x) === 138)!;
  const fn2 = second.fixes!.find((x) => x.title.includes('[^2]'))!;
  text = applyFix(text, fn2, 'https://www.akashstats.com/');
  assert.ok(text.includes('超过 70 万个模型供研究人员和用户自由操作和微调[^1]。'));
  assert.ok(text.includes('跌幅超 60%[^2]，'));
  assert.ok(text.endsWith('\n[^1]: 来源：<https://huggingface.co/models>\n[^2]: 来源：<https://www.akashstats.com/>\n'), JSON.stringify(text.slice(-120)));
  // Remove exactly what was inserted: the original comes back.
  const back = text.replace('[^1]。', '。').replace('60%[^2]', '60%').replace('\n[^1]: 来源：<https://huggingface.co/models>\n[^2]: 来源：<https://www.akashstats.com/>\n', '');
  assert.equal(back, example);
  // Both claims are now cited, and the footnotes are well formed.
  const after = claims(text);
  assert.ok(!after.some((x) => lineOf(text, x) === 40 || lineOf(text, x) === 138));
  assert.ok(!after.some((x) => x.ruleId.startsWith('claim/footnote')), after.map((x) => x.message).join('; '));
});

test('mark as checked inserts a disable comment that silences the paragraph and keeps lists intact', () => {
  const f = claims(example).find((x) => x.ruleId === 'claim/unlinked' && lineOf(example, x) === 138)!;
  const fix = f.fixes![f.fixes!.length - 1];
  assert.match(fix.title, /Mark as checked/);
  const text = applyFix(example, fix);
  assert.ok(text.includes('<!-- zhen-disable-next-line claim/unlinked -->\n然而，网络收费'));
  assert.ok(!claims(text).some((x) => x.ruleId === 'claim/unlinked' && x.message.includes('60%')));
  const list = '- 第一项\n- 调查发现，七成用户每天使用 AI。\n- 第三项\n';
  const lf = claims(list)[0];
  const fixedList = applyFix(list, lf.fixes![lf.fixes!.length - 1]);
  assert.equal(fixedList, '- 第一项\n- <!-- zhen-disable-next-line claim/unlinked -->\n  调查发现，七成用户每天使用 AI。\n- 第三项\n');
  assert.equal(claims(fixedList).length, 0);
  // A caption under an image: the comment goes above the image line.
  const cap = claims(example).find((x) => x.ruleId === 'claim/caption-source' && lineOf(example, x) === 45)!;
  const capText = applyFix(example, cap.fixes![cap.fixes!.length - 1]);
  assert.ok(capText.includes('<!-- zhen-disable-next-line claim/caption-source -->\n![](https://fanwb.oss-cn-beijing.aliyuncs.com/img/1720612772358.png)\n_图2'));
  assert.ok(!claims(capText).some((x) => x.ruleId === 'claim/caption-source' && x.message.includes('Artificial Analysis')));
});

test('claims: config is validated by the schema', () => {
  const ok = loadConfigText('claims:\n  cues: [业内人士透露, {pattern: "涨了\\\\d+个点", kind: statistic}]\n  ignore: [据我所知]\n  captionLabels: {source: [Quelle]}\nsources:\n  - {name: Demandsage, url: "https://www.demandsage.com/", aliases: [Demandsage 报告]}\n');
  assert.deepEqual(ok.problems, []);
  const bad = loadConfigText('claims:\n  cue: [x]\n  ignore: [{kind: report}]\nsources:\n  - {name: X, url: not-a-url}\n');
  assert.equal(bad.problems.length >= 3, true, bad.problems.map((p) => p.message).join('; '));
});

test('JSON data: the signals, the confidence and the strength of each claim (cues kept)', () => {
  const f = claims(example).filter((x) => x.ruleId === 'claim/unlinked');
  for (const x of f) {
    const d = x.data as { cues: Array<{ kind: string; text: string }>; confidence: number; strength: string; signals: Array<{ id: string; weight: number }>; figureSource?: string };
    assert.ok(d.cues.length > 0 && d.cues.every((c) => ['report', 'statistic', 'superlative', 'comparison'].includes(c.kind)));
    assert.ok(d.confidence > 0 && d.confidence <= 1);
    // A strong claim is a warning unless the figure under its paragraph names the source (then the caption's finding is the warning).
    assert.equal(x.severity, d.strength === 'strong' && !d.figureSource ? 'warning' : 'hint');
    assert.ok(d.signals.length > 0 && d.signals.every((s) => typeof s.id === 'string' && s.weight !== 0));
  }
  const line31 = f.find((x) => lineOf(example, x) === 31)!;
  assert.equal((line31.data as { source: string }).source, 'Demandsage');
  // The charts under 31, 74, 133 and 138 name their sources in unlinked captions (34, 77, 136, 141). Both claims of 133:
  // `初步数据显示，这类项目正获得…青睐` states no figure and leads into `以 Akash 为例…增长八倍`, which the chart shows.
  const byFigure = f.filter((x) => (x.data as { figureSource?: string }).figureSource).map((x) => `${lineOf(example, x)} ${(x.data as { figureSource: string }).figureSource}`);
  assert.deepEqual(byFigure, ['31 Demandsage', '74 NVIDIA Developer', '133 AkashStats', '133 AkashStats', '138 AkashStats']);
});

test('weak claims are hints, strong ones keep the severity; .zhen.yml claims.threshold and strong move the lines', () => {
  const text = '据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。\n';
  assert.equal(claims(text)[0].severity, 'warning');
  assert.equal(claims(text, { claims: { strong: 0.9999 } })[0].severity, 'hint');
  assert.equal(claims(text, { claims: { threshold: 0.9999 } }).length, 0);
  // A feature of one's own, and a weight override.
  const mine = { claims: { features: [{ id: 'my.points', patterns: ['涨了\\s*\\d+\\s*个点'], weight: 6 }] } };
  assert.equal(claims('今天指数涨了 5 个点。\n', mine).length, 1);
  assert.equal(claims(text, { claims: { weights: { 'cue.report': -20, 'number.magnitude': -20, 'cue.statistic': -20 } } }).length, 0);
});

test('bad claims config: a diagnostic at its line, and the rest applies', () => {
  const text = 'claims:\n  cues: [业内人士透露]\n  features:\n    - {id: ok.one, patterns: ["涨了\\\\d+个点"], weight: 3}\n    - {id: bad.pattern, patterns: ["(unclosed"], weight: 2}\n    - {id: bad.weight, patterns: [x], weight: high}\n  weights: {against.firstPerson: -3, number.percent: lots}\n  threshold: 1.5\n  strong: 0.9\n';
  const r = loadConfigText(text);
  const lines = r.problems.map((p) => computeLineStarts(text).filter((s) => s <= p.span.start).length);
  assert.deepEqual(lines.sort((a, b) => a - b), [5, 6, 7, 8], r.problems.map((p) => p.message).join('; '));
  assert.ok(r.problems.some((p) => /not a valid pattern/.test(p.message)));
  const c = r.config.claims as { cues: unknown[]; features: Array<{ id: string; patterns: string[] }>; weights: Record<string, number>; threshold?: number; strong: number };
  assert.deepEqual(c.cues, ['业内人士透露']);
  assert.deepEqual(c.features.map((f) => [f.id, f.patterns.length]), [['ok.one', 1], ['bad.pattern', 0]]);
  assert.deepEqual(c.weights, { 'against.firstPerson': -3 });
  assert.equal(c.threshold, undefined);
  assert.equal(c.strong, 0.9);
});

test('bad claims config: a weight or threshold that is no finite number (.nan, .inf, 1e400) gets a diagnostic at its line and is dropped', () => {
  const text = 'claims:\n  features:\n    - {id: ok.one, patterns: ["涨了\\\\d+个点"], weight: 3}\n    - {id: nan.weight, patterns: [x], weight: .nan}\n    - {id: big.weight, patterns: [y], weight: 1e400}\n  weights: {against.firstPerson: -3, number.percent: .inf, bias: -.inf}\n  threshold: .nan\n  strong: 0.9\n';
  const r = loadConfigText(text);
  const lines = r.problems.map((p) => computeLineStarts(text).filter((s) => s <= p.span.start).length);
  assert.deepEqual(lines.sort((a, b) => a - b), [4, 5, 6, 6, 7], r.problems.map((p) => p.message).join('; '));
  const c = r.config.claims as { features: Array<{ id: string }>; weights: Record<string, number>; threshold?: number; strong: number };
  assert.deepEqual(c.features.map((f) => f.id), ['ok.one']);
  assert.deepEqual(c.weights, { 'against.firstPerson': -3 });
  assert.equal(c.threshold, undefined);
  assert.equal(c.strong, 0.9);
  // What applies still scores: the example claim keeps its warning under the rest of this config.
  assert.equal(claims('据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。\n', r.config)[0].severity, 'warning');
});

test('counter-signals of the standard’s no-claim classes: a bio (N14) and common knowledge or fame as an epithet (N9) weigh against a claim', () => {
  const off = { claims: { weights: { 'against.bio': 0, 'context.bioSection': 0, 'against.commonKnowledge': 0 } } };
  const conf = (text: string, config = {}) => claims(text + '\n', config).map((f) => (f.data as { confidence: number }).confidence)[0] ?? 0;
  // Each line is a claim without the new features, and weaker (or none) with them.
  for (const line of [
    '王五，教练、分析师，和超过 30 年的开发者。',
    '赵六是一名资深工程师，拥有 20 多年为知名品牌构建系统的经验。',
    '他最著名的贡献是提出了向量时钟，并获得过图灵奖。',
    '## 作者简介\n\n周八，资深架构师，其开源项目在 GitHub 上获得了超过 2 万个星标。',
    'Vim 是一个著名的文本编辑器，在 Vi 的基础上增加了很多特性。',
    '众所周知，Windows 是最流行的桌面操作系统。',
  ]) {
    assert.ok(conf(line, off) >= 0.36, `${line}: a claim without the counter-signals`);
    assert.ok(conf(line) < conf(line, off), `${line}: ${conf(line)} not under ${conf(line, off)}`);
  }
  assert.equal(claims('王五，教练、分析师，和超过 30 年的开发者。\n').length, 0);
  const signalIds = (text: string) => claims(text + '\n', { claims: { threshold: 0.001 } }).flatMap((f) => (f.data as { signals: Array<{ id: string }> }).signals.map((x) => x.id));
  assert.ok(signalIds('王五，教练、分析师，和超过 30 年的开发者。').includes('against.bio'));
  // A company's years of experience are no bio; a superlative of fame (最著名的) is no epithet.
  assert.ok(!signalIds('因为 Kubernetes 背后有着谷歌十多年生产环境经验的支持，一经推出就引起了轰动。').includes('against.bio'));
  assert.ok(!signalIds('最著名的脱钩事件是 2022 年 5 月 UST 的崩盘。').includes('against.commonKnowledge'));
});

test('the detector is linear in the post: the same cost per sentence on 1× and 8× the text', () => {
  const once = example.replace(/^---\n[\s\S]*?\n---\n/, '');
  // CPU time, not wall time: the cost, whatever else the machine runs.
  const time = (text: string) => {
    analyze(text, { rules: { '*': 'off', 'claim/unlinked': 'warning' } });
    const t = process.cpuUsage();
    analyze(text, { rules: { '*': 'off', 'claim/unlinked': 'warning' } });
    return cpuMsSince(t);
  };
  const small = Math.min(time(once), time(once));
  const big = Math.min(time(once.repeat(8)), time(once.repeat(8)));
  assert.ok(big < small * 8 * 3, `8× the text took ${big.toFixed(1)} ms against ${small.toFixed(1)} ms`);
});

test('a broken user pattern is skipped, never a crash', () => {
  const f = analyze('研究表明，用户增长了 3 倍。\n', { claims: { cues: [{ pattern: '([' }], ignore: ['(('] } });
  assert.ok(!f.some((x) => x.ruleId === 'internal'));
  assert.ok(f.some((x) => x.ruleId === 'claim/unlinked'));
});

test('odd Markdown never makes a claim rule fail', () => {
  const odd = ['[^', '[^]', '[^ x]: y', '> [^1]:\n', '据', '_图1 | 数据源：_', '![](x)\n_数据源：', '[^1]: [^1]\n[^1]', '\uD83C', '<img src=x>\n来源：\n', '| a |\n|---|\n| 据统计 50% |', '- [^1]\n\n[^1]: \n'];
  for (const t of odd) {
    const f = analyze(t, {});
    assert.ok(!f.some((x) => x.ruleId === 'internal'), `${JSON.stringify(t)}: ${f.map((x) => x.message).join('; ')}`);
  }
});

test('sentences: Chinese and English, decimals, abbreviations, closing quotes, blocks', () => {
  const text = '他说：“数据很好。”然后走了！Version 3.5 is out, e.g. today. Next one?\n第二段第一句。第二句\n\n- 列表项。另一句\n';
  const post = parse(text);
  const got = sentences(post).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(got, ['他说：“数据很好。”', '然后走了！', 'Version 3.5 is out, e.g. today.', 'Next one?', '第二段第一句。', '第二句', '列表项。', '另一句']);
  // English wrapped over lines stays one sentence; a Chinese line break ends one.
  const wrapped = 'This claim wraps\nover two lines. 中文一行\n中文二行';
  assert.deepEqual(splitSentences(wrapped, { start: 0, end: wrapped.length }).map((s) => wrapped.slice(s.start, s.end)), ['This claim wraps\nover two lines.', '中文一行', '中文二行']);
});

test('recap: a restated figure names the line it was first stated on; a rank alone restates nothing', () => {
  const text = [
    '# IPFS',
    '',
    '## 分布',
    '',
    '排名前 10 的 AS 涵盖了 64.9% 的 IP 地址。截至 2023 年 1 月，Filecoin 的交易量在所有存储代币中排名第四。',
    '',
    '## 总结',
    '',
    '排名前 10 的自治系统就占了 64.9%。',
    '',
    '目前 Arweave 的交易量在所有存储代币中排名第四。',
    '',
  ].join('\n');
  const found = claims(text).filter((f) => f.ruleId === 'claim/unlinked');
  const at = (line: number) => found.find((f) => lineOf(text, f) === line);
  assert.equal(at(9)?.severity, 'hint');
  assert.equal((at(9)?.data as { restatedFrom?: number }).restatedFrom, 5);
  assert.ok(at(11), 'the rank sentence is still reported');
  assert.equal((at(11)?.data as { restatedFrom?: number }).restatedFrom, undefined);
});

test('source run: a figure after a source named once without a link names its line; one in the next section does not', () => {
  const text = [
    '# IPFS',
    '',
    '## 4 数据',
    '',
    '### 4.1 地理分布',
    '',
    '根据 Protocol Labs 的研究，截止 2021 年 9 月，IPFS 中共有 198,964 个对等点。',
    '',
    '### 4.2 自治系统',
    '',
    '与预期相反，统计发现只有少数 (<2.3%) 的 IPFS 节点托管在云上。',
    '',
    '## 5 总结',
    '',
    '与预期相反，统计发现只有少数 (<4.7%) 的 IPFS 节点托管在家庭网络中。',
    '',
  ].join('\n');
  const found = claims(text).filter((f) => f.ruleId === 'claim/unlinked');
  const at = (line: number) => found.find((f) => lineOf(text, f) === line);
  assert.equal(at(7)?.severity, 'warning');
  assert.equal(at(11)?.severity, 'hint');
  assert.equal((at(11)?.data as { sourceNamedAt?: number }).sourceNamedAt, 7);
  assert.ok(at(15), 'the next section is reported');
  assert.equal((at(15)?.data as { sourceNamedAt?: number }).sourceNamedAt, undefined);
});

test('figure goes on: a figure after a sentence about the data chart right under its paragraph names the embed line; one about another thing does not', () => {
  const text = [
    '# Goldfinch',
    '',
    '目前，Goldfinch 下所有贷款的未偿本金总额为 1.02 亿美元。过去 30 天，协议收入 95.97 万美元。MakerDAO 的 RWA 金库总额在过去一年增长了 300%，达到 20 亿美元。',
    '',
    '<iframe width="100%" height="360px" src="https://dune.com/embeds/2690971/4759079/"  frameborder="0"></iframe>',
    '![](empty.png)',
    '_图21 Goldfinch协议未偿贷款  数据源：Dune_',
    '',
  ].join('\n');
  const found = claims(text).filter((f) => f.ruleId === 'claim/unlinked');
  const goesOn = found.find((f) => text.slice(f.span.start, f.span.end).includes('95.97'));
  assert.equal(goesOn?.severity, 'hint');
  assert.equal((goesOn?.data as { figureAt?: number }).figureAt, 5);
  const other = found.find((f) => text.slice(f.span.start, f.span.end).includes('300%'));
  assert.equal(other?.severity, 'warning');
  assert.equal((other?.data as { figureAt?: number }).figureAt, undefined);
});

test('cues.json webAddressIn is webAddress unanchored: the same top-level domains, and it finds an address inside a sentence', () => {
  const cues = JSON.parse(readFileSync(join('data', 'claims', 'cues.json'), 'utf8')) as Record<string, { pattern: string }>;
  const tlds = (p: string) => /\\\.\(\?:([a-z|]+)\)/.exec(p)?.[1];
  assert.ok(tlds(cues.webAddress.pattern));
  assert.equal(tlds(cues.webAddressIn.pattern), tlds(cues.webAddress.pattern));
  const within = new RegExp(cues.webAddressIn.pattern, 'i');
  assert.ok(within.test('debridges.com 上统计的跨链桥'));
  assert.ok(within.test('根据 rwa.xyz 的数据'));
  assert.ok(!within.test('用 Node.js 写的服务'));
  assert.ok(!within.test('写信到 someone@example.com'));
});

test('figure names the source: a figure a few paragraphs on whose title names the reported source and shows the subject makes a hint naming its line; one that names no source does not', () => {
  const text = [
    '# Nova',
    '',
    '根据官方介绍，Nova 2 是首个同时支持 **256K 上下文窗口** 和 **原生语音输入** 的开源模型。',
    '',
    '我用自己的项目跑了一遍，体验还不错。',
    '',
    '![Nova 2 官方介绍：256K 上下文窗口 + 原生语音输入](nova-official.png)',
    '',
    '## 研究',
    '',
    '根据 Acme Labs 的研究，截至 2024 年 6 月，网络中共有 198,964 个节点，覆盖 152 个国家。',
    '',
    '![](peers.png)',
    '_图4 网络节点地理分布_',
    '',
  ].join('\n');
  const found = claims(text).filter((f) => f.ruleId === 'claim/unlinked');
  const at = (line: number) => found.find((f) => lineOf(text, f) === line);
  assert.equal(at(3)?.severity, 'hint');
  assert.equal((at(3)?.data as { figureAt?: number }).figureAt, 7);
  assert.equal((at(3)?.data as { figureNamesSource?: boolean }).figureNamesSource, true);
  assert.match(at(3)?.hover ?? '', /line 7/);
  assert.equal(at(11)?.severity, 'warning');
  assert.equal((at(11)?.data as { figureAt?: number }).figureAt, undefined);
});

test('a rank in a ranking the sentence names, over a screenshot with no caption, is a hint naming the ranking', () => {
  const text = ['# Nova', '', '在 **2024 年度开源中国项目** 评选活动中，Nova 位列机器学习类项目的第 3 名。', '', '![](award.png)', ''].join('\n');
  const f = claims(text).find((x) => x.ruleId === 'claim/unlinked');
  assert.equal(f?.severity, 'hint');
  assert.equal((f?.data as { figureUnder?: boolean }).figureUnder, true);
  assert.match(f?.hover ?? '', /2024 年度开源中国项目/);
});

test('a caption that names only a kind of source (`出处：论文`) is a hint naming the one paper the post links; with two papers it stays a warning', () => {
  const one = [
    '# 跳表',
    '',
    '跳表由 William Pugh 提出，相关论文为：[Skip Lists](https://example.org/pugh-skiplists.pdf)。',
    '',
    '![查找示意图](/images/search.png)（出处：论文）',
    '',
  ].join('\n');
  const f = claims(one).find((x) => x.ruleId === 'claim/caption-source');
  assert.equal(f?.severity, 'hint');
  assert.equal((f?.data as { documentAt?: number }).documentAt, 3);
  assert.match(f?.hover ?? '', /line 3/);
  const two = one.replace('。', '；并发版本见 [Concurrent Skip Lists](https://arxiv.org/abs/1234.5678)。');
  const g = claims(two).find((x) => x.ruleId === 'claim/caption-source');
  assert.equal(g?.severity, 'warning');
  assert.equal((g?.data as { documentAt?: number }).documentAt, undefined);
});

test('a page of dated notes told in the first person is a personal log: hearsay noted in passing is a hint that says so; the same page with topic headings is none', () => {
  const notes = (h: [string, string, string]) =>
    [
      `### ${h[0]}`,
      '',
      '- 我今天试了几个桌面 GUI 框架，记录一下：',
      '  - tauri: 最流行的方案，结合前端技术与 rust，但据说开发大项目坑比较多',
      '',
      `### ${h[1]}`,
      '',
      '- 我晚上又调了一下博客的主题。',
      '',
      `### ${h[2]}`,
      '',
      '- 我周末去爬了山。',
      '',
    ].join('\n');
  const log = claims(notes(['2024-09-12', '2024年9月10日', '9月8日'])).find((f) => f.ruleId === 'claim/unlinked');
  assert.equal(log?.severity, 'hint');
  assert.equal((log?.data as { logHearsay?: boolean }).logHearsay, true);
  assert.match(log?.hover ?? '', /note to self/);
  const article = claims(notes(['GUI 框架', '主题', '周末'])).find((f) => f.ruleId === 'claim/unlinked');
  assert.equal(article?.severity, 'warning');
  assert.equal((article?.data as { logHearsay?: boolean }).logHearsay, undefined);
});

test('a section lead behind long markup (`[参考](long URL)：…` under its heading) still cites the section, as a short one does', () => {
  const claim = '据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。';
  const unlinked = (lead: string) => claims(`# 标题\n\n## 用户\n\n${lead}\n\n${claim}\n`).filter((f) => f.ruleId === 'claim/unlinked').length;
  // The lead's word is the clean text's first; the link's markup fills the block's first characters.
  const long = `[参考](https://www.example.com/${'a'.repeat(80)}/chatgpt-statistics.html)：这一节的数据都来自这篇文章。`;
  assert.equal(unlinked(`[参考](https://www.example.com/a)：这一节的数据都来自这篇文章。`), 0);
  assert.equal(unlinked(long), 0);
  // A first block that opens with no lead, short or long, cites nothing.
  assert.equal(unlinked(`这一节说的是用户的数量，以及它在两个月里怎么增长到这个地步的，下面一句是个数字，没有出处，也没有任何链接。`), 1);
  assert.equal(unlinked('这一节说用户。'), 1);
});

test('source.statement names a capitalised Latin name only: `the 团队…承认` offers no link for “the” (session 23 review nit)', () => {
  const lower = claims('the 团队在博客中承认，新的借用检查器拖慢了编译速度。\n').find((x) => x.ruleId === 'claim/unlinked')!;
  assert.ok(lower, 'still a claim');
  assert.ok(!lower.fixes!.some((x) => /“the”/.test(x.title)), `no fix names “the”: ${lower.fixes!.map((x) => x.title).join(' | ')}`);
  assert.notEqual((lower.data as { source?: string }).source, 'the');
  const named = claims('Deno 团队在官方博客中坦言，兼容 npm 生态的工作量远超当初的估计。\n').find((x) => x.ruleId === 'claim/unlinked')!;
  assert.equal((named.data as { source?: string }).source, 'Deno');
});

test('source.announcement: not the first person before 宣布 (`我们正式宣布`), and the decision in the clause after it (session 23 review nit)', () => {
  const signalIds = (text: string) => claims(text + '\n', { claims: { threshold: 0.001 } }).flatMap((f) => (f.data as { signals: Array<{ id: string }> }).signals.map((x) => x.id));
  assert.ok(signalIds('HashiCorp 宣布，Terraform 的许可证改为 BSL。').includes('source.announcement'));
  assert.ok(signalIds('去年 HashiCorp 宣布将 Terraform 的许可证改为 BSL。').includes('source.announcement'));
  for (const line of ['今天我们正式宣布，Foo 项目改名为 Bar。', '咱们宣布项目改名为 Bar。', '主持人宣布散会，大家随后开始讨论如何迁移到新版本。'])
    assert.ok(!signalIds(line).includes('source.announcement'), line);
});
