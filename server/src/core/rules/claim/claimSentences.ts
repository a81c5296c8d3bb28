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
import { blockWindows, type BlockWindow } from '../../blockCache';

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
