/**
 * The whole blog's findings, not only the open files': every post of the workspace index that is
 * not open is checked (its text on disk, its folder's config, the index, so cross-post findings
 * too) on the scheduler's background class, and reported
 *   - to clients with pull diagnostics through `workspace/diagnostic`: content-keyed result ids
 *     (an unchanged post is reported `unchanged`), full reports streamed as partial results, and
 *     the request held open while nothing changed (the client polls again as soon as it returns);
 *   - to the others (Neovim 0.7, Helix, …) with `textDocument/publishDiagnostics`, a post at a
 *     time, only when its findings changed.
 * A change (the index, `.zhen.yml`, settings, a file on disk, a document closed) wakes it; work
 * starts after a pause and a newer change supersedes it between posts. The setting
 * `zhen.diagnostics.scope: openFiles` limits findings to the open files (the reported ones are cleared).
 */
import { DocumentDiagnosticReportKind, type CancellationToken, type Diagnostic, type ResultProgressReporter, type WorkspaceDiagnosticParams, type WorkspaceDiagnosticReport, type WorkspaceDiagnosticReportPartialResult, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { URI, Utils } from 'vscode-uri';
import { analyzePostSteps, ignoredByConfig, parse, type Config, type Workspace } from '../core/index';
import { hashText } from './analyses';
import { safe, type Ctx } from './context';
import { lineMap, toDiagnostic } from './convert';
import type { Folder } from './folders';
import { skipReason } from './limits';
import { BACKGROUND, Cancelled } from './scheduler';

/** Pause between a change and the work it causes (edits come in bursts). */
export const WORKSPACE_DEBOUNCE_MS = 400;
/** Full reports per partial result. */
const BATCH = 25;
const NONCE = Math.floor(Math.random() * 2 ** 32).toString(36);
const GONE = `${NONCE}.gone`;

interface Entry {
  key: string;
  resultId: string;
  items: Diagnostic[];
}

interface WorkspaceFile {
  folder: Folder;
  uri: string;
  path: string;
  config: Config;
}

export class WorkspaceDiagnostics {
  private readonly cache = new Map<string, Entry>();
  /** Bumped when any file changes on disk (a result computed meanwhile is not cached); `epoch` when all are read again. */
  private fileChanges = 0;
  private epoch = 0;
  private generation = 0;
  private wakers = new Set<() => void>();
  private readonly configIds = new WeakMap<Config, number>();
  private nextConfigId = 0;
  /** Push mode: what each post's last push was (its result id), and the round running. */
  private readonly pushed = new Map<string, string>();
  private pushTimer?: ReturnType<typeof setTimeout>;
  private pushRound = 0;

  constructor(private readonly s: Ctx) {}

  /** Anything the workspace's findings depend on may have changed. */
  changed(): void {
    this.generation++;
    for (const wake of [...this.wakers]) wake();
    if (!this.s.caps.pull) this.schedulePush();
  }

  /** A file changed on disk (or its editor closed): its text is read again. */
  fileChanged(uri: string): void {
    this.fileChanges++;
    this.cache.delete(uri);
    this.pushed.delete(uri);
    this.changed();
  }

  /** Every file is read again (Re-check Workspace). */
  reread(): void {
    this.epoch++;
    this.changed();
  }

  // ---- pull ---------------------------------------------------------------------------------

  /** `workspace/diagnostic`. */
  async pull(params: WorkspaceDiagnosticParams, token: CancellationToken, progress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>): Promise<WorkspaceDiagnosticReport> {
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    for (let since: number | undefined; ; ) {
      if (since !== undefined) await this.settle(token, since);
      const generation = (since = this.generation);
      const changed: WorkspaceDocumentDiagnosticReport[] = [];
      const unchanged: WorkspaceDocumentDiagnosticReport[] = [];
      const reported = new Set<string>();
      for (const f of await this.files()) {
        if (token.isCancellationRequested) throw new Cancelled();
        if (this.generation !== generation) break;
        const e = await this.entry(f, token).catch((err) => {
          if (err instanceof Cancelled) throw err;
          this.s.logError(`workspace diagnostics of ${f.uri}`, err);
          return undefined;
        });
        if (!e || this.s.documents.get(f.uri)) continue;
        reported.add(f.uri);
        if (previous.get(f.uri) === e.resultId) unchanged.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri: f.uri, version: null, resultId: e.resultId });
        else {
          changed.push({ kind: DocumentDiagnosticReportKind.Full, uri: f.uri, version: null, resultId: e.resultId, items: e.items });
          if (progress && changed.length % BATCH === 0) progress.report({ items: changed.slice(-BATCH) });
        }
      }
      if (this.generation !== generation) continue;
      // Reported before, gone now (deleted, ignored, opened, the scope narrowed): cleared once.
      for (const [uri, id] of previous) {
        if (reported.has(uri) || this.s.documents.get(uri)) continue;
        if (id === GONE) unchanged.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version: null, resultId: GONE });
        else changed.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: GONE, items: [] });
      }
      // Nothing new for the client: hold the request until something changes (it would ask again at once).
      if (!changed.length) continue;
      const streamed = progress ? changed.length - (changed.length % BATCH) : 0;
      return { items: [...changed.slice(streamed), ...unchanged] };
    }
  }

  /** Wait for a change after generation `since` (or the cancellation), then for a quiet moment. */
  private async settle(token: CancellationToken, since: number): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.generation !== since || token.isCancellationRequested) return resolve();
      const wake = () => {
        this.wakers.delete(wake);
        sub.dispose();
        resolve();
      };
      const sub = token.onCancellationRequested(wake);
      this.wakers.add(wake);
    });
    for (let g = -1; g !== this.generation && !token.isCancellationRequested; ) {
      g = this.generation;
      await new Promise((r) => setTimeout(r, WORKSPACE_DEBOUNCE_MS));
    }
    if (token.isCancellationRequested) throw new Cancelled();
  }

  // ---- push ---------------------------------------------------------------------------------

  private schedulePush(): void {
    clearTimeout(this.pushTimer);
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      void safe(this.s, 'workspace diagnostics (push)', undefined, () => this.pushAll())().catch(() => undefined);
    }, WORKSPACE_DEBOUNCE_MS);
  }

  private async pushAll(): Promise<void> {
    const round = ++this.pushRound;
    const stale = () => round !== this.pushRound;
    const current = new Set<string>();
    for (const f of await this.files()) {
      if (stale()) return;
      if (this.s.documents.get(f.uri)) continue; // an open document pushes its own
      const e = await this.entry(f).catch(() => undefined);
      if (!e || stale() || this.s.documents.get(f.uri)) continue;
      current.add(f.uri);
      if (this.pushed.get(f.uri) === e.resultId) continue;
      this.pushed.set(f.uri, e.resultId);
      await this.s.connection.sendDiagnostics({ uri: f.uri, diagnostics: e.items });
    }
    for (const uri of [...this.pushed.keys()]) {
      if (current.has(uri) || this.s.documents.get(uri)) continue;
      this.pushed.delete(uri);
      await this.s.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  /** A document was opened: its own pushes take over from the workspace's. */
  opened(uri: string): void {
    this.pushed.delete(uri);
  }

  // ---- the posts and their findings -----------------------------------------------------------

  /** The indexed posts of every folder whose scope is the workspace, with their config. */
  private async files(): Promise<WorkspaceFile[]> {
    const out: WorkspaceFile[] = [];
    for (const folder of [...this.s.configs.folders]) {
      const c = await this.s.configs.contextOfFolder(folder.uri);
      if (!c.enabled || c.settings.diagnostics.scope !== 'workspace') continue;
      for (const rel of folder.index.posts.keys()) {
        if (ignoredByConfig(c.config.ignore, rel)) continue;
        out.push({ folder, path: rel, uri: Utils.joinPath(URI.parse(folder.uri), ...rel.split('/')).toString(), config: c.config });
      }
    }
    return out;
  }

  private configId(c: Config): number {
    let id = this.configIds.get(c);
    if (id === undefined) this.configIds.set(c, (id = ++this.nextConfigId));
    return id;
  }

  /** A post's findings: cached while its file, its config and its folder's index are the same. */
  private async entry(f: WorkspaceFile, token?: CancellationToken): Promise<Entry | undefined> {
    const indexVersion = f.folder.index.version;
    const key = `${this.epoch}.${this.configId(f.config)}.${indexVersion}`;
    const changes = this.fileChanges;
    const cached = this.cache.get(f.uri);
    if (cached?.key === key) return cached;
    const text = await this.s.host.readFile(f.uri);
    if (text === undefined || skipReason(text)) {
      this.cache.delete(f.uri);
      return undefined;
    }
    const workspace: Workspace = { now: Date.now(), path: f.path, index: f.folder.index };
    const files = this.s.host.workspaceFiles(f.folder.uri);
    if (files) workspace.files = files;
    const config = f.config;
    const job = this.s.scheduler.schedule(
      function* (overBudget: () => boolean) {
        const post = parse(text, config);
        yield;
        return yield* analyzePostSteps(post, config, { ...workspace, overBudget });
      },
      { priority: BACKGROUND, cancelled: () => !!token?.isCancellationRequested },
    );
    const findings = await job.promise;
    const m = lineMap(text);
    const hash = hashText(text);
    const items = findings.map((x, i) => toDiagnostic(m, x, hash, i));
    // Keyed by what is reported (the text's hash is in each item's data): a post whose findings the
    // index change did not touch stays `unchanged` for the client.
    const e: Entry = { key, resultId: `${NONCE}.${hashText(JSON.stringify(items))}`, items };
    // A file changed on disk while this one was read and checked: it may have been this one.
    if (changes === this.fileChanges) this.cache.set(f.uri, e);
    return e;
  }

  /** Entries kept (for the server's info; not per open document). */
  get size(): number {
    return this.cache.size;
  }
}
