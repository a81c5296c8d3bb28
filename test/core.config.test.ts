/** `.zhen.yml` faults drop only what is invalid: one bad glossary entry, not the whole list. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, computeLineStarts, loadConfigText, positionAt, splitsSurrogate } from '../server/src/core/index';

test('one invalid glossary entry is dropped and reported at its line; the valid entries are kept', () => {
  const text = 'glossary:\n  - { zh: 大语言模型, en: LLM }\n  - { en: GitHub, variants: [Github] }\n  - { variants: [x] }\n  - just a string\n  - { zh: 推理 }\n';
  const { config, problems } = loadConfigText(text);
  assert.deepEqual((config.glossary ?? []).map((g) => (g as { zh?: string; en?: string }).zh ?? (g as { en?: string }).en), ['大语言模型', 'GitHub', '推理']);
  const lines = problems.map((p) => positionAt(computeLineStarts(text), p.span.start).line + 1);
  assert.deepEqual(lines, [4, 5], JSON.stringify(problems));
  assert.match(problems[0].message, /at least one form/);
});

test('a YAML error after an emoji is shown on the whole emoji, never on half of it (fuzz seed ci #2547)', () => {
  const text = 'a: "😀\n';
  const { problems } = loadConfigText(text);
  assert.ok(problems.length > 0);
  for (const p of problems) assert.ok(!splitsSurrogate(text, p.span.start) && !splitsSurrogate(text, p.span.end), JSON.stringify(p));
  assert.deepEqual(problems[0].span, { start: 3, end: 6 }); // the unclosed string, from its opening quote: "😀
});

test('a problem at the very end of .zhen.yml is shown on its last character, inside the text (fuzz seed ci #39218)', () => {
  const text = 'rules:\n  typo: off\n!!';
  const { problems } = loadConfigText(text);
  assert.ok(problems.length > 0);
  for (const p of problems) assert.ok(p.span.start >= 0 && p.span.start < p.span.end && p.span.end <= text.length, JSON.stringify(p));
});

test('one bad severity is dropped alone: the rest of rules: applies; the message names the severities and the fix corrects it (#21)', () => {
  const text = 'rules:\n  claim: warn\n  typo/cjk-latin-spacing: off\n';
  const { config, problems } = loadConfigText(text);
  assert.deepEqual(config.rules, { 'typo/cjk-latin-spacing': 'off' });
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.match(problems[0].message, /off, hint, info, warning, error/);
  const fix = problems[0].fixes?.[0];
  assert.equal(fix?.title, 'Change to "warning"');
  assert.deepEqual(fix?.edits, [{ span: { start: text.indexOf('warn'), end: text.indexOf('warn') + 4 }, newText: 'warning' }]);
});

test('a key with everything under it commented out is unset, not a problem; a YAML error reports nothing else (#21)', () => {
  assert.deepEqual(loadConfigText('rules:\n  # claim: warning\nsources: []\n').problems, []);
  const broken = loadConfigText('rules:\n  claim: warn\ntags: [a, b\n').problems;
  assert.deepEqual(broken.map((p) => p.code), ['yaml']);
  assert.match(broken[0].message, /the "\[" opened here is never closed/);
  assert.deepEqual(broken[0].fixes?.[0].edits.map((e) => e.newText), [']']);
  // what the broken file holds is still checked: nothing invalid gets through to a host that uses it (the playground)
  assert.deepEqual(loadConfigText('rules:\n  typo/cjk-latin-spacing: [\nsources: 3\n').config, { rules: {} });
});

test('bad word-list items and glossary fields are reported at their lines; the rest of the list applies', () => {
  const text = [
    'words:',
    '  - Kyro',
    '  - two words',
    '  - 42',
    '  - { a: b }',
    '  - Debuuger',
    'glossary:',
    '  - { zh: 大语言模型, variants: 大型语言模型 }',
    '  - { en: 123 }',
    '  - { zh: 向量数据库, en: vector database, senses: [ { zh: 无英文 } ] }',
    '  - { zh: 鲁棒性, en: robustness, variants: [健壮性] }',
    '',
  ].join('\n');
  const { config, problems } = loadConfigText(text);
  const lines = problems.map((p) => positionAt(computeLineStarts(text), p.span.start).line + 1).sort((a, b) => a - b);
  assert.deepEqual(lines, [3, 4, 5, 8, 9, 10], JSON.stringify(problems));
  assert.deepEqual(config.words, ['Kyro', 'Debuuger']);
  assert.deepEqual((config.glossary ?? []).map((g) => (g as { zh?: string }).zh), ['鲁棒性']);
  // What is left applies: the listed words are no misspellings, the valid entry ties its variant.
  const post = '我们用 Kryo 和 Kryo 序列化，不是 Kyro；调试器叫 Debugger，Debugger 很好用，不是 Debuuger。\n\n系统的鲁棒性很重要，健壮性也要测试。\n';
  const found = analyze(post, config).filter((f) => f.ruleId.startsWith('term/'));
  assert.ok(!found.some((f) => f.ruleId === 'term/misspelt'), JSON.stringify(found));
  assert.ok(found.some((f) => f.ruleId === 'term/mixed' && f.message.includes('健壮性')), JSON.stringify(found));
});

test('an unknown frontMatter.schema names every built-in schema, as the .zhen.yml schema lists them', () => {
  const { problems } = loadConfigText('frontMatter:\n  schema: chirpi\n');
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /\(chirpy, jekyll, hugo, hexo, vuepress, vitepress, docusaurus, mkdocs, default\)/);
  assert.match(loadConfigText('frontMatter:\n  schema: chirpi\n', 'zh-cn').problems[0].message, /（chirpy、jekyll、hugo、hexo、vuepress、vitepress、docusaurus、mkdocs、default）/);
});
