/** Completion and hover in `.zhen.yml` (core/configAssist.ts): what the language server answers there. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ruleDocs from 'zhen:rule-docs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules, configCompletionsAt, configContextAt, configHoverAt, families } from '../server/src/core/index';
import { literalMarkdown, ruleDocFields } from '../server/src/core/ruleDocs';
import { configDocumentHover } from '../server/src/lsp/zhenYml';

/** `|` marks the cursor. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}
const labels = (marked: string) => configCompletionsAt(...at(marked)).map((c) => c.label);
const ctx = (marked: string) => {
  const c = configContextAt(...at(marked));
  return [c.kind, c.path];
};

test('top-level keys, without those already written; the word being typed is replaced', () => {
  assert.deepEqual(labels('|').sort(), ['claims', 'frontMatter', 'glossary', 'hover', 'ignore', 'language', 'markdown', 'maxFileSize', 'rules', 'site', 'sources', 'typography', 'words']);
  assert.ok(!labels('language: en\n|').includes('language'));
  const [text, offset] = at('language: en\nru|');
  const items = configCompletionsAt(text, offset);
  const rules = items.find((c) => c.label === 'rules')!;
  assert.deepEqual(rules.span, { start: offset - 2, end: offset });
  assert.equal(rules.insertText, 'rules:\n  ');
  assert.match(rules.documentation!, /Rule settings/);
});

test('values: enums and booleans at their path', () => {
  assert.deepEqual(labels('language: |'), ['en', 'zh-cn']);
  assert.deepEqual(labels('frontMatter:\n  schema: |'), ['chirpy', 'jekyll', 'hugo', 'hexo', 'vuepress', 'vitepress', 'docusaurus', 'mkdocs', 'default']);
  assert.deepEqual(labels('typography:\n  quotes: |'), ['curly', 'corner', 'keep', 'auto']);
  assert.deepEqual(labels('markdown:\n  singleDollarMath: |'), ['true', 'false']);
  assert.deepEqual(labels('typography:\n  quotes: cu|'), ['curly', 'corner', 'keep', 'auto']);
});

test('under rules: every rule id and family, with default severity; their values are severities; a rule object takes severity and options', () => {
  const items = configCompletionsAt(...at('rules:\n  |'));
  const ids = items.map((c) => c.label);
  for (const r of allRules) assert.ok(ids.includes(r.id), r.id);
  for (const f of families) assert.ok(ids.includes(f.name), f.name);
  const spacing = items.find((c) => c.label === 'typo/cjk-latin-spacing')!;
  assert.match(spacing.detail!, /default: info/);
  assert.ok(!labels('rules:\n  typo/cjk-latin-spacing: off\n  |').includes('typo/cjk-latin-spacing'));
  assert.deepEqual(labels('rules:\n  typo/cjk-latin-spacing: |'), ['off', 'hint', 'info', 'warning', 'error']);
  assert.deepEqual(labels('rules:\n  claim/unlinked:\n    |'), ['severity', 'tables', 'headings', 'ownProductFigures']);
  assert.deepEqual(labels('rules:\n  claim/unlinked:\n    severity: |'), ['off', 'hint', 'info', 'warning', 'error']);
  assert.deepEqual(labels('rules:\n  claim/unlinked:\n    tables: |'), ['true', 'false']);
  const [text, offset] = at('rules:\n  typo/cj|');
  const c = configCompletionsAt(text, offset).find((x) => x.label === 'typo/cjk-latin-spacing')!;
  assert.equal(text.slice(c.span!.start, c.span!.end), 'typo/cj');
});

test('sequences: the keys of an item of sources and glossary, not those the item already has', () => {
  assert.deepEqual(ctx('sources:\n  - name: x\n    |'), ['key', ['sources', 0]]);
  assert.deepEqual(labels('sources:\n  - name: x\n    |'), ['url', 'aliases']);
  assert.deepEqual(ctx('sources:\n  - name: x\n    url: https://x.org\n  - |'), ['key', ['sources', 1]]);
  assert.ok(labels('sources:\n  - name: x\n    url: https://x.org\n  - |').includes('name'));
  const glossary = labels('glossary:\n  - |');
  assert.ok(glossary.includes('zh') && glossary.includes('en'), glossary.join(','));
  assert.deepEqual(ctx('glossary:\n  - zh: 推理\n    en: |'), ['value', ['glossary', 0, 'en']]);
});

test('nested mappings and comments: the path is found by indentation', () => {
  assert.deepEqual(ctx('# comment\ntypography:\n  # another\n\n  |'), ['key', ['typography']]);
  assert.deepEqual(ctx('claims:\n  captionLabels:\n    |'), ['key', ['claims', 'captionLabels']]);
  assert.deepEqual(ctx('claims:\n  captionLabels:\n    source: []\nrules:\n  |'), ['key', ['rules']]);
  assert.deepEqual(ctx('rules:\n  typo: off\n|'), ['key', []]);
});

test('hover: a key shows its description; a rule id its description and default severity; a family its rules', () => {
  const h = (marked: string) => configHoverAt(...at(marked));
  assert.match(h('lan|guage: en')!.markdown, /^\*\*language\*\*/);
  assert.match(h('lan|guage: en')!.markdown, /Language of Zhen's messages/);
  assert.deepEqual(h('lan|guage: en')!.span, { start: 0, end: 8 });
  assert.match(h('typography:\n  quo|tes: curly')!.markdown, /\*\*typography\.quotes\*\*/);
  const rule = h('rules:\n  typo/cjk-la|tin-spacing: off')!;
  assert.match(rule.markdown, /\*\*typo\/cjk-latin-spacing\*\* \(default: info\)/);
  assert.match(h('rules:\n  ty|po: off')!.markdown, /typo\/cjk-latin-spacing/);
  assert.equal(h('language: e|n'), undefined);
  assert.equal(h('rules:\n  no-su|ch-rule: off'), undefined);
});

