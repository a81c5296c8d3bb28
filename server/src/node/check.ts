/**
 * `zhen check` over many files: each post is read and parsed once, on this thread and, when the
 * work pays for them (`laneCount`), worker threads over the cores, with an optional cache so an unchanged post is neither parsed nor checked again.
 *
 * Two phases, because cross-post rules need the whole workspace index before any post is checked:
 *   1. every workspace post (and every target outside it) is read, hashed, parsed and summarised
 *      by the worker it is assigned to; a target's parsed post stays in that worker;
 *   2. the main thread joins the summaries into the index and sends it to every worker, which
 *      checks (and with --fix, fixes and writes) its targets.
 * The cache (`--cache`) stores per post: the content hash, its summary, and its findings with
 * what they depended on: the configuration, the index (a digest of every summary), the day
 * (dates in the future), and every workspace file a rule looked at (asset paths). A post whose
 * hash is unchanged reuses its summary without parsing; its findings are reused when all of
 * their dependencies are unchanged. An unreadable or foreign cache file is ignored, never fatal.
 *
 * Files are read and decoded by `textFile.ts` (regular files only, a size limit, binary skipped,
 * the encoding found). With --fix, a worker turns a post's fixes into bytes in the post's own
 * encoding (`encodeEdits`) and the main thread writes them (`writeFileSafely`), one file at a
 * time: a file that changed since it was read is not written, and a failure on one file is that
 * file's notice, the run goes on. `ZHEN_TEST_PAUSE_BEFORE_WRITE=DIR` (tests only) makes the main
 * thread create DIR/paused after the check and wait for DIR/resume before it writes, so a test
 * can change files in between.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { serialize } from 'node:v8';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze, analyzePost, fixAll, parse, resolveConfig, summarizePost, type Config, type ConfigInput, type Finding, type Post, type PostSummary, type SourceFacts, type Workspace, type WorkspaceFiles, type WorkspaceIndex } from '../core/index';
import { nodeFiles } from './workspace';
import { DEFAULT_MAX_FILE_SIZE, encodeEdits, parseByteSize, readText, readTextFile, sha1, writeFileSafely, type TextFile } from './textFile';
import { configDigest, loadCache, statSignature, type CacheEntry, type CacheFile, type FileDep } from './cache';

export interface CheckTask {
  abs: string;
  /** Root-relative path; absent for a target outside the workspace root. */
  rel?: string;
  /** Part of the workspace index. */
  indexed: boolean;
  /** Checked (and reported). */
  target: boolean;
}

export interface CheckOptions {
  root: string;
  configInput: ConfigInput;
  now: number;
  fix: boolean;
  /** Path of the cache file, or undefined for no cache. */
  cache?: string;
  /** Lanes: this thread and `jobs - 1` workers (default: `laneCount`, as many as the work pays for; 1 runs in this thread). */
  jobs?: number;
  /** The running Zhen's version: a cache written by another version is not used. */
  version: string;
  /** Files larger than this many bytes are skipped (default `DEFAULT_MAX_FILE_SIZE`). */
  maxBytes?: number;
  /**
   * The root's files (`nodeFiles(root)`) the caller has already read the site through: the core
   * keeps the site model per files object, so passing them builds it once per run, not twice.
   */
  files?: WorkspaceFiles;
  /** Filled in when given: what the run did, per lane (tests and `bench/lanes.ts`). */
  stats?: CheckStats;
}

/** What a run did, per lane (the calling thread first, then the workers). */
export interface CheckStats {
  /** Bytes of the posts parsed or checked (the files' sizes): what decides the lanes by default. */
  workBytes: number;
  lanes: Array<{
    /** Posts read, parsed (in either phase: a post checked from its phase-1 parse counts once) and checked. */
    read: number;
    parsed: number;
    checked: number;
    /**
     * CPU ms (user + system) of the lane's JavaScript thread from its start to the end of its phase 2
     * (`threadCpuMs`; the calling thread's includes what it did before the run). V8's background
     * threads (compiler, GC), which every lane shares, are the process's CPU less the lanes'.
     */
    cpuMs?: number;
    /** Workers: ms from the thread's start to its first line of Zhen (the bundle loaded), and the bytes of the messages to and from it (structured clone, `v8.serialize`). */
    startMs?: number;
    bytesIn?: number;
    bytesOut?: number;
    /** Workers: the summaries sent to it for phase 2 (none to a lane with no target to check). */
    indexSent?: number;
  }>;
}

