/**
 * What the desktop (`extension.ts`) and web (`extension.web.ts`) clients share: the client
 * options and the commands. Nothing of the analysis lives here: the server computes every
 * diagnostic, fix and hover; the client only asks the user for input and applies edits.
 */
import * as vscode from 'vscode';
import { registerStatusBar } from './statusBar';
import { GLOSSARY_SCHEME, registerGlossary } from './glossary';
import { Reports } from './reports';
import { RestartHandler } from './restart';
import { CodeActionResolveRequest, ExecuteCommandRequest, WorkDoneProgress, type BaseLanguageClient, type DocumentSelector, type LanguageClientOptions } from 'vscode-languageclient';
import {
  APPLY_CONFIG_EDIT,
  APPLY_FIX_WITH_INPUT,
  CiteChoicesRequest,
  DidGrantWorkspaceTrustNotification,
  RecheckWorkspaceRequest,
  SERVER_FIX_ALL,
  ServerInfoRequest,
  fillInput,
  type ApplyFixWithInputArgs,
  type CiteChoicesParams,
  type CiteChoicesResult,
  type FixAllReport,
  type RecheckWorkspaceResult,
  type ServerInfo,
  type ZhenInitializationOptions,
} from '../../server/src/lsp/protocol';

export const CLIENT_ID = 'zhen';
export const CLIENT_NAME = 'Zhen';

/** What `activate` returns: the extension's API (used by the end-to-end tests). */
export interface ZhenApi {
  /** Notifications shown about the server stopping (one per session at most, plus a final one). */
  readonly serverNotices: readonly string[];
  /** The running server's process id (desktop) and trust state. */
  serverInfo(): Promise<ServerInfo>;
  /** The status bar item's text (undefined while hidden). */
  statusText(): string | undefined;
}

/** Red Hat's YAML extension, which reads `contributes.yamlValidation`. */
const YAML_EXTENSION = 'redhat.vscode-yaml';

/** `.zhen.yml` documents: the server completes and explains them (and never checks them as posts). */
export const CONFIG_DOCUMENTS = { language: 'yaml', pattern: '**/.zhen.{yml,yaml}' };

/** Documents the client never hands to the server: the glossary cards it shows itself. */
const skipped = (doc: vscode.TextDocument) => doc.uri.scheme === GLOSSARY_SCHEME;

export function clientOptions(documentSelector: DocumentSelector, outputChannel: vscode.LogOutputChannel, errorHandler: RestartHandler, reports: Reports): LanguageClientOptions {
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
      // The status bar waits for the server's first word on a file (reports.ts).
      provideDiagnostics: async (doc, previousResultId, token, next) => {
        const r = await next(doc, previousResultId, token);
        if (r && !token.isCancellationRequested) reports.mark(doc instanceof vscode.Uri ? doc : doc.uri);
        return r;
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        reports.mark(uri);
      },
    },
  };
}

/**
 * Register the commands and start the client. `create` makes a fresh client (for restarts)
 * with the one `RestartHandler` it is given, so "restarted" is said once per session.
 */
export async function startClient(context: vscode.ExtensionContext, create: (restarts: RestartHandler, reports: Reports) => BaseLanguageClient, output: vscode.LogOutputChannel): Promise<ZhenApi> {
  const restarts = new RestartHandler(output);
  const reports = new Reports(context);
  let client = create(restarts, reports);
  const posts = new PostTracker(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('zhen.fixAll', (arg?: unknown) => fixAll(client, posts, arg)),
    vscode.commands.registerCommand(APPLY_FIX_WITH_INPUT, (args: ApplyFixWithInputArgs) => applyFixWithInput(client, args)),
    vscode.commands.registerCommand('zhen.citeSource', () => citeSource(client, posts)),
    vscode.commands.registerCommand('zhen.createConfig', () => createConfig()),
    vscode.commands.registerCommand('zhen.restartServer', async () => {
      await client.stop().catch(() => undefined);
      client = create(restarts, reports);
      await client.start();
    }),
    vscode.commands.registerCommand('zhen.recheckWorkspace', () => recheckWorkspace(client)),
    // Restricted Mode ended: the server applies the workspace's whole config from now on.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(DidGrantWorkspaceTrustNotification).catch(() => undefined)),
    { dispose: () => void client.stop().catch(() => undefined) },
  );
  registerGlossary(context, () => client);
  const statusText = registerStatusBar(context, reports);
  await client.start();
  return {
    serverNotices: restarts.notices,
    serverInfo: () => client.sendRequest<ServerInfo>(ServerInfoRequest),
    statusText,
  };
}

