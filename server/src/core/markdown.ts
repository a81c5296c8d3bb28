/**
 * The Markdown set-up and its repairs: remark-parse with the GFM and math extensions (each only
 * where its trigger occurs), the taming of pathological input before the parser sees it, and the
 * repairs after it (positions the autolink transform dropped, HTML blocks that swallow an image's
 * caption). The one place that knows which parser and extensions Zhen reads Markdown with.
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
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { math } from 'micromark-extension-math';
import { mathFromMarkdown } from 'mdast-util-math';
import type { Root, Nodes, Parents } from 'mdast';
import { computeLineStarts, positionAt } from './text';
import type { Span } from './types';

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
export function extensionsFor(source: string): number {
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
 * trigger the extension would have changed nothing; otherwise the source is parsed again with it.
 * The trigger in a text node is `www.` or `http(s)://`, or an `@` that can be an e-mail address's:
 * GFM's e-mail literal (micromark's and mdast-util-gfm-autolink-literal's alike) is an atext
 * character, `@`, and domain characters with a dot (`[-.\w+]@[-.\w]*\.` as a necessary shape), looked
 * for in the node's value (character references and escapes resolved, as the mdast transform reads
 * it) and in the source lines it spans (the tokenizer reads the source, where emphasis may split a
 * literal's characters across text nodes: `foo@_bar_.com`). Of the 4,103 corpus pieces that hold a
 * trigger, 524 had a text node with one and were parsed twice; with the e-mail shape, 77 are
 * (1.22 M → 0.08 M characters parsed again; perf10).
 */
export function parseWithExtensions(source: string, singleDollar: boolean, frontMatter: boolean, mask: number): Root {
  if (!(mask & AUTOLINK)) return processor(singleDollar, frontMatter, mask).parse(source) as Root;
  const without = processor(singleDollar, frontMatter, mask & ~AUTOLINK).parse(source) as Root;
  let needed = false;
  walk(without, (n) => {
    if (needed) return 'skip';
    if (n.type === 'text' && mayAutolink(n.value, n.position?.start.offset, n.position?.end.offset, source)) needed = true;
  });
  return needed ? (processor(singleDollar, frontMatter, mask).parse(source) as Root) : without;
}

const URL_TRIGGER = /www\.|https?:\/\//i;
const EMAIL_SHAPE = /[-.\w+]@[-.\w]*\./;

/** Whether a text node (value, source offsets) may hold what GFM's autolink literal extension links. */
function mayAutolink(value: string, start: number | undefined, end: number | undefined, source: string): boolean {
  if (URL_TRIGGER.test(value)) return true;
  if (!value.includes('@')) return false;
  if (EMAIL_SHAPE.test(value)) return true;
  if (start === undefined || end === undefined) return true;
  const from = source.lastIndexOf('\n', start - 1) + 1;
  let to = source.indexOf('\n', end);
  if (to < 0) to = source.length;
  return EMAIL_SHAPE.test(source.slice(from, to));
}

/**
 * The reference parse: remark-parse with every extension, as remark-gfm and remark-math set it
 * up, and no shortcut (`ParseOptions.whole`; the tests compare the fast path with it).
 */
export function parseReference(source: string, singleDollar: boolean, frontMatter: boolean): Root {
  return processor(singleDollar, frontMatter).parse(source) as Root;
}

function processor(singleDollar: boolean, frontMatter = false, mask = ALL_EXTENSIONS) {
  const key = `${singleDollar}:${frontMatter}:${mask}`;
  let p = processors.get(key);
  if (!p) { p = makeProcessor(singleDollar, frontMatter, mask); processors.set(key, p); }
  return p;
}

/** Depth-first walk without recursion (deeply nested input must not blow the stack). */
/**
 * A finished tree's nodes in the order `walk` visits them (pre-order), each with its parent and the
 * index just past its subtree (where a 'skip' goes on). Made on the first walk of a tree that
 * `treeFinished` named, and kept while the tree lives: the rules walk a post's whole tree some
 * fifteen times per analysis, and going down an array costs a fraction of the two stacks (#24).
 */
interface Preorder {
  nodes: Nodes[];
  parents: Array<Parents | undefined>;
  after: Int32Array;
}
const finished = new WeakSet<Nodes>();
const preorders = new WeakMap<Nodes, Preorder>();

/**
 * The tree under `root` will not change any more (a post's tree once parsed: cached pieces are copied,
 * never changed, see pieces.ts `shifted`), so `walk` may keep its order of nodes.
 */
export function treeFinished(root: Nodes): void {
  finished.add(root);
}

