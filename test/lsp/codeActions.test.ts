/** The language server over stdio: quick fixes, fix-all, "disable for this line", config edits, input and rename fixes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CreateFile, Diagnostic, RenameFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { parse as parseYaml } from 'yaml';
import { hashText } from '../../server/src/lsp/analyses';
import { TestClient, applyLspEdits } from './harness';

const SPACING = 'typo/cjk-latin-spacing';
const BAD = '我们用Github的API来获取2023年的数据';
const GOOD = '我们用 Github 的 API 来获取 2023 年的数据';

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.documentChanges) {
    return edit.documentChanges.filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri).flatMap((c) => c.edits as TextEdit[]);
  }
  return edit.changes?.[uri] ?? [];
}

function codeActions(c: TestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const line = Math.max(0, ...diagnostics.map((d) => d.range.end.line));
  return c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: line + 1, character: 0 } },
    context: { diagnostics, ...(only ? { only } : {}) },
  });
}

test('quick fixes (first preferred) and source.fixAll.zhen turn the sample sentence into the spaced one', async () => {
  // The spacing sample only: term/variant would also fix `Github` (tested in test/term*).
  const c = await TestClient.start({ settings: { rules: { term: 'off' } } });
  try {
    const text = `# 标题\n\n${BAD}\n`;
    const uri = c.open('p.md', text);
    const diags = (await c.pull(uri)).filter((d) => d.code === SPACING);
    assert.equal(diags.length, 3, 'one finding per word: Github, API, 2023');
    const actions = await codeActions(c, uri, diags, ['quickfix']);
    const fixes = actions.filter((a) => a.isPreferred);
    assert.equal(fixes.length, 3, 'one preferred quick fix per finding');
    for (const a of fixes) assert.equal(a.kind, 'quickfix');
    // One quick fix alone spaces one word on both sides.
    const one = applyLspEdits(text, editsOf(fixes[0].edit, uri));
    assert.equal(one, `# 标题\n\n我们用 Github 的API来获取2023年的数据\n`);
    // The lightbulb (no `only`) gets the quick fixes but not fix-all, which costs a re-analysis.
    const lightbulb = await codeActions(c, uri, diags);
    assert.equal(lightbulb.filter((a) => a.isPreferred).length, 3);
    assert.ok(!lightbulb.some((a) => a.kind === 'source.fixAll.zhen'));
    // Fix-all: the server's source action.
    const all = await codeActions(c, uri, [], ['source.fixAll.zhen']);
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, 'source.fixAll.zhen');
    assert.equal(applyLspEdits(text, editsOf(all[0].edit, uri)), `# 标题\n\n${GOOD}\n`);
    // Its edits name the document version they apply to.
    const dc = all[0].edit?.documentChanges?.[0] as TextDocumentEdit;
    assert.equal(dc.textDocument.version, 1);
    // No quick fix is offered for diagnostics of another text (an edit that changes nothing keeps them valid).
    c.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    assert.equal((await codeActions(c, uri, diags, ['quickfix'])).filter((a) => a.isPreferred).length, 3);
    c.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    assert.deepEqual((await codeActions(c, uri, diags, ['quickfix'])).filter((a) => a.isPreferred), []);
  } finally {
    await c.stop();
  }
});

test('"Disable RULE for this line" inserts the directive above the paragraph, and the finding goes away', async () => {
  const c = await TestClient.start();
  try {
    const text = `# 标题\n\n第一行没有问题，\n第二行用AI写。\n\n> 引用里用AI写\n\n- 列表项\n- 列表里用AI写\n`;
    const uri = c.open('d.md', text);
    const diags = (await c.pull(uri)).filter((d) => d.code === SPACING);
    assert.equal(diags.length, 3);
    const actions = await codeActions(c, uri, diags, ['quickfix']);
    const disable = actions.filter((a) => a.title === `Disable ${SPACING} for this line`);
    assert.equal(disable.length, 3, 'one per rule and paragraph');
    // Apply bottom-up so that each action's ranges still hold.
    let fixed = text;
    for (const a of [...disable].reverse()) fixed = applyLspEdits(fixed, editsOf(a.edit, uri));
    assert.equal(
      fixed,
      `# 标题\n\n<!-- zhen-disable-next-line ${SPACING} -->\n第一行没有问题，\n第二行用AI写。\n\n> <!-- zhen-disable-next-line ${SPACING} -->\n> 引用里用AI写\n\n- 列表项\n- <!-- zhen-disable-next-line ${SPACING} -->\n  列表里用AI写\n`,
    );
    c.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, text: fixed }]);
    assert.deepEqual((await c.pull(uri)).filter((d) => d.code === SPACING), []);
  } finally {
    await c.stop();
  }
});

test('a claim finding offers one disable action: its own "mark as checked", not a second from the server', async () => {
  const c = await TestClient.start();
  try {
    const uri = c.open('claim.md', '# 标题\n\n据 Demandsage 报告显示，ChatGPT 两个月吸引了一亿用户。\n');
    const diags = (await c.pull(uri)).filter((d) => d.code === 'claim/unlinked');
    assert.equal(diags.length, 1);
    const actions = await codeActions(c, uri, diags, ['quickfix']);
    const disabling = actions.filter((a) => editsOf(a.edit, uri).some((e) => e.newText.includes('zhen-disable-next-line claim/unlinked')));
    assert.equal(disabling.length, 1, disabling.map((a) => a.title).join(' | '));
  } finally {
    await c.stop();
  }
});

/** A diagnostic as the server would send it for `text`, with fixes in `data` (code actions are stateless). */
function claimDiagnostic(fixes: unknown[], text: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
    code: 'claim/unlinked',
    source: 'zhen',
    message: 'An unlinked claim',
    data: { hash: hashText(text), fixes },
  };
}