test('with the schema handled elsewhere (a YAML extension): only rule ids and a rule\'s options, and hovers on rules', () => {
  const only = (marked: string) => configCompletionsAt(...at(marked), { schema: false }).map((c) => c.label);
  assert.deepEqual(only('|'), []);
  assert.deepEqual(only('language: |'), []);
  assert.ok(only('rules:\n  |').includes('typo/cjk-latin-spacing'));
  assert.deepEqual(only('rules:\n  claim/unlinked:\n    |'), ['tables', 'headings', 'ownProductFigures']);
  assert.deepEqual(only('rules:\n  typo/cjk-latin-spacing: |'), []);
  assert.equal(configHoverAt(...at('lan|guage: en'), { schema: false }), undefined);
  assert.ok(configHoverAt(...at('rules:\n  typo/cjk-la|tin-spacing: off'), { schema: false }));
});

test('hover on a rule id: the header docs (catches, Bad → Good, fix, options, default severity) read by the same reader as `zhen explain` and the README', () => {
  for (const rule of allRules) {
    const doc = ruleDocs[rule.id];
    assert.ok(doc, `${rule.id} has a header`);
    const f = ruleDocFields(rule.id, doc);
    const md = configHoverAt(...at(`rules:\n  ${rule.id.slice(0, 3)}|${rule.id.slice(3)}: off`), { ruleDocs })!.markdown;
    assert.ok(md.startsWith(`**${rule.id}** (default: ${rule.defaultSeverity})\n\n${f.catches}\n`), `${rule.id}: ${md.slice(0, 200)}`);
    if (f.catches !== rule.description) assert.ok(!md.includes(rule.description), `${rule.id}: the header, not rule.description`);
    if (f.bad !== undefined && f.good !== undefined) {
      assert.ok(md.includes(`Bad: ${literalMarkdown(f.bad.split('\n')[0].trim())}`), `${rule.id} Bad: ${md}`);
      assert.ok(md.includes(`Good: ${literalMarkdown(f.good.split('\n')[0].trim())}`), `${rule.id} Good: ${md}`);
    }
    if (f.fix !== undefined) assert.ok(md.includes(`Fix: ${f.fix}`), `${rule.id} Fix`);
    if (f.options !== undefined) assert.ok(md.includes(`Options: ${f.options}`), `${rule.id} Options`);
  }
  const md = configHoverAt(...at('rules:\n  claim/un|linked: off'), { ruleDocs })!.markdown;
  assert.match(md, /Options: `tables` \(default false\)/);
  assert.match(md, /\(defaults: `\{"tables":false,"headings":false,"ownProductFigures":true\}`\)/);
  // Without the docs (a host that bundles none): the one-line description.
  const bare = configHoverAt(...at('rules:\n  claim/un|linked: off'))!.markdown;
  assert.ok(bare.includes(allRules.find((r) => r.id === 'claim/unlinked')!.description));
});

test('the language server\'s .zhen.yml hover passes the bundled header docs', () => {
  const text = 'rules:\n  term/mixed: off\n';
  const doc = TextDocument.create('file:///w/.zhen.yml', 'yaml', 1, text);
  const h = configDocumentHover(doc, { line: 1, character: 5 })!;
  const value = (h.contents as { value: string }).value;
  assert.equal(value, configHoverAt(text, text.indexOf('mixed'), { ruleDocs })!.markdown);
  assert.match(value, /Bad: 大语言模型/);
});
