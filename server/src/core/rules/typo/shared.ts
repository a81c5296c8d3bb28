/**
 * Helpers shared by the typo/* rules (the house style, `.zhen.yml` `typography:`, lives in ./style):
 * character classes on the prose view, and what the mdast says about inline atoms and
 * Markdown containers (needed to tell inline code from other atoms, and to put a space
 * outside `**…**`, `[…](…)` and `<a>…</a>` rather than inside). Not a rule.
 */
import type { Nodes, Parents } from 'mdast';
import type { Post, ProseBlock } from '../../document';
import { ATOM, walk } from '../../document';
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

/**
 * What the mdast says about inline atoms and containers over a range of the post: the whole post
 * (`inlineInfo`), or a block and two characters either side (`blockInlineInfo`: what a styled
 * rule's block part reads). A block's info answers for offsets
 * outside its range from the whole post's (made then, once per post), so both answer alike
 * everywhere; an edit that re-runs one block's part no longer walks the whole tree and the whole
 * prose view for it.
 */
export class InlineInfo {
  /** Per offset in [lo, hi): what kind of atom covers it (0 when not an atom). */
  private readonly kinds: Uint8Array;
  /** Offsets where a Markdown/HTML container (emphasis, link, `<a>`) opens or closes. */
  private readonly opens = new Set<number>();
  private readonly closes = new Set<number>();
  /** Spans of inline code and math that overlap the range (for messages and the emphasis rule). */
  readonly code: Span[] = [];
  /** Spans of inline links written with brackets (`[text](url)`, `[text][ref]`) that overlap the range. */
  readonly links: Span[] = [];
  private wholeInfo?: InlineInfo;

  constructor(
    private readonly post: Post,
    private readonly lo: number,
    private readonly hi: number,
  ) {
    this.kinds = new Uint8Array(hi - lo);
    const { prose } = post;
    // Everything masked as ATOM starts as Other; the tree refines inline code and tags.
    for (let i = lo; i < hi; i++) if (prose.charCodeAt(i) === 0xfffc) this.kinds[i - lo] = AtomKind.Other;
    const root = post.root as Nodes;
    if (lo === 0 && hi === post.text.length) walk(root, (node, parent) => this.visit(node, parent));
    else {
      // The top-level nodes that reach the range, each walked (a node's subtree lies inside its span).
      this.visit(root, undefined);
      const tops = (root as Parents).children ?? [];
      const endOf = (k: number) => tops[k].position?.end.offset;
      // Siblings do not overlap: the first that reaches lo by binary search (when every one has its place).
      let placed = allPlaced.get(root);
      if (placed === undefined) allPlaced.set(root, (placed = tops.every((t) => t.position?.start.offset !== undefined && t.position.end.offset !== undefined)));
      for (let k = placed ? countWhile(tops.length, (j) => endOf(j)! < lo) : 0; k < tops.length; k++) {
        const s = tops[k].position;
        if (placed && s!.start.offset! >= hi) break;
        if (s && s.start.offset !== undefined && s.end.offset !== undefined && (s.start.offset >= hi || s.end.offset < lo)) continue;
        walk(tops[k], (node, parent) => this.visit(node, parent ?? (root as Parents)));
      }
    }
  }

  /** The post's length. */
  get length(): number {
    return this.post.text.length;
  }

  /** What kind of atom covers offset `i` (0 when none). */
  kind(i: number): AtomKind {
    return i >= this.lo && i < this.hi ? this.kinds[i - this.lo] : i >= 0 && i < this.post.text.length ? this.whole().kinds[i] : AtomKind.None;
  }

  opensAt(p: number): boolean {
    return p >= this.lo && p < this.hi ? this.opens.has(p) : this.whole().opens.has(p);
  }

  closesAt(p: number): boolean {
    return p >= this.lo && p < this.hi ? this.closes.has(p) : this.whole().closes.has(p);
  }

  /** The info that answers for offset `i` with its `code` and `links`: this one inside its range, else the whole post's. */
  at(i: number): InlineInfo {
    return i >= this.lo && i < this.hi ? this : this.whole();
  }

  private whole(): InlineInfo {
    return (this.wholeInfo ??= inlineInfo(this.post));
  }

