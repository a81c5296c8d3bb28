/**
 * `zhen check` over many files: each post is read and parsed once, on worker threads over the
 * cores, with an optional cache so an unchanged post is neither parsed nor checked again.
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
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze, analyzePost, fixAll, parse, resolveConfig, siteModel, summarizePost, type Config, type ConfigInput, type Finding, type Post, type PostSummary, type SourceFacts, type Workspace, type WorkspaceFiles, type WorkspaceIndex } from '../core/index';
import { nodeFiles } from './workspace';
import { DEFAULT_MAX_FILE_SIZE, encodeEdits, parseByteSize, readText, readTextFile, sha1, writeFileSafely, type TextFile } from './textFile';

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
  /** Worker threads to use (default: the cores; 1 runs in this thread). */
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

/** One dependency of a post's findings on the workspace's other files: path → exists, or content hash. */
type FileDep = [path: string, seen: boolean | string];

interface CacheEntry {
  hash: string;
  /** The file's size, mtime, ctime and inode when it was read: the same again means the same bytes, unread. */
  stat?: string;
  summaryHash: string;
  summary: PostSummary;
  findings?: { key: string; deps: FileDep[]; list: Finding[] };
}

interface CacheFile {
  zhen: string;
  configHash: string;
  posts: Record<string, CacheEntry>;
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
  private read = new Map<number, TextFile>();
  private posts = new Map<number, Post>();

  constructor(private opts: Pick<CheckOptions, 'root' | 'configInput' | 'now' | 'fix' | 'maxBytes'>, private tasks: Array<[number, CheckTask]>) {
    this.config = resolveConfig(opts.configInput);
    this.files = nodeFiles(opts.root);
  }

