/**
 * The sentences the claim rules judge: the core's sentences (sentences.ts), with the pieces of a
 * hard-wrapped Chinese sentence joined again. The core splitter ends a sentence at a line break
 * inside a paragraph unless the line reads on as English; blogs that wrap Chinese prose at a fixed
 * width (`…但有的人薪资可⏎能是市场平均水平的两三倍。`) would otherwise be judged in halves, and a
 * link or a reporting phrase in one half would not count for the other.
 *
 * Joined: two neighbouring pieces of one block, separated by a single line break, when the first
 * does not end a sentence (no 。！？!?；; or colon at its end), its line is long (a wrapped line,
 * not a short list-like line), and a Chinese character sits on at least one side of the break or
 * the line before it is Chinese (eight Chinese characters or more: `…服务流量下降 50%⏎~ 60%，…`).
 */
import type { Post } from '../../document';
import { MARK } from '../../document';
import { isCjkChar } from '../../cjk';
import { countWhile } from '../../text';
import { sentences, type Sentence } from '../../sentences';
import { blockWindows, cacheTable, memoized, memoPass, type BlockWindow, type MemoAsk } from '../../blockCache';

const ENDS = new Set(['。', '！', '？', '!', '?', '；', ';', '：', ':', '｡', '…']);
/** A wrapped line is at least this long (UTF-16 units, from the line start to the break). */
const WRAPPED_LINE = 24;

/** A line with at least this many Chinese characters is Chinese prose, wherever it breaks. */
const CHINESE_LINE = 8;

function cjkCount(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to && n < CHINESE_LINE; i++) if (isCjkChar(text[i])) n++;
  return n;
}

const memo = new WeakMap<Post, Sentence[]>();

export function claimSentences(post: Post): Sentence[] {
  let out = memo.get(post);
  if (out) return out;
  out = [];
  const { prose } = post;
  for (const s of sentences(post)) {
    const prev = out[out.length - 1];
    if (prev && prev.block === s.block && wrapsInto(prose, prev, s)) out[out.length - 1] = { start: prev.start, end: s.end, block: s.block };
    else out.push(s);
  }
  memo.set(post, out);
  return out;
}

/** One block's claim sentences: `at` is the first one's index in `claimSentences(post)`. */
export interface BlockSentences {
  window: BlockWindow;
  /** The `sub` of a per-block memo: the block's sentences are a function of its window's key and of whether it starts the post (as sentences.ts keys them). */
  sub: string;
  sentences: Sentence[];
  at: number;
}

/** Per post: are its blocks' starts strictly increasing (then a bisection finds any block of it), else its blocks' windows by block. */
const windowIndex = new WeakMap<Post, true | Map<object, BlockWindow>>();
/**
 * The window (blockCache.ts `blockWindows`) of a block of `post.blocks`, undefined for any other object (a part of a
 * block). Found by bisection on the blocks' starts when they are in text order (checked once per post), else in a map.
 */
export function windowOf(post: Post, block: object & { span?: { start: number } }): BlockWindow | undefined {
  const { blocks } = post;
  let index = windowIndex.get(post);
  if (!index) {
    let ordered = true;
    for (let i = 1; i < blocks.length && ordered; i++) ordered = blocks[i - 1].span.start < blocks[i].span.start;
    if (ordered) index = true;
    else {
      index = new Map();
      for (const w of blockWindows(post)) index.set(w.block, w);
    }
    windowIndex.set(post, index);
  }
  if (index !== true) return index.get(block);
  const at = block.span?.start;
  if (at === undefined) return undefined;
  const k = countWhile(blocks.length, (i) => blocks[i].span.start <= at);
  return k > 0 && blocks[k - 1] === block ? blockWindows(post)[k - 1] : undefined;
}

const groupMemo = new WeakMap<Post, BlockSentences[]>();
/** `claimSentences(post)` by block, with each block's window: what a per-block memo of a sentence-level result needs. */
export function sentencesByBlock(post: Post): BlockSentences[] {
  let out = groupMemo.get(post);
  if (out) return out;
  out = [];
  const all = claimSentences(post);
  const windows = blockWindows(post);
  // The sentences' blocks come in the windows' order: the next window of the block is found by walking on.
  let at = 0;
  for (let i = 0; i < all.length; ) {
    const block = all[i].block;
    let j = i + 1;
    while (j < all.length && all[j].block === block) j++;
    let p = at;
    while (p < windows.length && windows[p].block !== block) p++;
    // (Out of order, which the parse never makes: looked up, and no more walks.)
    const window = p < windows.length ? windows[(at = p)] : windowOf(post, block)!;
    if (p === windows.length) at = windows.length;
    out.push({ window, sub: window.base === 0 ? '0' : '', sentences: all.slice(i, j), at: i });
    i = j;
  }
  groupMemo.set(post, out);
  return out;
}

const groupKey = (g: BlockSentences): string => g.window.key;

/**
 * `memoPass` over the groups of `sentencesByBlock`, keyed by the group's window: a per-block memo of a sentence-level result
 * looked up once per group of a pass, without closures per group (the `sub` is the caller's: `g.sub` at least, as the
 * sentences are keyed).
 */