/**
 * Bytes of posts a lane beyond the first must have to pay for itself. A worker is a second V8
 * isolate: besides loading the bundle it compiles the same hot code again, and V8's background
 * threads (TurboFan, concurrent GC) that already keep a second core busy for the first lane now
 * serve two. Measured on 2 cores (docs/benchmarks.md, edit7): 200 copies of the example post
 * (5.6 MB) cost 12.2 s CPU on one lane and 16.5 s on two, 800 copies (22 MB) 35.8 and 42.9 s;
 * one lane's JavaScript is about 1.2 ms per KB there, so a second lane won in wall time past about
 * 10 MB there (never in CPU). On two cores `laneCount` now starts none by default (perf11: on the
 * corpus's varied posts V8's background work is a larger share); with more cores, one per 10 MB.
 */
export const LANE_BYTES = 10 << 20;

/**
 * Lanes for `bytes` of work in `posts` posts: `jobs` when the caller chose, else one per LANE_BYTES up to
 * `cores`, and one on two cores or fewer; never more than one per `postsPerLane` posts (nor 16).
 *
 * On two cores a second lane costs more CPU than it saves: one lane's V8 background threads (TurboFan,
 * concurrent and parallel GC) already use the second core (12 s beside its thread's 21 s on the first run
 * of `zhen check POST` over the 1,408-post corpus), and a worker adds an isolate that compiles the same
 * code again and a heap of its own: 33 s of CPU in all on one lane, 44 s on two (docs/benchmarks.md,
 * perf11). The lanes cannot then finish sooner either: two lanes take at least half their CPU, 22 s,
 * one lane its busiest thread, 21 s. `--jobs N` still gives N.
 */
export function laneCount(posts: number, bytes: number, jobs: number | undefined, cores = availableParallelism(), postsPerLane = 8): number {
  const most = jobs ?? (cores <= 2 ? 1 : Math.min(cores, 1 + Math.floor(bytes / LANE_BYTES)));
  return Math.max(1, Math.min(most, 16, Math.ceil(posts / postsPerLane)));
}

/** The files' sizes by task index, and their sum: what SizeQueue orders by and laneCount weighs. */
function sizesOf(work: readonly number[], absOf: (i: number) => string): { sizes: Map<number, number>; bytes: number } {
  const sizes = new Map(work.map((i) => [i, fileSize(absOf(i))]));
  let bytes = 0;
  for (const b of sizes.values()) bytes += b;
  return { sizes, bytes };
}

export interface CheckedFile {
  abs: string;
  text: string;
  findings: Finding[];
  /** Reading failed: the message. */
  error?: string;
  /** Not read on purpose (binary, too large, not a regular file): why. */
  skipped?: string;
  /**
   * --fix: the fixes were not written. `changed`/`gone`: the file is not as it was checked (it is
   * then left out of the report); `encoding`: see its file/encoding finding; `refused`/`failed`:
   * not writable, or the write failed (the findings are those of the file as it is).
   */
  notWritten?: { kind: 'changed' | 'gone' | 'refused' | 'failed' | 'encoding'; message: string };
  /** The findings came from the cache. */
  cached?: boolean;
  /** --fix: the findings fixed (and written) per rule. */
  fixed?: Record<string, number>;
}

// ---- the work one thread does ------------------------------------------------------------------

interface Phase1Result {
  i: number;
  hash?: string;
  summary?: PostSummary;
  summaryHash?: string;
  /** The summary is the cached one (hash unchanged). */
  same?: boolean;
  error?: string;
  skipped?: string;
}

interface Phase2Request {
  index: Array<[string, PostSummary]>;
  /** Tasks whose cached findings are still valid: not checked again. */
  skip: number[];
}

interface Phase2Result {
  i: number;
  text: string;
  findings: Finding[];
  deps?: FileDep[];
  /** --fix: the bytes to write, the sha1 of the bytes that were checked, and the text and facts as they were (if the write fails). */
  write?: { bytes: Uint8Array; expect: string; original: string; source: SourceFacts; byRule: Record<string, number> };
  notWritten?: CheckedFile['notWritten'];
}

