/**
 * Parsing in pieces.
 *
 * micromark is super-linear on long inputs (a 440 KB post took 2 s, 3.5 MB 34 s) and the
 * language server would re-parse a whole post on every keystroke. So a post is cut into pieces
 * at block boundaries that CommonMark cannot carry state across (a blank line followed by a line
 * starting at column 0, outside fenced code, math and the HTML blocks that may hold blank lines),
 * each piece is parsed alone, and the trees are joined. What would differ from one whole parse
 * is restored: link and footnote definitions are seen by every piece (stub definitions are
 * appended and their nodes dropped), and a loose list cut in two is joined again. Cut points are
 * chosen by content (a hash of the line), not by position, so an edit changes only its piece and
 * the language server reuses the rest from a `ParseCache`. Blocks longer than the block size (32 K) with no
 * such boundary (a huge paragraph, list or table) are cut at line starts, and a huge single line
 * after sentence punctuation; only such input can parse differently from one whole parse.
 */
import type { Root, Nodes, Parents } from 'mdast';
import type { Document as YamlDocument } from 'yaml';
import { positionAt } from './text';
import { extensionsFor, parseReference, parseWithExtensions, restorePositions, shiftPositions, splitTagLineHtml } from './markdown';

/**
 * The mdast of pieces of a post, keyed by the exact source each piece was parsed from: by its body
 * (the slice of the post), then by what was parsed around it (a carried table header, stub
 * definitions). Holds the pieces of the last parse only, so it never grows past one post's worth.
 */
export class ParseCache {
  private bodies = new Map<string, CachedBody>();
  /**
   * @internal The last front matter's YAML document, by its text (nothing changes it once parsed:
   * the rules only read it).
   */
  yaml?: { raw: string; doc: YamlDocument.Parsed };
  private next = new Map<string, CachedBody>();
  /** @internal Pieces' prose views made through this cache (`document.ts`; counted for the tests). */
  views = 0;
  /** @internal What is kept for a piece body, moved to this parse's (the body's text is hashed once per parse). */
  body(body: string): CachedBody {
    let b = this.next.get(body);
    if (!b) {
      const last = this.bodies.get(body);
      this.next.set(body, (b = { uses: last?.uses ?? new Map(), parsed: new Map(), last: last?.parsed }));
    }
    return b;
  }
  /** @internal Called after a whole post is parsed: forget the pieces it did not use. */
  turn(): void {
    for (const b of this.next.values()) b.last = undefined;
    this.bodies = this.next;
    this.next = new Map();
  }
  get size(): number {
    let n = 0;
    for (const b of this.bodies.values()) n += b.parsed.size;
    return n;
  }
}

/** What a `ParseCache` keeps for one piece body. */
interface CachedBody {
  /** Which labels defined in other pieces the body may use (`stubsFor`), by label. */
  uses: Map<string, boolean>;
  /** The body parsed, by what was parsed around it (`pieceKey`): this parse's, and the last one's. */
  parsed: Map<string, CachedPiece>;
  last?: Map<string, CachedPiece>;
}

/** A cached body's parse under these flags, with this carried prefix and these stubs. */
function take(b: CachedBody, key: string): CachedPiece | undefined {
  const hit = b.parsed.get(key) ?? b.last?.get(key);
  if (hit) b.parsed.set(key, hit);
  return hit;
}

/**
 * A parsed piece: its tree with offsets relative to its source, and its top-level nodes as last
 * placed in a post (reused as they are while the piece stays where it was: an edit moves only
 * the pieces after it). Nothing changes these trees once made.
 */
interface CachedPiece {
  rel: Root;
  placed?: PiecePlacement;
  /** @internal What `document.ts` derives from the piece alone (its prose view, in offsets from the piece's start). */
  view?: object;
}

/** A piece's top-level nodes as placed in a post. */
interface PiecePlacement {
  offset: number;
  line: number;
  nodes: Nodes[];
  /** @internal What `document.ts` derives from these nodes (their prose blocks). */
  blocks?: object;
}

/**
 * @internal One piece of a parse as `parsePieces` placed it: the post's `[start, end)` it was parsed
 * from, its top-level nodes there (before a loose list cut in two is joined: the nodes under the
 * joined list are these), the kept piece (the same object while its source is unchanged) and its
 * placement (the same object while the piece stays where it was).
 */