  /** One node of the walk: nodes that do not reach [lo, hi) are skipped with their subtrees. */
  private visit(node: Nodes, parent: Parents | undefined): void | 'skip' {
    const p = node.position;
    if (!p || p.start.offset === undefined || p.end.offset === undefined) return;
    const start = p.start.offset;
    const end = p.end.offset;
    if (start >= this.hi || end < this.lo) return 'skip';
    const { lo, hi, kinds } = this;
    const inProse = () => start < end && this.post.prose[start] === ATOM;
    switch (node.type) {
      case 'inlineCode':
      case 'inlineMath':
        if (inProse()) {
          for (let i = Math.max(start, lo); i < Math.min(end, hi); i++) kinds[i - lo] = AtomKind.Code;
          this.code.push({ start, end });
        }
        return 'skip';
      case 'html': {
        if (!parent || parent.type === 'root' || !inProse()) return 'skip';
        const m = TRANSPARENT_TAG_RE.exec(node.value);
        if (m && m[2].toLowerCase() !== 'code') {
          for (let i = Math.max(start, lo); i < Math.min(end, hi); i++) kinds[i - lo] = AtomKind.Tag;
          if (m[1]) this.closes.add(end);
          else this.opens.add(start);
        }
        return 'skip';
      }
      case 'link':
      case 'linkReference':
        if (this.post.text[start] === '[') this.links.push({ start, end });
        this.opens.add(start);
        this.closes.add(end);
        return;
      case 'emphasis':
      case 'strong':
      case 'delete':
        this.opens.add(start);
        this.closes.add(end);
        return;
      default:
        return;
    }
  }
}

/** Per tree: whether every top-level node has its offsets (then they are searched, not scanned). */
const allPlaced = new WeakMap<Nodes, boolean>();

const TRANSPARENT_TAG_RE = /^<(\/?)(a|span|strong|em|b|i|u|s|del|ins|mark|small|sup|sub|kbd|abbr|font|big|q|cite|dfn|var|samp|code)\b[^<>]*>$/i;

const cache = new WeakMap<Post, InlineInfo>();

/** What the mdast says about inline atoms and containers in the whole post; computed once per post. */
export function inlineInfo(post: Post): InlineInfo {
  let info = cache.get(post);
  if (!info) cache.set(post, (info = new InlineInfo(post, 0, post.text.length)));
  return info;
}

const linkCache = new WeakMap<Post, Span[]>();

/** The spans of the post's inline links written with brackets, in tree order (as `inlineInfo(post).links`, without the rest of it). */
export function bracketLinks(post: Post): Span[] {
  const whole = cache.get(post);
  if (whole) return whole.links;
  let links = linkCache.get(post);
  if (!links) {
    const out: Span[] = [];
    walk(post.root as Nodes, (node) => {
      const t = node.type;
      if (t !== 'link' && t !== 'linkReference' && t !== 'inlineCode' && t !== 'inlineMath' && t !== 'html') return;
      const p = node.position;
      if (!p || p.start.offset === undefined || p.end.offset === undefined) return;
      if (t === 'link' || t === 'linkReference') {
        if (post.text[p.start.offset] === '[') out.push({ start: p.start.offset, end: p.end.offset });
        return;
      }
      return 'skip'; // (no link inside inline code, math or HTML; the whole walk skips them too)
    });
    linkCache.set(post, (links = out));
  }
  return links;
}

const blockCache = new WeakMap<ProseBlock, InlineInfo>();

/**
 * The inline info of a block and two characters either side (what its part reads; anything further
 * is answered from the whole post's), once per block of a post (the styled rules share it). Not the
 * block's whole lines: the cells of a table row, or the paragraphs a huge line is cut into, share them.
 */
export function blockInlineInfo(post: Post, block: ProseBlock): InlineInfo {
  const whole = cache.get(post);
  if (whole) return whole;
  let info = blockCache.get(block);
  if (!info) blockCache.set(block, (info = new InlineInfo(post, Math.max(0, block.span.start - 2), Math.min(post.text.length, block.span.end + 2))));
  return info;
}

/** Is the character at i transparent for typesetting (Markdown syntax or an inline tag like `<a>`)? */
export function isTransparent(post: Post, info: InlineInfo, i: number): boolean {
  const c = post.prose.charCodeAt(i);
  return c === 0xe000 /* MARK */ || (c === 0xfffc /* ATOM */ && info.kind(i) === AtomKind.Tag);
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
    if (info.closesAt(p)) close = p;
    if (open < 0 && info.opensAt(p)) open = p;
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