  phase1(cachedHashes: Map<number, string>, only?: number[]): Phase1Result[] {
    const out: Phase1Result[] = [];
    const wanted = only && new Set(only);
    for (const [i, task] of this.tasks) {
      if (wanted && !wanted.has(i)) continue;
      const file = readTextFile(task.abs, this.opts.maxBytes ?? DEFAULT_MAX_FILE_SIZE);
      if (!file.ok) {
        out.push(file.reason === 'missing' || file.reason === 'unreadable' ? { i, error: file.message } : { i, skipped: file.message });
        continue;
      }
      const { text } = file;
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
    for (const [i, task] of this.tasks) {
      const file = this.read.get(i);
      if (!task.target || file === undefined || skip.has(i)) continue;
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
      } else {
        const post = this.posts.get(i);
        findings = post ? analyzePost(post, this.config, workspace) : analyze(text, this.config, workspace);
      }
      this.posts.delete(i);
      this.read.delete(i);
      out.push({ i, text, findings, deps: [...deps], write, notWritten });
    }
    return out;
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
 * Share items among `lanes` threads by size, so that they finish together: the largest first,
 * each to the lane with the fewest bytes so far (a post's work grows with its size; one big post
 * no longer holds up a lane that also got its share of the rest). Each lane's items stay in
 * their given order.
 */
export function assignBySize(items: readonly number[], sizeOf: (item: number) => number, lanes: number): number[][] {
  const out: number[][] = Array.from({ length: lanes }, () => []);
  if (lanes <= 1) {
    out[0] = [...items];
    return out;
  }
  const load = new Array<number>(lanes).fill(0);
  const sizes = new Map(items.map((it) => [it, sizeOf(it)]));
  const rank = new Map(items.map((it, k) => [it, k]));
  for (const it of [...items].sort((a, b) => sizes.get(b)! - sizes.get(a)! || rank.get(a)! - rank.get(b)!)) {
    let best = 0;
    for (let k = 1; k < lanes; k++) if (load[k] < load[best]) best = k;
    out[best].push(it);
    load[best] += sizes.get(it)! + 1;
  }
  for (const lane of out) lane.sort((a, b) => rank.get(a)! - rank.get(b)!);
  return out;
}

type ToWorker = { phase: 1; cached: Array<[number, string]>; only?: number[] } | { phase: 2; req: Phase2Request };

/** The worker side: `dist/cli.js` started as a worker thread runs this. */
export function runCheckWorker(): void {
  const data = workerData as { opts: CheckOptions; tasks: Array<[number, CheckTask]> };
  const checker = new Checker(data.opts, data.tasks);
  parentPort!.on('message', (msg: ToWorker) => {
    if (msg.phase === 1) parentPort!.postMessage(checker.phase1(new Map(msg.cached), msg.only));
    else {
      parentPort!.postMessage(checker.phase2(msg.req));
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
}

function inThread(opts: CheckOptions, tasks: Array<[number, CheckTask]>): Lane {
  const c = new Checker(opts, tasks);
  return { phase1: async (cached, only) => c.phase1(new Map(cached), only), phase2: async (req) => c.phase2(req), close: async () => undefined };
}

function onWorker(script: string, opts: CheckOptions, tasks: Array<[number, CheckTask]>): Lane {
  const w = new Worker(script, { workerData: { zhenCheck: true, opts, tasks } });
  let pending: { resolve: (v: never) => void; reject: (e: Error) => void } | undefined;
  w.on('message', (m) => {
    const p = pending;
    pending = undefined;
    p?.resolve(m as never);
  });
  w.on('error', (e) => pending?.reject(e));
  w.on('exit', (code) => pending?.reject(new Error(`a check worker stopped (exit code ${code})`)));
  const ask = <T>(msg: ToWorker) =>
    new Promise<T>((resolve, reject) => {
      pending = { resolve: resolve as (v: never) => void, reject };
      w.postMessage(msg);
    });
  return {
    phase1: (cached, only) => ask({ phase: 1, cached, only }),
    phase2: (req) => ask({ phase: 2, req }),
    close: async () => {
      w.removeAllListeners('exit');
      await w.terminate().catch(() => undefined);
    },
  };
}

/**
 * Summarise files for a workspace index on worker threads (the language server's background
 * index on Node), in batches so that progress can be shown and a cancelled build stops early.
 * Returns undefined when cancelled. The calling thread only waits, so it stays responsive.
 */
export async function summarizeOnWorkers(
  script: string,
  files: Array<{ abs: string; rel: string }>,
  root: string,
  configInput: ConfigInput,
  progress: (done: number, total: number) => void,
  cancelled: () => boolean,
  jobs = Math.min(availableParallelism(), 4),
): Promise<Map<string, PostSummary> | undefined> {
  const lanesCount = Math.max(1, Math.min(jobs, Math.ceil(files.length / 16)));
  const assigned = assignBySize(files.map((_, i) => i), (i) => fileSize(files[i].abs), lanesCount).map((mine) => mine.map((i): [number, CheckTask] => [i, { abs: files[i].abs, rel: files[i].rel, indexed: true, target: false }]));
  const opts: CheckOptions = { root, configInput, now: 0, fix: false, version: '', maxBytes: parseByteSize(configInput.maxFileSize) };
  const lanes = assigned.map((mine) => onWorker(script, opts, mine));
  const summaries: Array<PostSummary | undefined> = [];
  const BATCH = 24;
  let done = 0;
  let stopped = false;
  // Each lane goes through its batches at its own pace (its share is by size, not by count).
  const run = async (lane: Lane, mine: Array<[number, CheckTask]>) => {
    for (let b = 0; b * BATCH < mine.length; b++) {
      if (stopped || (stopped = cancelled())) return;
      const results = await lane.phase1([], mine.slice(b * BATCH, (b + 1) * BATCH).map(([i]) => i));
      for (const r of results) summaries[r.i] = r.summary;
      done += results.length;
      progress(done, files.length);
    }
  };
  try {
    await Promise.all(lanes.map((lane, k) => run(lane, assigned[k])));
    if (stopped || cancelled()) return undefined;
  } finally {
    // Wait until the threads are gone: their heaps (most of the memory a build takes) are freed
    // before the index counts as built.
    await Promise.all(lanes.map((lane) => lane.close()));
  }
  const out = new Map<string, PostSummary>();
  files.forEach((f, i) => {
    const s = summaries[i];
    if (s) out.set(f.rel, s);
  });
  return out;
}

// ---- the main thread -----------------------------------------------------------------------------

/** Tests only (`ZHEN_TEST_PAUSE_BEFORE_WRITE=DIR`): DIR/paused, then wait (60 s at most) for DIR/resume. */
async function pauseForTest(): Promise<void> {
  const dir = process.env.ZHEN_TEST_PAUSE_BEFORE_WRITE;
  if (!dir) return;
  writeFileSync(join(dir, 'paused'), '');
  for (const end = Date.now() + 60_000; Date.now() < end && !existsSync(join(dir, 'resume')); ) await new Promise((r) => setTimeout(r, 20));
}

/** The cache's entries (none if it is missing, broken, or another version's or configuration's), and its text. */
function loadCache(path: string, version: string, configHash: string): { posts: Record<string, CacheEntry>; raw?: string } {
  const raw = readText(path, Number.MAX_SAFE_INTEGER);
  try {
    const c = JSON.parse(raw ?? '') as CacheFile;
    if (c && c.zhen === version && c.configHash === configHash && c.posts && typeof c.posts === 'object') return { posts: c.posts, raw };
  } catch {
    /* no cache, or not ours: start afresh */
  }
  return { posts: {}, raw };
}

/** What a file looks like without reading it (size, mtime, ctime, inode), or undefined if it cannot be stat'ed. */
function statSignature(abs: string): string | undefined {
  try {
    const st = statSync(abs, { bigint: true });
    return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Check the tasks; results in the order of the targets among the tasks. */
export async function runCheck(tasks: CheckTask[], opts: CheckOptions, script: string): Promise<CheckedFile[]> {
  // Summaries and findings depend on the site too (its dialect, schema, theme and templates): the
  // files the site model read are part of the cache's key.
  const siteFiles = opts.files ?? nodeFiles(opts.root);
  const site = siteModel(siteFiles, resolveConfig(opts.configInput));
  const siteHash = sha1(site.reads.map((p) => `${p}\0${siteFiles.read(p) ?? ''}`).join('\0'));
  const configHash = sha1(JSON.stringify(opts.configInput) + '\0' + siteHash);
  const loaded = opts.cache ? loadCache(opts.cache, opts.version, configHash) : { posts: {} };
  const old = loaded.posts;
  // A workspace post whose size, times and inode are those of its cache entry is not read at all:
  // its summary comes from the cache. Only the others (and the targets) go to the threads, so a
  // run on one post of a big blog with a kept index reads one post.
  const stats = tasks.map((t) => (opts.cache && t.rel && t.indexed ? statSignature(t.abs) : undefined));
  const fresh = (t: CheckTask, i: number) => !!(t.rel && t.indexed && stats[i] !== undefined && old[t.rel]?.summary && old[t.rel].stat === stats[i]);
  const work = tasks.map((_, i) => i).filter((i) => tasks[i].target || !fresh(tasks[i], i));
  const jobs = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), 16, Math.ceil(work.length / 8)));
  const lanes: Lane[] = [];
  const assigned = assignBySize(work, (i) => fileSize(tasks[i].abs), jobs).map((mine) => mine.map((i): [number, CheckTask] => [i, tasks[i]]));
  const { fix, root, configInput, now, maxBytes } = opts;
  for (const mine of assigned) lanes.push(jobs === 1 ? inThread(opts, mine) : onWorker(script, { root, configInput, now, fix, version: opts.version, maxBytes }, mine));

  // Phase 1: summaries.
  const cachedHash = (t: CheckTask) => (t.rel && old[t.rel]?.summary ? old[t.rel].hash : undefined);
  const p1 = (await Promise.all(lanes.map((lane, k) => lane.phase1(assigned[k].flatMap(([i, t]) => (cachedHash(t) ? [[i, cachedHash(t)!] as [number, string]] : [])))))).flat();
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
  const p2 = (await Promise.all(lanes.map((lane, k) => lane.phase2({ index, skip: assigned[k].filter(([i]) => reuse.has(i)).map(([i]) => i) })))).flat();
  for (const lane of lanes) void lane.close();
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
