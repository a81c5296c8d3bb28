/**
 * The extension in a real VS Code extension host, through the VS Code API only, as a user's
 * editor sees it: diagnostics on the example post (every finding the CLI reports on the same file,
 * family by family, plus the known spacing findings), a hover, a quick fix applied and fix-all.
 * Expectations come from $ZHEN_E2E_DATA, written by test/e2e/run.mjs from the CLI of the same
 * build. Everything polls: a first hover or code-action request can come back empty.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, key, openPost, poll, putBack, zhenDiagnostics, type CliFinding } from './util';
import { EXAMPLE_SPACING_LINES } from '../../helpers/example';
interface E2EData {
  /** Path of the post inside the workspace folder. */
  post: string;
  /** `zhen check --format json` on the post (in the same language as the editor). */
  findings: CliFinding[];
  /** `zhen check --stdin --fix` on the post. */
  fixed: string;
  /** The extension must be the one installed from the .vsix, not a development folder. */
  installedFrom?: string;
  locale?: string;
  /** Zhen runs in the web worker extension host (dist/client.web.js). */
  web?: boolean;
}

const data: E2EData = JSON.parse(readFileSync(process.env.ZHEN_E2E_DATA ?? '', 'utf8'));
const EXTENSION_ID = 'zhen.zhen';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

let originalText: string | undefined;