function preorderOf(root: Nodes): Preorder {
  const nodes: Nodes[] = [];
  const parents: Array<Parents | undefined> = [];
  const depths: number[] = [];
  const stack: Nodes[] = [root];
  const stackParents: Array<Parents | undefined> = [undefined];
  const stackDepths: number[] = [0];
  while (stack.length) {
    const node = stack.pop()!;
    const depth = stackDepths.pop()!;
    nodes.push(node);
    parents.push(stackParents.pop());
    depths.push(depth);
    const children = (node as Parents).children;
    if (children) {
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push(children[i]);
        stackParents.push(node as Parents);
        stackDepths.push(depth + 1);
      }
    }
  }
  // A subtree ends at the next node no deeper than its root.
  const after = new Int32Array(nodes.length);
  const open: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    while (open.length && depths[open[open.length - 1]] >= depths[i]) after[open.pop()!] = i;
    open.push(i);
  }
  for (const i of open) after[i] = nodes.length;
  return { nodes, parents, after };
}

export function walk(root: Nodes, visit: (node: Nodes, parent: Parents | undefined) => void | 'skip'): void {
  let pre = preorders.get(root);
  if (!pre && finished.has(root)) preorders.set(root, (pre = preorderOf(root)));
  if (pre) {
    const { nodes, parents, after } = pre;
    for (let i = 0; i < nodes.length; ) i = visit(nodes[i], parents[i]) === 'skip' ? after[i] : i + 1;
    return;
  }
  // Two stacks side by side, not a pair per node: the rules walk the whole tree many times per
  // analysis, and a pair per node was most of what a walk allocated.
  const nodes: Nodes[] = [root];
  const parents: Array<Parents | undefined> = [undefined];
  while (nodes.length) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    if (visit(node, parent) === 'skip') continue;
    const children = (node as Parents).children;
    if (children) {
      for (let i = children.length - 1; i >= 0; i--) {
        nodes.push(children[i]);
        parents.push(node as Parents);
      }
    }
  }
}

export function nodeSpan(node: Nodes): Span | undefined {
  const p = node.position;
  if (!p || p.start.offset === undefined || p.end.offset === undefined) return undefined;
  return { start: p.start.offset, end: p.end.offset };
}

/** A piece of Markdown inside a post (no front matter), parsed alone: the tree of the whole text. */
export function parseFragment(source: string, singleDollar: boolean): Root {
  const root = parseWithExtensions(source, singleDollar, false, extensionsFor(source));
  restorePositions(root, source);
  try {
    splitTagLineHtml(root, source, singleDollar);
  } catch {
    /* keep the tree as parsed */
  }
  return root;
}


/**
 * mdast-util-gfm-autolink-literal links some bare URLs and e-mail addresses after parsing, by
 * find-and-replace over text nodes (`www.x.cn` after a dash: micromark does not link it there),
 * and the nodes it makes have no positions, so the prose view would see no text there at all.
 * Such a run of siblings was one text node: their texts laid end to end are the source between
 * their neighbours, which gives each of them its place back. A backslash escape in the source
 * (`[官方\(https://…`: the text has `(`), a block quote's or list item's markers at a line's start
 * (`> `), a character reference (`&amp;`), CR LF and a NUL (U+FFFD in the text) are read over; where the source
 * differs otherwise, the run keeps no positions, as before.
 */
export function restorePositions(root: Root, source: string): void {
  let starts: number[] | undefined;
  const point = (offset: number) => {
    starts ??= computeLineStarts(source);
    const p = positionAt(starts, offset);
    return { line: p.line + 1, column: p.character + 1, offset };
  };
  const textOf = (n: Nodes): string => ('value' in n && typeof n.value === 'string' ? n.value : 'children' in n ? (n.children as Nodes[]).map(textOf).join('') : '');
  // `offsets[i]`: where the source of the run's character i starts (`offsets[value.length]`: where the run ends).
  const place = (run: Nodes[], offsets: readonly number[], i: number) => {
    for (const n of run) {
      const len = textOf(n).length;
      n.position = { start: point(offsets[i]), end: point(offsets[i + len]) };
      if ('children' in n) place(n.children as Nodes[], offsets, i);
      i += len;
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
        const offsets = at >= prevEnd && at + value.length <= nextStart ? Array.from({ length: value.length + 1 }, (_, k) => at + k) : escapedAt(source, value, prevEnd, nextStart);
        if (offsets) place(run, offsets, 0);
      }
      i = j - 1;
    }
  }
}

/** ASCII punctuation, which a backslash escapes in CommonMark. */
const ESCAPABLE = /[!-/:-@[-`{-~]/;

/** A character reference as CommonMark reads one (`&amp;`, `&#35;`, `&#x4E2D;`), anchored where it is tried. */
const CHARACTER_REFERENCE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/y;

/**
 * The text a character reference at `k` stands for and its length in the source, or undefined. Numeric ones by
 * CommonMark's rule (0, a surrogate or beyond U+10FFFF is U+FFFD), named ones by the HTML table micromark itself uses
 * (decode-named-character-reference); an unknown name is no reference (the parser kept it as written).
 */
export function characterReference(source: string, k: number): { text: string; length: number } | undefined {
  CHARACTER_REFERENCE.lastIndex = k;
  const m = CHARACTER_REFERENCE.exec(source);
  if (!m) return undefined;
  if (m[3] !== undefined) {
    const text = decodeNamedCharacterReference(m[3]);
    return text === false ? undefined : { text, length: m[0].length };
  }
  const code = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2], 16);
  const text = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
  return { text, length: m[0].length };
}

