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
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import type { Root, Nodes, Parents } from 'mdast';
import { parseDocument, type Document as YamlDocument } from 'yaml';
import { computeLineStarts, positionAt } from './text';
import type { Span } from './types';

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
  /** Set when the Markdown parser itself failed; the post is then treated as one opaque block. */
  parseError?: string;
}

export interface ParseOptions {
  singleDollarMath?: boolean;
}

const processors = new Map<boolean, ReturnType<typeof makeProcessor>>();
function makeProcessor(singleDollar: boolean) {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml', 'toml'])
    .use(remarkGfm)
    .use(remarkMath, { singleDollarTextMath: singleDollar });
}
function processor(singleDollar: boolean) {
  let p = processors.get(singleDollar);
  if (!p) { p = makeProcessor(singleDollar); processors.set(singleDollar, p); }
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
  let root: Root;
  let parseError: string | undefined;
  const tamed = tameForParser(text);
  try {
    // micromark drops a leading BOM and counts offsets without it: parse without it, then shift
    // (by two if a second BOM follows: micromark drops that one too).
    const bom = tamed.charCodeAt(0) === 0xfeff ? (tamed.charCodeAt(1) === 0xfeff ? 2 : 1) : 0;
    root = processor(!!options.singleDollarMath).parse(bom ? tamed.slice(1) : tamed) as Root;
    if (bom) shiftPositions(root, bom);
  } catch (err) {
    parseError = err instanceof Error ? err.message : String(err);
    root = { type: 'root', children: [] };
  }

  if (!parseError) {
    try {
      splitTagLineHtml(root, tamed, !!options.singleDollarMath);
    } catch {
      /* keep the tree as parsed */
    }
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

  const post: Post = { text, lineStarts, prose, root, frontMatter, blocks, suppressions: [], parseError };
  post.suppressions = parseSuppressions(post, htmlNodes);
  return post;
}

const TAG_LINE_RE = /^[ \t]*(?:<(?:img|br|hr|embed|source|input)\b[^<>]*>|<(video|iframe|audio|picture|object)\b[^<>]*>[^\n]*<\/\1>)[ \t]*$/i;

/**
 * CommonMark swallows the lines after an `<img …>` line into one HTML block, but kramdown
 * (Jekyll) and most renderers treat such a line as inline HTML in a paragraph, so the
 * caption under an image (`_图1 … | 数据源：X_`) is prose. Re-parse those lines as Markdown.
 */
function splitTagLineHtml(root: Root, text: string, singleDollar: boolean): void {
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
    const frag = processor(singleDollar).parse(rest) as Root;
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
    fm.yaml = parseDocument(raw, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, strict: true });
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
