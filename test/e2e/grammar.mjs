#!/usr/bin/env node
// The injection grammar (syntaxes/jekyll-injection.tmLanguage.json) tokenized the way VS Code
// does it: vscode-textmate + vscode-oniguruma and VS Code's own Markdown and HTML grammars, all
// from the installed code-server (VS Code 1.139), with our grammar injected into text.html.markdown
// as package.json's `injectTo` asks. Checks the scopes of kramdown IALs, Liquid and Chirpy captions,
// and that nothing is injected into code, code spans or the front matter.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTools } from './lib/editor.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vscodeDir = join(findTools().codeServer, '..', '..', 'code-server', 'lib', 'vscode');
const require = createRequire(join(vscodeDir, 'package.json'));
const textmate = require('vscode-textmate');
const onig = require('vscode-oniguruma');

const OURS = 'text.html.markdown.jekyll.zhen';
const grammars = {
  'text.html.markdown': join(vscodeDir, 'extensions', 'markdown-basics', 'syntaxes', 'markdown.tmLanguage.json'),
  'text.html.basic': join(vscodeDir, 'extensions', 'html', 'syntaxes', 'html.tmLanguage.json'),
  'source.yaml': join(vscodeDir, 'extensions', 'yaml', 'syntaxes', 'yaml.tmLanguage.json'),
  [OURS]: join(root, 'syntaxes', 'jekyll-injection.tmLanguage.json'),
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributed = (pkg.contributes?.grammars ?? []).find((g) => g.scopeName === OURS);

await onig.loadWASM(readFileSync(join(vscodeDir, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm')).buffer);
const registry = new textmate.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (s) => new onig.OnigScanner(s), createOnigString: (s) => new onig.OnigString(s) }),
  loadGrammar: async (scope) => (grammars[scope] ? textmate.parseRawGrammar(readFileSync(grammars[scope], 'utf8'), grammars[scope]) : null),
  getInjections: (scope) => (scope === 'text.html.markdown' ? (contributed?.injectTo ?? ['text.html.markdown']).includes(scope) && [OURS] : undefined) || undefined,
});
const grammar = await registry.loadGrammar('text.html.markdown');

// (No front matter in the sample: this standalone vscode-textmate never enters the Markdown
// grammar's front-matter rule (`\\A(?=(-{3,}))`), so its exclusion cannot be observed here.)
const doc = `# 标题

> 提示内容
{: .prompt-tip }

链接 {{ site.url | relative_url }} 与 {% include embed/youtube.html id="x" %}。

{% raw %}
{{ kept as is }}
{% endraw %}

![架构图](/assets/img/a.png){: width="700" .shadow }
_图1 系统架构_

<img src="https://example.com/b.webp" style="zoom:75%;" />
_图2 来源：官网_

普通 _强调_ 不是图注。

\`{{ in code span }}\`

\`\`\`liquid
{% if x %}{{ fenced_var }}{% endif %}
\`\`\`
`;

function tokenize(text) {
  const ls = text.split('\n');
  let state = textmate.INITIAL;
  const ts = []; // { line, start, end, text, scopes }
  ls.forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) ts.push({ line: i + 1, start: t.startIndex, end: t.endIndex, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return { lines: ls, tokens: ts };
}
let { lines, tokens } = tokenize(doc);

let passed = 0;
let failed = 0;
/** Every token overlapping the first occurrence of `text` carries `scope` (or none does). */
function expect(desc, text, scope, present = true) {
  const line = lines.findIndex((l) => l.includes(text)) + 1;
  const at = lines[line - 1]?.indexOf(text) ?? -1;
  const hits = tokens.filter((t) => t.line === line && t.start < at + text.length && t.end > at);
  const ok = hits.length > 0 && hits.every((t) => t.scopes.some((s) => s.startsWith(scope)) === present);
  if (ok) passed++;
  else failed++;
  const got = hits.map((t) => `${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join(' | ') || '(no token)';
  console.log(`${ok ? 'ok' : 'not ok'} - ${desc}${ok ? '' : `: line ${line} ${JSON.stringify(text)} → ${got}`}`);
}

if (contributed) {
  passed++;
  console.log(`ok - package.json contributes the grammar, injected into ${contributed.injectTo.join(', ')}`);
} else {
  failed++;
  console.log('not ok - package.json contributes.grammars has no entry for ' + OURS);
}
for (const [desc, text, scope, present] of [
  ['block IAL: class', '.prompt-tip', 'entity.other.attribute-name.class.kramdown'],
  ['block IAL: the whole list', '{:', 'meta.attribute-list.kramdown'],
  ['Liquid output: variable', 'site.url', 'variable.other.liquid'],
  ['Liquid output: filter', 'relative_url', 'support.function.filter.liquid'],
  ['Liquid tag: name', 'include', 'keyword.control.liquid'],
  ['Liquid tag: argument string', '"x"', 'string.quoted.double.liquid'],
  ['{% raw %} tag', '{% raw %}', 'meta.tag.liquid'],
  ['inside {% raw %}: not Liquid', '{{ kept as is }}', 'meta.object.liquid', false],
  ['inside {% raw %}: marked raw', '{{ kept as is }}', 'meta.embedded.raw.liquid'],
  ['span IAL after an image: attribute', 'width', 'entity.other.attribute-name.kramdown'],
  ['span IAL after an image: class', '.shadow', 'entity.other.attribute-name.class.kramdown'],
  ['the image itself keeps Markdown scopes', '架构图', 'string.other.link.description.markdown'],
  ['Chirpy caption under a Markdown image', '图1 系统架构', 'markup.italic.caption.chirpy'],
  ['Chirpy caption under an <img>', '图2 来源：官网', 'markup.italic.caption.chirpy'],
  ['the <img> keeps HTML scopes', 'src', 'entity.other.attribute-name.html'],
  ['an ordinary emphasis is no caption', '强调', 'markup.italic.caption.chirpy', false],
  ['code span: no Liquid', '{{ in code span }}', 'meta.object.liquid', false],
  ['fenced code: no Liquid', 'fenced_var', 'meta.object.liquid', false],
]) expect(desc, text, scope, present);
// the example post: its callout's IAL and its image captions
({ lines, tokens } = tokenize(readFileSync(join(root, 'examples', '2024-05-22-ai-crypto.md'), 'utf8')));
expect('example post: {: .prompt-tip }', '.prompt-tip', 'entity.other.attribute-name.class.kramdown');
const captionLines = lines.flatMap((l, i) => (/^_图\d/.test(l) ? [i + 1] : []));
const scoped = captionLines.filter((n) => tokens.some((t) => t.line === n && t.scopes.includes('markup.italic.caption.chirpy')));
const okCaptions = captionLines.length > 0 && scoped.length === captionLines.length;
okCaptions ? passed++ : failed++;
console.log(`${okCaptions ? 'ok' : 'not ok'} - example post: ${scoped.length} of ${captionLines.length} image captions (_图N …_) scoped as captions`);
console.log(`grammar: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
