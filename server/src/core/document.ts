/**
 * Parse once: split the front matter, build the mdast tree, and derive the
 * "prose view" that rules read. Everything here is pure.
 *
 * The prose view (`Post.prose`) is a string of exactly the text's length in
 * which every character that is not prose is replaced, so offsets into it are
 * offsets into the source:
 *   - ATOM (U+FFFC) stands for content that is not prose but takes a place in a
 *     sentence: inline code, math, HTML, images, footnote references, bare URLs,
 *     Liquid tags, kramdown IALs; and for whole non-prose blocks (code, HTML,
 *     front matter, link definitions).
 *   - MARK (U+E000) stands for Markdown syntax around prose: `#`, `>`, list
 *     markers, `**`, `[`, `](url "title")`, table pipes, escapes. Rules treat it
 *     as transparent.
 *   - Line breaks are always kept.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { math } from 'micromark-extension-math';
import { mathFromMarkdown } from 'mdast-util-math';
import type { Root, Nodes, Parents } from 'mdast';
import { parseDocument, type Document as YamlDocument } from 'yaml';
import { computeLineStarts, positionAt } from './text';
import type { Span } from './types';
import { COMMONMARK, blankOut, scanDialect, type Dialect, type SyntaxSpan } from './dialect';

export const ATOM = '\uFFFC';
export const MARK = '\uE000';
const ATOM_CODE = 0xfffc;
const MARK_CODE = 0xe000;

export interface FrontMatter {
  kind: 'yaml' | 'toml';
  /** The whole block, fences included. */
  span: Span;
  /** The content between the fences. */
  contentSpan: Span;
  raw: string;
  /** For YAML: the parsed document (positions are relative to contentSpan.start; use `yamlOffset`). */
  yaml?: YamlDocument.Parsed;
}

/** A block whose inline content is prose: a paragraph, heading or table cell. */
export interface ProseBlock {
  type: 'paragraph' | 'heading' | 'tableCell';
  span: Span;
  node: Nodes;
}

export interface Suppression {
  /** Rule patterns; empty means every rule. */
  rules: string[];
  span: Span;
}

export interface Post {
  text: string;
  lineStarts: number[];
  /** Same length as text; see the header comment. */
  prose: string;
  root: Root;
  frontMatter?: FrontMatter;
  blocks: ProseBlock[];
  suppressions: Suppression[];
  /** The Markdown dialect the post was parsed in (see dialect.ts). */
  dialect: Dialect;
  /**
   * The dialect's syntax (admonition and container lines, callout markers, shortcodes, MDX ESM…),
   * sorted: masked in the prose view and never edited by a fix (fix-all compares it before and after).
   */
  syntax: SyntaxSpan[];
  /** Set when the Markdown parser itself failed; the post is then treated as one opaque block. */
  parseError?: string;
}

export interface ParseOptions {
  singleDollarMath?: boolean;
  /**
   * Parsed pieces kept between calls (the language server keeps one per open document), so
   * that an edit re-parses only the pieces it touched. Without it every piece is parsed.
   */
  cache?: ParseCache;
  /** Parse the post as one piece (as a reference in tests; slower on long posts). */
  whole?: boolean;
  /** The site's Markdown dialect (default: plain CommonMark + GFM). */
  dialect?: Dialect;
}

/**
 * The mdast of pieces of a post, keyed by the exact source each piece was parsed from. Holds
 * the pieces of the last parse only, so it never grows past one post's worth.
 */
export class ParseCache {
  private pieces = new Map<string, CachedPiece>();
  private next = new Map<string, CachedPiece>();
  /** @internal */
  take(key: string): CachedPiece | undefined {
    const hit = this.pieces.get(key);
    if (hit) this.next.set(key, hit);
    return hit;
  }
  /** @internal */
  keep(key: string, piece: CachedPiece): void {
    this.next.set(key, piece);
  }
  /** @internal Called after a whole post is parsed: forget the pieces it did not use. */
  turn(): void {
    this.pieces = this.next;
    this.next = new Map();
  }
  get size(): number {
    return this.pieces.size;
  }
}

/**
 * A parsed piece: its tree with offsets relative to its source, and its top-level nodes as last
 * placed in a post (reused as they are while the piece stays where it was: an edit moves only
 * the pieces after it). Nothing changes these trees once made.
 */
interface CachedPiece {
  rel: Root;
  placed?: { offset: number; line: number; nodes: Nodes[] };
}

