/**
 * Zhen's language server, transport-agnostic: `startServer(connection, host)` negotiates
 * capabilities and wires each LSP message to a handler of a few lines. The work is in modules:
 *   - `configs.ts`: settings per document and config layering (one resolved Config per content);
 *   - `analyses.ts`: the analysis cache, keyed by content, run on `scheduler.ts` in slices;
 *   - `diagnostics.ts`: pull and push, refresh, `.zhen.yml` problems;
 *   - `indexing.ts`: workspace folders and their indexes;
 *   - `actions.ts`: code actions, lazy fixes, commands.
 * The Node shim (`node/serverMain.ts`) and the web-worker shim (`browser/main.ts`) create the
 * connection (behind the lifecycle gate, `lifecycle.ts`) and the host.
 *
 * One edit, end to end: didChange (incremental) → a pull (or a debounced push) → `analysisOf`:
 * settings + `.zhen.yml` → Config, then the cached analysis of this text or a new job on the
 * scheduler → `convert.ts` → diagnostics. Every handler is wrapped (`safe`): whatever throws is
 * logged, and the server keeps serving.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completionsAt, hoverAt, normalizeLanguage } from '../core/index';
import { codeActions, executeCommand, resolveCodeAction } from './actions';
import { ConfigFiles } from './configFile';
import { codeLenses } from './fixAll';
import { registerRequests } from './requests';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';
import { Analyses } from './analyses';
import { Configs } from './configs';
import { analysisOf, isConfigDocument, safe, type ClientCaps, type Ctx } from './context';
import { toCompletionItem, toOffset, toRange } from './convert';
import { configAssist, configDocumentCompletion, configDocumentHover } from './zhenYml';
import { Publisher, PUSH_DEBOUNCE_MS } from './diagnostics';
import type { ServerHost } from './host';
import { Indexer } from './indexing';
import { APPLY_CONFIG_EDIT, APPLY_FIX, FIX_ALL_KIND, SERVER_FIX_ALL, type ZhenInitializationOptions } from './protocol';
import { INTERACTIVE, Scheduler } from './scheduler';

/** `busy`: messages wait to be dispatched (the lifecycle gate's count); the scheduler gives way to them. */
export function startServer(connection: Connection, host: ServerHost, o: { busy?: () => boolean } = {}): void {
  const documents = new TextDocuments(TextDocument);
  const log = (msg: string) => connection.console.log(`[zhen] ${msg}`);
  const logError = (where: string, err: unknown) => connection.console.error(`[zhen] ${where} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  const caps: ClientCaps = { pull: false, refreshSupport: false, progressSupport: false, configRegistration: false, watcherRegistration: false, workspaceFoldersSupport: false, showDocument: false, edit: { documentChanges: false, resourceOperations: new Set(), inputCommand: false } };
  const configs = new Configs(connection, { configurationSupport: false, globalSettings: undefined, language: 'en', trusted: true }, logError);
  const scheduler = new Scheduler({ busy: o.busy });
  const s: Ctx = { connection, documents, host, configs, analyses: new Analyses(scheduler, host), scheduler, caps, log, logError };
  const publisher = new Publisher(s);
  const workspace = new WorkspaceDiagnostics(s);
  const configFiles = new ConfigFiles(s);
  publisher.onRefresh = () => workspace.changed();
  const indexer = new Indexer(s, () => publisher.refresh(), (f) => {
    configFiles.publish(f);
    publisher.publishSiteProblems(f);
  });
  const client = configs.client;
  /** Settings, trust or a config changed: every analysis is stale and the index is rebuilt. */
  const reconfigure = async () => {
    for (const f of configs.folders) await indexer.reloadConfig(f);
    configs.invalidate();
    s.analyses.clear();
    publisher.refresh();
  };

  // ---- lifecycle -----------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const c = params.capabilities;
    caps.pull = !!c.textDocument?.diagnostic;
    caps.refreshSupport = !!c.workspace?.diagnostics?.refreshSupport;
    caps.progressSupport = !!c.window?.workDoneProgress;
    caps.watcherRegistration = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    caps.workspaceFoldersSupport = !!c.workspace?.workspaceFolders;
    caps.configRegistration = !!c.workspace?.didChangeConfiguration?.dynamicRegistration;
    caps.showDocument = !!c.window?.showDocument?.support;
    caps.relatedInformation = !!c.textDocument?.publishDiagnostics?.relatedInformation;
    client.configurationSupport = !!c.workspace?.configuration;
    client.language = normalizeLanguage(params.locale);
    const options = (params.initializationOptions ?? {}) as ZhenInitializationOptions;
    client.trusted = options.workspaceTrusted !== false;
    configAssist.schemaElsewhere = options.yamlSchemaElsewhere === true;
    if (!client.trusted) log('untrusted workspace (Restricted Mode): schema files named by the config are not loaded');
    caps.edit = {
      documentChanges: !!c.workspace?.workspaceEdit?.documentChanges,
      resourceOperations: new Set(c.workspace?.workspaceEdit?.resourceOperations ?? []),
      inputCommand: options.applyFixWithInput === true,
      resolveEdit: !!c.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit'),
    };
    for (const uri of params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : [])) indexer.add(uri);
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        executeCommandProvider: { commands: [APPLY_CONFIG_EDIT, APPLY_FIX, SERVER_FIX_ALL] },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', '-', '/', '['] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'zhen', version: '0.1.0' },
    };
    if (caps.pull) result.capabilities.diagnosticProvider = { identifier: 'zhen', interFileDependencies: true, workspaceDiagnostics: true };
    return result;
  });

  connection.onInitialized(
    safe(s, 'initialized', undefined, async () => {
      // Without this the VS Code client sends no didChangeConfiguration at all. A client that refuses a registration still gets everything else.
      if (caps.configRegistration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'zhen' }).catch((err) => logError('register didChangeConfiguration', err));
      if (caps.watcherRegistration) {
        const watchers = [{ globPattern: '**/.zhen.{yml,yaml}' }, { globPattern: '**/*.{md,markdown}' }];
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((err) => logError('register didChangeWatchedFiles', err));
      }
      if (caps.workspaceFoldersSupport) {
        connection.workspace.onDidChangeWorkspaceFolders(
          safe(s, 'didChangeWorkspaceFolders', undefined, async (e) => {
            for (const r of e.removed) indexer.remove(r.uri);
            for (const a of e.added) indexer.add(a.uri);
            for (const f of configs.folders) await indexer.reloadConfig(f);
            publisher.refresh();
            indexer.rebuild();
          }),
        );
      }
      await indexer.start();
    }),
  );

  // ---- documents -----------------------------------------------------------------------------

  documents.onDidOpen(
    safe(s, 'didOpen', undefined, (e) => {
      publisher.schedule(e.document.uri, 0);
      workspace.opened(e.document.uri);
    }),
  );
  documents.onDidChangeContent(
    safe(s, 'didChange', undefined, (e) => {
      if (isConfigDocument(s, e.document.uri)) return configFiles.edited(e.document.uri);
      publisher.schedule(e.document.uri, PUSH_DEBOUNCE_MS);
      indexer.edited(e.document.uri);
    }),
  );
  documents.onDidClose(
    safe(s, 'didClose', undefined, (e) => {
      const uri = e.document.uri;
      if (isConfigDocument(s, uri)) return configFiles.closed(uri);
      publisher.forget(uri);
      s.analyses.forget(uri);
      configs.forget(uri);
      indexer.closed(uri);
      workspace.fileChanged(uri); // its findings come from the file on disk again
    }),
  );

  connection.languages.diagnostics.on(safe(s, 'textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, (params, token) => publisher.pull(params, token)));
  connection.languages.diagnostics.onWorkspace(safe(s, 'workspace/diagnostic', { items: [] }, (params, token, _work, progress) => workspace.pull(params, token, progress)));

  // ---- settings and watched files ------------------------------------------------------------

  connection.onDidChangeConfiguration(
    safe(s, 'didChangeConfiguration', undefined, (params) => {
      client.globalSettings = params.settings;
      configs.invalidate();
      publisher.refresh();
    }),
  );

  connection.onDidChangeWatchedFiles(
    safe(s, 'didChangeWatchedFiles', undefined, async (params) => {
      let configChanged = false;
      for (const change of params.changes) {
        const folder = configs.folderOf(change.uri);
        if (folder?.isConfigFile(change.uri)) {
          await indexer.reloadConfig(folder);
          configChanged = true;
        } else {
          workspace.fileChanged(change.uri);
          await indexer.fileChanged(change.uri, change.type === FileChangeType.Deleted);
        }
      }
      if (configChanged) {
        indexer.rebuild();
        publisher.refresh();
      }
    }),
  );

  // ---- code actions, commands, hover, completion --------------------------------------------

  connection.onCodeAction(safe(s, 'textDocument/codeAction', [] as CodeAction[], (params, token) => codeActions(s, params, token)));
  connection.onCodeActionResolve(safe(s, 'codeAction/resolve', undefined as unknown as CodeAction, async (action) => resolveCodeAction(s, action)));
  connection.onExecuteCommand(safe(s, 'workspace/executeCommand', undefined as unknown, (params) => executeCommand(s, params)));
  connection.onCodeLens(safe(s, 'textDocument/codeLens', [], (params, token) => codeLenses(s, params, token)));

  connection.onHover(
    safe(s, 'textDocument/hover', null, async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (doc && isConfigDocument(s, doc.uri)) return configDocumentHover(doc, params.position);
      const a = doc && (await analysisOf(s, doc, { priority: INTERACTIVE, token }));
      if (!a?.enabled) return null;
      const h = hoverAt(a.post, toOffset(a.map, params.position), a.findings, a.config, a.workspace);
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: toRange(a.map, h.span) } : null;
    }),
  );

  connection.onCompletion(
    safe(s, 'textDocument/completion', [], async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (doc && isConfigDocument(s, doc.uri)) return configDocumentCompletion(doc, params.position);
      const a = doc && (await analysisOf(s, doc, { priority: INTERACTIVE, token }));
      if (!a?.enabled) return [];
      return completionsAt(a.post, toOffset(a.map, params.position), a.config, a.workspace).map((c) => toCompletionItem(a.map, c));
    }),
  );

  registerRequests(s, {
    indexer,
    reconfigure,
    refresh: () => publisher.refresh(),
    reread: () => workspace.reread(),
    held: () => s.analyses.held + configs.held + publisher.held + indexer.held + configFiles.held,
  });

  documents.listen(connection);
  connection.listen();
}
