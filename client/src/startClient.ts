/**
 * What the desktop (`extension.ts`) and web (`extension.web.ts`) clients share: the client
 * options and the commands. Nothing of the analysis lives here: the server computes every
 * diagnostic, fix and hover; the client only asks the user for input and applies edits.
 */
import * as vscode from 'vscode';
import { registerStatusBar } from './statusBar';
import { GLOSSARY_SCHEME, registerGlossary } from './glossary';
import { RestartHandler } from './restart';
import { WorkDoneProgress, type BaseLanguageClient, type DocumentSelector, type LanguageClientOptions } from 'vscode-languageclient';
import {
  APPLY_CONFIG_EDIT,
  APPLY_FIX_WITH_INPUT,
  DidGrantWorkspaceTrustNotification,
  FIX_ALL_KIND,
  RecheckWorkspaceRequest,
  ServerInfoRequest,
  fillInput,
  type ApplyFixWithInputArgs,
  type RecheckWorkspaceResult,
  type ServerInfo,
  type ZhenInitializationOptions,
} from '../../server/src/lsp/protocol';

export const CLIENT_ID = 'zhen';
export const CLIENT_NAME = 'Zhen';
const FIX_ALL = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND);

/** What `activate` returns: the extension's API (used by the end-to-end tests). */
export interface ZhenApi {
  /** Notifications shown about the server stopping (one per session at most, plus a final one). */
  readonly serverNotices: readonly string[];
  /** The running server's process id (desktop) and trust state. */
  serverInfo(): Promise<ServerInfo>;
}

/** Red Hat's YAML extension, which reads `contributes.yamlValidation`. */
const YAML_EXTENSION = 'redhat.vscode-yaml';

/** `.zhen.yml` documents: the server completes and explains them (and never checks them as posts). */
export const CONFIG_DOCUMENTS = { language: 'yaml', pattern: '**/.zhen.{yml,yaml}' };

/** Documents the client never hands to the server: the glossary cards it shows itself. */
const skipped = (doc: vscode.TextDocument) => doc.uri.scheme === GLOSSARY_SCHEME;

export function clientOptions(documentSelector: DocumentSelector, outputChannel: vscode.LogOutputChannel, errorHandler: RestartHandler): LanguageClientOptions {
  return {
    documentSelector,
    outputChannel,
    errorHandler,
    // The server asks for settings per document (workspace/configuration) and registers its own
    // file watchers; it can hand `zhen.applyFixWithInput` commands to this client. A function:
    // read again on every (re)start, so a restart after the user trusted the workspace says so.
    // yamlSchemaElsewhere: the YAML extension completes .zhen.yml from the schema this extension
    // contributes (yamlValidation); the server then adds only rule ids and options there.
    initializationOptions: (): ZhenInitializationOptions => ({
      applyFixWithInput: true,
      workspaceTrusted: vscode.workspace.isTrusted,
      yamlSchemaElsewhere: !!vscode.extensions.getExtension(YAML_EXTENSION),
    }),
    // The glossary card's "More…" link runs Show Glossary; no other command may run from a hover.
    markdown: { isTrusted: { enabledCommands: ['zhen.showGlossary'] } },
    middleware: {
      didOpen: (doc, next) => (skipped(doc) ? Promise.resolve() : next(doc)),
      didChange: (e, next) => (skipped(e.document) ? Promise.resolve() : next(e)),
      didClose: (doc, next) => (skipped(doc) ? Promise.resolve() : next(doc)),
    },
  };
}

/**
 * Register the commands and start the client. `create` makes a fresh client (for restarts)
 * with the one `RestartHandler` it is given, so "restarted" is said once per session.
 */
export async function startClient(context: vscode.ExtensionContext, create: (restarts: RestartHandler) => BaseLanguageClient, output: vscode.LogOutputChannel): Promise<ZhenApi> {
  const restarts = new RestartHandler(output);
  let client = create(restarts);
  context.subscriptions.push(
    vscode.commands.registerCommand('zhen.fixAll', () => fixAll()),
    vscode.commands.registerCommand(APPLY_FIX_WITH_INPUT, (args: ApplyFixWithInputArgs) => applyFixWithInput(client, args)),
    vscode.commands.registerCommand('zhen.citeSource', () => citeSource()),
    vscode.commands.registerCommand('zhen.restartServer', async () => {
      await client.stop().catch(() => undefined);
      client = create(restarts);
      await client.start();
    }),
    vscode.commands.registerCommand('zhen.recheckWorkspace', () => recheckWorkspace(client)),
    // Restricted Mode ended: the server applies the workspace's whole config from now on.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(DidGrantWorkspaceTrustNotification).catch(() => undefined)),
    { dispose: () => void client.stop().catch(() => undefined) },
  );
  registerGlossary(context, () => client);
  registerStatusBar(context);
  await client.start();
  return {
    serverNotices: restarts.notices,
    serverInfo: () => client.sendRequest<ServerInfo>(ServerInfoRequest),
  };
}

/**
 * "Zhen: Re-check Workspace": the server re-reads `.zhen.yml`, rebuilds the workspace index
 * (progress reported through a work-done token into a notification) and refreshes the
 * diagnostics of the open documents.
 */