/**
 * The syntax extensions of GitHub Flavored Markdown and math, in remark-gfm's order. Each can
 * only produce something where its trigger occurs, so a piece without the trigger is parsed
 * without it: the tree is the same, and the parse is cheaper (autolink literals alone cost about
 * half of it, as they are tried at every letter). `test/core.pieces.test.ts` checks the trees.
 */
const EXTENSIONS = [
  { trigger: /www\.|https?:\/\/|@/i, micromark: () => gfmAutolinkLiteral(), mdast: () => gfmAutolinkLiteralFromMarkdown() },
  { trigger: /\[\^/, micromark: () => gfmFootnote(), mdast: () => gfmFootnoteFromMarkdown() },
  { trigger: /~/, micromark: () => gfmStrikethrough(), mdast: () => gfmStrikethroughFromMarkdown() },
  { trigger: /\|/, micromark: () => gfmTable(), mdast: () => gfmTableFromMarkdown() },
  { trigger: /\[[ \txX]\]/, micromark: () => gfmTaskListItem(), mdast: () => gfmTaskListItemFromMarkdown() },
  { trigger: /\$/, micromark: (singleDollar: boolean) => math({ singleDollarTextMath: singleDollar }), mdast: () => mathFromMarkdown() },
] as const;
const ALL_EXTENSIONS = (1 << EXTENSIONS.length) - 1;

/** Which extensions a source needs (a bit per entry of EXTENSIONS). */
function extensionsFor(source: string): number {
  let mask = 0;
  EXTENSIONS.forEach((e, i) => {
    if (e.trigger.test(source)) mask |= 1 << i;
  });
  return mask;
}

const processors = new Map<string, ReturnType<typeof makeProcessor>>();
function makeProcessor(singleDollar: boolean, frontMatter: boolean, mask: number) {
  const p = unified().use(remarkParse);
  if (frontMatter) p.use(remarkFrontmatter, ['yaml', 'toml']);
  return p.use(function syntax() {
    // As remark-gfm and remark-math register themselves: through the processor's data.
    const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
    const micromark = (data.micromarkExtensions ??= []);
    const mdast = (data.fromMarkdownExtensions ??= []);
    EXTENSIONS.forEach((e, i) => {
      if (!(mask & (1 << i))) return;
      micromark.push(e.micromark(singleDollar));
      mdast.push(e.mdast());
    });
  });
}
const AUTOLINK = 1;

/**
 * Parse with the extensions of `mask`. Autolink literals are tried first without their
 * extension: they can only arise from text content, so when no text node of that tree holds a
 * trigger (`www.`, `http://`, `@`; the URLs of `[text](url)` are not text) the extension would
 * have changed nothing; otherwise the source is parsed again with it.
 */
function parseWithExtensions(source: string, singleDollar: boolean, frontMatter: boolean, mask: number): Root {
  if (!(mask & AUTOLINK)) return processor(singleDollar, frontMatter, mask).parse(source) as Root;
  const without = processor(singleDollar, frontMatter, mask & ~AUTOLINK).parse(source) as Root;
  let needed = false;
  const trigger = EXTENSIONS[0].trigger;
  walk(without, (n) => {
    if (needed) return 'skip';
    if (n.type === 'text' && trigger.test(n.value)) needed = true;
  });
  return needed ? (processor(singleDollar, frontMatter, mask).parse(source) as Root) : without;
}

function processor(singleDollar: boolean, frontMatter = false, mask = ALL_EXTENSIONS) {
  const key = `${singleDollar}:${frontMatter}:${mask}`;
  let p = processors.get(key);
  if (!p) { p = makeProcessor(singleDollar, frontMatter, mask); processors.set(key, p); }
  return p;
}

/** Depth-first walk without recursion (deeply nested input must not blow the stack). */
export function walk(root: Nodes, visit: (node: Nodes, parent: Parents | undefined) => void | 'skip'): void {
  const stack: Array<[Nodes, Parents | undefined]> = [[root, undefined]];
  while (stack.length) {
    const [node, parent] = stack.pop()!;
    if (visit(node, parent) === 'skip') continue;
    const children = (node as Parents).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], node as Parents]);
  }
}

export function nodeSpan(node: Nodes): Span | undefined {
  const p = node.position;
  if (!p || p.start.offset === undefined || p.end.offset === undefined) return undefined;
  return { start: p.start.offset, end: p.end.offset };
}

