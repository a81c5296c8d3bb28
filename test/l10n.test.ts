/**
 * Localization of the VS Code extension: every `%key%` of package.json has an English and a
 * 简体中文 entry (package.nls.json, package.nls.zh-cn.json), every `l10n.t('…')` string of the
 * client has a 简体中文 translation in l10n/bundle.l10n.zh-cn.json, and the client shows no
 * user-facing string literal that bypasses l10n. (Rule messages are localized in the core; the
 * end-to-end suite checks that a 简体中文 VS Code shows them in Chinese.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONFIG_MESSAGES, TYPE_NAMES, YAML_ERROR_TEXTS, allRules, analyze, families, glossaryCard, hoverAt, loadConfigText, parse, resolveConfig } from '../server/src/core/index';
import { FAMILY_NAMES, SERVER_MESSAGES } from '../server/src/lsp/messages';
import { RESTRICTED_MESSAGE } from '../server/src/lsp/trust';

const root = join(__dirname, '..', '..');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const han = /\p{Script=Han}/u;

test('package.json: every %key% has an English and a Chinese entry', () => {
  const pkg = readFileSync(join(root, 'package.json'), 'utf8');
  const keys = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length >= 5, 'package.json uses %key% placeholders');
  const en = json('package.nls.json');
  const zh = json('package.nls.zh-cn.json');
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), 'the same keys in both languages');
  for (const k of keys) {
    assert.ok(typeof en[k] === 'string' && en[k].trim(), `package.nls.json has ${k}`);
    assert.ok(typeof zh[k] === 'string' && zh[k].trim(), `package.nls.zh-cn.json has ${k}`);
  }
  assert.deepEqual(Object.keys(en).filter((k) => !keys.includes(k)), [], 'no unused keys');
  // `*.media` keys are file paths (walkthrough media, one file per language): checked below.
  const texts = Object.keys(zh).filter((k) => !k.endsWith('.media'));
  const chinese = texts.filter((k) => han.test(zh[k]));
  assert.ok(chinese.length >= texts.length - 2, `Chinese text in package.nls.zh-cn.json (${chinese.length} of ${texts.length})`);
});

test('walkthrough media: code lines fit the media pane (56 columns, a Chinese character counts two)', () => {
  const width = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
  for (const lang of ['en', 'zh-cn']) {
    const dir = join(root, 'media', 'walkthrough', lang);
    for (const f of readdirSync(dir)) {
      let inside = false;
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        if (line.trim().startsWith('```')) inside = !inside;
        else if (inside) assert.ok(width(line) <= 56, `${lang}/${f}: a code line of ${width(line)} columns is cut at the pane's edge: ${line}`);
      }
    }
  }
});

test('walkthrough media: every step has a Markdown file per language, the Chinese one in Chinese', () => {
  const en = json('package.nls.json');
  const zh = json('package.nls.zh-cn.json');
  const media = Object.keys(en).filter((k) => k.endsWith('.media'));
  assert.ok(media.length >= 4, `walkthrough steps with media (${media.length})`);
  for (const k of media) {
    assert.match(en[k], /^media\/walkthrough\/en\/[\w-]+\.md$/, `${k} (en)`);
    assert.equal(zh[k], en[k].replace('/en/', '/zh-cn/'), `${k} (zh-cn) is the same file in the zh-cn folder`);
    const enText = readFileSync(join(root, en[k]), 'utf8');
    const zhText = readFileSync(join(root, zh[k]), 'utf8');
    assert.ok(enText.trim().startsWith('# ') && zhText.trim().startsWith('# '), `${k}: a titled Markdown page`);
    assert.ok(!han.test(enText.split('\n')[0]), `${en[k]}: an English title`);
    assert.ok(han.test(zhText.split('\n')[0]), `${zh[k]}: a Chinese title`);
    // the same code examples in both languages (only prose is translated)
    const fences = (t: string) => (t.match(/^```\w*$/gm) ?? []).length;
    assert.equal(fences(zhText), fences(enText), `${k}: the same code blocks in both languages`);
  }
  const files = (lang: string) => readdirSync(join(root, 'media', 'walkthrough', lang)).sort();
  assert.deepEqual(files('zh-cn'), files('en'), 'the same files in both languages');
  assert.deepEqual(files('en'), media.map((k) => en[k].split('/').pop()).sort(), 'no unused media file');
});

function clientSources(): string[] {
  const dir = join(root, 'client', 'src');
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8'));
}

test('client: every l10n.t string has a Chinese translation, and none is missing l10n', () => {
  const sources = clientSources().join('\n');
  const strings = [...sources.matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2].replace(/\\(['"`\\])/g, '$1'));
  assert.ok(strings.length >= 5, `the client localizes its strings (${strings.length} found)`);
  const zh = json('l10n/bundle.l10n.zh-cn.json');
  // A translation has Chinese in it, or (a bare `Zhen: {0}`) at least differs from the English.
  for (const s of strings) assert.ok(typeof zh[s] === 'string' && (han.test(zh[s]) || zh[s] !== s), `l10n/bundle.l10n.zh-cn.json translates ${JSON.stringify(s)}`);
  assert.deepEqual(Object.keys(zh).filter((k) => !strings.includes(k)), [], 'no stale translations');
  // user-facing calls with a bare string literal
  const bare = [...sources.matchAll(/show(?:Information|Warning|Error)Message\(\s*['"`]|(?:placeHolder|prompt|title):\s*['"`]/g)];
  assert.deepEqual(bare.map((m) => m[0]), [], 'no user-facing literal without l10n.t');
});

// ---- 简体中文: no English word from Zhen ----------------------------------------------------

/**
 * Words that stay as they are in Chinese text: names (Zhen, Jekyll, GitHub), formats and standards
 * (Markdown, YAML, URL, UTF-8), keys and abbreviations; and the term of art "front matter" (as the
 * Chinese documentation of Jekyll, Hugo and Hexo writes it).
 */
