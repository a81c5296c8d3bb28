/**
 * Parse once: split the front matter, build the mdast tree (with the site's dialect), and derive
 * the "prose view" that rules read (see `post.ts` for what it holds). Everything here is pure.
 *
 * The parse is in four files: `post.ts` (the `Post` types), `markdown.ts` (the Markdown set-up:
 * parser, extensions, taming and repairs), `pieces.ts` (parsing a post in pieces, and the
 * `ParseCache`), `suppressions.ts` (`zhen-disable` comments). This file joins them, and places
 * the dialect's constructs (dialect.ts finds them) into the tree. It re-exports what other code
 * imports from `document`.
 */
import type { Root, Nodes, Parents } from 'mdast';
import { parseDocument } from 'yaml';
import { computeLineStarts, countWhile, positionAt } from './text';
import type { Span } from './types';
import { COMMONMARK, blankOut, scanDialect, type Dialect, type SyntaxSpan } from './dialect';
import { ATOM, MARK, type FrontMatter, type ParseOptions, type Post, type ProseBlock } from './post';
import { characterReference, parseFragment, tamedWithSpans, treeFinished, walk } from './markdown';
import { frontMatterEnd, parsePieces, type ParseCache, type Placement } from './pieces';
import { suppressionsOf } from './suppressions';

export * from './post';
export { walk, nodeSpan, tameForParser } from './markdown';
export { ParseCache, planPieces } from './pieces';
export { ruleMatches, isSuppressed } from './suppressions';

const ATOM_CODE = ATOM.charCodeAt(0);
const MARK_CODE = MARK.charCodeAt(0);

const ATOM_BLOCKS = new Set(['code', 'html', 'math', 'yaml', 'toml', 'definition', 'thematicBreak']);
const ATOM_INLINES = new Set(['inlineCode', 'inlineMath', 'image', 'imageReference', 'footnoteReference', 'break']);
const LIQUID_RE = /\{%[^\n]{0,500}?%\}|\{\{[^\n]{0,500}?\}\}/g;
const IAL_RE = /\{::?[^}\n]{0,300}\}/g;

export function parsePost(text: string, options: ParseOptions = {}): Post {
  const lineStarts = computeLineStarts(text);
  const singleDollar = options.singleDollarMath ?? options.dialect?.singleDollarMath ?? false;
  const dialect: Dialect = { ...(options.dialect ?? COMMONMARK), singleDollarMath: singleDollar };
  let root: Root;
  let parseError: string | undefined;
  // Hexo reads a header after one empty line: the parser gets it blanked, and it is made front matter here.
  const lateHeader = dialect.headerAfterBlankLines ? headerAfterBlankLines(text, lineStarts, dialect.headerAfterBlankLines) : undefined;
  let syntax: SyntaxSpan[] = [];
  let tamed = text;
  let tamedSpans: Span[] = [];
  let pieceViews: Placement[] | undefined;
  try {
    const tree = parseTree(text, lineStarts, dialect, singleDollar, { cache: options.cache, whole: options.whole, header: lateHeader, depth: 0 });
    root = tree.root;
    syntax = tree.syntax;
    // Text nodes are aligned with the text as the parser saw it: the original, with the taming of
    // pathological nesting (the same on the original and on the copy the dialect blanked).
    ({ tamed, spans: tamedSpans } = tree.blanked ? tamedWithSpans(text) : { tamed: tree.tamed, spans: tree.tamedSpans });
    if (!tree.blanked) pieceViews = tree.placements;
  } catch (err) {
    parseError = err instanceof Error ? err.message : String(err);
    root = { type: 'root', children: [] };
  }

  let frontMatter: FrontMatter | undefined;
  let blocks: ProseBlock[] = [];
  let htmlNodes: Array<{ value: string; span: Span }> = [];
  let fms: FrontMatterNode[] = [];
  let prose: string | undefined;
  if (lateHeader && !parseError) {
    frontMatter = makeFrontMatter(text, 'yaml', text.slice(lateHeader.contentStart, lateHeader.contentEnd), { start: lateHeader.start, end: lateHeader.end }, options.cache);
  }
  // The prose view piece by piece: each kept piece's part of the view is made once, each placement's
  // blocks once (an edit makes the edited piece's view, and the blocks of the pieces it moved).
  // Only where the view is the pieces' views side by side: nothing masked across pieces (no dialect
  // or late header; pieces start at line starts, so no Liquid tag, IAL or tamed run spans two).
  if (!parseError && !lateHeader && pieceViews && syntax.length === 0) {
    const joined = joinPieceViews(text, tamed, tamedSpans, pieceViews, options.cache);
    if (joined) ({ prose, blocks, htmlNodes, fms } = joined);
  }
  if (prose === undefined) {
    const codes = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      codes[i] = c === 10 || c === 13 ? c : parseError ? ATOM_CODE : MARK_CODE;
    }
    const sink: ViewSink = { text: tamed, codes, base: 0, atoms: [], html: (htmlNodes = []), fms: (fms = []), blocks: (blocks = []) };
    if (lateHeader && !parseError) sink.atoms.push({ start: lateHeader.start, end: lateHeader.end });
    walk(root, (node) => visitProse(node, sink));
    for (const s of sink.atoms) setAtom(codes, s, 0);
    // What the taming replaced is not prose (the copy differs from the text only in its spans).
    for (const s of tamedSpans) {
      for (let i = s.start; i < s.end; i++) if (tamed.charCodeAt(i) !== text.charCodeAt(i) && codes[i] !== ATOM_CODE) codes[i] = MARK_CODE;
    }
    for (const s of syntax) {
      if (s.atom) setAtom(codes, s, 0);
      else for (let i = s.start; i < s.end; i++) if (codes[i] !== 10 && codes[i] !== 13) codes[i] = MARK_CODE;
    }
    maskLiquid(text, codes, 0, text.length);
    prose = codesToString(codes);
  }
  if (!frontMatter) {
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const fm = fms.find((f) => f.span.start <= bom);
    if (fm) frontMatter = makeFrontMatter(text, fm.type, fm.value, fm.span, options.cache);
  }

  const post: Post = { text, lineStarts, prose, root, frontMatter, blocks, suppressions: [], dialect, syntax, parseError };
  post.suppressions = suppressionsOf(post, htmlNodes);
  treeFinished(root);
  return post;
}

