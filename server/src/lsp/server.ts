/**
 * Zhen's language server, transport-agnostic: `startServer(connection, host)` wires the core
 * (`core/index.ts`) to LSP. The Node shim (`node/serverMain.ts`) and the web-worker shim
 * (`browser/main.ts`) create the connection and the host; from here on nothing is
 * platform-specific.
 *
 * One edit, end to end: didChange (incremental) → settings for the document (cached per uri)
 * + its folder's `.zhen.yml` → `analyzePost` → `convert.ts` → diagnostics, pulled by the client
 * (`textDocument/diagnostic`) or pushed (debounced, stale work dropped) to clients without pull.
 * Every handler is wrapped: whatever throws is logged, and the server keeps serving.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import ignore from 'ignore';
import { URI, Utils } from 'vscode-uri';
import { analyzePost, completionsAt, glossaryCard, glossaryList, hoverAt, normalizeLanguage, parse, ParseCache, resolveConfig, type Config, type Finding, type Language, type Post, type Workspace } from '../core/index';
import { configProblemToDiagnostic, lineMap, toCompletionItem, toDiagnostic, toOffset, toRange, type LineMap } from './convert';
import { configEditWorkspaceEdit, disableActions, fixAllAction, quickFixes, type ClientEditCaps } from './codeActions';
import {
  APPLY_CONFIG_EDIT,
  DidGrantWorkspaceTrustNotification,
  FIX_ALL_KIND,
  GlossaryCardRequest,
  GlossaryRequest,
  IndexStatusRequest,
  RecheckWorkspaceRequest,
  ServerInfoRequest,
  type ApplyConfigEditArgs,
  type GlossaryCardParams,
  type GlossaryCardResult,
  type GlossaryParams,
  type GlossaryResult,
  type IndexStatus,
  type RecheckWorkspaceResult,
  type ServerInfo,
  type ZhenInitializationOptions,
} from './protocol';
import { CONFIG_FILES, Folder, yieldToEventLoop } from './folders';
import type { ServerHost } from './host';
import { DEFAULT_SETTINGS, configLayers, normalizeSettings, type ZhenSettings } from './settings';

/** The progress texts of indexing, in the client's display language. */
const INDEXING: Record<Language, string> = { en: 'Indexing Markdown files…', 'zh-cn': '正在索引 Markdown 文件…' };
const FILES: Record<Language, (done: number, total: number) => string> = {
  en: (done, total) => `${done}/${total} files`,
  'zh-cn': (done, total) => `${done}/${total} 个文件`,
};

/** Delay between the last keystroke and pushed diagnostics (clients without pull). */
const PUSH_DEBOUNCE_MS = 150;
/** Delay before an edited open document is re-summarised into the workspace index. */
const INDEX_DEBOUNCE_MS = 500;
const MARKDOWN_RE = /\.(md|markdown)$/i;