const ATOM_BLOCKS = new Set(['code', 'html', 'math', 'yaml', 'toml', 'definition', 'thematicBreak']);
const ATOM_INLINES = new Set(['inlineCode', 'inlineMath', 'image', 'imageReference', 'footnoteReference', 'break']);
const LIQUID_RE = /\{%[^\n]{0,500}?%\}|\{\{[^\n]{0,500}?\}\}/g;
const IAL_RE = /\{::?[^}\n]{0,300}\}/g;
const DIRECTIVE_RE = /<!--\s*zhen-(disable-next-line|disable-line|disable|enable)\b([^]*?)-->/g;

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
  try {
    const tree = parseTree(text, lineStarts, dialect, singleDollar, { cache: options.cache, whole: options.whole, header: lateHeader, depth: 0 });
    root = tree.root;
    syntax = tree.syntax;
    // Text nodes are aligned with the text as the parser saw it: the original, with the taming of
    // pathological nesting (the same on the original and on the copy the dialect blanked).
    tamed = tree.blanked ? tameForParser(text) : tree.tamed;
  } catch (err) {
    parseError = err instanceof Error ? err.message : String(err);
    root = { type: 'root', children: [] };
  }

  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    codes[i] = c === 10 || c === 13 ? c : parseError ? ATOM_CODE : MARK_CODE;
  }
  const setAtom = (s: Span) => {
    for (let i = s.start; i < s.end; i++) {
      const c = codes[i];
      if (c !== 10 && c !== 13) codes[i] = ATOM_CODE;
    }
  };

  let frontMatter: FrontMatter | undefined;
  const blocks: ProseBlock[] = [];
  const atoms: Span[] = [];
  const htmlNodes: Array<{ value: string; span: Span }> = [];
  if (lateHeader && !parseError) {
    frontMatter = makeFrontMatter(text, 'yaml', text.slice(lateHeader.contentStart, lateHeader.contentEnd), { start: lateHeader.start, end: lateHeader.end });
    atoms.push({ start: lateHeader.start, end: lateHeader.end });
  }

  walk(root, (node) => {
    const span = nodeSpan(node);
    if (!span) return;
    const type = node.type as string;
    if (type === 'text') {
      copyText(tamed, codes, (node as { value: string }).value, span);
      return;
    }
    if (type === 'yaml' || type === 'toml') {
      if (!frontMatter && span.start <= (text.charCodeAt(0) === 0xfeff ? 1 : 0)) frontMatter = makeFrontMatter(text, type, (node as { value: string }).value, span);
      atoms.push(span);
      return 'skip';
    }
    if (type === 'html') htmlNodes.push({ value: (node as { value: string }).value, span });
    if (ATOM_BLOCKS.has(type) || ATOM_INLINES.has(type)) {
      atoms.push(span);
      return 'skip';
    }
    if (type === 'link' && isAutolink(node)) {
      atoms.push(span);
      return 'skip';
    }
    if (type === 'paragraph' || type === 'heading' || type === 'tableCell') blocks.push({ type, span, node });
  });
  for (const s of atoms) setAtom(s);
  if (tamed !== text) {
    // What the taming replaced is not prose.
    for (let i = 0; i < text.length; i++) if (tamed.charCodeAt(i) !== text.charCodeAt(i) && codes[i] !== ATOM_CODE) codes[i] = MARK_CODE;
  }
  for (const s of syntax) {
    if (s.atom) setAtom(s);
    else for (let i = s.start; i < s.end; i++) if (codes[i] !== 10 && codes[i] !== 13) codes[i] = MARK_CODE;
  }

  let prose = codesToString(codes);
  // Liquid tags/output and kramdown IALs are plain text to CommonMark: mask them too.
  for (const re of [LIQUID_RE, IAL_RE]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let changed = false;
    while ((m = re.exec(text))) {
      setAtom({ start: m.index, end: m.index + m[0].length });
      changed = true;
    }
    if (changed) prose = codesToString(codes);
  }

  const post: Post = { text, lineStarts, prose, root, frontMatter, blocks, suppressions: [], dialect, syntax, parseError };
  post.suppressions = [...parseSuppressions(post, htmlNodes), ...frontMatterSuppressions(post)];
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
  /** The dialect blanked something: the parser's copy differs from the text beyond taming. */
  blanked: boolean;
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
  const tamed = tameForParser(parserText);
  let root = top ? parsePieces(tamed, lineStarts, singleDollar, opts.cache, opts.whole) : parseFragment(tamed, singleDollar);
  if (!scan) return { root, syntax: [], tamed, blanked: parserText !== text };
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
  return { root, syntax, tamed, blanked: true };
}