// ---- The dialect -------------------------------------------------------------------------------
//
// `dialect.ts` finds the constructs; here they become part of the tree. The parser reads a copy of
// the text in which the constructs' lines are blanked (same length, same lines); each title becomes
// a paragraph of its own, and each Python-Markdown body is dedented and parsed on its own (as the
// extension does), its nodes placed back at their offsets in the text.

const MAX_DIALECT_DEPTH = 8;

interface Tree {
  root: Root;
  syntax: SyntaxSpan[];
  /** The parser's copy (tamed). */
  tamed: string;
  /** Where the taming replaced characters of the parser's copy (`tamedWithSpans`). */
  tamedSpans: Span[];
  /** The dialect blanked something: the parser's copy differs from the text beyond taming. */
  blanked: boolean;
  /** The pieces as placed, when the root's children are theirs alone (no dialect, not the reference parse). */
  placements?: Placement[];
}

/** A Hexo header after one empty line: the fences' span and the YAML between them. */
interface LateHeader {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
}

/**
 * A header after blank lines, as the generator reads it (see `Dialect.headerAfterBlankLines`): Hexo
 * after exactly one empty line (a BOM and CRLF are normalised first; with two empty lines, or spaces
 * on the line, hexo-front-matter gets no YAML and there is no header), Hugo after any blank lines.
 * Undefined when the text starts with the header (remark-frontmatter reads that) or has none.
 */
function headerAfterBlankLines(text: string, lineStarts: readonly number[], mode: 'one' | 'any'): LateHeader | undefined {
  const line = (i: number) => text.slice(lineStarts[i], i + 1 < lineStarts.length ? lineStarts[i + 1] : text.length).replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  let first = 0;
  while (first < lineStarts.length && (mode === 'one' ? line(first) === '' : /^[ \t]*$/.test(line(first)))) first++;
  if (first === 0 || (mode === 'one' && first !== 1) || first >= lineStarts.length || !/^---[ \t]*$/.test(line(first).replace(/\r$/, ''))) return undefined;
  for (let li = first + 1; li < lineStarts.length; li++) {
    if (!/^---/.test(line(li))) continue;
    if (mode === 'any' && !/^---[ \t]*\r?$/.test(line(li))) continue;
    const start = lineStarts[first];
    const end = li + 1 < lineStarts.length ? lineStarts[li + 1] : text.length;
    return { start, end, contentStart: lineStarts[first + 1], contentEnd: Math.max(lineStarts[first + 1], lineStarts[li] - (text[lineStarts[li] - 2] === '\r' ? 2 : 1)) };
  }
  return undefined;
}