/** The per-thread state: the tasks it was given, their texts, and the posts it parsed. */
class Checker {
  private config: Config;
  private files: WorkspaceFiles;
  private tasks: Map<number, CheckTask>;
  private read = new Map<number, TextFile>();
  private posts = new Map<number, Post>();
  /** What this thread did (see `CheckStats`). */
  readonly counts: CheckStats['lanes'][number] = { read: 0, parsed: 0, checked: 0 };

  constructor(private opts: Pick<CheckOptions, 'root' | 'configInput' | 'now' | 'fix' | 'maxBytes'>, tasks: Array<[number, CheckTask]>) {
    this.config = resolveConfig(opts.configInput);
    this.files = nodeFiles(opts.root);
    this.tasks = new Map(tasks);
  }

  /** Read, hash, parse and summarise the tasks `only` names (all of them by default). */
  phase1(cachedHashes: Map<number, string>, only?: number[]): Phase1Result[] {
    const out: Phase1Result[] = [];
    for (const i of only ?? [...this.tasks.keys()]) {
      const task = this.tasks.get(i);
      if (!task) continue;
      const file = readTextFile(task.abs, this.opts.maxBytes ?? DEFAULT_MAX_FILE_SIZE);
      if (!file.ok) {
        out.push(file.reason === 'missing' || file.reason === 'unreadable' ? { i, error: file.message } : { i, skipped: file.message });
        continue;
      }
      const { text } = file;
      this.counts.read++;
      const hash = sha1(file.bytes);
      if (task.target) this.read.set(i, file);
      if (!task.indexed) {
        out.push({ i, hash });
        continue;
      }
      if (cachedHashes.get(i) === hash) {
        out.push({ i, hash, same: true });
        continue;
      }
      const post = parse(text, this.config, undefined, { path: task.rel, files: this.files });
      this.counts.parsed++;
      if (task.target && !this.opts.fix) this.posts.set(i, post);
      const summary = summarizePost(post, task.rel!, this.config, this.files);
      out.push({ i, hash, summary, summaryHash: sha1(JSON.stringify(summary)) });
    }
    return out;
  }

  phase2(req: Phase2Request): Phase2Result[] {
    const index: WorkspaceIndex = { posts: new Map(req.index), version: 1 };
    const skip = new Set(req.skip);
    const out: Phase2Result[] = [];
    // One files object for every task (the core keeps what it learns about the site per files
    // object); what each post's rules look at is recorded in that task's `deps`.
    let deps = new Map<string, boolean | string>();
    const files: WorkspaceFiles = {
      exists: (p) => {
        const r = this.files.exists(p);
        if (!deps.has(p)) deps.set(p, r);
        return r;
      },
      read: (p) => {
        const r = this.files.read(p);
        deps.set(p, r === undefined ? false : sha1(r));
        return r;
      },
      list: (d) => this.files.list?.(d) ?? [],
    };
    // The targets this thread read in phase 1 (their parsed posts are here), in task order.
    for (const i of [...this.read.keys()].sort((a, b) => a - b)) {
      const task = this.tasks.get(i)!;
      const file = this.read.get(i)!;
      if (!task.target || skip.has(i)) continue;
      let text = file.text;
      deps = new Map<string, boolean | string>();
      const workspace: Workspace = { now: this.opts.now, path: task.rel, files, index, source: file.facts };
      let findings: Finding[];
      let write: Phase2Result['write'];
      let notWritten: Phase2Result['notWritten'];
      if (this.opts.fix) {
        const fixed = fixAll(text, this.config, workspace);
        const encoded = fixed.edits.length ? encodeEdits(file, fixed.edits) : undefined;
        if (encoded?.ok) {
          write = { bytes: encoded.bytes, expect: sha1(file.bytes), original: text, source: file.facts, byRule: fixed.byRule };
          text = fixed.text;
          workspace.source = encoded.facts;
        } else if (encoded) {
          notWritten = { kind: 'encoding', message: encoded.message };
          if (encoded.unwritten) workspace.source = { ...file.facts, unwritten: encoded.unwritten };
        }
        findings = analyze(text, this.config, workspace);
        this.counts.parsed++;
      } else {
        const post = this.posts.get(i);
        findings = post ? analyzePost(post, this.config, workspace) : analyze(text, this.config, workspace);
        if (!post) this.counts.parsed++;
      }
      this.counts.checked++;
      this.posts.delete(i);
      this.read.delete(i);
      out.push({ i, text, findings, deps: [...deps], write, notWritten });
    }
    this.counts.cpuMs = threadCpuMs();
    return out;
  }
}