const isPost = (doc: vscode.TextDocument | undefined): doc is vscode.TextDocument => !!doc && doc.languageId === 'markdown' && doc.uri.scheme !== GLOSSARY_SCHEME;

/**
 * The post a command is about: the active Markdown editor, else the last one that was active
 * and is still open (a walkthrough button or the command palette over a webview leaves no active
 * text editor), else the only visible one.
 */
class PostTracker {
  private last?: vscode.Uri;

  constructor(context: vscode.ExtensionContext) {
    const note = (e: vscode.TextEditor | undefined) => {
      if (isPost(e?.document)) this.last = e!.document.uri;
    };
    note(vscode.window.activeTextEditor);
    context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(note));
  }

  current(): { doc: vscode.TextDocument; editor?: vscode.TextEditor } | undefined {
    const active = vscode.window.activeTextEditor;
    if (isPost(active?.document)) return { doc: active!.document, editor: active };
    const open = (u: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString());
    const last = this.last && open(this.last);
    if (isPost(last)) return { doc: last, editor: vscode.window.visibleTextEditors.find((e) => e.document === last) };
    const visible = vscode.window.visibleTextEditors.filter((e) => isPost(e.document));
    if (visible.length === 1) return { doc: visible[0].document, editor: visible[0] };
    return undefined;
  }

  /** The current post, or a notice with a button that opens one. */
  async require(): Promise<{ doc: vscode.TextDocument; editor?: vscode.TextEditor } | undefined> {
    const p = this.current();
    if (p) return p;
    const open = vscode.l10n.t('Open a Post');
    const picked = await vscode.window.showInformationMessage(vscode.l10n.t('Zhen: open a Markdown post first.'), open);
    if (picked === open) await vscode.commands.executeCommand('workbench.action.quickOpen', '.md');
    return undefined;
  }
}

/** `vscode.Uri`, `{ uri }` (the code lens and Ctrl+. entry) or a URI string. */
function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const u = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as { uri?: unknown }).uri === 'string' ? (arg as { uri: string }).uri : undefined;
  return u ? vscode.Uri.parse(u) : undefined;
}

/**
 * "Zhen: Re-check Workspace": the server re-reads `.zhen.yml`, rebuilds the workspace index
 * (progress reported through a work-done token into a notification) and refreshes the
 * diagnostics, the open files' and every post's (workspace diagnostics).
 */
async function recheckWorkspace(client: BaseLanguageClient): Promise<RecheckWorkspaceResult & { message: string }> {
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
  const files = result.files === 1 ? vscode.l10n.t('1 Markdown file') : vscode.l10n.t('{0} Markdown files', result.files);
  const folders = result.folders === 1 ? vscode.l10n.t('1 folder') : vscode.l10n.t('{0} folders', result.folders);
  const message = vscode.l10n.t('Zhen: re-checked {0} in {1}; their findings are in the Problems panel.', files, folders);
  void vscode.window.showInformationMessage(message);
  return { ...result, message };
}

async function applyAction(action: vscode.CodeAction | vscode.Command): Promise<boolean> {
  // A bare Command has a string `command`; a CodeAction has an optional Command object there.
  if (typeof action.command === 'string') {
    const c = action as vscode.Command;
    await vscode.commands.executeCommand(c.command, ...(c.arguments ?? []));
    return true;
  }
  const a = action as vscode.CodeAction;
  if (a.edit && !(await vscode.workspace.applyEdit(a.edit))) return false;
  if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
  return true;
}

/**
 * "Zhen: Fix All in This File" (also the code lens "Fix N typesetting problems" and the Ctrl+.
 * entry): the server fixes the post and applies the edit; the notification says what changed.
 * Returns the server's report.
 */
