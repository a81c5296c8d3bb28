/**
 * Per workspace folder: its `.zhen.yml` (read, reloaded on change, problems kept as diagnostics,
 * last good config kept when the file is broken) and its workspace index (a summary per Markdown
 * file, built in the background and kept current).
 */
import { URI, Utils } from 'vscode-uri';
import { loadConfigText, summarize, summarizePost, type ConfigInput, type Language, type Post, type ConfigProblem, type PostSummary, type WorkspaceIndex } from '../core/index';
import type { ServerHost } from './host';
import { restrictConfig, restrictedProblems } from './trust';
import { skipReason } from './limits';

export const CONFIG_FILES = ['.zhen.yml', '.zhen.yaml'];

export interface FolderConfig {
  /** The config file's URI (existing, or where a new one would go). */
  uri: string;
  exists: boolean;
  text?: string;
  /** What analysis uses: the valid part of the file, or the last good config if the YAML is broken. */
  config: ConfigInput;
  problems: ConfigProblem[];
  /** The YAML cannot be read: `config` is the last good one (or none), and the user is told. */
  broken?: boolean;
}

/**
 * A `.zhen.yml` text read as the server uses it: its problems in the file's own `language`
 * (else the client's), and in an untrusted workspace without what Restricted Mode leaves out.
 */
export function readConfigFile(text: string, language: Language, trusted: boolean): { config: ConfigInput; problems: ConfigProblem[]; broken: boolean } {
  let loaded = loadConfigText(text, language);
  const own = loaded.config.language === 'en' || loaded.config.language === 'zh-cn' ? loaded.config.language : undefined;
  if (own && own !== language) loaded = loadConfigText(text, own);
  let { config, problems } = loaded;
  if (!trusted) {
    const restricted = restrictConfig(config);
    config = restricted.config;
    problems = [...problems, ...restrictedProblems(text, restricted.ignored, own ?? language)];
  }
  return { config, problems, broken: problems.some((p) => p.code === 'yaml') };
}

/** A mutable index: `version` is bumped on every meaningful change. */
export interface MutableIndex extends WorkspaceIndex {
  posts: Map<string, PostSummary>;
  version: number;
}

export class Folder {
  readonly uri: string;
  readonly path: string;
  config: FolderConfig;
  readonly index: MutableIndex = { posts: new Map(), version: 0 };
  /** Bumped on every config change, so cached analyses become stale. */
  configGeneration = 0;
  /** Told about a file left out of the index (binary or huge, see limits.ts). */
  onSkip?: (uri: string, reason: string) => void;
  private lastGood: ConfigInput = {};
  private loading?: Promise<void>;
  /** Set once a config was loaded: the trust it was loaded under. */
  private loadedFrom?: { trusted: boolean; language: Language };

  /**
   * `isTrusted`: false in an untrusted workspace (VS Code's Restricted Mode), where config that
   * could mislead is left out (`trust.ts`) and reported on the `.zhen.yml` line.
   */
  constructor(
    uri: string,
    private readonly host: ServerHost,
    private readonly isTrusted: () => boolean = () => true,
    /** The client's display language (config problems are written in it, unless the file sets `language`). */
    private readonly language: () => Language = () => 'en',
  ) {
    this.uri = uri.replace(/\/+$/, '');
    this.path = normalizePath(URI.parse(this.uri).path).replace(/\/+$/, '');
    this.config = { uri: `${this.uri}/${CONFIG_FILES[0]}`, exists: false, config: {}, problems: [] };
  }

  /** Root-relative POSIX path of a document URI inside this folder, or undefined. */
  relativePath(docUri: string): string | undefined {
    const u = URI.parse(docUri);
    const base = URI.parse(this.uri);
    if (u.scheme !== base.scheme || u.authority !== base.authority) return undefined;
    const prefix = this.path + '/';
    const path = normalizePath(u.path);
    return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
  }

  contains(docUri: string): boolean {
    return this.relativePath(docUri) !== undefined;
  }

  isConfigFile(uri: string): boolean {
    const rel = this.relativePath(uri);
    return rel !== undefined && CONFIG_FILES.includes(rel);
  }

  /** Wait for the first load (or a reload) of the config. */
  ready(): Promise<void> {
    return this.loading ?? this.reloadConfig();
  }

  /** Read the config file again. Never throws. */
  reloadConfig(): Promise<void> {
    const p = this.doReload();
    this.loading = p;
    return p;
  }

  private async doReload(): Promise<void> {
    let found: { uri: string; text: string } | undefined;
    for (const name of CONFIG_FILES) {
      const uri = Utils.joinPath(URI.parse(this.uri), name).toString();
      const text = await this.host.readFile(uri);
      if (text !== undefined) {
        found = { uri, text };
        break;
      }
    }
    // Keyed by content: the same text under the same trust keeps the same config object (and so
    // every cache keyed by it); a file of megabytes is parsed once per change, not per event.
    const trusted = this.isTrusted();
    const language = this.language();
    const same = this.loadedFrom?.trusted === trusted && this.loadedFrom.language === language;
    if (same && found?.uri === this.config.uri && found.text === this.config.text) return;
    if (same && !found && !this.config.exists) return;
    this.loadedFrom = { trusted, language };
    this.configGeneration++;
    if (!found) {
      this.lastGood = {};
      this.config = { uri: Utils.joinPath(URI.parse(this.uri), CONFIG_FILES[0]).toString(), exists: false, config: {}, problems: [] };
      return;
    }
    const { config, problems, broken } = readConfigFile(found.text, language, trusted);
    // A YAML syntax error leaves the file unreadable as a whole: keep serving with the last good config.
    const use = broken ? this.lastGood : config;
    if (!broken) this.lastGood = config;
    this.config = { uri: found.uri, exists: true, text: found.text, config: use, problems, broken };
  }