/**
 * CPU ms (user + system) this thread has used since it started, from Linux's /proc/thread-self/stat
 * (clock ticks, 10 ms); undefined elsewhere. For the lanes' stats only.
 */
export function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // After the command name (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}


// ---- threads -----------------------------------------------------------------------------------

/** A file's size in bytes (0 when it cannot be stat'ed: reading it will say why). */
function fileSize(abs: string): number {
  try {
    return statSync(abs).size;
  } catch {
    return 0;
  }
}

/**
 * Posts handed out to threads as they ask for more, the largest first: a thread that starts late
 * (a worker loads the bundle and the glossary first) or runs slower takes fewer, and the small
 * posts at the end even out the finish. `take(bytes)` gives the next posts up to about that many
 * bytes (at least one).
 */
export class SizeQueue {
  private order: number[];
  private next = 0;

  constructor(items: readonly number[], private readonly sizeOf: (item: number) => number) {
    const sizes = new Map(items.map((it) => [it, sizeOf(it)]));
    const rank = new Map(items.map((it, k) => [it, k]));
    this.order = [...items].sort((x, y) => sizes.get(y)! - sizes.get(x)! || rank.get(x)! - rank.get(y)!);
    this.sizeOf = (it) => sizes.get(it) ?? 0;
  }

  get left(): number {
    return this.order.length - this.next;
  }

  take(bytes: number, most = Infinity): number[] {
    const out: number[] = [];
    let n = 0;
    while (this.next < this.order.length && out.length < most && (out.length === 0 || n + this.sizeOf(this.order[this.next]) <= bytes)) {
      const it = this.order[this.next++];
      n += this.sizeOf(it);
      out.push(it);
    }
    return out;
  }
}

/** About this many bytes of posts per request to a worker (two requests are kept in flight). */
const WORKER_BATCH_BYTES = 48 << 10;

type ToWorker = { phase: 1; cached: Array<[number, string]>; only?: number[] } | { phase: 2; req: Phase2Request };

/** A worker's answer to phase 2: the results, what it did, and when its code started (`epochMs`). */
interface Phase2Answer {
  results: Phase2Result[];
  counts: Checker['counts'];
  startedAt: number;
}

/** Epoch ms with a fraction, comparable across threads (`performance.now()` alone is per thread). */
const epochMs = () => performance.timeOrigin + performance.now();

/** The worker side: `dist/cli.js` started as a worker thread runs this. */
export function runCheckWorker(): void {
  const startedAt = epochMs(); // the bundle loaded
  const data = workerData as { opts: CheckOptions; tasks: Array<[number, CheckTask]> };
  const checker = new Checker(data.opts, data.tasks);
  parentPort!.on('message', (msg: ToWorker) => {
    if (msg.phase === 1) parentPort!.postMessage(checker.phase1(new Map(msg.cached), msg.only));
    else {
      parentPort!.postMessage({ results: checker.phase2(msg.req), counts: checker.counts, startedAt } satisfies Phase2Answer);
      parentPort!.close();
    }
  });
}

export const isCheckWorker = (): boolean => !isMainThread && (workerData as { zhenCheck?: boolean } | null)?.zhenCheck === true;

interface Lane {
  phase1(cached: Array<[number, string]>, only?: number[]): Promise<Phase1Result[]>;
  phase2(req: Phase2Request): Promise<Phase2Result[]>;
  /** Stop the lane; resolves when its thread is gone (its heap freed). */
  close(): Promise<void>;
  /** What it did (after phase 2). */
  stats: CheckStats['lanes'][number];
}

function inThread(opts: CheckOptions, tasks: Array<[number, CheckTask]>): Lane {
  const c = new Checker(opts, tasks);
  return { phase1: async (cached, only) => c.phase1(new Map(cached), only), phase2: async (req) => c.phase2(req), close: async () => undefined, stats: c.counts };
}

