/**
 * Sentences over the prose view, for Chinese and English (and both mixed in one line).
 *
 * A sentence never leaves its prose block (paragraph, heading, table cell). It ends at
 * 。！？!? (with any closing quotes or brackets after them), at an English full stop that
 * is followed by a space, a line break or Chinese text (not `3.5`, `e.g.`, `example.com`),
 * and at a line break inside a block unless the line reads on as wrapped English text.
 * Spans are source offsets (the prose view has the text's length), trimmed of spaces and
 * Markdown syntax (MARK) at both ends. Non-prose (ATOM: inline code, images, URLs) stays inside.
 *
 * Reusable by any rule: `sentences(post)` is memoised per parsed post.
 */
import { ATOM, MARK, type Post, type ProseBlock } from './document';
import { isCjkChar } from './cjk';
import type { Span } from './types';
import { blockWindows, windowPass } from './blockCache';

export interface Sentence extends Span {
  block: ProseBlock;
}

const TERMINATORS = new Set(['。', '！', '？', '!', '?', '｡']);
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '】', '》', '"', "'", MARK]);
/** Words that end with a full stop without ending the sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'prof', 'fig', 'no', 'inc', 'ltd', 'co', 'st', 'approx', 'cf', 'al', 'jr', 'sr', 'u.s', 'vol', 'pp', 'ed', 'eds']);

/** The same sets by code unit (hot loop: no string per character). */
const TERMINATOR_CODE = new Uint8Array(0x10000);
for (const c of TERMINATORS) TERMINATOR_CODE[c.charCodeAt(0)] = 1;
const CLOSER_CODE = new Uint8Array(0x10000);
for (const c of CLOSERS) CLOSER_CODE[c.charCodeAt(0)] = 1;

const memo = new WeakMap<Post, Sentence[]>();

/**
 * All sentences of a post, in order. A block's split reads its prose and the character before it:
 * kept per block by the run's rule cache (blockCache.ts), by the block's window (and whether it
 * starts the post), in offsets relative to the block.
 */
export function sentences(post: Post): Sentence[] {
  let s = memo.get(post);
  if (!s) {
    s = [];
    const split = windowPass(post, 'sentences', ({ block }) => {
      const bs = block.span.start;
      return splitSentences(post.prose, block.span).map((x) => ({ start: x.start - bs, end: x.end - bs }));
    });
    for (const w of blockWindows(post)) {
      const { block } = w;
      const bs = block.span.start;
      const local = split(w, w.base === 0 ? '0' : '');
      for (let i = 0; i < local.length; i++) s.push({ start: local[i].start + bs, end: local[i].end + bs, block });
    }
    memo.set(post, s);
  }
  return s;
}

/** The sentences of one span of the prose view (usually a block). */
export function splitSentences(prose: string, span: Span): Span[] {
  const out: Span[] = [];
  let start = span.start;
  const push = (end: number) => {
    const t = trim(prose, start, end);
    if (t) out.push(t);
    start = end;
  };
  for (let i = span.start; i < span.end; i++) {
    const ch = prose.charCodeAt(i);
    if (TERMINATOR_CODE[ch]) {
      let j = i + 1;
      while (j < span.end && (TERMINATOR_CODE[prose.charCodeAt(j)] || CLOSER_CODE[prose.charCodeAt(j)])) j++;
      push(j);
      i = j - 1;
    } else if (ch === 46 /* . */ && endsEnglishSentence(prose, i, span)) {
      let j = i + 1;
      while (j < span.end && CLOSER_CODE[prose.charCodeAt(j)]) j++;
      push(j);
      i = j - 1;
    } else if (ch === 10 /* \n */ && !readsOn(prose, i, span)) {
      push(i + 1);
    }
  }
  push(span.end);
  return out;
}

function trim(prose: string, start: number, end: number): Span | undefined {
  while (start < end && isSpaceOrMark(prose[start])) start++;
  while (end > start && isSpaceOrMark(prose[end - 1])) end--;
  if (start >= end) return undefined;
  // A "sentence" of only non-prose (an image line) is no sentence.
  for (let i = start; i < end; i++) if (prose[i] !== ATOM && !isSpaceOrMark(prose[i])) return { start, end };
  return undefined;
}

function isSpaceOrMark(ch: string): boolean {
  return ch === MARK || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u3000';
}

function endsEnglishSentence(prose: string, i: number, span: Span): boolean {
  const next = i + 1 < span.end ? prose[i + 1] : '';
  // `3.5`, `example.com`, `...`: not an end.
  if (next && !(next === ' ' || next === '\n' || next === '\r' || next === MARK || isCjkChar(next) || CLOSERS.has(next))) return false;
  if (prose[i - 1] === '.') return false;
  // The word before the full stop.
  let s = i;
  while (s > span.start && /[A-Za-z.]/.test(prose[s - 1])) s--;
  const word = prose.slice(s, i).toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  if (/^[a-z]$/i.test(word) && word === word.toUpperCase()) return false; // an initial: "J. R. R."
  return true;
}

/**
 * A line break inside a block reads on (is not a sentence end) when it wraps English
 * text: a letter, digit or comma before it and a lower-case letter or digit after it.
 */
function readsOn(prose: string, i: number, span: Span): boolean {
  let p = i - 1;
  while (p >= span.start && (prose[p] === '\r' || prose[p] === ' ' || prose[p] === MARK)) p--;
  let n = i + 1;
  while (n < span.end && (prose[n] === ' ' || prose[n] === '\t' || prose[n] === MARK)) n++;
  if (p < span.start || n >= span.end) return true;
  return /[A-Za-z0-9,;]/.test(prose[p]) && /[a-z0-9(]/.test(prose[n]);
}