function parseTree(text: string, lineStarts: readonly number[], dialect: Dialect, singleDollar: boolean, opts: { cache?: ParseCache; whole?: boolean; header?: LateHeader; depth: number }): Tree {
  const top = opts.depth === 0;
  const bodyStart = opts.header ? opts.header.end : top ? frontMatterEnd(text, lineStarts) : 0;
  const scan = opts.depth < MAX_DIALECT_DEPTH ? scanDialect(text, lineStarts, dialect, bodyStart) : undefined;
  let parserText = scan ? scan.parserText : text;
  if (opts.header) parserText = blankOut(parserText, [{ start: opts.header.start, end: opts.header.end }]);
  const { tamed, spans: tamedSpans } = tamedWithSpans(parserText);
  const placements: Placement[] | undefined = top && !opts.whole ? [] : undefined;
  let root = top ? parsePieces(tamed, lineStarts, singleDollar, opts.cache, opts.whole, placements) : parseFragment(tamed, singleDollar);
  if (!scan) return { root, syntax: [], tamed, tamedSpans, blanked: parserText !== text, placements };
  const syntax = [...scan.syntax];
  const extra: Nodes[] = [];
  for (const t of scan.titles) {
    const start = pointAt(lineStarts, t.start);
    const end = pointAt(lineStarts, t.end);
    const position = { start, end };
    extra.push({ type: 'paragraph', position, children: [{ type: 'text', value: text.slice(t.start, t.end), position }] } as Nodes);
  }
  for (const b of scan.bodies) {
    const body = parseBody(text, lineStarts, b, dialect, singleDollar, opts.depth + 1);
    extra.push(...body.nodes);
    syntax.push(...body.syntax);
  }
  if (extra.length) root = insertBlocks(root, extra);
  syntax.sort((a, b) => a.start - b.start || a.end - b.end);
  return { root, syntax, tamed, tamedSpans, blanked: true };
}

function pointAt(lineStarts: readonly number[], offset: number) {
  const p = positionAt(lineStarts, offset);
  return { line: p.line + 1, column: p.character + 1, offset };
}

/** A Python-Markdown body: its lines dedented by `indent` columns, parsed (dialect included), placed back. */
function parseBody(text: string, lineStarts: readonly number[], b: { from: number; to: number; indent: number }, dialect: Dialect, singleDollar: boolean, depth: number): { nodes: Nodes[]; syntax: SyntaxSpan[] } {
  let frag = '';
  const fragStarts: number[] = [];
  const origStarts: number[] = [];
  const lines: number[] = [];
  for (let li = b.from; li < b.to; li++) {
    const ls = lineStarts[li];
    let le = li + 1 < lineStarts.length ? lineStarts[li + 1] : text.length;
    if (li === b.to - 1) while (le > ls && (text.charCodeAt(le - 1) === 10 || text.charCodeAt(le - 1) === 13)) le--;
    let cut = ls;
    for (let col = 0; cut < le && col < b.indent; cut++) {
      const c = text.charCodeAt(cut);
      if (c === 32) col++;
      else if (c === 9) col += 4 - (col % 4);
      else break;
    }
    fragStarts.push(frag.length);
    origStarts.push(cut);
    lines.push(li);
    frag += text.slice(cut, le);
  }
  const map = (offset: number) => {
    let i = fragStarts.length - 1;
    while (i > 0 && fragStarts[i] > offset) i--;
    const o = origStarts[i] + (offset - fragStarts[i]);
    return { line: lines[i] + 1, column: o - lineStarts[lines[i]] + 1, offset: o };
  };
  const tree = parseTree(frag, computeLineStarts(frag), dialect, singleDollar, { depth });
  walk(tree.root, (n) => {
    const p = n.position;
    if (!p || p.start.offset === undefined || p.end.offset === undefined) return;
    n.position = { start: map(p.start.offset), end: map(p.end.offset) };
  });
  const syntax = tree.syntax.map((s) => ({ start: map(s.start).offset, end: map(s.end).offset, atom: s.atom }));
  return { nodes: tree.root.children as Nodes[], syntax };
}