/** With `measure`, the bytes of every message are counted (`v8.serialize`, as the structured clone does): for stats only. */
function onWorker(script: string, opts: CheckOptions, tasks: Array<[number, CheckTask]>, measure = false): Lane {
  const stats: Lane['stats'] = { read: 0, parsed: 0, checked: 0, bytesIn: 0, bytesOut: 0, indexSent: 0 };
  const workerData = { zhenCheck: true, opts, tasks };
  if (measure) stats.bytesIn! += serialize(workerData).length;
  const spawnedAt = epochMs();
  const w = new Worker(script, { workerData });
  // The worker answers its messages in order: several requests may be in flight.
  const pending: Array<{ resolve: (v: never) => void; reject: (e: Error) => void }> = [];
  const failAll = (e: Error) => {
    for (const p of pending.splice(0)) p.reject(e);
  };
  w.on('message', (m) => {
    if (measure) stats.bytesOut! += serialize(m).length;
    pending.shift()?.resolve(m as never);
  });
  w.on('error', failAll);
  w.on('exit', (code) => failAll(new Error(`a check worker stopped (exit code ${code})`)));
  const ask = <T>(msg: ToWorker) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ resolve: resolve as (v: never) => void, reject });
      if (measure) stats.bytesIn! += serialize(msg).length;
      w.postMessage(msg);
    });
  return {
    stats,
    phase1: (cached, only) => ask({ phase: 1, cached, only }),
    phase2: async (req) => {
      stats.indexSent = req.index.length;
      const a = await ask<Phase2Answer>({ phase: 2, req });
      Object.assign(stats, a.counts, { startMs: Math.round(a.startedAt - spawnedAt) });
      return a.results;
    },
    close: async () => {
      w.removeAllListeners('exit');
      await w.terminate().catch(() => undefined);
    },
  };
}

/** The persisted index `summarizeOnWorkers` reads and writes (see `cache.ts`), and what it counted. */
export interface IndexCache {
  path: string;
  /** This build (`BUILD_ID`): another build's file is not used. */
  version: string;
  /** Filled in: posts whose summary came from the file unread, read but unchanged, and summarised. */
  counts?: { unread: number; unchanged: number; summarized: number };
}

/**
 * Summarise files for a workspace index on worker threads (the language server's background
 * index on Node), in batches so that progress can be shown and a cancelled build stops early.
 * Returns undefined when cancelled. The calling thread only waits, so it stays responsive.
 * With `cache`, a post whose size, times and inode are those the file recorded is not read (its
 * summary is the recorded one), a post whose bytes are unchanged is not parsed, and the file is
 * rewritten when anything changed.
 */
export async function summarizeOnWorkers(
  script: string,
  files: Array<{ abs: string; rel: string }>,
  root: string,
  configInput: ConfigInput,
  progress: (done: number, total: number) => void,
  cancelled: () => boolean,
  jobs = Math.min(availableParallelism(), 4),
  cache?: IndexCache,
): Promise<Map<string, PostSummary> | undefined> {
  const configHash = cache ? configDigest(configInput, nodeFiles(root)) : '';
  const loaded = cache ? loadCache(cache.path, cache.version, configHash) : { posts: {} as Record<string, CacheEntry> };
  const old = loaded.posts;
  const stats = files.map((f) => (cache ? statSignature(f.abs) : undefined));
  const oldOf = (i: number) => (Object.hasOwn(old, files[i].rel) && old[files[i].rel]?.summary ? old[files[i].rel] : undefined);
  const fresh = (i: number) => stats[i] !== undefined && oldOf(i)?.stat === stats[i];
  const work = files.map((_, i) => i).filter((i) => !fresh(i));
  const results: Array<Phase1Result | undefined> = [];
  let done = files.length - work.length;
  if (done) progress(done, files.length);
  // A worker beyond the first only for work that pays for its start (`LANE_BYTES`), at most `jobs`, one per 16 posts.
  const { sizes, bytes: workBytes } = sizesOf(work, (i) => files[i].abs);
  const lanesCount = work.length ? laneCount(work.length, workBytes, undefined, jobs, 16) : 0;
  const tasks = work.map((i): [number, CheckTask] => [i, { abs: files[i].abs, rel: files[i].rel, indexed: true, target: false }]);
  const opts: CheckOptions = { root, configInput, now: 0, fix: false, version: '', maxBytes: parseByteSize(configInput.maxFileSize) };
  const lanes = Array.from({ length: lanesCount }, () => onWorker(script, opts, tasks));
  const queue = new SizeQueue(work, (i) => sizes.get(i) ?? 0);
  let stopped = false;
  // Each worker asks for more as it goes (two requests in flight, so it never waits for the next),
  // of at most 24 posts, so that progress moves and a cancelled build stops soon.
  const run = async (lane: Lane) => {
    const more = async (): Promise<void> => {
      if (stopped || (stopped = cancelled())) return;
      const batch = queue.take(WORKER_BATCH_BYTES, 24);
      if (!batch.length) return;
      const got = await lane.phase1(batch.flatMap((i) => (oldOf(i) ? [[i, oldOf(i)!.hash] as [number, string]] : [])), batch);
      for (const r of got) results[r.i] = r;
      done += got.length;
      progress(done, files.length);
      return more();
    };
    await Promise.all([more(), more()]);
  };
  try {
    await Promise.all(lanes.map((lane) => run(lane)));
    if (stopped || cancelled()) return undefined;
  } finally {
    // Wait until the threads are gone: their heaps (most of the memory a build takes) are freed
    // before the index counts as built.
    await Promise.all(lanes.map((lane) => lane.close()));
  }
  const out = new Map<string, PostSummary>();
  const entries: Record<string, CacheEntry> = {};
  const counts = { unread: 0, unchanged: 0, summarized: 0 };
  files.forEach((f, i) => {
    const r = results[i];
    let entry: CacheEntry | undefined;
    if (fresh(i)) {
      entry = oldOf(i);
      counts.unread++;
    } else if (r?.same && oldOf(i)) {
      entry = { ...oldOf(i)!, stat: stats[i] };
      counts.unchanged++;
    } else if (r?.summary && r.hash) {
      entry = { hash: r.hash, summaryHash: r.summaryHash!, summary: r.summary, ...(stats[i] ? { stat: stats[i] } : {}) };
      counts.summarized++;
    }
    if (!entry) return;
    out.set(f.rel, entry.summary);
    entries[f.rel] = entry;
  });
  if (cache) {
    cache.counts = counts;
    writeIndexCache(cache, configHash, old, entries, loaded.raw, new Set(files.map((f) => f.rel)), root);
  }
  return out;
}