/** Back to the post as it was when the suite opened it, in the editor and on disk (util `putBack`). */
async function resetPost(doc: vscode.TextDocument): Promise<void> {
  if (originalText !== undefined) await putBack(doc, originalText);
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('Zhen in a real VS Code extension host', function () {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    ({ uri, doc, text: originalText } = await openPost(data.post));
  });

  test('the extension is installed from the packaged .vsix and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (data.web) {
      // forced into the browser's web worker host: this (Node) host does not run it, and the
      // diagnostics below can only come from dist/client.web.js + dist/server.web.js
      assert.equal(ext, undefined, 'Zhen does not run in the Node extension host');
      await poll('Zhen to publish diagnostics from the web worker', () => zhenDiagnostics(uri).length, (n) => n > 0, 60_000);
      return;
    }
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    if (data.installedFrom) assert.ok(ext.extensionPath.startsWith(data.installedFrom), `loaded from ${ext.extensionPath}, expected under ${data.installedFrom}`);
    await poll('activation', () => ext.isActive, (a) => a, 30_000);
    if (data.locale) assert.equal(vscode.env.language, data.locale);
    if (data.locale === 'zh-cn') {
      // VS Code localizes the manifest with package.nls.zh-cn.json: commands and settings in Chinese
      // (a localized title comes as { value, original })
      type Title = string | { value: string; original: string };
      const pkg = ext.packageJSON as { contributes?: { commands?: { command: string; title: Title }[] } };
      const title = pkg.contributes?.commands?.find((c) => c.command === 'zhen.fixAll')?.title;
      const text = typeof title === 'object' ? title.value : (title ?? '');
      assert.match(text, /\p{Script=Han}/u, `the zhen.fixAll command's title is Chinese: ${JSON.stringify(title)}`);
    }
  });

  test('spacing findings at the spacing lines of the example post (helpers/example.ts)', async () => {
    const lines = EXAMPLE_SPACING_LINES;
    const diags = await poll(
      'typo/cjk-latin-spacing diagnostics',
      () => zhenDiagnostics(uri).filter((d) => codeOf(d) === 'typo/cjk-latin-spacing'),
      (ds) => lines.every((l) => ds.some((d) => d.range.start.line === l - 1)),
      60_000,
    );
    if (data.locale === 'zh-cn') {
      // the display language is 简体中文: the messages are Chinese
      for (const d of diags) assert.match(d.message, /\p{Script=Han}/u, `a Chinese message: ${d.message}`);
    }
    for (const d of diags) {
      // never inside code or front matter: the spaced text is prose on both sides
      assert.ok(d.range.start.line > 10, `not in the front matter: line ${d.range.start.line + 1}`);
    }
  });

  test('every finding of the CLI appears as a diagnostic, family by family', async () => {
    const expected = new Map(data.findings.map((f) => [key(f.rule, f.line, f.column, f.message), f]));
    const families = [...new Set(data.findings.map((f) => f.rule.split('/')[0]))].sort();
    assert.ok(families.length >= 1, 'the CLI finds something on the example post');
    const actualKeys = (ds: vscode.Diagnostic[]) => new Set(ds.map((d) => key(codeOf(d), d.range.start.line + 1, d.range.start.character + 1, d.message)));
    const diags = await poll(
      `${expected.size} diagnostics (${families.join(', ')})`,
      () => zhenDiagnostics(uri),
      (ds) => {
        const got = actualKeys(ds);
        return [...expected.keys()].every((k) => got.has(k));
      },
      60_000,
    );
    const got = actualKeys(diags);
    assert.deepEqual([...got].filter((k) => !expected.has(k)), [], 'no diagnostic the CLI does not report');
    for (const d of diags) {
      const f = expected.get(key(codeOf(d), d.range.start.line + 1, d.range.start.character + 1, d.message))!;
      assert.equal(d.range.end.line + 1, f.endLine, `${f.rule} end line`);
      assert.equal(d.range.end.character + 1, f.endColumn, `${f.rule} end column`);
      assert.equal(d.severity, SEVERITY[f.severity], `${f.rule} severity`);
    }
  });

  test('a hover on a finding explains it', async function () {
    // typo/cjk-latin-spacing carries no hover text: with no other family in the build there is none to see
    if (data.findings.every((f) => f.rule === 'typo/cjk-latin-spacing')) return this.skip();
    // Glossary cards (term/*) first, then the findings, then the front matter's keys (field docs).
    const fmEnd = doc.getText().split('\n').indexOf('---', 1);
    const keys = doc.getText().split('\n').slice(1, Math.max(fmEnd, 1)).flatMap((l, i) => (/^\w/.test(l) ? [{ rule: 'front matter key', line: i + 2, column: 1 }] : []));
    const candidates = [...data.findings.filter((f) => f.rule.startsWith('term/')), ...data.findings.filter((f) => !f.rule.startsWith('term/')), ...keys];
    const found = await poll(
      'a hover at one of the findings',
      async () => {
        for (const f of candidates) {
          const pos = new vscode.Position(f.line - 1, f.column - 1);
          const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos));
          if (text.trim()) return { rule: f.rule, text };
        }
        return undefined;
      },
      (h) => !!h,
    );
    assert.ok(found!.text.length > 10, `hover for ${found!.rule}: ${found!.text}`);
  });

  test('a quick fix from the lightbulb is applied and the finding goes away', async () => {
    // (executeCodeActionProvider does not hand back `diagnostics`: recognise the fix by its edit)
    const isSpacingFix = (a: vscode.CodeAction) =>
      !!a.isPreferred && !!a.edit && a.edit.get(uri).some((e) => e.newText === ' ' && e.range.isEmpty && target!.range.contains(e.range.start));
    const target = await poll(
      'the spacing diagnostic at line 64',
      () => zhenDiagnostics(uri).find((d) => codeOf(d) === 'typo/cjk-latin-spacing' && d.range.start.line === 63),
      (d) => !!d,
    );
    const actions = await poll(
      'a quick fix for it',
      () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, target!.range, vscode.CodeActionKind.QuickFix.value),
      (as) => !!as?.some(isSpacingFix),
    );
    const fix = actions.find(isSpacingFix)!;
    const before = doc.lineAt(63).text;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    const after = doc.lineAt(63).text;
    assert.notEqual(after, before);
    assert.equal(after.replace(/ /g, ''), before.replace(/ /g, ''), 'the fix only adds spaces');
    await poll(
      'the fixed finding to disappear',
      () => zhenDiagnostics(uri).filter((d) => codeOf(d) === 'typo/cjk-latin-spacing' && d.range.isEqual(target!.range)),
      (ds) => ds.length === 0,
    );
  });

  test('fix-all (zhen.fixAll) gives the same text as `zhen check --fix`', async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('zhen.fixAll');
    await poll('fix-all to apply', () => doc.getText(), (t) => t === data.fixed, 30_000).catch((e) => {
      const got = doc.getText().split('\n');
      const want = data.fixed.split('\n');
      const i = got.findIndex((l, n) => l !== want[n]);
      throw new Error(`${(e as Error).message.split(';')[0]}; first difference at line ${i + 1}:\n  got:  ${got[i]}\n  want: ${want[i]}`);
    });
    const fixable = await poll(
      'the server to re-check',
      () => zhenDiagnostics(uri).filter((d) => codeOf(d) === 'typo/cjk-latin-spacing'),
      (ds) => ds.length === 0,
    );
    assert.equal(fixable.length, 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a citation quick fix links the named source', async function () {
    // a claim finding whose fix links a known source (no URL to type in), as the CLI reports it
    const claim = data.findings.find((f) => f.rule.startsWith('claim/') && f.fixes.some((x) => x.edits.length > 0 && !JSON.stringify(x.edits).includes('{{input}}') && !x.edits.some((e) => e.newText.includes('zhen-disable'))));
    if (!claim) return this.skip(); // no claim rules on this build
    const cliFix = claim.fixes.find((x) => x.edits.length > 0 && !JSON.stringify(x.edits).includes('{{input}}') && !x.edits.some((e) => e.newText.includes('zhen-disable')))!;
    const range = new vscode.Range(claim.line - 1, claim.column - 1, claim.endLine - 1, claim.endColumn - 1);
    await poll('the document to be reverted and re-checked', () => zhenDiagnostics(uri).filter((d) => codeOf(d) === claim.rule && d.range.isEqual(range)), (ds) => ds.length === 1);
    const actions = await poll(
      `the fix "${cliFix.title}"`,
      () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value),
      (as) => !!as?.some((a) => a.title === cliFix.title && a.edit),
    );
    const fix = actions.find((a) => a.title === cliFix.title && a.edit)!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    const line = doc.lineAt(claim.line - 1).text;
    for (const e of cliFix.edits) assert.ok(line.includes(e.newText), `line ${claim.line} now has ${e.newText}: ${line}`);
    await poll(`the ${claim.rule} finding to go away`, () => zhenDiagnostics(uri).filter((d) => codeOf(d) === claim.rule && d.range.start.line === claim.line - 1 && d.range.start.character === claim.column - 1), (ds) => ds.length === 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Zhen: Show Glossary opens the card of 推理 (the same card as the hover), read-only beside the post', async () => {
    await resetPost(doc);
    const returned = await vscode.commands.executeCommand<vscode.Uri | { scheme: string; path: string }>('zhen.showGlossary', '推理');
    assert.ok(returned, 'the command returns the card\'s URI');
    const cardUri = returned instanceof vscode.Uri ? returned : vscode.Uri.from(returned);
    assert.equal(cardUri.scheme, 'zhen-glossary');
    const card = await vscode.workspace.openTextDocument(cardUri);
    const text = card.getText();
    assert.match(text, /^\*\*推理\*\*/, text);
    assert.match(text, /Inference/);
    assert.match(text, /Reasoning/);
    assert.match(text, data.locale === 'zh-cn' ? /词义/ : /Senses/, `the card in the display language: ${text}`);
    // a Markdown preview of it is open (a webview tab named after the card)
    await poll('the preview tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.includes('推理')), (v) => v);
    // the card is not checked as a post
    assert.deepEqual(zhenDiagnostics(cardUri), []);
    // close the card's tab only: a post without a tab is no longer re-checked on change (pull diagnostics)
    for (const t of vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.includes('推理'))) await vscode.window.tabGroups.close(t);
    await resetPost(doc);
  });

  test('Zhen: Re-check Workspace rebuilds the index and the diagnostics remain', async () => {
    await resetPost(doc);
    const before = await poll('diagnostics of the post', () => zhenDiagnostics(uri).length, (n) => n === data.findings.length, 30_000).catch(async (e) => {
      const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).split('\n')[63];
      throw new Error(`${(e as Error).message}; editor line 64: ${doc.lineAt(63).text.slice(45, 70)} (dirty ${doc.isDirty}, v${doc.version}); disk: ${disk.slice(45, 70)}; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(' | ')}`);
    });
    const r = await vscode.commands.executeCommand<{ folders: number; files: number; documents: number }>('zhen.recheckWorkspace');
    assert.ok(r, 'the command returns what it re-checked');
    assert.equal(r.folders, 1);
    assert.ok(r.files >= 1, `Markdown files indexed: ${r.files}`);
    assert.ok(r.documents >= 1, `open documents refreshed: ${r.documents}`);
    const after = await poll('the same diagnostics after the re-check', () => zhenDiagnostics(uri).length, (n) => n === before, 30_000);
    assert.equal(after, data.findings.length);
  });

  test('the walkthrough is contributed, opens, and is localized', async function () {
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const before = new Set(tabs());
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'zhen.zhen#zhen.welcome', false);
    const opened = await poll('the walkthrough tab', () => tabs().filter((t) => !before.has(t)), (ts) => ts.length > 0);
    for (const t of opened) await vscode.window.tabGroups.close(t);
    await resetPost(doc);
    if (data.web) return; // the manifest is checked in the Node host runs
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    type W = { id: string; steps: { id: string; media: { markdown: string }; completionEvents: string[] }[] };
    const w = (ext.packageJSON as { contributes: { walkthroughs: W[] } }).contributes.walkthroughs[0];
    assert.equal(w.id, 'zhen.welcome');
    assert.ok(w.steps.length >= 4);
    for (const s of w.steps) assert.match(s.media.markdown, new RegExp(`^media/walkthrough/${data.locale === 'zh-cn' ? 'zh-cn' : 'en'}/`), `${s.id}: media in the display language`);
    const media = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, w.steps[0].media.markdown));
    assert.ok(media.byteLength > 100, 'the media file is in the .vsix');
  });

  test('.zhen.yml: completion of rule ids and keys, hover, and its problems, from Zhen alone (no YAML extension)', async function () {
    this.timeout(120_000);
    const folder = vscode.workspace.workspaceFolders![0];
    const ymlUri = vscode.Uri.joinPath(folder.uri, '.zhen.yml');
    const text = '# written by the e2e suite\nrules:\n  typo/cjk-latin-spaceing: off\n  \n';
    await vscode.workspace.fs.writeFile(ymlUri, new TextEncoder().encode(text));
    try {
      const yml = await vscode.workspace.openTextDocument(ymlUri);
      await vscode.window.showTextDocument(yml);
      assert.equal(yml.languageId, 'yaml');
      const labels = (items: vscode.CompletionList | undefined) => (items?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      const rules = await poll(
        'rule ids completed under rules:',
        async () => labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', ymlUri, new vscode.Position(3, 2))),
        (ls) => ls.includes('typo/cjk-latin-spacing') && ls.includes('claim/unlinked'),
        60_000,
      );
      assert.ok(rules.includes('typo'), 'families too');
      const keys = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', ymlUri, new vscode.Position(4, 0)));
      assert.ok(keys.includes('typography') && keys.includes('language'), keys.join(', '));
      const hover = await poll(
        'a hover on the rules key',
        async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ymlUri, new vscode.Position(1, 2))),
        (t) => t.includes('Rule settings'),
      );
      assert.match(hover, /\*\*rules\*\*/);
      // The misspelt rule id: a warning on its line with the rule meant (read from the file on disk).
      const problems = await poll('the unknown rule id reported', () => zhenDiagnostics(ymlUri), (ds) => ds.some((d) => /did you mean "typo\/cjk-latin-spacing"|是不是想写“typo\/cjk-latin-spacing”/.test(d.message)), 60_000);
      assert.equal(problems.length, 1, JSON.stringify(problems.map((d) => d.message)));
      assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(problems[0].range.start.line, 2);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(ymlUri);
      await resetPost(doc);
    }
  });

  test('a killed server is restarted, diagnostics come back, and the user is told exactly once', async function () {
    if (data.web) return this.skip(); // a web worker has no process to kill
    this.timeout(120_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api = ext.exports as { serverNotices: readonly string[]; serverInfo(): Promise<{ pid?: number }> };
    assert.equal(api.serverNotices.length, 0, 'no notice before');
    await resetPost(doc);
    const pidOf = async () => (await Promise.race([api.serverInfo(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000))]).catch(() => undefined))?.pid;
    for (let round = 1; round <= 2; round++) {
      const pid = await poll('the server pid', pidOf, (p) => typeof p === 'number');
      process.kill(pid!, 'SIGKILL');
      const next = await poll('a new server process', pidOf, (p) => typeof p === 'number' && p !== pid, 60_000);
      assert.notEqual(next, pid);
      // the new server checks: an edit gives a fresh finding on that line
      const original = doc.getText();
      const line = doc.lineCount;
      const at = new vscode.Position(line - 1, doc.lineAt(line - 1).text.length);
      const added = `\n\n第${round}次用AI写\n`;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, at, added);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await poll(`a diagnostic from the restarted server (round ${round})`, () => zhenDiagnostics(uri).filter((d) => d.range.start.line >= line && codeOf(d) === 'typo/cjk-latin-spacing').length, (n) => n >= 1, 60_000);
      // take the line out again (an edit, not a revert: that acts on whichever editor is active)
      const undo = new vscode.WorkspaceEdit();
      undo.delete(uri, new vscode.Range(at, doc.positionAt(doc.offsetAt(at) + added.length)));
      assert.ok(await vscode.workspace.applyEdit(undo));
      assert.equal(doc.getText(), original);
      await resetPost(doc);
      await poll('all diagnostics back', () => zhenDiagnostics(uri).length, (n) => n === data.findings.length, 60_000).catch((e) => {
        const expected = new Set(data.findings.map((f) => key(f.rule, f.line, f.column, f.message)));
        const got = zhenDiagnostics(uri).map((d) => key(codeOf(d), d.range.start.line + 1, d.range.start.character + 1, d.message));
        throw new Error(`${(e as Error).message.split(';')[0]} (round ${round}); unexpected: ${JSON.stringify(got.filter((k) => !expected.has(k)))}; duplicates: ${got.length - new Set(got).size}; missing: ${[...expected].filter((k) => !got.includes(k)).length}`);
      });
    }
    assert.equal(api.serverNotices.length, 1, `exactly one notice: ${JSON.stringify(api.serverNotices)}`);
    assert.match(api.serverNotices[0], data.locale === 'zh-cn' ? /重新启动/ : /restarted/);
  });
});
