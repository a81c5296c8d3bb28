/**
 * The block-level cache of the rules: what each rule's block-level part (`Rule.block`) reported
 * and returned for one prose block, kept by the block's *window* (see `blockWindows`) so that an
 * edit re-runs only the blocks it touched. The engine owns the logic; the host keeps one
 * `RuleCache` per document (the language server does, per open document) and passes it in, so the
 * core stays pure. Without one (the CLI, `analyze`) every block part runs, as before.
 *
 * The cache holds the entries of the last complete run only (like `ParseCache`), so it never grows
 * past one post's blocks; a change of the config object or of the post's dialect empties it.
 *
 * Shared work is kept with it: `memoized` (a value by name, key and sub), `memoizedIf` (one that also read beyond its key,
 * checked again before reuse), `cacheTable` (a rule's own table, gone with the cache). A pass over the post that looks up
 * one memoised value per window (or per code text, per group of sentences) makes one `memoPass` / `windowPass` for the
 * pass and calls it for each piece: its closures for the cache (the key, the computation, the test of its reads) are made
 * once and read the piece being asked about, not made again for each of a long post's thousands of windows on every edit.
 */
import type { ProseBlock } from './document';
import type { Post } from './document';
import type { ReportInput, Span, TextEdit } from './types';
import { lastAtOrBefore } from './text';

/** One block part's result for one window: its reports (offsets local to the window) and summary. */
export interface BlockEntry {
  reports: ReportInput[];
  value: unknown;
  /** The reports moved to the block's place in the post, kept while the block stays there (`placedReports`). */
  placed?: { base: number; reports: ReportInput[] };
}

/** An entry's reports at post offset `base`: the same objects as last time while the block has not moved (nothing changes them). */
export function placedReports<R extends ReportInput>(entry: { reports: readonly R[]; placed?: { base: number; reports: R[] } }, base: number): readonly R[] {
  if (!entry.reports.length) return entry.reports;
  if (entry.placed?.base !== base) {
    const reports: R[] = [];
    moveReports(entry.reports, base, (r) => reports.push(r));
    entry.placed = { base, reports };
  }
  return entry.placed.reports;
}

/**
 * The slice of the post a block-level part may read: the text and prose view of the block's whole
 * lines (a table cell's row, a paragraph's lines), and where the block sits in it. Everything a
 * block part returns or reports is a function of these, the block kind and the config, so the
 * window's `key` is the cache key.
 */
export interface BlockWindow {
  block: ProseBlock;
  /** Offset of the window in the post. */
  base: number;
  text: string;
  prose: string;
  /** The block in window offsets. */
  from: number;
  to: number;
  readonly key: string;
  /**
   * The two characters of text and prose view either side of the window's lines, and how many there
   * are before it (for parts that read that far: the styled typo rules). Made once per post, when asked.
   */
  readonly edges: string;
}

const windowMemo = new WeakMap<Post, BlockWindow[]>();

/** A window of the last run that no later window can equal (its key was never made). */
const NO_WINDOW: KeptWindow = { type: '', from: -1, to: -1, text: '', prose: '', key: '' };

/** The window of each of `post.blocks`, in order (made once per post). */
export function blockWindows(post: Post): BlockWindow[] {
  let ws = windowMemo.get(post);
  if (!ws) windowMemo.set(post, (ws = makeWindows(post)));
  return ws;
}