/**
 * Rewrite the persisted index when it changed: the entries of this build, and those of posts it did
 * not list (open in the editor) while their files exist. Never fatal: a cache that cannot be written
 * is only slower next time.
 */
function writeIndexCache(cache: IndexCache, configHash: string, old: Record<string, CacheEntry>, entries: Record<string, CacheEntry>, raw: string | undefined, listed: Set<string>, root: string): void {
  const posts: Record<string, CacheEntry> = { ...entries };
  for (const [rel, e] of Object.entries(old)) if (!listed.has(rel) && existsSync(join(root, rel))) posts[rel] = e;
  const text = JSON.stringify({ zhen: cache.version, configHash, posts } satisfies CacheFile);
  if (text === raw) return;
  try {
    mkdirSync(dirname(cache.path), { recursive: true });
    writeFileSafely(cache.path, Buffer.from(text));
  } catch {
    /* not written: the next build summarises again */
  }
}

// ---- the main thread -----------------------------------------------------------------------------

/** Tests only (`ZHEN_TEST_PAUSE_BEFORE_WRITE=DIR`): DIR/paused, then wait (60 s at most) for DIR/resume. */
async function pauseForTest(): Promise<void> {
  const dir = process.env.ZHEN_TEST_PAUSE_BEFORE_WRITE;
  if (!dir) return;
  writeFileSync(join(dir, 'paused'), '');
  for (const end = Date.now() + 60_000; Date.now() < end && !existsSync(join(dir, 'resume')); ) await new Promise((r) => setTimeout(r, 20));
}