export interface Placement {
  start: number;
  end: number;
  nodes: readonly Nodes[];
  piece: CachedPiece;
  placed: PiecePlacement;
}

/** Piece sizes (UTF-16 units); `withPieceSizes` changes them for a test that cuts posts finely. */
const DEFAULT_SIZES = { min: 512, max: 2048, block: 32768, forced: 16384 };
let sizes = DEFAULT_SIZES;

/**
 * @internal Run `f` with other piece sizes (a test cuts every post into pieces of about `min`
 * characters, to put every construct on a cut); the sizes are restored after.
 */
export function withPieceSizes<T>(given: Partial<typeof DEFAULT_SIZES>, f: () => T): T {
  const before = sizes;
  sizes = { ...DEFAULT_SIZES, ...given };
  try {
    return f();
  } finally {
    sizes = before;
  }
}

interface Piece {
  start: number;
  end: number;
  /** A long table's header and delimiter rows, parsed before a piece cut out of that table. */
  prefix: string;
  /** The first piece: parsed with front matter. */
  first: boolean;
  /** The piece ends inside an open fence, math or HTML block (nothing may be appended). */
  openAtEnd: boolean;
}

const FENCE_OPEN_RE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const MATH_OPEN_RE = /^ {0,3}(\${2,})[^$]*$/;
const HTML_OPENERS: Array<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?=[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const BLANK_RE = /^[ \t]*$/;
const DELIMITER_ROW_RE = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function lineHash(text: string, at: number): number {
  let h = 2166136261;
  for (let i = at, end = Math.min(text.length, at + 32); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    h = Math.imul(h ^ c, 16777619);
  }
  return h >>> 0;
}

/** Where the front matter ends (after its closing fence's line), or 0. */
export function frontMatterEnd(text: string, lineStarts: readonly number[]): number {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fence = /^(---|\+\+\+)[ \t]*\r?$/.exec(text.slice(bom, text.indexOf('\n') + 1 || text.length).replace(/\n$/, ''));
  if (!fence) return 0;
  for (let li = 1; li < lineStarts.length; li++) {
    const ls = lineStarts[li];
    const le = li + 1 < lineStarts.length ? lineStarts[li + 1] : text.length;
    if (text.slice(ls, le).replace(/\r?\n$/, '').replace(/[ \t]+$/, '') === fence[1]) return le;
  }
  return 0;
}

/** Lines where a piece may start; `soft` ones (no blank line before) only inside a long block. */
export function planPieces(text: string, lineStarts: readonly number[]): Piece[] {
  const n = text.length;
  if (n <= sizes.min * 2) return [{ start: 0, end: n, prefix: '', first: true, openAtEnd: false }];
  const fmEnd = frontMatterEnd(text, lineStarts);
  const hard: number[] = []; // line starts after a blank line, at column 0, outside open blocks
  const soft: number[] = []; // line starts at column 0 after a non-blank line, outside open blocks
  const opaque: number[] = []; // [start, end) pairs of fenced code, math and HTML blocks
  let fence: { ch: string; len: number } | undefined;
  let closeHtml: RegExp | undefined;
  let math = 0;
  let prevBlank = false;
  for (let li = 0; li < lineStarts.length; li++) {
    const ls = lineStarts[li];
    if (ls < fmEnd) continue;
    const le = li + 1 < lineStarts.length ? lineStarts[li + 1] : n;
    // The line without its break; it is sliced only when a pattern below may match it (a fence,
    // math or HTML opener starts with one of `~$< after at most three spaces): most lines are prose.
    let lend = le;
    if (lend > ls && text.charCodeAt(lend - 1) === 10) lend--;
    if (lend > ls && text.charCodeAt(lend - 1) === 13) lend--;
    let j = ls;
    while (j < lend && j - ls < 3 && text.charCodeAt(j) === 32) j++;
    const lead = j < lend ? text.charCodeAt(j) : -1;
    const opener = lead === 96 || lead === 126 || lead === 36 || lead === 60; // ` ~ $ <
    if (fence) {
      const m = (lead === 96 || lead === 126) && FENCE_OPEN_RE.exec(text.slice(ls, lend));
      if (m && m[1][0] === fence.ch && m[1].length >= fence.len && BLANK_RE.test(m[2])) {
        fence = undefined;
        opaque.push(le);
      }
      prevBlank = false;
      continue;
    }
    if (closeHtml) {
      if (closeHtml.test(text.slice(ls, lend))) {
        closeHtml = undefined;
        opaque.push(le);
      }
      prevBlank = false;
      continue;
    }
    if (math) {
      const m = lead === 36 && /^ {0,3}(\${2,})[ \t]*$/.exec(text.slice(ls, lend));
      if (m && m[1].length >= math) {
        math = 0;
        opaque.push(le);
      }
      prevBlank = false;
      continue;
    }
    let blank = true;
    for (let k = ls; k < lend && blank; k++) {
      const b = text.charCodeAt(k);
      blank = b === 32 || b === 9;
    }
    const c = text.charCodeAt(ls);
    if (!blank && c !== 32 && c !== 9 && ls > 0) (prevBlank ? hard : soft).push(ls);
    prevBlank = blank;
    if (blank || !opener) continue;
    const line = text.slice(ls, lend);
    const f = FENCE_OPEN_RE.exec(line);
    if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
      fence = { ch: f[1][0], len: f[1].length };
      opaque.push(ls);
      continue;
    }
    const mm = MATH_OPEN_RE.exec(line);
    if (mm) {
      math = mm[1].length;
      opaque.push(ls);
      continue;
    }
    for (const [open, close] of HTML_OPENERS) {
      const o = open.exec(line);
      if (o) {
        if (!close.test(line.slice(o[0].length))) {
          closeHtml = close;
          opaque.push(ls);
        }
        break;
      }
    }
  }
  const openAtEnd = !!(fence || closeHtml || math);
  if (openAtEnd) opaque.push(n);
  const inOpaque = (at: number) => {
    for (let i = 0; i < opaque.length; i += 2) if (at > opaque[i] && at < opaque[i + 1]) return true;
    return false;
  };

  // Group hard boundaries into pieces by content; cut long blocks at soft ones.
  const pieces: Piece[] = [];
  let start = 0;
  let prefix = '';
  let si = 0;
  const push = (end: number, nextPrefix: string) => {
    pieces.push({ start, end, prefix, first: pieces.length === 0, openAtEnd: false });
    start = end;
    prefix = nextPrefix;
  };
  const cutLongBlock = (blockStart: number, blockEnd: number) => {
    // Inside [blockStart, blockEnd) there is no hard boundary: cut at soft ones, or inside a line.
    const headerEnd = tableHeaderEnd(text, blockStart, lineStarts);
    const tablePrefix = headerEnd > 0 ? text.slice(blockStart, headerEnd) : '';
    while (si < soft.length && soft[si] <= blockStart) si++;
    while (blockEnd - start > sizes.block) {
      let cut = -1;
      while (si < soft.length && soft[si] < blockEnd) {
        const at = soft[si++];
        if (at - start < sizes.forced || at <= headerEnd) continue;
        const ch = text[at];
        if (tablePrefix ? ch === '|' : !/[=\-|:]/.test(ch)) {
          cut = at;
          break;
        }
      }
      if (cut < 0 && !inOpaque(start + sizes.forced)) cut = cutInsideLine(text, start + sizes.forced, blockEnd);
      if (cut < 0 || blockEnd - cut < 1024) break;
      push(cut, tablePrefix && text[cut] === '|' ? tablePrefix : '');
    }
  };
  let blockStart = 0;
  for (const at of [...hard, n]) {
    if (at - blockStart > sizes.block) cutLongBlock(blockStart, at);
    blockStart = at;
    if (at === n) break;
    const size = at - start;
    if (size >= sizes.min && (lineHash(text, at) % 4 === 0 || size >= sizes.max)) push(at, '');
  }
  pieces.push({ start, end: n, prefix, first: pieces.length === 0, openAtEnd });
  return pieces;
}

