/** What the extension-host suites share: polling (the first answers can come back empty) and reading Zhen's diagnostics. */
import * as vscode from 'vscode';

/** A finding of `zhen check --format json`. */
export type { JsonFinding as CliFinding } from '../../helpers/cli';

export async function poll<T>(what: string, get: () => T | Thenable<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await get();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await get();
  }
  return last;
}

/** A diagnostic's rule id. */
export const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' && d.code ? d.code.value : (d.code ?? ''));
/** Zhen's diagnostics on a document. */
export const zhenDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'zhen');
/** A finding as the CLI and the editor both can name it. */
export const key = (rule: string, line: number, col: number, message: string) => `${rule} ${line}:${col} ${message}`;

/** Open a post of the first workspace folder in an editor. */
export async function openPost(rel: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; text: string }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  const uri = vscode.Uri.joinPath(folder.uri, rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return { uri, doc, text: doc.getText() };
}

/**
 * Put a post back as `text`, in the editor and on disk: an earlier test's fix may still be in the
 * editor, or saved (VS Code saves files a WorkspaceEdit changed while not shown in an editor,
 * `files.refactoring.autoSave`), and a revert would then restore that.
 */
export async function putBack(doc: vscode.TextDocument, text: string): Promise<void> {
  await vscode.window.showTextDocument(doc);
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the post could not be restored');
  }
  if (doc.isDirty) await doc.save();
  await poll('the post to be as it was', () => !doc.isDirty && doc.getText() === text, (ok) => ok);
}

/**
 * What the workbench shows on screen, read from its DOM by code-shim.mjs (the extension host has no
 * API for another extension's status item or for notification toasts): `statusbar?id=SUFFIX` (the
 * texts of the status items whose id ends so) or `notifications` (the toasts' messages). The
 * endpoint ($ZHEN_E2E_WORKBENCH) is the shim's: in desktop VS Code, without it, the tests that
 * check the screen fail saying so.
 */
export async function onScreen(what: string): Promise<string[]> {
  const base = process.env.ZHEN_E2E_WORKBENCH;
  if (!base) throw new Error('no $ZHEN_E2E_WORKBENCH: the screen is read through test/e2e/code-shim.mjs');
  const r = await fetch(`${base}/${what}`);
  if (!r.ok) throw new Error(`the workbench endpoint /${what}: ${r.status} ${await r.text()}`);
  return (await r.json()) as string[];
}