/** One analysis of one document version under one config and index state. */
interface Analysis {
  key: string;
  version: number;
  enabled: boolean;
  map: LineMap;
  post: Post;
  config: Config;
  workspace: Workspace;
  findings: Finding[];
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

export function startServer(connection: Connection, host: ServerHost): void {
  const documents = new TextDocuments(TextDocument);
  const folders: Folder[] = [];
  const stopWatching = new Map<Folder, () => void>();
  const settingsCache = new Map<string, Promise<ZhenSettings>>();
  const analyses = new Map<string, { key: string; result: Promise<Analysis> }>();
  /** Per open document: the parsed pieces of its last version, so an edit re-parses only its piece. */
  const parseCaches = new Map<string, ParseCache>();
  const pushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const pushGeneration = new Map<string, number>();
  const indexTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let settingsGeneration = 0;
  let indexBuild = 0;
  let clientLanguage: Language = 'en';
  let pull = false;
  let refreshSupport = false;
  let configurationSupport = false;
  let watcherRegistration = false;
  let workspaceFoldersSupport = false;
  let configRegistration = false;
  let initialized = false;
  let progressSupport = false;
  /** False in an untrusted workspace (VS Code's Restricted Mode) until the user trusts it: see trust.ts. */
  let trusted = true;
  let globalSettings: unknown;
  let editCaps: ClientEditCaps = { documentChanges: false, resourceOperations: new Set(), inputCommand: false };
  /** Config diagnostics currently shown, per `.zhen.yml` uri. */
  const configDiagnosticsShown = new Set<string>();

  const log = (msg: string) => connection.console.log(`[zhen] ${msg}`);
  const logError = (where: string, err: unknown) =>
    connection.console.error(`[zhen] ${where} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);

  /** Run a handler; on error log it and answer `fallback`. */
  function safe<P extends unknown[], R>(where: string, fallback: R, fn: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
    return async (...args: P) => {
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof ResponseError) throw err; // deliberate protocol answers (cancellation)
        logError(where, err);
        return fallback;
      }
    };
  }

  // ---- folders, settings, analysis -------------------------------------------------------

  function folderOf(uri: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of folders) if (f.contains(uri) && (!best || f.path.length > best.path.length)) best = f;
    return best;
  }

  function settingsFor(uri: string): Promise<ZhenSettings> {
    let s = settingsCache.get(uri);
    if (!s) {
      s = configurationSupport
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'zhen' }).then(normalizeSettings, (err) => {
            logError('workspace/configuration', err);
            return DEFAULT_SETTINGS;
          })
        : Promise.resolve(normalizeSettings((globalSettings as { zhen?: unknown } | undefined)?.zhen));
      settingsCache.set(uri, s);
    }
    return s;
  }

  function analysisKey(doc: TextDocument, settingsGen: number, folder: Folder | undefined): string {
    return `${doc.version}:${settingsGen}:${folder ? `${folder.configGeneration}:${folder.index.version}` : '-'}`;
  }

  /** The analysis of the document's current version (cached while nothing it depends on changes). */
  async function analysisFor(doc: TextDocument): Promise<Analysis> {
    const folder = folderOf(doc.uri);
    // The generation the settings were asked in: if they change meanwhile, this result is not reused.
    const settingsGen = settingsGeneration;
    const settings = await settingsFor(doc.uri);
    if (folder) await folder.ready();
    const current = documents.get(doc.uri) ?? doc;
    const key = analysisKey(current, settingsGen, folder);
    const cached = analyses.get(doc.uri);
    if (cached && cached.key === key) return cached.result;
    const result = Promise.resolve().then(() => analyze(current, folder, settings, key));
    analyses.set(doc.uri, { key, result });
    return result;
  }

  function analyze(doc: TextDocument, folder: Folder | undefined, settings: ZhenSettings, key: string): Analysis {
    const text = doc.getText();
    const config = resolveConfig(...configLayers(settings, folder?.config.config ?? {}, clientLanguage, trusted));
    const workspace = workspaceOf(folder, doc.uri);
    let cache = parseCaches.get(doc.uri);
    if (!cache) parseCaches.set(doc.uri, (cache = new ParseCache()));
    const post = parse(text, config, cache);
    // `ignore` globs of .zhen.yml (root-relative, gitignore syntax): such files are not checked.
    const ignored = !!workspace.path && config.ignore.length > 0 && ignore().add(config.ignore).ignores(workspace.path);
    const enabled = settings.enable && !ignored;
    const findings = enabled ? analyzePost(post, config, workspace) : [];
    return { key, version: doc.version, enabled, map: { text, lineStarts: post.lineStarts }, post, config, workspace, findings };
  }

  function workspaceOf(folder: Folder | undefined, docUri?: string): Workspace {
    const workspace: Workspace = { now: Date.now() };
    if (folder) {
      const path = docUri ? folder.relativePath(docUri) : undefined;
      if (path) workspace.path = path;
      const files = host.workspaceFiles(folder.uri);
      if (files) workspace.files = files;
      workspace.index = folder.index;
    }
    return workspace;
  }

  /**
   * What a request about a document or folder sees: an open document's own analysis, else an
   * empty post under the folder's config and settings (for the glossary view).
   */
  async function contextFor(uri: string | undefined): Promise<{ post: Post; config: Config; workspace: Workspace; folder?: Folder }> {
    const doc = uri ? documents.get(uri) : undefined;
    if (doc) {
      const a = await analysisFor(doc);
      return { post: a.post, config: a.config, workspace: a.workspace, folder: folderOf(doc.uri) };
    }
    const bare = uri?.replace(/\/+$/, '');
    const folder = (bare ? (folderOf(bare) ?? folders.find((f) => f.uri === bare)) : undefined) ?? folders[0];
    const scope = bare ?? folder?.uri;
    const settings = scope ? await settingsFor(scope) : DEFAULT_SETTINGS;
    if (folder) await folder.ready();
    const config = resolveConfig(...configLayers(settings, folder?.config.config ?? {}, clientLanguage, trusted));
    return { post: parse('', config), config, workspace: workspaceOf(folder), folder };
  }

  /** Everything cached is dropped: settings are asked again and every open document is re-analysed. */
  function invalidateAnalyses(): void {
    settingsCache.clear();
    settingsGeneration++;
    analyses.clear();
  }

  function diagnosticsOf(a: Analysis): Diagnostic[] {
    return a.findings.map((f) => toDiagnostic(a.map, f, a.version));
  }

  // ---- push diagnostics (clients without pull) ------------------------------------------

  function schedulePush(uri: string, delay: number): void {
    if (pull) return;
    clearTimeout(pushTimers.get(uri));
    pushTimers.set(
      uri,
      setTimeout(() => {
        pushTimers.delete(uri);
        void pushNow(uri);
      }, delay),
    );
  }

  const pushNow = safe('publishDiagnostics', undefined, async (uri: string) => {
    const gen = (pushGeneration.get(uri) ?? 0) + 1;
    pushGeneration.set(uri, gen);
    const doc = documents.get(uri);
    if (!doc) return;
    const a = await analysisFor(doc);
    // Stale: the document changed or another run started meanwhile.
    if (pushGeneration.get(uri) !== gen || documents.get(uri)?.version !== a.version) return;
    await connection.sendDiagnostics({ uri, version: a.version, diagnostics: diagnosticsOf(a) });
  });

  /** Everything a diagnostic depends on may have changed: re-pull or re-push. */
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  function refreshDiagnostics(): void {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      if (pull) {
        if (refreshSupport) connection.languages.diagnostics.refresh().catch((err) => logError('workspace/diagnostic/refresh', err));
      } else {
        for (const d of documents.all()) schedulePush(d.uri, 0);
      }
    }, 50);
  }

  // ---- .zhen.yml ---------------------------------------------------------------------------

  async function reloadConfig(folder: Folder): Promise<void> {
    await folder.reloadConfig();
    publishConfigProblems(folder);
  }

  function publishConfigProblems(folder: Folder): void {
    const c = folder.config;
    const diagnostics = c.text !== undefined ? c.problems.map((p) => configProblemToDiagnostic(lineMap(c.text!), p)) : [];
    if (diagnostics.length) {
      log(`${c.uri}: ${diagnostics.length} problem(s); serving with the valid rest`);
      configDiagnosticsShown.add(c.uri);
    } else if (!configDiagnosticsShown.has(c.uri)) return;
    else configDiagnosticsShown.delete(c.uri);
    connection.sendDiagnostics({ uri: c.uri, diagnostics }).catch((err) => logError('publishDiagnostics', err));
  }

  function addFolder(uri: string): void {
    const f = new Folder(uri, host, () => trusted);
    folders.push(f);
    // Its config is read once initialized: before that a server must not send requests, and the
    // web host reads files by asking the client.
    if (initialized) void f.ready();
    if (!watcherRegistration) {
      const stop = watchConfigFallback(f);
      if (stop) stopWatching.set(f, stop);
    }
  }

  /** For clients that cannot watch files for us: the host watches `.zhen.yml` itself, if it can. */
  function watchConfigFallback(folder: Folder): (() => void) | undefined {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return host.watchRootFiles?.(folder.uri, CONFIG_FILES, () => {
      clearTimeout(timer);
      timer = setTimeout(
        safe('watch .zhen.yml', undefined, async () => {
          await reloadConfig(folder);
          refreshDiagnostics();
          void buildIndexes().catch((err) => logError('index', err));
        }),
        100,
      );
    });
  }

  // ---- workspace index -------------------------------------------------------------------

  /** The latest index build (each new one cancels the previous): resolves false when superseded. */
  let latestBuild: Promise<boolean> = Promise.resolve(true);

  /** Rebuild every folder's index; progress goes to `reporter` (a request's) or a server-created one. */
  function buildIndexes(reporter?: WorkDoneProgressReporter): Promise<boolean> {
    const p = doBuildIndexes(reporter);
    latestBuild = p;
    return p;
  }

  async function doBuildIndexes(reporter?: WorkDoneProgressReporter): Promise<boolean> {
    const build = ++indexBuild;
    const progress = reporter ?? (progressSupport ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined);
    progress?.begin('Zhen', 0, INDEXING[clientLanguage], false);
    const started = Date.now();
    let changed = false;
    let count = 0;
    try {
      for (const folder of [...folders]) {
        let lastPct = -1;
        changed =
          (await folder.buildIndex(
            (uri) => documents.get(uri)?.getText(),
            (done, total) => {
              const pct = Math.floor((done / Math.max(total, 1)) * 100);
              if (pct !== lastPct) {
                lastPct = pct;
                progress?.report(pct, FILES[clientLanguage](done, total));
              }
            },
            () => build !== indexBuild,
          )) || changed;
        count += folder.index.posts.size;
      }
    } finally {
      progress?.done();
    }
    if (build !== indexBuild) return false;
    log(`indexed ${count} Markdown file(s) in ${Date.now() - started} ms`);
    if (changed) refreshDiagnostics();
    return true;
  }

  function scheduleIndexUpdate(uri: string): void {
    const folder = folderOf(uri);
    if (!folder) return;
    clearTimeout(indexTimers.get(uri));
    indexTimers.set(
      uri,
      setTimeout(() => {
        indexTimers.delete(uri);
        const doc = documents.get(uri);
        if (doc && folder.update(uri, doc.getText())) refreshDiagnostics();
      }, INDEX_DEBOUNCE_MS),
    );
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pull = !!caps.textDocument?.diagnostic;
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    configurationSupport = !!caps.workspace?.configuration;
    watcherRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    progressSupport = !!caps.window?.workDoneProgress;
    workspaceFoldersSupport = !!caps.workspace?.workspaceFolders;
    configRegistration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    clientLanguage = normalizeLanguage(params.locale);
    const options = (params.initializationOptions ?? {}) as ZhenInitializationOptions;
    trusted = options.workspaceTrusted !== false;
    if (!trusted) log('untrusted workspace (Restricted Mode): schema files named by the config are not loaded');
    editCaps = {
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      resourceOperations: new Set(caps.workspace?.workspaceEdit?.resourceOperations ?? []),
      inputCommand: options.applyFixWithInput === true,
    };
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    for (const uri of roots) addFolder(uri);

    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [APPLY_CONFIG_EDIT] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', '-', '/', '['] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'zhen', version: '0.1.0' },
    };
    if (pull) result.capabilities.diagnosticProvider = { identifier: 'zhen', interFileDependencies: true, workspaceDiagnostics: false };
    return result;
  });

  connection.onInitialized(
    safe('initialized', undefined, async () => {
      initialized = true;
      for (const f of folders) void f.ready();
      // Without this the VS Code client sends no didChangeConfiguration at all.
      // A client that refuses a registration still gets everything else.
      if (configRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'zhen' }).catch((err) => logError('register didChangeConfiguration', err));
      }
      if (watcherRegistration) {
        await connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.zhen.{yml,yaml}' }, { globPattern: '**/*.{md,markdown}' }] })
          .catch((err) => logError('register didChangeWatchedFiles', err));
      }
      if (workspaceFoldersSupport) {
        connection.workspace.onDidChangeWorkspaceFolders(
          safe('didChangeWorkspaceFolders', undefined, async (e) => {
            for (const r of e.removed) {
              const i = folders.findIndex((f) => f.uri === r.uri.replace(/\/+$/, ''));
              if (i < 0) continue;
              stopWatching.get(folders[i])?.();
              stopWatching.delete(folders[i]);
              folders.splice(i, 1);
            }
            for (const a of e.added) addFolder(a.uri);
            for (const f of folders) await reloadConfig(f);
            refreshDiagnostics();
            void buildIndexes().catch((err) => logError('index', err));
          }),
        );
      }
      for (const f of folders) {
        await f.ready();
        publishConfigProblems(f);
      }
      await yieldToEventLoop();
      await buildIndexes();
    }),
  );

  // ---- documents -----------------------------------------------------------------------------

  documents.onDidOpen(
    safe('didOpen', undefined, (e) => {
      schedulePush(e.document.uri, 0);
    }),
  );
  documents.onDidChangeContent(
    safe('didChange', undefined, (e) => {
      schedulePush(e.document.uri, PUSH_DEBOUNCE_MS);
      scheduleIndexUpdate(e.document.uri);
    }),
  );
  documents.onDidClose(
    safe('didClose', undefined, (e) => {
      const uri = e.document.uri;
      clearTimeout(pushTimers.get(uri));
      pushTimers.delete(uri);
      pushGeneration.set(uri, (pushGeneration.get(uri) ?? 0) + 1);
      analyses.delete(uri);
      parseCaches.delete(uri);
      settingsCache.delete(uri);
      if (!pull) void connection.sendDiagnostics({ uri, diagnostics: [] });
      // The index held the editor's text; closed (perhaps unsaved), the file on disk counts again.
      clearTimeout(indexTimers.get(uri));
      indexTimers.delete(uri);
      const folder = folderOf(uri);
      if (folder && MARKDOWN_RE.test(uri)) {
        void host.readFile(uri).then((text) => {
          if (!documents.get(uri) && folder.update(uri, text)) refreshDiagnostics();
        });
      }
    }),
  );

  connection.languages.diagnostics.on(
    safe('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, async (params, token) => {
      // Let a $/cancelRequest that is already queued (fast typing) arrive before the work starts.
      await yieldToEventLoop();
      if (token.isCancellationRequested) throw cancelled();
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const a = await analysisFor(doc);
      if (token.isCancellationRequested) throw cancelled();
      if (params.previousResultId === a.key) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: a.key };
      return { kind: DocumentDiagnosticReportKind.Full, resultId: a.key, items: diagnosticsOf(a) };
    }),
  );

  // ---- settings and watched files ------------------------------------------------------------

  connection.onDidChangeConfiguration(
    safe('didChangeConfiguration', undefined, (params) => {
      globalSettings = params.settings;
      settingsCache.clear();
      settingsGeneration++;
      refreshDiagnostics();
    }),
  );

  connection.onDidChangeWatchedFiles(
    safe('didChangeWatchedFiles', undefined, async (params) => {
      let configChanged = false;
      let indexChanged = false;
      for (const change of params.changes) {
        const folder = folderOf(change.uri);
        if (!folder) continue;
        if (folder.isConfigFile(change.uri)) {
          await reloadConfig(folder);
          configChanged = true;
        } else if (MARKDOWN_RE.test(change.uri) && !documents.get(change.uri)) {
          const text = change.type === FileChangeType.Deleted ? undefined : await host.readFile(change.uri);
          indexChanged = folder.update(change.uri, text) || indexChanged;
        }
      }
      if (configChanged) {
        refreshDiagnostics();
        void buildIndexes().catch((err) => logError('index', err));
      } else if (indexChanged) refreshDiagnostics();
    }),
  );

  // ---- code actions, commands, hover, completion --------------------------------------------

  connection.onCodeAction(
    safe('textDocument/codeAction', [] as CodeAction[], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const a = await analysisFor(doc);
      if (!a.enabled) return [];
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
      const out: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        const folder = folderOf(doc.uri);
        const resolvePath = (rel: string) => (folder ? Utils.joinPath(URI.parse(folder.uri), ...rel.split('/')).toString() : undefined);
        out.push(...quickFixes(doc.uri, a.version, params.context.diagnostics, editCaps, resolvePath));
        out.push(...disableActions(doc.uri, a.version, params.context.diagnostics, a.post, a.map, editCaps));
      }
      // Only when asked for by kind (fix on save, "Fix all"): not on every lightbulb request, as it re-analyses.
      if (only && wants(FIX_ALL_KIND)) {
        const fixAll = fixAllAction(doc.uri, a.version, a.map, a.post, a.findings, (text) => parse(text, a.config), (post) => analyzePost(post, a.config, a.workspace), editCaps);
        if (fixAll) out.push(fixAll);
      }
      return out;
    }),
  );

  connection.onExecuteCommand(
    safe('workspace/executeCommand', undefined as unknown, async (params) => {
      if (params.command !== APPLY_CONFIG_EDIT) return undefined;
      const args = params.arguments?.[0] as ApplyConfigEditArgs | undefined;
      if (!args || typeof args.key !== 'string' || !args.item || typeof args.item !== 'object') throw new Error('zhen.applyConfigEdit: missing { uri, key, item }');
      const folder = folderOf(args.uri) ?? folders[0];
      const ymlUri = folder ? folder.config.uri : Utils.joinPath(Utils.dirname(URI.parse(args.uri)), '.zhen.yml').toString();
      const refusal = await host.editRefusal?.(ymlUri);
      if (refusal) {
        void connection.sendNotification('window/showMessage', { type: 2 /* Warning */, message: `Zhen did not change ${ymlUri}: ${refusal}` });
        return false;
      }
      const existing = await host.readFile(ymlUri);
      const edit = configEditWorkspaceEdit(ymlUri, existing, args.key, args.item, editCaps, lineMap);
      const r = await connection.workspace.applyEdit({ label: `Add to ${args.key} in .zhen.yml`, edit });
      if (!r.applied) log(`the client did not apply the edit to ${ymlUri}${r.failureReason ? `: ${r.failureReason}` : ''}`);
      return r.applied;
    }),
  );

  connection.onHover(
    safe('textDocument/hover', null, async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const a = await analysisFor(doc);
      if (!a.enabled) return null;
      const h = hoverAt(a.post, toOffset(a.map, params.position), a.findings, a.config, a.workspace);
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: toRange(a.map, h.span) } : null;
    }),
  );

  connection.onCompletion(
    safe('textDocument/completion', [], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const a = await analysisFor(doc);
      if (!a.enabled) return [];
      return completionsAt(a.post, toOffset(a.map, params.position), a.config, a.workspace).map((c) => toCompletionItem(a.map, c));
    }),
  );

  connection.onRequest(
    GlossaryRequest,
    safe('zhen/glossary', { language: clientLanguage, entries: [] } as GlossaryResult, async (params?: GlossaryParams): Promise<GlossaryResult> => {
      const { config, folder } = await contextFor(params?.uri);
      const result: GlossaryResult = { language: config.language, entries: glossaryList(config) };
      if (folder?.config.exists) result.configUri = folder.config.uri;
      return result;
    }),
  );

  connection.onRequest(
    GlossaryCardRequest,
    safe('zhen/glossaryCard', null as GlossaryCardResult, async (params: GlossaryCardParams): Promise<GlossaryCardResult> => {
      if (!params || typeof params.term !== 'string') return null;
      const { post, config, workspace } = await contextFor(params.uri);
      return glossaryCard(params.term, post, config, workspace) ?? null;
    }),
  );

  connection.onRequest(
    RecheckWorkspaceRequest,
    safe('zhen/recheckWorkspace', { folders: 0, files: 0, documents: 0 } as RecheckWorkspaceResult, async (params?: { workDoneToken?: string | number }): Promise<RecheckWorkspaceResult> => {
      const reporter = params?.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken) : undefined;
      for (const f of folders) await reloadConfig(f);
      invalidateAnalyses();
      // A build started meanwhile (a file changed) supersedes this one: wait for the newest.
      let p = buildIndexes(reporter);
      while (!(await p)) p = latestBuild;
      refreshDiagnostics();
      return { folders: folders.length, files: folders.reduce((n, f) => n + f.index.posts.size, 0), documents: documents.all().length };
    }),
  );

  connection.onRequest(
    ServerInfoRequest,
    safe('zhen/serverInfo', { trusted } as ServerInfo, (): ServerInfo => {
      // On Node, the process to kill in the restart test; a web worker has none.
      const pid = (globalThis as { process?: { pid?: unknown } }).process?.pid;
      return typeof pid === 'number' ? { pid, trusted } : { trusted };
    }),
  );

  connection.onNotification(
    DidGrantWorkspaceTrustNotification,
    safe('zhen/didGrantWorkspaceTrust', undefined, async () => {
      if (trusted) return;
      trusted = true;
      log('the workspace is trusted now: its whole config applies');
      for (const f of folders) await reloadConfig(f);
      invalidateAnalyses();
      refreshDiagnostics();
      void buildIndexes().catch((err) => logError('index', err));
    }),
  );

  connection.onRequest(
    IndexStatusRequest,
    safe('zhen/indexStatus', { folders: [] } as IndexStatus, (): IndexStatus => ({
      folders: folders.map((f) => ({ uri: f.uri, posts: [...f.index.posts.keys()].sort(), version: f.index.version, configVersion: f.configGeneration })),
    })),
  );

  documents.listen(connection);
  connection.listen();
}