/** Where a table's delimiter row ends when a table starts at `at` (its header line), else 0. */
function tableHeaderEnd(text: string, at: number, lineStarts: readonly number[]): number {
  const nl = text.indexOf('\n', at);
  if (nl < 0 || !text.slice(at, nl).includes('|')) return 0;
  const nl2 = text.indexOf('\n', nl + 1);
  if (nl2 < 0) return 0;
  void lineStarts;
  return DELIMITER_ROW_RE.test(text.slice(nl + 1, nl2).replace(/\r$/, '')) ? nl2 + 1 : 0;
}

/** A cut inside one huge line: after sentence punctuation or a space, outside code spans. */
function cutInsideLine(text: string, from: number, limit: number): number {
  const end = Math.min(limit - 1, from + sizes.forced);
  let ticks = 0;
  for (let i = from - sizes.forced; i < from; i++) if (text.charCodeAt(i) === 96) ticks++;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) ticks++;
    if (c === 10 || c === 13) return -1; // a soft boundary should have served
    if (ticks % 2 === 0 && (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0xff0c || c === 32)) {
      const next = text.charCodeAt(i + 1);
      if (next !== 32 && next !== 9 && next !== 10 && next !== 13 && !/[#>+*\-\d|`<=_~\\$]/.test(text[i + 1] ?? '')) return i + 1;
    }
  }
  return -1;
}