function makeWindows(post: Post): BlockWindow[] {
  const { text, prose, lineStarts } = post;
  const cache = active.get(post);
  // The windows of the cache's last complete run: a window whose kind, place in its lines, text and
  // prose equal one of them takes its strings and key (compared in place, nothing sliced or hashed).
  const last = cache?.lastWindows;
  const shift = last ? last.length - post.blocks.length : 0;
  const windows: BlockWindow[] = [];
  const { blocks } = post;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    const { start, end } = block.span;
    const base = lineStarts[Math.max(0, lastAtOrBefore(lineStarts, start))];
    const k = lastAtOrBefore(lineStarts, Math.max(start, end - 1));
    const stop = k + 1 < lineStarts.length ? lineStarts[k + 1] : text.length;
    const from = start - base;
    const to = end - base;
    // The same block before the edit (same index) or after it (same index from the end).
    const before = last?.[i];
    const kept = sameWindow(before, post, block.type, base, stop, from, to) ? before : sameWindow(last?.[i + shift], post, block.type, base, stop, from, to) ? last?.[i + shift] : undefined;
    if (kept) {
      cache!.stats.windowKeys.kept++;
      windows.push(new Window(post, block, base, kept.text, kept.prose, from, to, cache!.intern(kept.key), kept));
    } else windows.push(new Window(post, block, base, text.slice(base, stop), prose.slice(base, stop), from, to));
  }
  cache?.madeWindows(windows);
  return windows;
}

/**
 * Is `o` the window of a block of kind `type` at `from`–`to` in the lines `[base, stop)` of `post`?
 * (A slice compared with `===` is several times faster than `startsWith` at an offset on long
 * two-byte strings: on a 1 MB post the comparisons were most of making the windows.)
 */
function sameWindow(o: KeptWindow | undefined, post: Post, type: string, base: number, stop: number, from: number, to: number): o is KeptWindow {
  return !!o && o.type === type && o.from === from && o.to === to && o.text.length === stop - base && post.text.slice(base, stop) === o.text && post.prose.slice(base, stop) === o.prose;
}

/**
 * What a `RuleCache` keeps of a window of its last run (not the block: the old tree may go). Nothing
 * changes one once made: a window kept from it whose edges were as they were is kept by the same object.
 */
interface KeptWindow {
  type: string;
  from: number;
  to: number;
  text: string;
  prose: string;
  key: string;
  /** Its `edges`, if that run made them. */
  edges?: string;
}

class Window implements BlockWindow {
  private madeKey: string | undefined;
  private madeEdges: string | undefined;
  constructor(
    private readonly post: Post,
    readonly block: ProseBlock,
    readonly base: number,
    readonly text: string,
    readonly prose: string,
    readonly from: number,
    readonly to: number,
    key?: string,
    /** The last complete run's window this one was found equal to (its text, prose and key are taken). */
    readonly keptFrom?: KeptWindow,
  ) {
    this.madeKey = key;
  }

  // Made when a cache asks (not on the CLI's single run), and interned: see `RuleCache.intern`.
  get key(): string {
    return (this.madeKey ??= internKey(this.post, `${this.block.type}\u0001${this.from}\u0001${this.to}\u0001${this.text}\u0001${this.prose}`));
  }

  /** The key if it was made (a window the run never keyed is not kept). */
  get keyIfMade(): string | undefined {
    return this.madeKey;
  }

  get edges(): string {
    if (this.madeEdges === undefined) {
      // The last run's string while the characters either side are as they were (compared in place).
      const kept = this.keptFrom?.edges;
      this.madeEdges = kept !== undefined && edgesAre(this.post, this.base, this.text.length, kept) ? kept : edgesOf(this.post, this.base, this.text.length);
    }
    return this.madeEdges;
  }

  /** The edges if they were made. */
  get edgesIfMade(): string | undefined {
    return this.madeEdges;
  }
}

/** Is `s` what `edgesOf(post, base, length)` makes? Compared character by character, nothing made. */
function edgesAre(post: Post, base: number, length: number, s: string): boolean {
  const a = Math.max(0, base - 2);
  if (s.charCodeAt(0) !== 48 + base - a || s.charCodeAt(1) !== 1) return false;
  let i = edgeChars(post.text, a, base, base + length, s, 2);
  if (i < 0 || s.charCodeAt(i) !== 1) return false;
  i = edgeChars(post.prose, a, base, base + length, s, i + 1);
  return i === s.length;
}