export function groupPass<V, A = undefined>(post: Post, name: string, compute: (g: BlockSentences, arg: A) => V): MemoAsk<BlockSentences, V, A> {
  return memoPass(post, name, groupKey, compute);
}

/**
 * What a rule cache keeps of a per-group table's last run: each group's window key and `sub`, and its value; and the
 * values of the groups the last few edits replaced (by key and `sub`: a block edited back, or moved).
 */
interface KeptGroups<V> {
  keys: string[];
  subs: string[];
  values: V[];
  spare: Map<string, V>;
}

/** How many replaced groups' values a table keeps. */
const SPARE_GROUPS = 32;

const groupIds = new WeakMap<object, string>();
let nextGroupId = 0;

/**
 * `value(g)` for each of `sentencesByBlock(post)`, in order, where `value` is a function of the group's window key and
 * `sub` (they determine its sentences) and of `id` alone (a detector's test: the text of the sentences passes it). Under a
 * rule cache the last run's values are taken for the groups before and after the stretch an edit changed (matched from
 * both ends by their keys, the interned strings of the windows the edit kept), and only the stretch's are looked for
 * (among the values of the groups the last few edits replaced: a block edited back or moved, then memoised by `name`);
 * without one, every group's is computed. A per-post table of the claim
 * detector's builtins (the first-person share, the scenario openings: discourse.ts) is then one pass of comparisons, not
 * a memo look-up, a key string and a closure per block on each edit (perf33).
 */
export function perGroup<V>(post: Post, name: string, id: object, value: (g: BlockSentences) => V): V[] {
  const groups = sentencesByBlock(post);
  const table = cacheTable(post, `${name}-groups`, () => new Map<object, KeptGroups<unknown>>());
  if (!table) return groups.map(value);
  let sub = groupIds.get(id);
  if (sub === undefined) groupIds.set(id, (sub = String(nextGroupId++)));
  const last = table.get(id) as KeptGroups<V> | undefined;
  const n = groups.length;
  const keys = new Array<string>(n);
  const subs = new Array<string>(n);
  const values = new Array<V>(n);
  for (let i = 0; i < n; i++) {
    keys[i] = groups[i].window.key;
    subs[i] = groups[i].sub;
  }
  let head = 0;
  let tail = 0;
  const spare = last?.spare ?? new Map<string, V>();
  if (last) {
    const m = last.keys.length;
    const most = Math.min(n, m);
    while (head < most && keys[head] === last.keys[head] && subs[head] === last.subs[head]) {
      values[head] = last.values[head];
      head++;
    }
    while (tail < most - head && keys[n - 1 - tail] === last.keys[m - 1 - tail] && subs[n - 1 - tail] === last.subs[m - 1 - tail]) {
      values[n - 1 - tail] = last.values[m - 1 - tail];
      tail++;
    }
  }
  // The last run's groups this one did not match: spare (the oldest dropped past the bound).
  if (last) {
    for (let j = head; j < last.keys.length - tail; j++) {
      const k = `${last.subs[j]}\u0000${last.keys[j]}`;
      spare.delete(k);
      spare.set(k, last.values[j]);
    }
    for (const k of spare.keys()) {
      if (spare.size <= SPARE_GROUPS) break;
      spare.delete(k);
    }
  }
  for (let i = head; i < n - tail; i++) {
    const g = groups[i];
    const k = `${g.sub}\u0000${keys[i]}`;
    const kept = spare.get(k);
    values[i] = kept !== undefined || spare.has(k) ? (kept as V) : memoized(post, name, keys[i], () => value(g), `${sub}\u0000${g.sub}`);
  }
  table.set(id, { keys, subs, values, spare });
  return values;
}

/** The sentences of the block holding a claim sentence: its group in `sentencesByBlock` (groups are in post order; found by bisection). */
export function blockSentencesOf(post: Post, s: Sentence): Sentence[] {
  const groups = sentencesByBlock(post);
  const k = countWhile(groups.length, (i) => groups[i].sentences[0].start <= s.start);
  const g = k > 0 ? groups[k - 1] : undefined;
  return g && g.sentences[0].block === s.block ? g.sentences : [];
}

function wrapsInto(prose: string, a: Sentence, b: Sentence): boolean {
  const gap = prose.slice(a.end, b.start);
  if ((gap.match(/\n/g) ?? []).length !== 1 || /[^\s\uE000]/.test(gap)) return false;
  let i = a.end - 1;
  while (i > a.start && prose[i] === MARK) i--;
  const last = prose[i];
  if (ENDS.has(last)) return false;
  let j = b.start;
  while (j < b.end && prose[j] === MARK) j++;
  const first = prose[j];
  const lineStart = prose.lastIndexOf('\n', a.end - 1) + 1;
  if (a.end - lineStart < WRAPPED_LINE) return false;
  // A Chinese line wrapped at a space between two Latin tokens (`…服务流量下降 50%⏎~ 60%，延迟下降…`,
  // prettier's proseWrap) is one sentence too: its line holds Chinese.
  return isCjkChar(last) || isCjkChar(first) || cjkCount(prose, lineStart, a.end) >= CHINESE_LINE;
}