const DEFINITION_RE = /^ {0,3}\[(\^?)((?:[^\\\[\]\n]|\\.){1,200})\]:/gm;

/** Labels of link and footnote definitions, with where each is defined. */
function definitionLabels(text: string): Array<{ at: number; footnote: boolean; label: string; lower: string }> {
  const out: Array<{ at: number; footnote: boolean; label: string; lower: string }> = [];
  DEFINITION_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DEFINITION_RE.exec(text))) out.push({ at: m.index, footnote: m[1] === '^', label: m[2], lower: m[2].toLowerCase() });
  return out;
}

/**
 * Stub definitions for the labels that this piece uses but another piece defines. `uses` keeps the
 * answers for this body (a `ParseCache`'s, across parses).
 */
function stubsFor(body: string, piece: Piece, defs: ReturnType<typeof definitionLabels>, uses?: Map<string, boolean>): string {
  if (!defs.length || !body.includes(']')) return '';
  let lower: string | undefined;
  let out = '';
  const seen = new Set<string>();
  for (const d of defs) {
    if (d.at >= piece.start && d.at < piece.end) continue;
    const key = (d.footnote ? '^' : '') + d.lower;
    if (seen.has(key)) continue;
    let used = uses?.get(key);
    if (used === undefined) {
      lower ??= body.toLowerCase();
      used = lower.includes('[' + key);
      uses?.set(key, used);
    }
    if (!used) continue;
    seen.add(key);
    out += d.footnote ? `[^${d.label}]: .\n\n` : `[${d.label}]: #\n`;
  }
  return out ? '\n\n' + out : '';
}

export function parsePieces(tamed: string, lineStarts: readonly number[], singleDollar: boolean, cache?: ParseCache, whole?: boolean, placements?: Placement[]): Root {
  const pieces = whole ? [{ start: 0, end: tamed.length, prefix: '', first: true, openAtEnd: false }] : planPieces(tamed, lineStarts);
  const defs = pieces.length > 1 ? definitionLabels(tamed) : [];
  const children: Nodes[] = [];
  for (const piece of pieces) {
    const body = tamed.slice(piece.start, piece.end);
    const kept = cache?.body(body);
    const stubs = piece.openAtEnd || pieces.length === 1 ? '' : stubsFor(body, piece, defs, kept?.uses);
    // With the body, these make the source parsed: `prefix + body + stubs`.
    const key = `${singleDollar ? 1 : 0}${piece.first ? 1 : 0}${piece.prefix.length}:${piece.prefix}${stubs}`;
    let entry = kept && take(kept, key);
    if (!entry) {
      const source = piece.prefix + body + stubs;
      let rel: Root;
      // micromark drops a leading BOM and counts offsets without it: parse without it, then shift
      // (by two if a second BOM follows: micromark drops that one too).
      const bom = source.charCodeAt(0) === 0xfeff ? (source.charCodeAt(1) === 0xfeff ? 2 : 1) : 0;
      const input = bom ? source.slice(1) : source;
      rel = whole ? parseReference(input, singleDollar, piece.first) : parseWithExtensions(input, singleDollar, piece.first, extensionsFor(source));
      if (bom) shiftPositions(rel, bom);
      restorePositions(rel, source);
      try {
        splitTagLineHtml(rel, source, singleDollar, whole);
      } catch {
        /* keep the tree as parsed */
      }
      entry = { rel };
      kept?.parsed.set(key, entry);
    }
    const lo = piece.prefix.length;
    const hi = lo + body.length;
    const offsetShift = piece.start - lo;
    const lineShift = positionAt(lineStarts, piece.start).line - countLines(piece.prefix);
    let nodes: Nodes[];
    let placed = entry.placed;
    if (placed && placed.offset === offsetShift && placed.line === lineShift) nodes = placed.nodes;
    else {
      nodes = [];
      for (const top of entry.rel.children as Nodes[]) {
        const s = top.position?.start.offset ?? 0;
        const e = top.position?.end.offset ?? 0;
        if (s >= hi || e <= lo) continue; // a stub definition, or the carried table header
        const node = shifted(top, offsetShift, lineShift, !!cache);
        nodes.push(s < lo ? dropCarriedRows(node, piece.start) : node);
      }
      placed = { offset: offsetShift, line: lineShift, nodes };
      if (cache) entry.placed = placed;
    }
    placements?.push({ start: piece.start, end: piece.end, nodes, piece: entry, placed });
    for (const node of nodes) {
      const last = children[children.length - 1];
      const joined = last && joinLists(last, node, tamed);
      if (joined) children[children.length - 1] = joined;
      else children.push(node);
    }
  }
  cache?.turn();
  return { type: 'root', children: children as Root['children'], position: { start: { line: 1, column: 1, offset: 0 }, end: { ...endPoint(tamed, lineStarts) } } };
}