const BLOCK_CONTAINERS = new Set(['blockquote', 'listItem', 'footnoteDefinition']);

/**
 * Place block nodes into the tree at their offsets: into the block quote or list item that holds
 * the offset, else among the root's children. Containers on the way are copied (the trees of
 * cached pieces are never changed).
 */
function insertBlocks(root: Root, nodes: readonly Nodes[]): Root {
  const out = { ...root, children: root.children.slice() } as Root;
  for (const node of nodes) {
    const at = node.position?.start.offset ?? 0;
    let parent = out as Parents;
    for (;;) {
      const kids = parent.children as Nodes[];
      let i = 0;
      while (i < kids.length && (kids[i].position?.start.offset ?? 0) <= at) i++;
      const prev = kids[i - 1];
      const prevEnd = prev?.position?.end.offset ?? -1;
      if (prev && prevEnd > at && (prev.type === 'list' || BLOCK_CONTAINERS.has(prev.type))) {
        if (prev.type === 'list') {
          const item = prev.children.find((c) => (c.position?.start.offset ?? 0) <= at && (c.position?.end.offset ?? 0) > at);
          if (!item) {
            kids.splice(i, 0, node);
            break;
          }
          const list = { ...prev, children: prev.children.slice() };
          kids[i - 1] = list;
          const k = list.children.indexOf(item);
          const copy = { ...item, children: item.children.slice() };
          list.children[k] = copy;
          parent = copy as Parents;
          continue;
        }
        const copy = { ...(prev as Parents), children: (prev as Parents).children.slice() } as Parents;
        kids[i - 1] = copy as Nodes;
        parent = copy;
        continue;
      }
      kids.splice(i, 0, node);
      break;
    }
  }
  return out;
}

/** A `yaml` or `toml` node met on the walk (the first at the start becomes the front matter). */
interface FrontMatterNode {
  type: 'yaml' | 'toml';
  value: string;
  span: Span;
}

/**
 * What the prose view's walk collects. `codes` covers the text from `base` on (a piece's view: its
 * own offsets); the spans collected are the nodes' (post offsets).
 */
interface ViewSink {
  /** The text as the parser saw it (tamed). */
  text: string;
  codes?: Uint16Array;
  base: number;
  atoms: Span[];
  html: Array<{ value: string; span: Span }>;
  fms: FrontMatterNode[];
  blocks?: ProseBlock[];
  /** A span fell outside `[base, base + codes.length)`. */
  outside?: boolean;
}

/** One node of the prose view's walk (the same for the whole post and for a piece). */
function visitProse(node: Nodes, sink: ViewSink): void | 'skip' {
  const p = node.position;
  if (!p || p.start.offset === undefined || p.end.offset === undefined) return;
  const start = p.start.offset;
  const end = p.end.offset;
  const type = node.type as string;
  if (sink.codes && (start < sink.base || end > sink.base + sink.codes.length)) sink.outside = true;
  if (type === 'text') {
    if (sink.codes) copyText(sink.text, sink.codes, (node as { value: string }).value, { start, end }, sink.base);
    return;
  }
  if (type === 'yaml' || type === 'toml') {
    sink.fms.push({ type, value: (node as { value: string }).value, span: { start, end } });
    sink.atoms.push({ start, end });
    return 'skip';
  }
  if (type === 'html') sink.html.push({ value: (node as { value: string }).value, span: { start, end } });
  if (ATOM_BLOCKS.has(type) || ATOM_INLINES.has(type) || (type === 'link' && isAutolink(node))) {
    sink.atoms.push({ start, end });
    return 'skip';
  }
  if (sink.blocks && (type === 'paragraph' || type === 'heading' || type === 'tableCell')) sink.blocks.push({ type, span: { start, end }, node });
}

function setAtom(codes: Uint16Array, s: Span, base: number): void {
  for (let i = s.start - base; i < s.end - base; i++) {
    const c = codes[i];
    if (c !== 10 && c !== 13) codes[i] = ATOM_CODE;
  }
}

/**
 * Liquid tags/output and kramdown IALs are plain text to CommonMark: mask them too (found in the
 * text, so before the view is made: one string per parse, not one per pattern). Neither spans a
 * line break, so a piece that starts at a line start finds the whole post's matches in it.
 */
