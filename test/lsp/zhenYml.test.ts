/** `.zhen.yml` open in an editor, through the language server over stdio: completion and hover for every client; never analysed as a post. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from './harness';

test('.zhen.yml: completion of keys, rule ids and severities, and hover, answered by the server itself', async () => {
  const yml = 'language: en\nrules:\n  \n';
  const c = await TestClient.start({ files: { '.zhen.yml': yml } });
  try {
    const uri = c.uri('.zhen.yml');
    c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: yml } });
    const labels = async (line: number, character: number) => ((await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } })) ?? []).map((i) => i.label);
    const ruleIds = await labels(2, 2);
    assert.ok(ruleIds.includes('typo/cjk-latin-spacing') && ruleIds.includes('claim/unlinked') && ruleIds.includes('typo'), ruleIds.join(','));
    const top = await labels(3, 0);
    assert.ok(top.includes('typography') && top.includes('frontMatter') && !top.includes('language') && !top.includes('rules'), top.join(','));
    c.change(uri, [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } }, text: 'typo/cjk-latin-spacing: ' }]);
    assert.deepEqual(await labels(2, 26), ['off', 'hint', 'info', 'warning', 'error']);
    const item = (await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 26 } }))[0];
    assert.deepEqual(item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined, { start: { line: 2, character: 26 }, end: { line: 2, character: 26 } });
    const hover = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } });
    assert.match((hover.contents as MarkupContent).value, /\*\*typo\/cjk-latin-spacing\*\* \(default: info\)/);
    const key = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.match((key.contents as MarkupContent).value, /Language of Zhen's messages/);
    // Not a post: no findings pulled for it, and it is not in the workspace index.
    assert.deepEqual(await c.pull(uri), []);
    const post = c.open('post.md', '# 标题\n\n用AI写\n');
    assert.ok((await c.pull(post)).length > 0);
  } finally {
    await c.stop();
  }
});

test('.zhen.yml open without pull diagnostics: its problems are pushed (an unknown rule id, with the rule meant; while edited, those of the edited text), never a post analysis', async () => {
  const yml = 'rules:\n  typo/cjk-latin-spaceing: off\n';
  const c = await TestClient.start({ files: { '.zhen.yml': yml }, pull: false });
  try {
    const uri = c.uri('.zhen.yml');
    const first = await c.waitForPublished(uri, (p) => p.diagnostics.length > 0);
    assert.equal(first.diagnostics.length, 1);
    assert.equal(first.diagnostics[0].severity, 2, 'a warning');
    assert.match(String(first.diagnostics[0].message), /did you mean "typo\/cjk-latin-spacing"/);
    const before = c.published.length;
    c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: yml } });
    c.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '用AI写\n' }]);
    // A post opened afterwards gets its push: by then anything pushed for .zhen.yml would have come.
    const post = c.open('post.md', '# 标题\n\n用AI写\n');
    await c.waitForPublished(post, (p) => p.diagnostics.length > 0);
    // Pushes for the open .zhen.yml are its config problems (of the text being edited, configFile.ts), never a post's findings.
    const mine = () => c.published.slice(before).filter((p) => p.uri === uri);
    for (const p of mine()) for (const d of p.diagnostics) assert.equal(d.code, 'config', JSON.stringify(d));
    c.notify('textDocument/didClose', { textDocument: { uri } });
    // Closed: the problems of the file on disk again (the unknown rule id), not cleared.
    const last = await c.waitForPublished(uri, (p) => p.diagnostics.some((d) => /did you mean "typo\/cjk-latin-spacing"/.test(String(d.message))));
    assert.equal(last.diagnostics.length, 1);
  } finally {
    await c.stop();
  }
});