/** `s` from `i` holds `str[a, base)` then `str[b, b + 2)`: where it goes on, or -1. */
function edgeChars(str: string, a: number, base: number, b: number, s: string, i: number): number {
  for (let j = a; j < base; j++) if (s.charCodeAt(i++) !== str.charCodeAt(j)) return -1;
  for (let j = b, e = Math.min(b + 2, str.length); j < e; j++) if (s.charCodeAt(i++) !== str.charCodeAt(j)) return -1;
  return i;
}

/** The two characters of text and prose view either side of a block's window (for parts that read that far): `BlockWindow.edges`. */
function edgesOf(post: Post, base: number, length: number): string {
  const a = Math.max(0, base - 2);
  const b = base + length;
  return `${base - a}\u0001${post.text.slice(a, base)}${post.text.slice(b, b + 2)}\u0001${post.prose.slice(a, base)}${post.prose.slice(b, b + 2)}`;
}

/**
 * `reports` moved by `delta` (spans and fix edits; an edit list shared among reports stays shared),
 * each passed to `to`: how a block's reports, kept in window offsets, reach the post and back.
 */
export function moveReports<R extends ReportInput>(reports: readonly R[], delta: number, to: (r: R) => void): void {
  if (!reports.length) return;
  const moved = new Map<readonly TextEdit[], TextEdit[]>();
  const at = (s: Span): Span => ({ start: s.start + delta, end: s.end + delta });
  const edits = (list: TextEdit[]): TextEdit[] => {
    let m = moved.get(list);
    if (!m) moved.set(list, (m = list.map((e) => ({ span: at(e.span), newText: e.newText }))));
    return m;
  };
  for (const r of reports) {
    const out: R = { ...r, span: at(r.span) };
    if (r.fixes) out.fixes = r.fixes.map((f) => ({ ...f, edits: edits(f.edits) }));
    to(out);
  }
}

/** What the last run did, for tests and the bench: block parts run (misses) and reused (hits). */
export interface BlockRunStats {
  computed: number;
  reused: number;
  /** Post offsets of the blocks whose block part ran, one per (rule, block). */
  computedAt: number[];
  /** Per `memoized` name: values computed and reused. */
  memo: Record<string, { computed: number; reused: number }>;
  /**
   * Window keys made (the block's text and prose joined and hashed) and kept from the last run's
   * window with the same text and prose (compared in place).
   */
  windowKeys: { made: number; kept: number };
}

const active = new WeakMap<Post, RuleCache>();

function internKey(post: Post, key: string): string {
  const cache = active.get(post);
  if (!cache) return key;
  cache.stats.windowKeys.made++;
  return cache.intern(key);
}

/**
 * A value of a shared per-block or per-sentence computation (the term matcher's scan of a block, the
 * claim detector's gate on a sentence), kept in the `RuleCache` of the run now analysing `post`, by
 * `name` and `key`. The value must be a function of `key` and the config alone, and hold no post
 * offsets (keep them relative to the piece the key names). `sub` adds a short part to a long key
 * kept as one string (a window's `key`: its hash is computed once). Outside a run with a cache (the CLI,
 * hovers, summaries) it is simply computed.
 */
export function memoized<V>(post: Post, name: string, key: string | (() => string), compute: () => V, sub = ''): V {
  const cache = active.get(post);
  return cache ? cache.memo(name, typeof key === 'string' ? key : key(), compute, sub) : compute();
}

/**
 * `memoized` for a value that also read things its key does not hold: `valid(value)` checks them
 * again, and a kept value that fails is computed again (and replaces the kept one).
 */
export function memoizedIf<V>(post: Post, name: string, key: string | (() => string), compute: () => V, valid: (value: V) => boolean, sub = ''): V {
  const cache = active.get(post);
  return cache ? cache.memo(name, typeof key === 'string' ? key : key(), compute, sub, valid) : compute();
}