/**
 * The source offsets of `value`'s characters written from `from` with backslash escapes (`\(` for `(`), character
 * references (`&amp;` for `&`: each character it stands for at the reference's `&`), a NUL the parser read as U+FFFD,
 * CR LF for a line break, and a container's markers (`> `, indentation) at the start of a line of a block quote or list
 * item, ending by `to`; undefined when the source differs otherwise.
 */
function escapedAt(source: string, value: string, from: number, to: number): number[] | undefined {
  const offsets: number[] = [];
  let k = from;
  let lineStart = false;
  for (let i = 0; i < value.length; ) {
    const c = String.fromCodePoint(value.codePointAt(i)!);
    // A line of a container (`> `, a list item's indent): the text goes on after its markers.
    if (lineStart) while (k < to && (source[k] === '>' || source[k] === ' ' || source[k] === '\t') && source[k] !== c) k++;
    const ref = source[k] === '&' ? characterReference(source, k) : undefined;
    if (ref && value.startsWith(ref.text, i)) {
      for (let u = 0; u < ref.text.length; u++) offsets.push(k);
      k += ref.length;
      i += ref.text.length;
      if (k > to) return undefined;
      lineStart = false;
      continue;
    }
    for (let u = 0; u < c.length; u++) offsets.push(k + u);
    if (source.startsWith(c, k)) k += c.length;
    else if (source[k] === '\\' && ESCAPABLE.test(c) && source[k + 1] === c) k += 2;
    else if (c === '\uFFFD' && source[k] === '\0') k += 1;
    else if (c === '\n' && source.startsWith('\r\n', k)) k += 2;
    else return undefined;
    if (k > to) return undefined;
    lineStart = c === '\n';
    i += c.length;
  }
  offsets.push(k);
  return offsets;
}

const TAG_LINE_RE = /^[ \t]*(?:<(?:img|br|hr|embed|source|input)\b[^<>]*>|<(video|iframe|audio|picture|object)\b[^<>]*>[^\n]*<\/\1>)[ \t]*$/i;

/**
 * CommonMark swallows the lines after an `<img …>` line into one HTML block, but kramdown
 * (Jekyll) and most renderers treat such a line as inline HTML in a paragraph, so the
 * caption under an image (`_图1 … | 数据源：X_`) is prose. Re-parse those lines as Markdown.
 */
export function splitTagLineHtml(root: Root, text: string, singleDollar: boolean, whole = false): void {
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
    const frag = whole ? parseReference(rest, singleDollar, false) : parseWithExtensions(rest, singleDollar, false, extensionsFor(rest));
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
  return tamedWithSpans(text).tamed;
}

/**
 * `tameForParser`'s copy and the spans it replaced characters in (the copy equals the text outside
 * them), so that the prose view masks what the taming replaced without comparing the whole text.
 */
export function tamedWithSpans(text: string): { tamed: string; spans: Span[] } {
  const spans: Span[] = [];
  if (!PATHOLOGICAL_RE.test(text)) return { tamed: text, spans };
  // Every replacement keeps the length, so offsets in each step's output are the text's.
  const at = (offset: number, keep: string, rest: string) => void spans.push({ start: offset + keep.length, end: offset + keep.length + rest.length });
  const tamed = text
    .replace(DEEP_PREFIX_RE, (_m, keep: string, rest: string, offset: number) => (at(offset, keep, rest), keep + rest.replace(/[^ \t]/g, '\u00a0')))
    .replace(new RegExp(`^([ \\t]{${MAX_INDENT}})([ \\t]+)`, 'gm'), (_m, keep: string, rest: string, offset: number) => (at(offset, keep, rest), keep + '\u00a0'.repeat(rest.length)))
    .replace(new RegExp(`([*_~]{${MAX_DELIMITER_RUN}})([*_~]+)`, 'g'), (_m, keep: string, rest: string, offset: number) => (at(offset, keep, rest), keep + '\u2217'.repeat(rest.length)));
  return { tamed, spans };
}

/** Move every node of a tree `by` code units to the right, all on its first line. */
export function shiftPositions(root: Root, by: number): void {
  walk(root, (n) => {
    const p = n.position;
    if (!p) return;
    p.start = { ...p.start, offset: (p.start.offset ?? 0) + by, column: p.start.line === 1 ? p.start.column + by : p.start.column };
    p.end = { ...p.end, offset: (p.end.offset ?? 0) + by, column: p.end.line === 1 ? p.end.column + by : p.end.column };
  });
}