function pointAt(lineStarts: readonly number[], offset: number) {
  const p = positionAt(lineStarts, offset);
  return { line: p.line + 1, column: p.character + 1, offset };
}

/** A piece of Markdown inside a post (no front matter), parsed alone: the tree of the whole text. */
function parseFragment(source: string, singleDollar: boolean): Root {
  const root = parseWithExtensions(source, singleDollar, false, extensionsFor(source));
  restorePositions(root, source);
  try {
    splitTagLineHtml(root, source, singleDollar);
  } catch {
    /* keep the tree as parsed */
  }
  return root;
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

const FM_DIRECTIVE_RE = /^[ \t]*#[ \t]*zhen-(disable-next-line|disable-line)\b(.*)$/;

/**
 * Suppression comments inside the front matter, as YAML/TOML comments (an HTML comment there would
 * be data): `# zhen-disable-next-line RULE` covers the next line that is not a comment,
 * `# zhen-disable-line RULE` its own line.
 */
function frontMatterSuppressions(post: Post): Suppression[] {
  const fm = post.frontMatter;
  if (!fm || !/zhen-disable/.test(fm.raw)) return [];
  const out: Suppression[] = [];
  const { lineStarts } = post;
  const first = positionAt(lineStarts, fm.contentSpan.start).line;
  const last = positionAt(lineStarts, Math.max(fm.contentSpan.start, fm.contentSpan.end - 1)).line;
  for (let line = first; line <= last; line++) {
    const m = FM_DIRECTIVE_RE.exec(lineSpanText(post, line));
    if (!m) continue;
    const rules = m[2].split(/[\s,]+/).filter(Boolean);
    let target = line;
    if (m[1] === 'disable-next-line') {
      target = line + 1;
      while (target <= last && /^[ \t]*(#.*)?$/.test(lineSpanText(post, target))) target++;
      if (target > last) continue;
    }
    out.push({ rules, span: lineSpan(post, target, target) });
  }
  return out;
}

function lineSpanText(post: Post, line: number): string {
  const s = lineSpan(post, line, line);
  return post.text.slice(s.start, s.end).replace(/\r?\n$/, '');
}

// ---- Parsing in pieces ---------------------------------------------------------------------
//
// micromark is super-linear on long inputs (a 440 KB post took 2 s, 3.5 MB 34 s) and the
// language server would re-parse a whole post on every keystroke. So a post is cut into pieces
// at block boundaries that CommonMark cannot carry state across (a blank line followed by a line
// starting at column 0, outside fenced code, math and the HTML blocks that may hold blank lines),
// each piece is parsed alone, and the trees are joined. What would differ from one whole parse
// is restored: link and footnote definitions are seen by every piece (stub definitions are
// appended and their nodes dropped), and a loose list cut in two is joined again. Cut points are
// chosen by content (a hash of the line), not by position, so an edit changes only its piece and
// the language server reuses the rest from a `ParseCache`. Blocks longer than MAX_BLOCK with no
// such boundary (a huge paragraph, list or table) are cut at line starts, and a huge single line
// after sentence punctuation; only such input can parse differently from one whole parse.

const MIN_PIECE = 1024;
const MAX_PIECE = 8192;
const MAX_BLOCK = 32768;
const FORCED_PIECE = 16384;

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
function frontMatterEnd(text: string, lineStarts: readonly number[]): number {
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
  if (n <= MIN_PIECE * 2) return [{ start: 0, end: n, prefix: '', first: true, openAtEnd: false }];
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
    const line = text.slice(ls, le).replace(/\r?\n$|\r$/, '');
    if (fence) {
      const m = FENCE_OPEN_RE.exec(line);
      if (m && m[1][0] === fence.ch && m[1].length >= fence.len && BLANK_RE.test(m[2])) {
        fence = undefined;
        opaque.push(le);
      }
      prevBlank = false;
      continue;
    }
    if (closeHtml) {
      if (closeHtml.test(line)) {
        closeHtml = undefined;
        opaque.push(le);
      }
      prevBlank = false;
      continue;
    }
    if (math) {
      const m = /^ {0,3}(\${2,})[ \t]*$/.exec(line);
      if (m && m[1].length >= math) {
        math = 0;
        opaque.push(le);
      }
      prevBlank = false;
      continue;
    }
    const blank = BLANK_RE.test(line);
    const c = line.charCodeAt(0);
    if (!blank && c !== 32 && c !== 9 && ls > 0) (prevBlank ? hard : soft).push(ls);
    prevBlank = blank;
    if (blank) continue;
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
    while (blockEnd - start > MAX_BLOCK) {
      let cut = -1;
      while (si < soft.length && soft[si] < blockEnd) {
        const at = soft[si++];
        if (at - start < FORCED_PIECE || at <= headerEnd) continue;
        const ch = text[at];
        if (tablePrefix ? ch === '|' : !/[=\-|:]/.test(ch)) {
          cut = at;
          break;
        }
      }
      if (cut < 0 && !inOpaque(start + FORCED_PIECE)) cut = cutInsideLine(text, start + FORCED_PIECE, blockEnd);
      if (cut < 0 || blockEnd - cut < 1024) break;
      push(cut, tablePrefix && text[cut] === '|' ? tablePrefix : '');
    }
  };
  let blockStart = 0;
  for (const at of [...hard, n]) {
    if (at - blockStart > MAX_BLOCK) cutLongBlock(blockStart, at);
    blockStart = at;
    if (at === n) break;
    const size = at - start;
    if (size >= MIN_PIECE && (lineHash(text, at) % 4 === 0 || size >= MAX_PIECE)) push(at, '');
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
  const end = Math.min(limit - 1, from + FORCED_PIECE);
  let ticks = 0;
  for (let i = from - FORCED_PIECE; i < from; i++) if (text.charCodeAt(i) === 96) ticks++;
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

/** Stub definitions for the labels that this piece uses but another piece defines. */
function stubsFor(body: string, piece: Piece, defs: ReturnType<typeof definitionLabels>): string {
  if (!defs.length || !body.includes(']')) return '';
  let lower: string | undefined;
  let out = '';
  const seen = new Set<string>();
  for (const d of defs) {
    if (d.at >= piece.start && d.at < piece.end) continue;
    const key = (d.footnote ? '^' : '') + d.lower;
    if (seen.has(key)) continue;
    lower ??= body.toLowerCase();
    if (!lower.includes('[' + key)) continue;
    seen.add(key);
    out += d.footnote ? `[^${d.label}]: .\n\n` : `[${d.label}]: #\n`;
  }
  return out ? '\n\n' + out : '';
}

function parsePieces(tamed: string, lineStarts: readonly number[], singleDollar: boolean, cache?: ParseCache, whole?: boolean): Root {
  const pieces = whole ? [{ start: 0, end: tamed.length, prefix: '', first: true, openAtEnd: false }] : planPieces(tamed, lineStarts);
  const defs = pieces.length > 1 ? definitionLabels(tamed) : [];
  const children: Nodes[] = [];
  for (const piece of pieces) {
    const body = tamed.slice(piece.start, piece.end);
    const stubs = piece.openAtEnd || pieces.length === 1 ? '' : stubsFor(body, piece, defs);
    const source = piece.prefix + body + stubs;
    const key = `${singleDollar ? 1 : 0}${piece.first ? 1 : 0}${piece.prefix.length}:${source}`;
    let entry = cache?.take(key);
    if (!entry) {
      let rel: Root;
      // micromark drops a leading BOM and counts offsets without it: parse without it, then shift
      // (by two if a second BOM follows: micromark drops that one too).
      const bom = source.charCodeAt(0) === 0xfeff ? (source.charCodeAt(1) === 0xfeff ? 2 : 1) : 0;
      const input = bom ? source.slice(1) : source;
      rel = parseWithExtensions(input, singleDollar, piece.first, whole ? ALL_EXTENSIONS : extensionsFor(source));
      if (bom) shiftPositions(rel, bom);
      restorePositions(rel, source);
      try {
        splitTagLineHtml(rel, source, singleDollar, whole);
      } catch {
        /* keep the tree as parsed */
      }
      entry = { rel };
      cache?.keep(key, entry);
    }
    const lo = piece.prefix.length;
    const hi = lo + body.length;
    const offsetShift = piece.start - lo;
    const lineShift = positionAt(lineStarts, piece.start).line - countLines(piece.prefix);
    let nodes: Nodes[];
    if (entry.placed && entry.placed.offset === offsetShift && entry.placed.line === lineShift) nodes = entry.placed.nodes;
    else {
      nodes = [];
      for (const top of entry.rel.children as Nodes[]) {
        const s = top.position?.start.offset ?? 0;
        const e = top.position?.end.offset ?? 0;
        if (s >= hi || e <= lo) continue; // a stub definition, or the carried table header
        const node = shifted(top, offsetShift, lineShift, !!cache);
        nodes.push(s < lo ? dropCarriedRows(node, piece.start) : node);
      }
      if (cache) entry.placed = { offset: offsetShift, line: lineShift, nodes };
    }
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

/**
 * mdast-util-gfm-autolink-literal links some bare URLs and e-mail addresses after parsing, by
 * find-and-replace over text nodes (`www.x.cn` after a dash: micromark does not link it there),
 * and the nodes it makes have no positions, so the prose view would see no text there at all.
 * Such a run of siblings was one text node: their texts laid end to end are the source between
 * their neighbours, which gives each of them its place back. (When the source differs from the
 * texts, an entity or an escape, the run keeps no positions, as before.)
 */
function restorePositions(root: Root, source: string): void {
  let starts: number[] | undefined;
  const point = (offset: number) => {
    starts ??= computeLineStarts(source);
    const p = positionAt(starts, offset);
    return { line: p.line + 1, column: p.character + 1, offset };
  };
  const textOf = (n: Nodes): string => ('value' in n && typeof n.value === 'string' ? n.value : 'children' in n ? (n.children as Nodes[]).map(textOf).join('') : '');
  const place = (run: Nodes[], at: number) => {
    for (const n of run) {
      const len = textOf(n).length;
      n.position = { start: point(at), end: point(at + len) };
      if ('children' in n) place(n.children as Nodes[], at);
      at += len;
    }
  };
  const stack: Parents[] = [root];
  while (stack.length) {
    const parent = stack.pop()!;
    const kids = parent.children as Nodes[];
    for (let i = 0; i < kids.length; i++) {
      if (kids[i].position) {
        if ('children' in kids[i]) stack.push(kids[i] as Parents);
        continue;
      }
      let j = i;
      while (j < kids.length && !kids[j].position) j++;
      const run = kids.slice(i, j);
      const value = run.map(textOf).join('');
      const prevEnd = kids[i - 1]?.position?.end.offset ?? parent.position?.start.offset;
      const nextStart = kids[j]?.position?.start.offset ?? parent.position?.end.offset;
      if (prevEnd !== undefined && nextStart !== undefined && value) {
        const at = source.startsWith(value, prevEnd) ? prevEnd : source.slice(nextStart - value.length, nextStart) === value ? nextStart - value.length : source.indexOf(value, prevEnd);
        if (at >= prevEnd && at + value.length <= nextStart) place(run, at);
      }
      i = j - 1;
    }
  }
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

const TAG_LINE_RE = /^[ \t]*(?:<(?:img|br|hr|embed|source|input)\b[^<>]*>|<(video|iframe|audio|picture|object)\b[^<>]*>[^\n]*<\/\1>)[ \t]*$/i;

/**
 * CommonMark swallows the lines after an `<img …>` line into one HTML block, but kramdown
 * (Jekyll) and most renderers treat such a line as inline HTML in a paragraph, so the
 * caption under an image (`_图1 … | 数据源：X_`) is prose. Re-parse those lines as Markdown.
 */
function splitTagLineHtml(root: Root, text: string, singleDollar: boolean, whole = false): void {
  // `text` here is the tamed copy the tree was parsed from.
  const work: Array<{ parent: Parents; index: number }> = [];
  walk(root, (node, parent) => {
    if (node.type === 'html' && parent && parent.type !== 'paragraph' && parent.type !== 'heading') {
      work.push({ parent, index: parent.children.indexOf(node as never) });
      return 'skip';
    }
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'code') return 'skip';
  });
  for (let w = work.length - 1; w >= 0; w--) {
    const { parent, index } = work[w];
    const node = parent.children[index] as Nodes & { value: string };
    const span = nodeSpan(node);
    if (!span || text.slice(span.start, span.end) !== node.value) continue;
    const nl = node.value.indexOf('\n');
    if (nl < 0) continue;
    const first = node.value.slice(0, nl).replace(/\r$/, '');
    const rest = node.value.slice(nl + 1);
    if (!TAG_LINE_RE.test(first) || /^[ \t]*</.test(rest) || !rest.trim()) continue;
    const base = span.start + nl + 1;
    const baseLine = node.position!.start.line; // 1-based line of the tag; the rest starts on the next line
    // No front matter inside a post; only the extensions the lines need (all of them for the reference parse).
    const frag = whole ? (processor(singleDollar).parse(rest) as Root) : parseWithExtensions(rest, singleDollar, false, extensionsFor(rest));
    walk(frag, (n) => {
      const p = n.position;
      if (!p) return;
      p.start = { line: p.start.line + baseLine, column: p.start.column, offset: (p.start.offset ?? 0) + base };
      p.end = { line: p.end.line + baseLine, column: p.end.column, offset: (p.end.offset ?? 0) + base };
    });
    const head = { ...node, value: first, position: { start: node.position!.start, end: { line: baseLine, column: first.length + 1, offset: span.start + first.length } } };
    (parent.children as Nodes[]).splice(index, 1, head, ...(frag.children as Nodes[]));
  }
}

const MAX_CONTAINER_DEPTH = 32;
const MAX_INDENT = 48;
const MAX_DELIMITER_RUN = 64;
/**
 * One container marker at the start of a line: a block quote `>` or a list bullet / number, with
 * the blanks before it. Blanks after a marker belong to the next one: with an optional blank on
 * both sides, a line of 22 `- ` that does not reach the limit took 2^22 backtracking steps.
 */
const CONTAINER = String.raw`[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))`;
const PATHOLOGICAL_RE = new RegExp(`^(?:${CONTAINER}){${MAX_CONTAINER_DEPTH + 1}}|^[ \\t]{${MAX_INDENT + 1}}|[*_~]{${MAX_DELIMITER_RUN + 1}}`, 'm');
const DEEP_PREFIX_RE = new RegExp(`^((?:${CONTAINER}){${MAX_CONTAINER_DEPTH}})((?:${CONTAINER})+)`, 'gm');

/**
 * The Markdown parser is super-linear on pathological nesting (thousands of nested lists take
 * minutes; 100,000 nested block quotes overflow the stack). Give it a copy of the same length
 * in which nesting past sane limits is flattened: container markers (`>`, `-`, `1.`) past
 * depth 32 and indentation past 48 columns become no-break spaces, delimiter runs past 64
 * become `∗`. Offsets are unchanged; what was replaced is masked in the prose view, so no
 * rule sees the copy's characters.
 */
export function tameForParser(text: string): string {
  if (!PATHOLOGICAL_RE.test(text)) return text;
  return text
    .replace(DEEP_PREFIX_RE, (_m, keep: string, rest: string) => keep + rest.replace(/[^ \t]/g, '\u00a0'))
    .replace(new RegExp(`^([ \\t]{${MAX_INDENT}})([ \\t]+)`, 'gm'), (_m, keep: string, rest: string) => keep + '\u00a0'.repeat(rest.length))
    .replace(new RegExp(`([*_~]{${MAX_DELIMITER_RUN}})([*_~]+)`, 'g'), (_m, keep: string, rest: string) => keep + '\u2217'.repeat(rest.length));
}

/** Move every node of a tree `by` code units to the right, all on its first line. */
function shiftPositions(root: Root, by: number): void {
  walk(root, (n) => {
    const p = n.position;
    if (!p) return;
    p.start = { ...p.start, offset: (p.start.offset ?? 0) + by, column: p.start.line === 1 ? p.start.column + by : p.start.column };
    p.end = { ...p.end, offset: (p.end.offset ?? 0) + by, column: p.end.line === 1 ? p.end.column + by : p.end.column };
  });
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
function copyText(text: string, codes: Uint16Array, value: string, span: Span): void {
  const { start, end } = span;
  if (end - start === value.length && text.startsWith(value, start)) {
    for (let i = start; i < end; i++) codes[i] = text.charCodeAt(i);
    return;
  }
  let j = start;
  for (let i = 0; i < value.length && j < end; ) {
    const c = value.charCodeAt(i);
    const s = text.charCodeAt(j);
    if (s === 38 /* & */) {
      const ent = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/.exec(text.slice(j, j + 40));
      if (ent && !(c === 38 && ent[0] === '&')) {
        for (let k = j; k < j + ent[0].length; k++) codes[k] = ATOM_CODE;
        j += ent[0].length;
        i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        continue;
      }
    }
    if (s === c || (s === 0 && c === 0xfffd)) {
      // (the parser reads U+0000 as U+FFFD)
      codes[j] = s;
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

function makeFrontMatter(text: string, kind: 'yaml' | 'toml', raw: string, span: Span): FrontMatter {
  // Content starts after the opening fence's line break (\n, \r\n or a lone \r).
  let contentStart = span.start;
  while (contentStart < span.end && text.charCodeAt(contentStart) !== 10 && text.charCodeAt(contentStart) !== 13) contentStart++;
  if (text.charCodeAt(contentStart) === 13 && text.charCodeAt(contentStart + 1) === 10) contentStart++;
  contentStart = Math.min(contentStart + 1, span.end);
  const contentEnd = Math.min(span.end, contentStart + raw.length);
  const fm: FrontMatter = { kind, span, contentSpan: { start: contentStart, end: contentEnd }, raw };
  if (kind === 'yaml') {
    fm.yaml = parseDocument(raw, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, strict: true, logLevel: 'error' });
  }
  return fm;
}

/** The source offset of an offset inside the front matter's YAML content. */
export function yamlOffset(fm: FrontMatter, yamlPos: number): number {
  return fm.contentSpan.start + yamlPos;
}

function parseSuppressions(post: Post, htmlNodes: Array<{ value: string; span: Span }>): Suppression[] {
  const out: Suppression[] = [];
  const open = new Map<string, number>(); // pattern key → start offset
  const { text, lineStarts } = post;
  for (const h of htmlNodes) {
    DIRECTIVE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DIRECTIVE_RE.exec(h.value))) {
      const kind = m[1];
      const rules = m[2].split(/[\s,]+/).filter(Boolean);
      const at = h.span.start + m.index;
      const endAt = h.span.start + m.index + m[0].length;
      const line = positionAt(lineStarts, at).line;
      if (kind === 'disable-line') {
        out.push({ rules, span: lineSpan(post, line, line) });
      } else if (kind === 'disable-next-line') {
        const endLine = positionAt(lineStarts, endAt).line;
        // The next non-blank line and the rest of its paragraph (up to a blank line).
        let first = endLine + 1;
        while (first < lineStarts.length && isBlankLine(post, first)) first++;
        let last = first;
        while (last + 1 < lineStarts.length && !isBlankLine(post, last + 1)) last++;
        if (first < lineStarts.length) out.push({ rules, span: lineSpan(post, first, last) });
      } else if (kind === 'disable') {
        const key = rules.join(' ');
        if (!open.has(key)) open.set(key, endAt);
      } else {
        const key = rules.join(' ');
        if (open.has(key)) {
          out.push({ rules, span: { start: open.get(key)!, end: at } });
          open.delete(key);
        } else if (rules.length) {
          // `enable X` closes any open `disable` that lists X.
          for (const [k, start] of open) {
            const ks = k.split(' ');
            if (ks.some((r) => rules.includes(r))) {
              out.push({ rules: ks, span: { start, end: at } });
              open.delete(k);
            }
          }
        }
      }
    }
  }
  for (const [k, start] of open) out.push({ rules: k ? k.split(' ') : [], span: { start, end: text.length } });
  return out;
}

function lineSpan(post: Post, first: number, last: number): Span {
  const start = post.lineStarts[first];
  const end = last + 1 < post.lineStarts.length ? post.lineStarts[last + 1] : post.text.length;
  return { start, end };
}

function isBlankLine(post: Post, line: number): boolean {
  const s = lineSpan(post, line, line);
  return post.text.slice(s.start, s.end).trim() === '';
}

/** Does a rule pattern (`claim/unlinked`, `claim`, `claim/*`, `*`) cover a rule id? */
export function ruleMatches(pattern: string, ruleId: string): boolean {
  if (pattern === '*' || pattern === ruleId) return true;
  const p = pattern.endsWith('/*') ? pattern.slice(0, -2) : pattern;
  return ruleId.startsWith(p + '/');
}

export function isSuppressed(post: Post, ruleId: string, span: Span): boolean {
  for (const s of post.suppressions) {
    if (span.start >= s.span.start && span.start < s.span.end && (s.rules.length === 0 || s.rules.some((r) => ruleMatches(r, ruleId)))) return true;
  }
  return false;
}