function maskLiquid(text: string, codes: Uint16Array, from: number, to: number): void {
  const t = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const re of [LIQUID_RE, IAL_RE]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t))) setAtom(codes, { start: m.index, end: m.index + m[0].length }, 0);
  }
}

/** A piece's part of the prose view, in offsets from its start (the same wherever the piece is placed). */
interface PieceView {
  /**
   * The piece's text when the taming changed it (the parser's copy is the piece's body; the view
   * masks what the taming replaced, which the text decides): the view is for this text only.
   */
  orig?: string;
  prose: string;
  html: Array<{ value: string; span: Span }>;
  fms: FrontMatterNode[];
  /** Its nodes reach outside the piece: the view is made for the whole post. */
  outside: boolean;
}

function pieceView(text: string, tamed: string, tamedSpans: readonly Span[], orig: string | undefined, p: Placement): PieceView {
  const codes = new Uint16Array(p.end - p.start);
  for (let i = 0; i < codes.length; i++) {
    const c = text.charCodeAt(p.start + i);
    codes[i] = c === 10 || c === 13 ? c : MARK_CODE;
  }
  const sink: ViewSink = { text: tamed, codes, base: p.start, atoms: [], html: [], fms: [] };
  for (const top of p.nodes) walk(top, (node) => visitProse(node, sink));
  for (const s of sink.atoms) setAtom(codes, s, p.start);
  if (orig !== undefined) {
    for (const s of tamedSpans) {
      for (let i = Math.max(s.start, p.start), e = Math.min(s.end, p.end); i < e; i++) {
        if (tamed.charCodeAt(i) !== text.charCodeAt(i) && codes[i - p.start] !== ATOM_CODE) codes[i - p.start] = MARK_CODE;
      }
    }
  }
  maskLiquid(text, codes, p.start, p.end);
  const rel = (s: Span) => ({ start: s.start - p.start, end: s.end - p.start });
  return {
    orig,
    prose: codesToString(codes),
    html: sink.html.map((h) => ({ value: h.value, span: rel(h.span) })),
    fms: sink.fms.map((f) => ({ ...f, span: rel(f.span) })),
    outside: !!sink.outside,
  };
}

/** A placement's prose blocks, in post offsets (the same while the piece stays where it was). */
function placedBlocks(p: Placement): ProseBlock[] {
  const sink: ViewSink = { text: '', base: 0, atoms: [], html: [], fms: [], blocks: [] };
  for (const top of p.nodes) walk(top, (node) => visitProse(node, sink));
  return sink.blocks!;
}

/**
 * The prose view, blocks, HTML nodes and front-matter nodes of a post parsed in pieces, from each
 * kept piece's view and each placement's blocks; undefined when they cannot be joined (a piece
 * starts inside a line, or its nodes reach outside it).
 */
function joinPieceViews(text: string, tamed: string, tamedSpans: readonly Span[], placements: readonly Placement[], cache?: ParseCache): { prose: string; blocks: ProseBlock[]; htmlNodes: Array<{ value: string; span: Span }>; fms: FrontMatterNode[] } | undefined {
  let at = 0;
  for (const p of placements) {
    if (p.start !== at || (p.start > 0 && text.charCodeAt(p.start - 1) !== 10)) return undefined;
    at = p.end;
  }
  if (at !== text.length) return undefined;
  // The pieces the taming changed (its runs are inside lines; a piece holds whole lines).
  const tamedIn = new Set<number>();
  for (const s of tamedSpans) {
    if (s.end <= s.start) continue;
    let k = countWhile(placements.length, (i) => placements[i].start <= s.start) - 1;
    for (; k >= 0 && k < placements.length && placements[k].start < s.end; k++) tamedIn.add(k);
  }
  const views: PieceView[] = [];
  for (let k = 0; k < placements.length; k++) {
    const p = placements[k];
    const orig = tamedIn.has(k) ? text.slice(p.start, p.end) : undefined;
    let v = p.piece.view as PieceView | undefined;
    if (!v || v.orig !== orig) {
      p.piece.view = v = pieceView(text, tamed, tamedSpans, orig, p);
      if (cache) cache.views++;
    }
    if (v.outside) return undefined;
    views.push(v);
  }
  let prose = '';
  const blocks: ProseBlock[] = [];
  const htmlNodes: Array<{ value: string; span: Span }> = [];
  const fms: FrontMatterNode[] = [];
  for (let k = 0; k < placements.length; k++) {
    const p = placements[k];
    const v = views[k];
    prose += v.prose;
    // A new block object per post (rules keep per-post answers by block: captions.ts, typo shared.ts), its span and node the
    // placement's: the blocks of a placement made by this parse are new already.
    const kept = p.placed.blocks as ProseBlock[] | undefined;
    if (kept) for (const b of kept) blocks.push({ type: b.type, span: b.span, node: b.node });
    else for (const b of (p.placed.blocks = placedBlocks(p))) blocks.push(b);
    for (const h of v.html) htmlNodes.push({ value: h.value, span: { start: h.span.start + p.start, end: h.span.end + p.start } });
    for (const f of v.fms) fms.push({ ...f, span: { start: f.span.start + p.start, end: f.span.end + p.start } });
  }
  return { prose, blocks, htmlNodes, fms };
}