/** Check the tasks; results in the order of the targets among the tasks. */
export async function runCheck(tasks: CheckTask[], opts: CheckOptions, script: string): Promise<CheckedFile[]> {
  // Summaries and findings depend on the site too (its dialect, schema, theme and templates): the
  // files the site model read are part of the cache's key.
  const configHash = configDigest(opts.configInput, opts.files ?? nodeFiles(opts.root));
  const loaded = opts.cache ? loadCache(opts.cache, opts.version, configHash) : { posts: {} };
  const old = loaded.posts;
  // A workspace post whose size, times and inode are those of its cache entry is not read at all:
  // its summary comes from the cache. Only the others (and the targets) go to the threads, so a
  // run on one post of a big blog with a kept index reads one post.
  const stats = tasks.map((t) => (opts.cache && t.rel && t.indexed ? statSignature(t.abs) : undefined));
  const fresh = (t: CheckTask, i: number) => !!(t.rel && t.indexed && stats[i] !== undefined && old[t.rel]?.summary && old[t.rel].stat === stats[i]);
  const work = tasks.map((_, i) => i).filter((i) => tasks[i].target || !fresh(tasks[i], i));
  const { sizes, bytes: workBytes } = sizesOf(work, (i) => tasks[i].abs);
  // This thread is one of the lanes (it would only wait otherwise): `--jobs N` starts N - 1 workers;
  // by default a worker starts only for work that pays for it (`laneCount`).
  // Every lane knows every task; which posts it reads is decided as it asks for more (phase 1), and
  // it checks the targets it read (phase 2), from the post it parsed.
  const jobs = laneCount(work.length, workBytes, opts.jobs);
  const { fix, root, configInput, now, maxBytes } = opts;
  const all = work.map((i): [number, CheckTask] => [i, tasks[i]]);
  const lanes: Lane[] = [inThread(opts, all)];
  for (let k = 1; k < jobs; k++) lanes.push(onWorker(script, { root, configInput, now, fix, version: opts.version, maxBytes }, all, !!opts.stats));
  const queue = new SizeQueue(work, (i) => sizes.get(i) ?? 0);

  // Phase 1: summaries.
  const cachedHash = (i: number) => {
    const t = tasks[i];
    return t.rel && old[t.rel]?.summary ? old[t.rel].hash : undefined;
  };
  const p1: Phase1Result[] = [];
  /** Task → the lane that read it (and checks it in phase 2, if it is a target). */
  const laneOf = new Map<number, number>();
  const feed = async (k: number): Promise<void> => {
    // This thread takes one post at a time and lets the workers' answers in between; a worker a
    // batch of posts.
    const here = k === 0;
    const batch = here ? queue.take(0, 1) : queue.take(WORKER_BATCH_BYTES);
    if (!batch.length) return;
    if (here) await new Promise((r) => setImmediate(r));
    const got = await lanes[k].phase1(batch.flatMap((i) => (cachedHash(i) ? [[i, cachedHash(i)!] as [number, string]] : [])), batch);
    for (const r of got) {
      laneOf.set(r.i, k);
      p1.push(r);
    }
    return feed(k);
  };
  await Promise.all(lanes.flatMap((_, k) => (k === 0 ? [feed(k)] : [feed(k), feed(k)])));
  tasks.forEach((t, i) => {
    if (!t.target && fresh(t, i)) p1.push({ i, hash: old[t.rel!].hash, same: true });
  });
  const byTask = new Map(p1.map((r) => [r.i, r]));
  const entries: Record<string, CacheEntry> = {};
  const index: Array<[string, PostSummary]> = [];
  const digest = createHash('sha1');
  tasks.forEach((t, i) => {
    const r = byTask.get(i);
    if (!r || r.error || !r.hash || !t.rel) return;
    const entry: CacheEntry | undefined = r.same ? { ...old[t.rel], findings: old[t.rel].findings } : r.summary ? { hash: r.hash, summaryHash: r.summaryHash!, summary: r.summary } : undefined;
    if (!entry || !t.indexed) return;
    // The signature taken before the read: a file changed meanwhile is read again next time.
    const stat = stats[i];
    entries[t.rel] = stat ? { ...entry, stat } : entry;
    index.push([t.rel, entry.summary]);
    digest.update(`${t.rel}\0${entry.summaryHash}\0`);
  });
  const day = new Date(now).toISOString().slice(0, 10);
  const findingsKey = sha1(`${digest.digest('hex')}|${day}`);

  // Phase 2: findings, from the cache where every dependency holds.
  const files = nodeFiles(root);
  const stillHolds = (deps: FileDep[]) => deps.every(([p, seen]) => (typeof seen === 'string' ? (() => { const r = files.read(p); return r !== undefined && sha1(r) === seen; })() : files.exists(p) === seen));
  const reuse = new Map<number, Finding[]>();
  tasks.forEach((t, i) => {
    const r = byTask.get(i);
    const f = t.rel ? entries[t.rel]?.findings : undefined;
    if (t.target && !fix && r?.same && f && f.key === findingsKey && stillHolds(f.deps)) reuse.set(i, f.list);
  });
  const skip = [...reuse.keys()];
  // Only a lane with a target to check needs the index: a worker's copy is a structured clone of every
  // summary (on a first run of `zhen check POST` over a blog, the lanes that summarised the others check nothing).
  const checking = new Set<number>();
  for (const [i, k] of laneOf) {
    const r = byTask.get(i);
    if (tasks[i].target && r?.hash && !r.error && !r.skipped && !reuse.has(i)) checking.add(k);
  }
  const p2 = (await Promise.all(lanes.map((lane, k) => lane.phase2({ index: checking.has(k) ? index : [], skip })))).flat().sort((a, b) => a.i - b.i);
  for (const lane of lanes) void lane.close();
  if (opts.stats) Object.assign(opts.stats, { workBytes, lanes: lanes.map((l) => ({ ...l.stats })) });
  const checked = new Map(p2.map((r) => [r.i, r]));

  // --fix: the writes, one file at a time, each re-reading its file first (see textFile.ts).
  // A signal (Ctrl-C) meanwhile stops the run between two files, never inside a write: nothing is
  // half written and no temporary file is left.
  const written = new Set<number>();
  if (p2.some((r) => r.write)) {
    let stop: NodeJS.Signals | undefined;
    const onSignal = (sig: NodeJS.Signals) => (stop = sig);
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const sig of signals) process.on(sig, onSignal);
    try {
      await pauseForTest();
      const config = resolveConfig(configInput);
      const indexMap: WorkspaceIndex = { posts: new Map(index), version: 1 };
      for (const r2 of p2) {
        const w = r2.write;
        if (!w) continue;
        await new Promise((r) => setImmediate(r)); // signals are handled here
        if (stop) break;
        const t = tasks[r2.i];
        const done = writeFileSafely(t.abs, Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength), { expect: w.expect });
        if (done.ok) {
          written.add(r2.i);
          continue;
        }
        r2.notWritten = { kind: done.kind, message: done.message };
        // Not written: the report shows the file as it is on disk.
        r2.text = w.original;
        r2.findings = done.kind === 'changed' || done.kind === 'gone' ? [] : analyze(w.original, config, { now, path: t.rel, files, index: indexMap, source: w.source });
      }
    } finally {
      for (const sig of signals) process.off(sig, onSignal);
    }
    if (stop) process.kill(process.pid, stop); // the signal's usual end, now that no write is under way
  }

  const out: CheckedFile[] = [];
  tasks.forEach((t, i) => {
    if (!t.target) return;
    const r1 = byTask.get(i);
    if (r1?.error || r1?.skipped) {
      out.push({ abs: t.abs, text: '', findings: [], error: r1.error, skipped: r1.skipped });
      return;
    }
    const cachedFindings = reuse.get(i);
    if (cachedFindings) {
      out.push({ abs: t.abs, text: readText(t.abs, maxBytes ?? DEFAULT_MAX_FILE_SIZE) ?? '', findings: cachedFindings, cached: true });
      return;
    }
    const r2 = checked.get(i);
    if (!r2) return;
    out.push({ abs: t.abs, text: r2.text, findings: r2.findings, notWritten: r2.notWritten, ...(written.has(i) && r2.write ? { fixed: r2.write.byRule } : {}) });
    const e = t.rel ? entries[t.rel] : undefined;
    if (e && !fix) e.findings = { key: findingsKey, deps: r2.deps ?? [], list: r2.findings };
    else if (e && written.has(i)) delete entries[t.rel!]; // rewritten: parse it next time
  });

  if (opts.cache) {
    // Keep entries of posts outside this run (another shard's), unless they were dropped above;
    // in the old order, so that a run that changed nothing leaves the file as it was (unwritten).
    const inRun = new Set(tasks.flatMap((t) => (t.rel ? [t.rel] : [])));
    const merged: Record<string, CacheEntry> = {};
    for (const [rel, e] of Object.entries(old)) if (!inRun.has(rel) || entries[rel]) merged[rel] = inRun.has(rel) ? entries[rel] : e;
    for (const [rel, e] of Object.entries(entries)) if (!(rel in merged)) merged[rel] = e;
    const text = JSON.stringify({ zhen: opts.version, configHash, posts: merged } satisfies CacheFile);
    if (text !== loaded.raw) {
      mkdirSync(dirname(opts.cache), { recursive: true });
      const done = writeFileSafely(opts.cache, Buffer.from(text));
      if (!done.ok) process.stderr.write(`zhen: cannot write the cache ${opts.cache}: ${done.message}\n`);
    }
  }
  return out;
}