const KEPT = new Set(
  'Zhen Markdown CommonMark YAML TOML JSON Schema URL HTTP HTTPS HTML UTF-8 UTC NUL RE2 CI ID KB MB M U FEFF Jekyll Hugo Hexo Chirpy kramdown Liquid GitHub Git VS Code Tab Ctrl Shift Cmd macOS SARIF AI LLM npx Actions Node Neovim Helix Emacs'.split(' '),
);
const IDENTIFIERS = new Set<string>([
  ...allRules.map((r) => r.id),
  ...families.map((f) => f.name),
  'off', 'hint', 'info', 'warning', 'error', 'en', 'zh-cn', 'chirpy', 'jekyll', 'hugo', 'hexo', 'default', 'true', 'false', 'curly', 'corner', 'keep', 'halfwidth', 'fullwidth', 'auto',
  ...schemaKeys(json('schemas/zhen.schema.json')),
]);

function schemaKeys(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (k === 'properties' && v && typeof v === 'object') out.push(...Object.keys(v));
    out.push(...schemaKeys(v));
  }
  return out;
}

/** The English words of a Chinese string, after what may stay English is taken out. */
function englishWords(text: string): string[] {
  const t = text
    .replace(/\{[^{}]*\}/g, ' ') // placeholders, {pattern, kind}
    .replace(/`[^`]*`/g, ' ') // code
    .replace(/“[^”]*”/g, ' ') // quoted material (the user's own words in a message)
    .replace(/\[[^\]]*\]\([^)]*\)/g, (m) => m.replace(/\([^)]*\)/, '')) // link targets
    .replace(/(?:https?|mailto):\S*/gi, ' ')
    .replace(/hexo-front-matter/g, ' ') // the library's name
    .replace(/front[ -]matter/gi, ' ')
    .replace(/[\w.*-]*[./*][\w.*/-]*/g, ' '); // paths, file names, rule ids: typo/cjk-latin-spacing, .zhen.yml, drafts/**
  return (t.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []).filter((w) => !KEPT.has(w) && !IDENTIFIERS.has(w) && !/^[A-Z]\d*$/.test(w));
}

function assertChinese(where: string, texts: Iterable<string>): void {
  const bad: string[] = [];
  for (const t of texts) {
    const words = englishWords(t);
    if (words.length) bad.push(`${JSON.stringify(t)}: ${words.join(', ')}`);
  }
  assert.deepEqual(bad, [], `${where}: English words in Chinese strings`);
}

test('简体中文: no English word in any string Zhen shows (client bundle, manifest, rule messages, config, server, domain tags, walkthrough)', () => {
  const bundle = json('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
  assertChinese('l10n/bundle.l10n.zh-cn.json', Object.values(bundle));
  const nls = json('package.nls.zh-cn.json') as Record<string, string>;
  assertChinese('package.nls.zh-cn.json', Object.entries(nls).filter(([k]) => !k.endsWith('.media') && k !== 'config.title').map(([, v]) => v));
  const ruleTexts = allRules.flatMap((r) => Object.values(r.messages ?? {}).map((m) => (m as Record<string, string>)['zh-cn']));
  assert.ok(ruleTexts.length > 50 && ruleTexts.every((t) => typeof t === 'string'), 'every rule message has a zh-cn text');
  assertChinese('rule messages', ruleTexts);
  assertChinese('.zhen.yml messages', [...Object.values(CONFIG_MESSAGES), ...Object.values(TYPE_NAMES), ...YAML_ERROR_TEXTS].map((m) => m['zh-cn']));
  assertChinese('server messages', [...Object.values(SERVER_MESSAGES), ...Object.values(FAMILY_NAMES)].map((m) => m['zh-cn']));
  assertChinese('Restricted Mode', [RESTRICTED_MESSAGE['zh-cn']]);
  // the domain tags of the bundled glossary each have a translation in the client bundle
  const domains = new Set<string>();
  for (const f of readdirSync(join(root, 'data', 'glossary')).filter((n) => n.endsWith('.json'))) {
    for (const m of readFileSync(join(root, 'data', 'glossary', f), 'utf8').matchAll(/"domain":\s*"([^"]+)"/g)) domains.add(m[1]);
  }
  assert.ok(domains.size >= 5, `glossary domains: ${[...domains].join(', ')}`);
  for (const d of domains) assert.ok(han.test(bundle[d] ?? ''), `the glossary domain "${d}" has a Chinese name in the client bundle`);
  for (const f of families) assert.ok(han.test(bundle[f.name] ?? ''), `the family "${f.name}" has a Chinese name for the status bar`);
  // the walkthrough's Chinese pages, outside their code blocks
  const dir = join(root, 'media', 'walkthrough', 'zh-cn');
  for (const f of readdirSync(dir)) {
    const prose = readFileSync(join(dir, f), 'utf8').replace(/^[ \t]*```[^]*?^[ \t]*```/gm, '').split('\n').filter((l) => l.trim());
    assertChinese(`media/walkthrough/zh-cn/${f}`, prose);
  }
});

test('简体中文: .zhen.yml problems and the glossary card are Chinese, and the card keeps Zhen\'s own typesetting rules', () => {
  const cases = ['rules:\n  claim: warn\n  term/varient: off\n', 'rulez: {}\n', 'typography:\n  quotes: curl\n', 'tags: [a, b\n', 'sources:\n  - name: A\n    url: ftp://x\n', 'maxFileSize: 3 parsecs\n'];
  const messages = cases.flatMap((c) => loadConfigText(c, 'zh-cn').problems.flatMap((p) => [p.message, ...(p.fixes ?? []).map((x) => x.title)]));
  assert.ok(messages.length >= 8, messages.join('\n'));
  assertChinese('.zhen.yml problems', messages);
  for (const m of messages) assert.match(m, han, m);
  const config = resolveConfig({ language: 'zh-cn' });
  const post = parse('大语言模型（LLM）的推理能力。大型语言模型。', config);
  for (const term of ['推理', 'LLM', '以太坊', 'GitHub', '算力']) {
    const card = glossaryCard(term, post, config, {});
    assert.ok(card, term);
    const typo = analyze(card.markdown, config).filter((f) => f.ruleId.startsWith('typo/'));
    assert.deepEqual(typo.map((f) => `${f.ruleId}: ${card.markdown.slice(Math.max(0, f.span.start - 6), f.span.end + 6)}`), [], `the card of ${term}:\n${card.markdown}`);
    assert.doesNotMatch(card.markdown, /[\u4e00-\u9fff][:,;] |\(\p{Script=Han}/u, `the card of ${term} uses Chinese punctuation`);
  }
});

test('简体中文: what Zhen shows on a real post — every message, fix title and hover of the example post — has no English word from Zhen', () => {
  const config = resolveConfig({ language: 'zh-cn' });
  const text = readFileSync(join(root, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const post = parse(text, config);
  const findings = analyze(text, config);
  assert.ok(findings.length > 20, `findings on the example post: ${findings.length}`);
  const shown: string[] = [];
  for (const f of findings) {
    shown.push(f.message, ...(f.fixes ?? []).map((x) => x.title));
    const h = hoverAt(post, f.span.start, findings, config, {});
    if (h) shown.push(...h.markdown.split('\n').filter((l) => l.trim()));
  }
  // The words of the content are not Zhen's: the post's own words, and the glossary's names of its concepts and senses.
  const content = new Set<string>(text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []);
  const names = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(names);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (['en', 'abbr', 'variants', 'avoid', 'name'].includes(k)) for (const w of JSON.stringify(x).match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []) content.add(w);
      else if (k !== 'definition') names(x);
    }
  };
  for (const file of readdirSync(join(root, 'data', 'glossary')).filter((n) => n.endsWith('.json'))) names(JSON.parse(readFileSync(join(root, 'data', 'glossary', file), 'utf8')));
  const own = shown.map((t) => ({ t, words: englishWords(t).filter((w) => !content.has(w)) })).filter((x) => x.words.length);
  assert.deepEqual(own.map((x) => `${JSON.stringify(x.t)}: ${x.words.join(', ')}`), [], 'English words from Zhen on the example post in zh-cn');
  // and Zhen's own typesetting: no half-width parentheses around Chinese
  assert.deepEqual(shown.filter((t) => /\(\p{Script=Han}/u.test(t.replace(/\[[^\]]*\]\([^)]*\)/g, ''))), [], 'full-width parentheses around Chinese');
});