function countLines(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) k++;
  return k;
}

function endPoint(text: string, lineStarts: readonly number[]) {
  const p = positionAt(lineStarts, text.length);
  return { line: p.line + 1, column: p.character + 1, offset: text.length };
}

/** The node with positions moved by the piece's place; a copy when the original is cached. */
function shifted(node: Nodes, offset: number, line: number, copy: boolean): Nodes {
  if (offset === 0 && line === 0) return node; // nothing changes trees once made: no copy needed
  const move = (n: Nodes): Nodes => {
    const out = (copy ? { ...n } : n) as Nodes;
    const p = n.position;
    if (p) {
      out.position = {
        start: { line: p.start.line + line, column: p.start.column, offset: (p.start.offset ?? 0) + offset },
        end: { line: p.end.line + line, column: p.end.column, offset: (p.end.offset ?? 0) + offset },
      };
    }
    return out;
  };
  const root = move(node);
  const stack: Nodes[] = [root];
  while (stack.length) {
    const n = stack.pop()! as Parents;
    if (!n.children) continue;
    const kids = (copy ? n.children.slice() : n.children) as Nodes[];
    for (let i = 0; i < kids.length; i++) {
      kids[i] = move(kids[i]);
      stack.push(kids[i]);
    }
    (n as { children: Nodes[] }).children = kids;
  }
  return root;
}

/** A table parsed with a carried header: keep only the rows of this piece. */
function dropCarriedRows(node: Nodes, start: number): Nodes {
  if (node.type !== 'table') return node;
  const children = node.children.filter((row) => (row.position?.end.offset ?? 0) > start);
  const position = node.position && { start: children[0]?.position?.start ?? node.position.start, end: node.position.end };
  return { ...node, children, position };
}

/**
 * Two lists of the same kind with only blank lines between them are one loose list in
 * CommonMark; a cut between pieces separates them, so join them again.
 */
function joinLists(prev: Nodes, next: Nodes, text: string): Nodes | undefined {
  if (prev.type !== 'list' || next.type !== 'list' || prev.ordered !== next.ordered) return undefined;
  const pe = prev.position?.end.offset;
  const ns = next.position?.start.offset;
  if (pe === undefined || ns === undefined || !/^\s*$/.test(text.slice(pe, ns))) return undefined;
  const marker = (at: number | undefined) => (at === undefined ? '' : /^[ \t]*(?:[-+*]|\d{1,9}([.)]))/.exec(text.slice(at, at + 16))?.[0].trim().replace(/^\d+/, '') ?? '');
  if (marker(prev.children[0]?.position?.start.offset) !== marker(next.children[0]?.position?.start.offset)) return undefined;
  // A new node: the two may be cached pieces' nodes, which are never changed.
  const position = prev.position && next.position ? { start: prev.position.start, end: next.position.end } : prev.position;
  return { ...prev, spread: true, children: [...prev.children, ...next.children], position };
}