/** `memoPass`'s look-up: `piece`'s value (`sub` as `memoized`'s, default ''; `arg` passed to `compute` and `valid`). */
export type MemoAsk<T, V, A = undefined> = (piece: T, sub?: string, arg?: A) => V;

/**
 * `memoizedIf(post, name, keyOf(piece), () => compute(piece, arg), (v) => valid(v, piece, arg), sub)` for each `piece` a pass
 * over the post asks about (each block window, each code text, each group of sentences), without a closure per piece: the
 * closures the cache calls are made once, here, per pass, and read the piece being asked about (perf32/perf33: thousands of
 * windows on each edit of a long post made two or three closures each). Make it once per pass (or per post, kept with the post)
 * and call it for each piece. `compute` and `valid` must read the piece only through their parameters; a look-up they make
 * through the same pass (re-entrant) is answered for its own piece, and the outer one's is set back after it.
 * Outside a run with a cache it is `compute(piece, arg)`, no key made (as `memoized`'s key given as a function).
 */
export function memoPass<T, V, A = undefined>(
  post: Post,
  name: string,
  keyOf: (piece: T) => string,
  compute: (piece: T, arg: A) => V,
  valid?: (value: V, piece: T, arg: A) => boolean,
): MemoAsk<T, V, A> {
  // The piece being asked about and its argument, while the cache looks it up.
  let cur: T | undefined;
  let curArg: A | undefined;
  const run = () => compute(cur as T, curArg as A);
  const holds = valid && ((value: V) => valid(value, cur as T, curArg as A));
  return (piece, sub = '', arg) => {
    const cache = active.get(post);
    if (!cache) return compute(piece, arg as A);
    const was = cur;
    const wasArg = curArg;
    cur = piece;
    curArg = arg;
    try {
      return cache.memo(name, keyOf(piece), run, sub, holds);
    } finally {
      cur = was;
      curArg = wasArg;
    }
  };
}

const windowKey = (w: BlockWindow): string => w.key;

/** `memoPass`'s `keyOf` for a piece that is its own key (a code text). */
export const byText = (text: string): string => text;

/** `memoPass` over block windows, keyed by the window (`w.key`): a block's part of a per-window table or analysis. */
export function windowPass<V, A = undefined>(post: Post, name: string, compute: (w: BlockWindow, arg: A) => V, valid?: (value: V, w: BlockWindow, arg: A) => boolean): MemoAsk<BlockWindow, V, A> {
  return memoPass(post, name, windowKey, compute, valid);
}

/**
 * A table kept by the `RuleCache` of the run now analysing `post` under `name`, made by `make` on its
 * first use (undefined outside a run with a cache): what a rule keeps across runs that is no memoised
 * value (an interning table of its keys' parts), gone with the cache (a closed document) or a new config.
 */
export function cacheTable<T>(post: Post, name: string, make: () => T): T | undefined {
  return active.get(post)?.table(name, make);
}

/** @internal The engine: `post` is analysed with `cache` (or no longer, with undefined). */
export function analysing(post: Post, cache: RuleCache | undefined): void {
  if (cache) active.set(post, cache);
  else active.delete(post);
}

const MAX_SUBS = 8;

/** Values memoised under one key, by `sub` (most keys have one; claim/text-test's sentences one per test). */
interface MemoEntry {
  sub: string;
  value: unknown;
  next?: MemoEntry;
}

/** A kept key's values (its chain by `sub`) and the run that last used them. */
interface MemoSlot {
  chain: MemoEntry | undefined;
  run: number;
}

/** One memoised name's values by key, and its counts for this run's `stats`. */
interface MemoTable {
  byKey: Map<string, MemoSlot>;
  count: { computed: number; reused: number };
  /** The run `count` is of (it is made when a run first uses the name). */
  countRun: number;
}

/** A kept block part's result and the run that last used it. */
interface KeptBlock {
  entry: BlockEntry;
  run: number;
}