  /**
   * (Re)build the index: summarise every Markdown file, yielding to the event loop between
   * files so that requests (diagnostics of the open post) are never blocked for long.
   * `textOf` supplies the text of open documents (the editor's, not the disk's).
   */
  async buildIndex(textOf: (uri: string) => string | undefined, onProgress: (done: number, total: number) => void, cancelled: () => boolean): Promise<boolean> {
    await this.ready();
    const uris = await this.host.findMarkdownFiles(this.uri, this.config.config.ignore ?? []);
    const posts = new Map<string, PostSummary>();
    // Files on disk go to the host's summariser when it has one (worker threads on Node);
    // open documents (the editor's text, not the disk's) are summarised here.
    let onDisk = this.host.summarizeFiles && uris.length > 32 ? uris.filter((u) => textOf(u) === undefined && this.relativePath(u)) : [];
    let here = onDisk.length ? uris.filter((u) => textOf(u) !== undefined) : uris;
    if (onDisk.length) {
      try {
        const summaries = await this.host.summarizeFiles!(this.uri, onDisk.map((uri) => ({ uri, rel: this.relativePath(uri)! })), this.config.config, (done) => onProgress(done, uris.length), cancelled);
        if (!summaries) return false;
        for (const [rel, s] of summaries) posts.set(rel, s);
      } catch {
        // No worker threads here after all: summarise everything on this thread.
        onDisk = [];
        here = uris;
        posts.clear();
      }
    }
    let lastYield = Date.now();
    for (let i = 0; i < here.length; i++) {
      if (cancelled()) return false;
      const rel = this.relativePath(here[i]);
      if (rel) {
        const uri = here[i];
        const text = textOf(uri) ?? (await this.host.readFile(uri, (why) => this.onSkip?.(uri, why)));
        const skip = text === undefined ? undefined : skipReason(text);
        if (skip) this.onSkip?.(here[i], skip);
        else if (text !== undefined) {
          try {
            posts.set(rel, summarize(text, rel, this.config.config, this.host.workspaceFiles(this.uri)));
          } catch {
            /* an odd file is left out of the index */
          }
        }
      }
      onProgress(onDisk.length + i + 1, uris.length);
      if (Date.now() - lastYield > 10) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
    if (onDisk.length) {
      // Keep the index in the order of the listing, as the sequential build does.
      const ordered = new Map<string, PostSummary>();
      for (const u of uris) {
        const rel = this.relativePath(u);
        const s = rel ? posts.get(rel) : undefined;
        if (rel && s) ordered.set(rel, s);
      }
      posts.clear();
      for (const [k, v] of ordered) posts.set(k, v);
    }
    if (cancelled()) return false;
    const changed = !sameIndex(this.index.posts, posts);
    this.index.posts = posts;
    if (changed) this.index.version++;
    return changed;
  }

  /**
   * Re-summarise one file (or remove it when `text` is undefined). True when the index changed
   * meaningfully. `post`: the text already parsed (an open document's analysis), not parsed again.
   */
  update(uri: string, text: string | undefined, post?: Post): boolean {
    const rel = this.relativePath(uri);
    if (!rel) return false;
    const before = this.index.posts.get(rel);
    if (text === undefined) {
      if (!before) return false;
      this.index.posts.delete(rel);
      this.index.version++;
      return true;
    }
    const skip = skipReason(text);
    if (skip) {
      this.onSkip?.(uri, skip);
      return this.update(uri, undefined);
    }
    let after: PostSummary;
    try {
      const files = this.host.workspaceFiles(this.uri);
      after = post && post.text === text ? summarizePost(post, rel, this.config.config, files) : summarize(text, rel, this.config.config, files);
    } catch {
      return false;
    }
    this.index.posts.set(rel, after);
    if (before && stableStringify(before) === stableStringify(after)) return false;
    this.index.version++;
    return true;
  }
}

/** Windows drive letters come in either case from different clients (`/C:/x`, `/c:/x`). */
function normalizePath(path: string): string {
  return path.replace(/^\/([A-Za-z]):/, (_m, d: string) => `/${d.toLowerCase()}:`);
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function sameIndex(a: ReadonlyMap<string, PostSummary>, b: ReadonlyMap<string, PostSummary>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || stableStringify(v) !== stableStringify(w)) return false;
  }
  return true;
}

/** JSON with Maps and Sets spelled out, to compare summaries. */
function stableStringify(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? { $map: [...x.entries()] } : x instanceof Set ? { $set: [...x] } : x));
}
