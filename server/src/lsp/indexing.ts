/**
 * The workspace folders and their indexes: folders added and removed (each with its `.zhen.yml`,
 * watched by the host when the client cannot watch files), index builds in the background with
 * progress (a new build cancels the one running), and the index kept current on edits (debounced,
 * as a background job of the scheduler) and on close (the file on disk counts again).
 */
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import { once, type Post } from '../core/index';
import { say } from './messages';
import type { Ctx } from './context';
import { safe } from './context';
import { CONFIG_FILES, Folder, yieldToEventLoop } from './folders';
import { BACKGROUND } from './scheduler';


/** Delay before an edited open document is re-summarised into the workspace index. */
const INDEX_DEBOUNCE_MS = 500;
export const MARKDOWN_RE = /\.(md|markdown)$/i;

export class Indexer {
  private build = 0;
  /** The latest build (each new one cancels the previous): resolves false when superseded. */
  latest: Promise<boolean> = Promise.resolve(true);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly stopWatching = new Map<Folder, () => void>();
  initialized = false;

  constructor(
    private readonly s: Ctx,
    /** Called when what diagnostics depend on changed (refresh them). */
    private readonly changed: () => void,
    /** A folder's config was (re)loaded: publish its problems. */
    private readonly configLoaded: (f: Folder) => void,
  ) {}

  get folders(): Folder[] {
    return this.s.configs.folders;
  }

  add(uri: string): void {
    const f = new Folder(uri, this.s.host, () => this.s.configs.client.trusted, () => this.s.configs.client.language);
    f.onSkip = (file, why) => this.s.log(`${file}: left out of the index: ${why}`);
    this.folders.push(f);
    // Its config is read once initialized: before that a server must not send requests, and the
    // web host reads files by asking the client.
    if (this.initialized) void f.ready();
    if (!this.s.caps.watcherRegistration) {
      const stop = this.watchConfigFallback(f);
      if (stop) this.stopWatching.set(f, stop);
    }
  }

  remove(uri: string): void {
    const i = this.folders.findIndex((f) => f.uri === uri.replace(/\/+$/, ''));
    if (i < 0) return;
    this.stopWatching.get(this.folders[i])?.();
    this.stopWatching.delete(this.folders[i]);
    this.folders.splice(i, 1);
  }

  async reloadConfig(folder: Folder): Promise<void> {
    await folder.reloadConfig();
    this.configLoaded(folder);
  }

  /** For clients that cannot watch files for us: the host watches `.zhen.yml` itself, if it can. */
  private watchConfigFallback(folder: Folder): (() => void) | undefined {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return this.s.host.watchRootFiles?.(folder.uri, CONFIG_FILES, () => {
      clearTimeout(timer);
      timer = setTimeout(
        safe(this.s, 'watch .zhen.yml', undefined, async () => {
          await this.reloadConfig(folder);
          this.changed();
          this.rebuild();
        }),
        100,
      );
    });
  }

  /** Rebuild every folder's index in the background. */
  rebuild(): void {
    void this.buildAll().catch((err) => this.s.logError('index', err));
  }

  /** Rebuild every folder's index; progress goes to `reporter` (a request's) or a server-created one. */
  buildAll(reporter?: WorkDoneProgressReporter): Promise<boolean> {
    const p = this.doBuild(reporter);
    this.latest = p;
    return p;
  }

  private async doBuild(reporter?: WorkDoneProgressReporter): Promise<boolean> {
    const build = ++this.build;
    const { connection, caps } = this.s;
    const language = this.s.configs.client.language;
    const progress = reporter ?? (caps.progressSupport ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined);
    progress?.begin('Zhen', 0, say(language, 'indexing'), false);
    const started = Date.now();
    let changed = false;
    let count = 0;
    try {
      for (const folder of [...this.folders]) {
        let lastPct = -1;
        const onProgress = (done: number, total: number) => {
          const pct = Math.floor((done / Math.max(total, 1)) * 100);
          if (pct === lastPct) return;
          lastPct = pct;
          progress?.report(pct, say(language, 'indexingFiles', { done, total }));
        };
        changed = (await folder.buildIndex((uri) => this.s.documents.get(uri)?.getText(), onProgress, () => build !== this.build)) || changed;
        count += folder.index.posts.size;
      }
    } finally {
      progress?.done();
    }
    if (build !== this.build) return false;
    this.s.log(`indexed ${count} Markdown file(s) in ${Date.now() - started} ms`);
    if (changed) this.changed();
    return true;
  }

  /** After the initial config load: publish problems, then build. */
  async start(): Promise<void> {
    this.initialized = true;
    for (const f of this.folders) {
      await f.ready();
      this.configLoaded(f);
    }
    await yieldToEventLoop();
    await this.buildAll();
  }

  /** An open document changed: re-summarise it after a pause, off the critical path. */
  edited(uri: string): void {
    const folder = this.s.configs.folderOf(uri);
    if (!folder || !MARKDOWN_RE.test(uri)) return; // only posts are indexed (not an open .zhen.yml)
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        const doc = this.s.documents.get(uri);
        if (!doc) return;
        const text = doc.getText();
        // The analysis of this text, when there is one, has parsed it already: only the summaries are made.
        const analysis = this.s.analyses.peek(uri, text);
        void (analysis ?? Promise.resolve(undefined))
          .catch(() => undefined)
          .then((a) => this.update(folder, uri, text, a?.post));
      }, INDEX_DEBOUNCE_MS),
    );
  }

  /** Re-summarise a file into its folder's index as a background job; refresh when that changed it. */
  private update(folder: Folder, uri: string, text: string | undefined, post?: Post): Promise<void> {
    return this.s.scheduler
      .schedule(() => once(() => folder.update(uri, text, post)), { priority: BACKGROUND })
      .promise.then((c) => void (c && this.changed()), (err) => this.s.logError('index update', err));
  }

  /** A document closed: the index held the editor's text; closed (perhaps unsaved), the file on disk counts again. */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const folder = this.s.configs.folderOf(uri);
    if (!folder || !MARKDOWN_RE.test(uri)) return;
    void this.s.host.readFile(uri).then((text) => {
      if (!this.s.documents.get(uri)) return this.update(folder, uri, text);
    });
  }

  /** A watched Markdown file changed on disk (not open): re-summarise it (a background job). */
  async fileChanged(uri: string, deleted: boolean): Promise<void> {
    const folder = this.s.configs.folderOf(uri);
    if (!folder || !MARKDOWN_RE.test(uri) || this.s.documents.get(uri)) return;
    await this.update(folder, uri, deleted ? undefined : await this.s.host.readFile(uri));
  }

  get held(): number {
    return this.timers.size;
  }
}
