/**
 * Helpers shared by the typo/* rules (the house style, `.zhen.yml` `typography:`, lives in ./style):
 * character classes on the prose view, and what the mdast says about inline atoms and
 * Markdown containers (needed to tell inline code from other atoms, and to put a space
 * outside `**…**`, `[…](…)` and `<a>…</a>` rather than inside). Not a rule.
 */
import type { Nodes } from 'mdast';
import type { Post } from '../../document';
import { ATOM, nodeSpan, walk } from '../../document';
import type { Span } from '../../types';
import { countWhile } from '../../text';
import { isCjkCode } from '../../cjk';

/** Han (and kana) characters, including the halves of astral Han (surrogate pairs). */
export function isCjkAt(s: string, i: number): boolean {
  let c = s.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) c = s.charCodeAt(i - 1);
  return isCjkCode(c);
}


export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
export function isAlnum(c: number): boolean {
  return isAsciiLetter(c) || isDigit(c);
}

/** Full-width punctuation that carries its own spacing: no space goes beside it. */
export const SPACE_ABSORBING = '，。、；：！？（）【】《》「」『』〈〉〔〕';
export const OPENING_CJK = '（【《「『〈〔“‘';
export const CLOSING_CJK = '）】》」』〉〕”’';

export const enum AtomKind { None = 0, Code = 1, Tag = 2, Other = 3 }

export interface InlineInfo {
  /** Per offset: what kind of atom covers it (0 when not an atom). */
  atomKind: Uint8Array;
  /** Offsets where a Markdown/HTML container (emphasis, link, `<a>`) opens or closes. */
  opens: Set<number>;
  closes: Set<number>;
  /** Spans of inline code and math (for messages and the emphasis rule). */
  code: Span[];
  /** Spans of inline links written with brackets (`[text](url)`, `[text][ref]`). */
  links: Span[];
}

const TRANSPARENT_TAG_RE = /^<(\/?)(a|span|strong|em|b|i|u|s|del|ins|mark|small|sup|sub|kbd|abbr|font|big|q|cite|dfn|var|samp|code)\b[^<>]*>$/i;

const cache = new WeakMap<Post, InlineInfo>();

/** What the mdast says about inline atoms and containers; computed once per post. */
export function inlineInfo(post: Post): InlineInfo {
  let info = cache.get(post);
  if (info) return info;
  const atomKind = new Uint8Array(post.text.length);
  const opens = new Set<number>();
  const closes = new Set<number>();
  const code: Span[] = [];
  const links: Span[] = [];
  // Everything masked as ATOM starts as Other; the tree refines inline code and tags.
  for (let i = 0; i < post.prose.length; i++) if (post.prose.charCodeAt(i) === 0xfffc) atomKind[i] = AtomKind.Other;
  const inProse = (s: Span) => s.start < s.end && post.prose[s.start] === ATOM;
  walk(post.root as Nodes, (node, parent) => {
    const s = nodeSpan(node);
    if (!s) return;
    switch (node.type) {
      case 'inlineCode':
      case 'inlineMath':
        if (inProse(s)) {
          for (let i = s.start; i < s.end; i++) atomKind[i] = AtomKind.Code;
          code.push(s);
        }
        return 'skip';
      case 'html': {
        if (!parent || parent.type === 'root' || !inProse(s)) return 'skip';
        const m = TRANSPARENT_TAG_RE.exec(node.value);
        if (m && m[2].toLowerCase() !== 'code') {
          for (let i = s.start; i < s.end; i++) atomKind[i] = AtomKind.Tag;
          if (m[1]) closes.add(s.end);
          else opens.add(s.start);
        }
        return 'skip';
      }
      case 'link':
      case 'linkReference':
        if (post.text[s.start] === '[') links.push(s);
        opens.add(s.start);
        closes.add(s.end);
        return;
      case 'emphasis':
      case 'strong':
      case 'delete':
        opens.add(s.start);
        closes.add(s.end);
        return;
      default:
        return;
    }
  });
  info = { atomKind, opens, closes, code, links };
  cache.set(post, info);
  return info;
}

/** Is the character at i transparent for typesetting (Markdown syntax or an inline tag like `<a>`)? */
export function isTransparent(post: Post, info: InlineInfo, i: number): boolean {
  const c = post.prose.charCodeAt(i);
  return c === 0xe000 /* MARK */ || (c === 0xfffc /* ATOM */ && info.atomKind[i] === AtomKind.Tag);
}

/**
 * Where a space between two significant characters at `left` and `right` belongs when only
 * transparent syntax lies between: after a container that closes in the gap, else before one
 * that opens in it, else right before `right`.
 */
export function spaceOffset(info: InlineInfo, left: number, right: number): number {
  let close = -1;
  let open = -1;
  for (let p = left + 1; p <= right; p++) {
    if (info.closes.has(p)) close = p;
    if (open < 0 && info.opens.has(p)) open = p;
  }
  if (close >= 0 && (open < 0 || close <= open)) return close;
  if (open >= 0) return open;
  return right;
}