/**
 * Entries are kept in one map per rule (per memoised name, for window keys) across runs, each with
 * the number of the run that last used it: a hit marks it, a miss adds it, and nothing is copied into
 * new maps on each run (on a 1 MB post that was some 100,000 map insertions per keystroke). A
 * complete run sweeps what it did not use once the unused entries outgrow `slack` (an eighth of what
 * it used, at least 16), so the cache holds the last complete run's entries and at most that many more.
 */
export class RuleCache {
  private entries = new Map<string, Map<string, KeptBlock>>();
  /** Memoised values by name, then key (then `sub`, in the key's short chain of entries). */
  private memos = new Map<string, MemoTable>();
  /** Window keys, each the first string object seen with its text, and the run that last used it. */
  private keys = new Map<string, { key: string; run: number }>();
  /** `cacheTable`'s tables, by name. */
  private tables = new Map<string, unknown>();
  /** This run's number; entries stamped with it were used by it. */
  private run = 0;
  /** Distinct entries this run used, and entries held (in all the maps). */
  private used = 0;
  private held = 0;
  private generation = '';
  private config: unknown;
  /** @internal The windows of the last complete run, and of this one (see `makeWindows`). */
  lastWindows?: KeptWindow[];
  private nextWindows?: BlockWindow[];
  /** The last run's counts (reset when a run starts). */
  stats: BlockRunStats = { computed: 0, reused: 0, computedAt: [], memo: {}, windowKeys: { made: 0, kept: 0 } };

  /** @internal A run starts under `config` and dialect `dialect`: anything kept under others goes. */
  begin(config: unknown, dialect: string): void {
    if (config !== this.config || dialect !== this.generation) {
      this.entries = new Map();
      this.memos = new Map();
      this.keys = new Map();
      this.tables = new Map();
      this.lastWindows = undefined;
      this.config = config;
      this.generation = dialect;
      this.held = 0;
    }
    this.run++;
    this.used = 0;
    this.nextWindows = undefined;
    this.stats = { computed: 0, reused: 0, computedAt: [], memo: {}, windowKeys: { made: 0, kept: 0 } };
  }

  /** Mark an entry used by this run. */
  private use(slot: { run: number }): void {
    if (slot.run !== this.run) {
      slot.run = this.run;
      this.used++;
    }
  }

  /**
   * @internal See `memoized`. Values are kept by name, then the (long) key, then `sub` in the key's
   * chain: a lookup hashes the key once, and a hit allocates nothing (every value in a key's chain
   * is a function of its key, sub and the config).
   */
  memo<V>(name: string, key: string, compute: () => V, sub = '', valid?: (value: V) => boolean): V {
    let table = this.memos.get(name);
    if (!table) this.memos.set(name, (table = { byKey: new Map(), count: { computed: 0, reused: 0 }, countRun: -1 }));
    if (table.countRun !== this.run) {
      table.countRun = this.run;
      table.count = this.stats.memo[name] = { computed: 0, reused: 0 };
    }
    const { count } = table;
    let slot = table.byKey.get(key);
    if (slot) this.use(slot);
    else {
      table.byKey.set(key, (slot = { chain: undefined, run: this.run }));
      this.used++;
      this.held++;
    }
    let n = 0;
    for (let e = slot.chain; e; e = e.next) {
      // (A key keeps its last few subs: a block whose neighbours keep changing does not pile them up.)
      if (++n === MAX_SUBS) e.next = undefined;
      if (e.sub !== sub) continue;
      if (!valid || valid(e.value as V)) {
        count.reused++;
        return e.value as V;
      }
      // Kept, but what it read beyond its key changed: computed again, in its place.
      e.value = compute();
      count.computed++;
      return e.value as V;
    }
    const value = compute();
    slot.chain = { sub, value, next: slot.chain };
    count.computed++;
    return value;
  }

