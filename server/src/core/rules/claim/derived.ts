/**
 * The author's own arithmetic, a neighbourhood feature for the claim detector's builtins (`derived`):
 * the sentence's multiple or percentage is worked out from numbers given just before it
 * (`…耗时 600ms … 2ms 搞定。性能提升 300 倍。`, `…从 40s 降到 10s。快了 75%。`). A ratio, a difference over a
 * base, or a share of two numbers in the two sentences before it in the same block equals the figure
 * (within 5 %), for every figure of the sentence, and the sentence gives no other number, magnitude
 * or money of its own. Such a figure needs no source: the reader sees where it comes from (the
 * numbers it comes from are judged in their own sentences).
 * Cost: the sentence and at most two sentences before it (an index per post, built once), at most
 * 16 numbers compared in pairs, so the detector stays linear in the post.
 */
import type { Post } from '../../document';
import type { Sentence } from '../../sentences';
import { claimSentences } from './claimSentences';
import { cleanText } from './cues';

/** The figure a sentence states: a multiple (倍, x, ×) or a percentage. */
const FIGURE = /(?<![\w.])(\d+(?:\.\d+)?)\s*(倍|[x×](?![\w])|%|％)/g;
/** Plain numbers (not part of a version or a name). */
const NUMBER = /(?<![\w.\-/:#@$¥￥])\d+(?:,\d{3})*(?:\.\d+)?(?![\w.]*\d)/g;
/** At most this many context numbers are compared (pairs: quadratic in a small constant). */
const MAX_NUMBERS = 16;
/** A magnitude or an amount of money in the sentence: figures of its own, not only the worked-out one. */
const MAGNITUDE = /[万亿]|[$¥￥€£]\s?\d|美元|美金|人民币|(?<![\w.])\d+(?:\.\d+)?\s?(?:million|billion|trillion)\b/i;
const TOLERANCE = 0.05;

const indexMemo = new WeakMap<Post, Map<number, number>>();

/** The sentence's place in the post's claim sentences (by start offset), -1 when not found. */
function indexOf(post: Post, s: Sentence): number {
  let m = indexMemo.get(post);
  if (!m) {
    m = new Map();
    claimSentences(post).forEach((x, i) => m!.set(x.start, i));
    indexMemo.set(post, m);
  }
  return m.get(s.start) ?? -1;
}

function numbersIn(text: string, out: number[]): void {
  NUMBER.lastIndex = 0;
  for (const m of text.matchAll(NUMBER)) {
    if (out.length >= MAX_NUMBERS) return;
    const n = Number(m[0].replace(/,/g, ''));
    if (Number.isFinite(n) && n > 0) out.push(n);
  }
}

function near(x: number, target: number): boolean {
  return Math.abs(x - target) <= Math.max(TOLERANCE * Math.abs(target), 0.5);
}

/** Does a pair of the numbers give the figure (a multiple, or a percentage)? */
function derives(nums: readonly number[], value: number, percent: boolean): boolean {
  for (let i = 0; i < nums.length; i++) {
    for (let j = 0; j < nums.length; j++) {
      const a = nums[i];
      const b = nums[j];
      if (i === j || a === b || a === value || b === value) continue;
      if (percent) {
        if (near(((a - b) / b) * 100, value) || near(((a - b) / a) * 100, value) || near((b / a) * 100, value)) return true;
      } else if (near(a / b, value) || near((a - b) / b, value)) return true;
    }
  }
  return false;
}

/**
 * The sentence states a multiple or a percentage that a pair of the numbers given before it (earlier
 * in the two sentences before it in the same block) yields, and the sentence gives no other number.
 */
export function derivesFigure(post: Post, s: Sentence, masked: string): boolean {
  FIGURE.lastIndex = 0;
  const figures = [...masked.matchAll(FIGURE)];
  if (!figures.length || MAGNITUDE.test(masked)) return false;
  // The sentence gives no number of its own besides its figures: they come from what was said before.
  const own: number[] = [];
  numbersIn(masked, own);
  if (own.length > figures.length) return false;
  const before: number[] = [];
  const all = claimSentences(post);
  const k = indexOf(post, s);
  for (let i = Math.max(0, k - 2); k > 0 && i < k; i++) {
    if (all[i].block === s.block) numbersIn(cleanText(post, all[i]).text, before);
  }
  if (before.length < 2) return false;
  // Every figure of the sentence must be worked out so: one figure from elsewhere is still a claim.
  for (const f of figures) {
    const value = Number(f[1]);
    if (!Number.isFinite(value) || value <= 1 || !derives(before, value, f[2] === '%' || f[2] === '％')) return false;
  }
  return true;
}