/** The lines of a block: [start, end) offsets of each line inside the block's span. */
export function blockLines(prose: string, span: Span): Span[] {
  const out: Span[] = [];
  let s = span.start;
  for (let i = span.start; i < span.end; i++) {
    if (prose.charCodeAt(i) === 10) {
      out.push({ start: s, end: i });
      s = i + 1;
    }
  }
  out.push({ start: s, end: span.end });
  return out;
}

/** Does the text contain a Han/kana character? */
export function hasCjk(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isCjkAt(s, i)) return true;
  return false;
}



const englishMemo = new WeakMap<Post, Map<number, Map<number, boolean>>>();

/** `isEnglishLine(post.prose, s, e)`, memoised per post (several checks ask about the same line). */
export function isEnglishLineOf(post: Post, s: number, e: number): boolean {
  let bySt = englishMemo.get(post);
  if (!bySt) englishMemo.set(post, (bySt = new Map()));
  let byEnd = bySt.get(s);
  if (!byEnd) bySt.set(s, (byEnd = new Map()));
  let v = byEnd.get(e);
  if (v === undefined) byEnd.set(e, (v = isEnglishLine(post.prose, s, e)));
  return v;
}

/** A line with no Chinese and at least two English words: an English sentence. */
export function isEnglishLine(p: string, s: number, e: number): boolean {
  const line = p.slice(s, e);
  // `、`, `《`, `「` only occur in Chinese writing: `2、[《The Rust Programming Language》](…)`.
  if (/[、《》「」]/.test(line) || hasCjk(line.replace(/[（）【】『』]/g, ''))) return false;
  // A quoted English phrase on its own (`"Hi！"`), or two English words in a row; a label such as
  // `Sink URI：` before a value keeps its colon (see typo/punctuation).
  if (/^\s*["'“‘][A-Za-z]{2}[^"'“”‘’]*["'”’]\s*$/.test(line)) return true;
  return /[A-Za-z][A-Za-z0-9]+[)"'”’]?[ \t]+[("'“‘]?[A-Za-z]/.test(line.replace(/[\uE000\uFFFC]/g, ' '));
}

const newlineMemo = new WeakMap<Post, Int32Array>();

/** Offsets of every `\n` of the post (the prose view keeps them where the text has them). */
function newlines(post: Post): Int32Array {
  let nl = newlineMemo.get(post);
  if (!nl) {
    const p = post.prose;
    let n = 0;
    for (let i = p.indexOf('\n'); i >= 0; i = p.indexOf('\n', i + 1)) n++;
    nl = new Int32Array(n);
    n = 0;
    for (let i = p.indexOf('\n'); i >= 0; i = p.indexOf('\n', i + 1)) nl[n++] = i;
    newlineMemo.set(post, nl);
  }
  return nl;
}

/** How many line breaks lie before offset i. */
function newlinesBefore(nl: Int32Array, i: number): number {
  return countWhile(nl.length, (k) => nl[k] < i);
}

/** The start of the line holding i in the prose (not before `min`), by binary search over the post's line breaks. */
export function lineStartOf(post: Post, i: number, min: number): number {
  if (i <= min) return i;
  const nl = newlines(post);
  const k = newlinesBefore(nl, i);
  return k > 0 ? Math.max(min, nl[k - 1] + 1) : min;
}

/** The end of the line holding i in the prose (not after `max`), by binary search over the post's line breaks. */
export function lineEndOf(post: Post, i: number, max: number): number {
  if (i >= max) return i;
  const nl = newlines(post);
  const k = newlinesBefore(nl, i);
  return k < nl.length ? Math.min(max, nl[k]) : max;
}

const cjkCountMemo = new WeakMap<Post, Map<number, Int32Array>>();

/**
 * Does `prose[a, b)` (inside the block `[start, end)`) hold a Chinese character (isCjkAt)? O(1)
 * after one pass over the block, shared by the typo rules (they ask for nested pairs, and slicing
 * each pair's content was quadratic on long paragraphs).
 */
export function cjkIn(post: Post, start: number, end: number, a: number, b: number): boolean {
  if (a >= b) return false;
  const { prose } = post;
  let byBlock = cjkCountMemo.get(post);
  if (!byBlock) cjkCountMemo.set(post, (byBlock = new Map()));
  let before = byBlock.get(start);
  if (!before || before.length !== end - start + 1) {
    before = new Int32Array(end - start + 1); // before[k]: Chinese characters among the block's first k
    for (let k = start; k < end; k++) before[k - start + 1] = before[k - start] + (isCjkAt(prose, k) ? 1 : 0);
    byBlock.set(start, before);
  }
  let n = before[b - start] - before[a - start];
  // In a slice, a low surrogate at its start stands alone (never Chinese); in the prose it may
  // complete the pair before it.
  const c = prose.charCodeAt(a);
  if (c >= 0xdc00 && c <= 0xdfff && isCjkAt(prose, a)) n--;
  return n > 0;
}

/** `20:53:05\t From DW : 嗯`: does the line text before a place (from its line start) open with a clock time, as an exported chat record's lines do? */
export function opensWithClockTime(lineText: string): boolean {
  return /^[\s\uE000]*\d{1,2}:\d{2}\b/.test(lineText);
}