async function fixAll(client: BaseLanguageClient, posts: PostTracker, arg?: unknown): Promise<FixAllReport | undefined> {
  const uri = uriOf(arg) ?? (await posts.require())?.doc.uri;
  if (!uri) return undefined;
  // VS Code runs the command on the post as the user sees it: an unsaved edit is part of it.
  if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) await vscode.workspace.openTextDocument(uri);
  const report = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_FIX_ALL, arguments: [{ uri: uri.toString() }] }) as FixAllReport | undefined;
  if (!report) return undefined;
  void vscode.commands.executeCommand('setContext', 'zhen.walkthrough.fixedAll', true);
  void vscode.window.showInformationMessage(report.message);
  return report;
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

/**
 * "Zhen: Cite Source…": the server lists the fixes of the unlinked claims at the cursor (else of
 * the whole post), each with its claim's line and message; the picked one is applied. Returns what
 * was applied.
 */
async function citeSource(client: BaseLanguageClient, posts: PostTracker): Promise<{ title: string; line: number } | undefined> {
  const post = await posts.require();
  if (!post) return undefined;
  const { doc, editor } = post;
  const params: CiteChoicesParams = { uri: doc.uri.toString() };
  if (editor) params.range = client.code2ProtocolConverter.asRange(editor.selection);
  const result = await client.sendRequest<CiteChoicesResult>(CiteChoicesRequest, params);
  if (!result.choices.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Zhen: no unlinked claim to cite in this file.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    result.choices.map((c) => ({ label: c.title, description: vscode.l10n.t('line {0}', c.line + 1), detail: c.message, choice: c })),
    { title: vscode.l10n.t('Zhen: Cite Source'), placeHolder: vscode.l10n.t('Choose a fix for an unlinked claim'), matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  let action = picked.choice.action;
  // A lazy fix carries no edit until it is resolved.
  if (!action.edit && !action.command && action.data !== undefined) action = await client.sendRequest(CodeActionResolveRequest.type, action);
  const converted = await client.protocol2CodeConverter.asCodeAction(action);
  if (!(await applyAction(converted))) return undefined;
  void vscode.commands.executeCommand('setContext', 'zhen.walkthrough.cited', true);
  return { title: picked.choice.title, line: picked.choice.line };
}

/** "Zhen: Create .zhen.yml": a commented starter at the workspace folder's root (or the existing file), opened. */
async function createConfig(): Promise<vscode.Uri | undefined> {
  const post = vscode.window.activeTextEditor?.document.uri;
  const folder = (post && vscode.workspace.getWorkspaceFolder(post)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Zhen: open the folder of your blog first.'));
    return undefined;
  }
  for (const name of ['.zhen.yml', '.zhen.yaml']) {
    const existing = vscode.Uri.joinPath(folder.uri, name);
    const found = await vscode.workspace.fs.stat(existing).then(() => true, () => false);
    if (found) {
      await vscode.window.showTextDocument(existing);
      return existing;
    }
  }
  const uri = vscode.Uri.joinPath(folder.uri, '.zhen.yml');
  const zh = vscode.env.language.toLowerCase().startsWith('zh');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(starterConfig(zh)));
  await vscode.window.showTextDocument(uri);
  return uri;
}

/** The starter `.zhen.yml`: every key commented, valid as it is. */
export function starterConfig(zh: boolean): string {
  return zh
    ? `# Zhen 的设置（此博客）。保存后即生效；写错的项会在所在行标出，其余照常生效。
language: zh-cn            # 消息语言：en | zh-cn
rules:                     # 规则 id、规则族或 *：off | hint | info | warning | error
  # typo/cjk-latin-spacing: error
  # claim: warning
sources: []                # 已知来源，例如 - {name: Demandsage, url: https://…}
glossary: []               # 你的术语，例如 - {zh: 大语言模型, en: LLM}
ignore: []                 # 跳过的路径，例如 drafts/**
`
    : `# Zhen settings for this blog. They apply when saved; a mistake is shown at its line
# and the rest still applies.
language: en               # messages: en | zh-cn
rules:                     # rule id, family or *: off | hint | info | warning | error
  # typo/cjk-latin-spacing: error
  # claim: warning
sources: []                # known sources, e.g. - {name: Demandsage, url: https://…}
glossary: []               # your terms, e.g. - {zh: 大语言模型, en: LLM}
ignore: []                 # paths to skip, e.g. drafts/**
`;
}