function isAutolink(node: Nodes): boolean {
  if (node.type !== 'link') return false;
  if (node.children.length !== 1 || node.children[0].type !== 'text') return false;
  const label = node.children[0].value;
  const url = node.url;
  return label === url || 'mailto:' + label === url || 'http://' + label === url || 'https://' + label === url;
}

/**
 * Copy a text node's characters into the prose view. The node's value can differ from
 * its source (escapes, entities, `>` prefixes of lazy lines): align greedily and leave
 * whatever is only syntax as MARK.
 */
function copyText(text: string, codes: Uint16Array, value: string, span: Span, base = 0): void {
  const { start, end } = span;
  // (A slice compared with `===`: about twice as fast as `startsWith` at an offset, once per text node.)
  if (end - start === value.length && text.slice(start, end) === value) {
    for (let i = start; i < end; i++) codes[i - base] = text.charCodeAt(i);
    return;
  }
  let j = start;
  for (let i = 0; i < value.length && j < end; ) {
    const c = value.charCodeAt(i);
    const s = text.charCodeAt(j);
    if (s === 38 /* & */) {
      // A character reference the parser decoded (`&amp;`, `&#x4E2D;`, `&NotEqualTilde;` for two code points) is an atom; an
      // unknown name (`&nosuch;`) was kept as written and is copied as text.
      const ref = characterReference(text, j);
      if (ref && value.startsWith(ref.text, i)) {
        for (let k = j; k < j + ref.length; k++) codes[k - base] = ATOM_CODE;
        j += ref.length;
        i += ref.text.length;
        continue;
      }
    }
    if (s === c || (s === 0 && c === 0xfffd)) {
      // (the parser reads U+0000 as U+FFFD)
      codes[j - base] = s;
      i++;
    }
    j++;
  }
}

function codesToString(codes: Uint16Array): string {
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode.apply(null, codes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

function makeFrontMatter(text: string, kind: 'yaml' | 'toml', raw: string, span: Span, cache?: ParseCache): FrontMatter {
  // Content starts after the opening fence's line break (\n, \r\n or a lone \r).
  let contentStart = span.start;
  while (contentStart < span.end && text.charCodeAt(contentStart) !== 10 && text.charCodeAt(contentStart) !== 13) contentStart++;
  if (text.charCodeAt(contentStart) === 13 && text.charCodeAt(contentStart + 1) === 10) contentStart++;
  contentStart = Math.min(contentStart + 1, span.end);
  const contentEnd = Math.min(span.end, contentStart + raw.length);
  const fm: FrontMatter = { kind, span, contentSpan: { start: contentStart, end: contentEnd }, raw };
  if (kind === 'yaml') {
    // An edit below the front matter keeps it: its document (positions relative to the content) is the last one.
    const last = cache?.yaml;
    if (last && last.raw === raw) fm.yaml = last.doc;
    else {
      fm.yaml = parseDocument(raw, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, strict: true, logLevel: 'error' });
      if (cache) cache.yaml = { raw, doc: fm.yaml };
    }
  }
  return fm;
}

/** The source offset of an offset inside the front matter's YAML content. */
export function yamlOffset(fm: FrontMatter, yamlPos: number): number {
  return fm.contentSpan.start + yamlPos;
}