async function recheckWorkspace(client: BaseLanguageClient): Promise<RecheckWorkspaceResult> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Zhen: re-checking the workspace'), cancellable: false },
    async (progress) => {
      const token = `zhen-recheck-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      let done = 0;
      const sub = client.onProgress(WorkDoneProgress.type, token, (v) => {
        if (v.kind === 'end') return;
        const pct = typeof v.percentage === 'number' ? v.percentage : done;
        progress.report({ increment: Math.max(0, pct - done), message: v.message });
        done = Math.max(done, pct);
      });
      try {
        return await client.sendRequest<RecheckWorkspaceResult>(RecheckWorkspaceRequest, { workDoneToken: token });
      } finally {
        sub.dispose();
      }
    },
  );
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Zhen: re-checked {0} Markdown file(s) in {1} folder(s); the diagnostics of {2} open file(s) are refreshed.', result.files, result.folders, result.documents),
  );
  return result;
}

async function applyAction(action: vscode.CodeAction | vscode.Command): Promise<void> {
  // A bare Command has a string `command`; a CodeAction has an optional Command object there.
  if (typeof action.command === 'string') {
    const c = action as vscode.Command;
    await vscode.commands.executeCommand(c.command, ...(c.arguments ?? []));
    return;
  }
  const a = action as vscode.CodeAction;
  if (a.edit && !(await vscode.workspace.applyEdit(a.edit))) return;
  if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
}

function fullRange(doc: vscode.TextDocument): vscode.Range {
  return new vscode.Range(new vscode.Position(0, 0), doc.lineAt(Math.max(doc.lineCount - 1, 0)).range.end);
}

/** "Zhen: Fix all in this file": the server's `source.fixAll.zhen` action. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  // VS Code cancels a code-action request when the document changes under it (the user typed,
  // or a quick fix was just applied): ask again, a few times, rather than fail.
  let actions: (vscode.CodeAction | vscode.Command)[] | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        editor.document.uri,
        fullRange(editor.document),
        FIX_ALL.value,
      );
      break;
    } catch (err) {
      if (attempt >= 4 || !/cancel/i.test(String((err as Error)?.message ?? err))) throw err;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
  const action = actions?.find((a): a is vscode.CodeAction => typeof a.command !== 'string' && !!(a as vscode.CodeAction).kind && FIX_ALL.contains((a as vscode.CodeAction).kind!));
  if (!action) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Zhen: nothing to fix automatically in this file.'));
    return;
  }
  await applyAction(action);
}

function validateUrl(value: string): string | undefined {
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : vscode.l10n.t('Enter an http:// or https:// URL.');
  } catch {
    return vscode.l10n.t('Enter a full URL, e.g. https://example.com/report.');
  }
}

/** A fix that needs a value (a URL, a name): ask for it, then apply the edits with `{{input}}` replaced. */
async function applyFixWithInput(client: BaseLanguageClient, args: ApplyFixWithInputArgs): Promise<void> {
  const uri = vscode.Uri.parse(args.uri);
  const value = await vscode.window.showInputBox({
    title: args.title,
    prompt: args.input.prompt,
    placeHolder: args.input.placeholder,
    ignoreFocusOut: true,
    validateInput: (v) => (args.input.kind === 'url' ? validateUrl(v) : v.trim() ? undefined : vscode.l10n.t('Enter a value.')),
  });
  if (value === undefined) return;
  const text = value.trim();
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc && doc.version !== args.version) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zhen: the document changed meanwhile; run the fix again.'));
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of args.edits) edit.replace(uri, client.protocol2CodeConverter.asRange(e.range), fillInput(e.newText, text));
  if (args.edits.length && !(await vscode.workspace.applyEdit(edit))) return;
  if (args.configEdit) {
    await vscode.commands.executeCommand(APPLY_CONFIG_EDIT, { uri: args.uri, key: args.configEdit.key, item: fillInput(args.configEdit.item, text) });
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' && d.code ? d.code.value : (d.code ?? ''));
}

/** "Zhen: Cite source…": the quick fixes of `claim/*` findings at the cursor (else in the whole file). */
async function citeSource(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const claimActions = async (range: vscode.Range) => {
    const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value);
    return (all ?? []).filter(
      (a): a is vscode.CodeAction =>
        typeof a.command !== 'string' && !!(a as vscode.CodeAction).diagnostics?.some((d) => d.source === 'zhen' && codeOf(d).startsWith('claim/')) && !a.title.startsWith('Disable '),
    );
  };
  let actions = await claimActions(editor.selection);
  if (!actions.length) actions = await claimActions(fullRange(doc));
  if (!actions.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Zhen: no unlinked claim to cite in this file.'));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    actions.map((a) => {
      const d = a.diagnostics![0];
      return { label: a.title, description: vscode.l10n.t('line {0}', d.range.start.line + 1), detail: d.message, action: a };
    }),
    { title: vscode.l10n.t('Zhen: Cite source'), placeHolder: vscode.l10n.t('Choose a fix for an unlinked claim'), matchOnDetail: true },
  );
  if (picked) await applyAction(picked.action);
}