  /** @internal See `cacheTable`. */
  table<T>(name: string, make: () => T): T {
    let t = this.tables.get(name) as T | undefined;
    if (t === undefined) this.tables.set(name, (t = make()));
    return t;
  }

  /**
   * @internal A window key as the string object a run used before for the same text, if any. The
   * engine's and the memoised values' maps are then looked up with a string whose hash is already
   * computed and that equals the kept key by identity: one full hash and comparison of the block's
   * text per window and run, instead of one per rule and per memoised name.
   */
  intern(key: string): string {
    let k = this.keys.get(key);
    if (k) this.use(k);
    else {
      this.keys.set(key, (k = { key, run: this.run }));
      this.used++;
      this.held++;
    }
    return k.key;
  }

  /** @internal */
  take(window: string, ruleId: string): BlockEntry | undefined {
    const hit = this.entries.get(ruleId)?.get(window);
    if (hit) {
      this.use(hit);
      this.stats.reused++;
      return hit.entry;
    }
    return undefined;
  }

  /** @internal */
  keep(window: string, ruleId: string, entry: BlockEntry): void {
    let m = this.entries.get(ruleId);
    if (!m) this.entries.set(ruleId, (m = new Map()));
    const old = m.get(window);
    if (old) {
      old.entry = entry;
      this.use(old);
    } else {
      m.set(window, { entry, run: this.run });
      this.used++;
      this.held++;
    }
  }

  /** @internal A run completed: what it did not use goes (swept once it outgrows the slack). */
  turn(): void {
    if (this.stale > this.slack) {
      const run = this.run;
      const sweep = <S extends { run: number }>(m: Map<string, S>) => {
        for (const [k, v] of m) if (v.run !== run) m.delete(k);
      };
      for (const m of this.entries.values()) sweep(m);
      for (const t of this.memos.values()) sweep(t.byKey);
      sweep(this.keys);
      this.held = this.used;
    }
    this.lastWindows = undefined;
    if (this.nextWindows) {
      const kept: KeptWindow[] = [];
      for (const w of this.nextWindows) {
        const key = w instanceof Window ? w.keyIfMade : w.key;
        const edges = w instanceof Window ? w.edgesIfMade : undefined;
        // A window found equal to one of the last run's, its edges as they were: that one again (most windows, after an edit).
        const again = w instanceof Window ? w.keptFrom : undefined;
        if (again && again.key === key && again.edges === edges) kept.push(again);
        else kept.push(key === undefined ? NO_WINDOW : { type: w.block.type, from: w.from, to: w.to, text: w.text, prose: w.prose, key, edges });
      }
      this.lastWindows = kept;
    }
    this.nextWindows = undefined;
  }

  /** @internal The windows of the post this run analyses (made while it runs). */
  madeWindows(windows: BlockWindow[]): void {
    this.nextWindows = windows;
  }

  /** @internal For tests: the window keys some rule's block part has an entry for. */
  heldWindows(): Set<string> {
    const keys = new Set<string>();
    for (const m of this.entries.values()) for (const k of m.keys()) keys.add(k);
    return keys;
  }

  /** Entries held that the last (complete) run did not use: at most `slack` after a complete run. */
  get stale(): number {
    return this.held - this.used;
  }

  /** How many unused entries a complete run leaves before it sweeps them. */
  get slack(): number {
    return Math.max(16, this.used >> 3);
  }

  /** Block windows held (at most one post's blocks, and `slack`). */
  get size(): number {
    let n = 0;
    for (const m of this.entries.values()) n = Math.max(n, m.size);
    return n;
  }

  /** Memoised values held (at most one post's blocks and sentences, per `memoized` name and sub, and the slack). */
  get memoSize(): number {
    let n = 0;
    for (const t of this.memos.values()) for (const slot of t.byKey.values()) for (let e = slot.chain; e; e = e.next) n++;
    return n;
  }
}