test('a configEdit fix: the server command appends to .zhen.yml with workspace/applyEdit (creating the file if missing)', async () => {
  const c = await TestClient.start();
  try {
    const uri = c.open('post.md', '增长了 40%。\n');
    const item = { name: 'Nvidia Q4 2024', url: 'https://example.com/q4' };
    const diag = claimDiagnostic([{ title: 'Add the source to .zhen.yml', edits: [], configEdit: { key: 'sources', item } }], '增长了 40%。\n');
    const [action] = await codeActions(c, uri, [diag], ['quickfix']);
    assert.equal(action.command?.command, 'zhen.applyConfigEdit');
    assert.ok(c.initializeResult?.capabilities.executeCommandProvider?.commands.includes('zhen.applyConfigEdit'));

    // No .zhen.yml yet: create it.
    await c.request('workspace/executeCommand', { command: action.command!.command, arguments: action.command!.arguments });
    const created = await c.waitFor('applyEdit', () => c.appliedEdits[0]);
    const ymlUri = c.uri('.zhen.yml');
    const [create, edit] = created.edit.documentChanges as [CreateFile, TextDocumentEdit];
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, ymlUri);
    assert.deepEqual(parseYaml(applyLspEdits('', edit.edits as TextEdit[])), { sources: [item] });

    // An existing list: append one item, touching nothing else.
    const existing = '# my sources\nsources:\n  - name: A\n    url: https://a.example\nlanguage: zh-cn\n';
    c.write('.zhen.yml', existing);
    await c.request('workspace/executeCommand', { command: action.command!.command, arguments: action.command!.arguments });
    const appended = await c.waitFor('second applyEdit', () => c.appliedEdits[1]);
    const after = applyLspEdits(existing, editsOf(appended.edit, ymlUri));
    assert.ok(after.startsWith('# my sources\nsources:\n  - name: A\n    url: https://a.example\n  - {'), after);
    assert.ok(after.endsWith('}\nlanguage: zh-cn\n'), after);
    assert.deepEqual(parseYaml(after), { sources: [{ name: 'A', url: 'https://a.example' }, item], language: 'zh-cn' });
  } finally {
    await c.stop();
  }
});

test('input fixes: a command for a client that can ask, the placeholder edit for one that cannot', async () => {
  const fix = { title: 'Link a source', edits: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, newText: '[来源]({{input}})' }], input: { prompt: 'URL of the source', placeholder: 'https://', kind: 'url' }, isPreferred: true };
  const plain = await TestClient.start();
  try {
    const uri = plain.open('a.md', '增长了 40%。\n');
    const [a] = await codeActions(plain, uri, [claimDiagnostic([fix], '增长了 40%。\n')], ['quickfix']);
    assert.equal(a.command, undefined);
    assert.equal(applyLspEdits('增长了 40%。\n', editsOf(a.edit, uri)), '增长了 [来源](https://)40%。\n');
  } finally {
    await plain.stop();
  }
  const vscodeLike = await TestClient.start({ initializationOptions: { applyFixWithInput: true } });
  try {
    const uri = vscodeLike.open('a.md', '增长了 40%。\n');
    const [a] = await codeActions(vscodeLike, uri, [claimDiagnostic([fix], '增长了 40%。\n')], ['quickfix']);
    assert.equal(a.edit, undefined);
    assert.equal(a.command?.command, 'zhen.applyFixWithInput');
    const args = a.command!.arguments![0] as { uri: string; version: number; input: { kind: string }; edits: unknown[] };
    assert.equal(args.uri, uri);
    assert.equal(args.version, 1);
    assert.equal(args.input.kind, 'url');
    assert.equal(args.edits.length, 1);
    assert.equal(a.isPreferred, true);
  } finally {
    await vscodeLike.stop();
  }
});

test('a rename fix becomes a WorkspaceEdit with a RenameFile operation after its text edits', async () => {
  const c = await TestClient.start();
  try {
    const text = '---\ndate: 2024-05-22\n---\n正文\n';
    const uri = c.open('_posts/2024-05-01-x.md', text);
    const fix = { title: 'Rename to match the date', edits: [], rename: { to: '_posts/2024-05-22-x.md' } };
    const [a] = await codeActions(c, uri, [claimDiagnostic([fix], text)], ['quickfix']);
    const [op] = a.edit!.documentChanges as [RenameFile];
    assert.deepEqual({ kind: op.kind, oldUri: op.oldUri, newUri: op.newUri }, { kind: 'rename', oldUri: uri, newUri: c.uri('_posts/2024-05-22-x.md') });
  } finally {
    await c.stop();
  }
});
