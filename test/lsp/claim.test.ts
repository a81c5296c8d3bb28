/**
 * The claim quick-fixes through the language server (in this process, harness.ts): with a
 * `.zhen.yml` that lists Demandsage, the first fix on line 31 of the example post links it; with a
 * second post in the workspace that links CoinGecko, the caption on line 122 is offered that URL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TestClient, applyLspEdits, repoRoot } from './harness';

const example = readFileSync(join(repoRoot, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
const POST = '_posts/2024-05-22-ai-crypto.md';

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.documentChanges) return edit.documentChanges.filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri).flatMap((c) => c.edits as TextEdit[]);
  return edit.changes?.[uri] ?? [];
}

function quickFixes(c: TestClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
}

test('LSP: with sources: [Demandsage] in .zhen.yml, the first quick fix on line 31 links it', async () => {
  const url = 'https://www.demandsage.com/chatgpt-statistics/';
  const c = await TestClient.start({ files: { '.zhen.yml': `sources:\n  - {name: Demandsage, url: "${url}"}\n`, [POST]: example } });
  try {
    const uri = c.open(POST, example);
    const d = (await c.pull(uri)).find((x) => x.code === 'claim/unlinked' && x.range.start.line === 30);
    assert.ok(d, 'claim/unlinked on line 31');
    const actions = await quickFixes(c, uri, d);
    assert.match(actions[0].title, /Demandsage/);
    assert.ok(!actions.some((a) => a.isPreferred && a.title.includes('Demandsage')), 'a citation is never the preferred fix');
    const fixed = applyLspEdits(example, editsOf(actions[0].edit, uri));
    assert.ok(fixed.split('\n')[30].includes(`据 [Demandsage](${url}) 报告显示`));
    assert.equal(fixed.length, example.length + `[](${url})`.length, 'no other byte changes');
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 30, character: d.range.start.character + 2 } });
    const md = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover);
    assert.match(md, /Demandsage/);
    assert.match(md, new RegExp(url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  } finally {
    await c.stop();
  }
});

test('LSP: a second post that links CoinGecko makes its URL the first fix on the caption of line 122', async () => {
  const url = 'https://www.coingecko.com/research/publications/decentralized-storage';
  const other = `---\ntitle: other\n---\n\n价格数据来自 [CoinGecko](${url})。\n`;
  const c = await TestClient.start({ files: { [POST]: example, '_posts/2024-06-01-other.md': other } });
  try {
    const uri = c.open(POST, example);
    await c.waitFor('the workspace index', () => (c.logs.some((l) => /indexed \d+ Markdown/.test(l)) ? true : undefined));
    const d = (await c.pull(uri)).find((x) => x.code === 'claim/caption-source' && x.range.start.line === 121);
    assert.ok(d, 'claim/caption-source on line 122');
    const actions = await quickFixes(c, uri, d);
    assert.match(actions[0].title, /CoinGecko/);
    const fixed = applyLspEdits(example, editsOf(actions[0].edit, uri));
    assert.ok(fixed.split('\n')[121].includes(`数据源：[CoinGecko](${url})`), fixed.split('\n')[121]);
  } finally {
    await c.stop();
  }
});
