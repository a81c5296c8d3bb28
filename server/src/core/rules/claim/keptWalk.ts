/**
 * A walk of a post's tree for a post-wide table that reads nodes (the claim family's citations and
 * footnotes, issue #24): the same nodes in the same order as markdown.ts `walk`, with the same
 * `'skip'`, except that the inline content of each prose block is not visited node by node but
 * replayed from a record of what the visit took there, kept per block window by the run's rule cache
 * (blockCache.ts `memoized`). On a long post most nodes are inline, so an edit visits the block
 * structure and the records of the blocks it left alone, and walks the inline nodes of the edited
 * blocks only.
 *
 * A record is a function of the window: a block's inline nodes are a parse of its lines' text, and
 * what definitions elsewhere in the post make of it (a link reference, a footnote call) shows in its
 * prose view, which the window's key holds. Records hold offsets relative to the window (`base`).
 * A block whose node reaches outside its window, or that shares its node with another block, is
 * walked as before. Without a rule cache (the CLI), or on a post of fewer than 64 prose blocks (whose walk is cheap,
 * and whose records' entries would crowd the cache's slack: blockCache.ts `RuleCache`), it is the plain walk.
 */
import { nodeSpan, walk, type Post } from '../../document';
import type { Nodes, Parents } from 'mdast';
import { blockWindows, cacheTable, memoized, type BlockWindow } from '../../blockCache';

const byNodeMemo = new WeakMap<Post, Map<Nodes, BlockWindow>>();

/** Each prose block's node with its window: the nodes whose whole span lies in their window, and that one block only has. */
function windowsByNode(post: Post): Map<Nodes, BlockWindow> {
  let m = byNodeMemo.get(post);
  if (m) return m;
  m = new Map();
  const shared = new Set<Nodes>();
  for (const w of blockWindows(post)) {
    const node = w.block.node;
    const p = node.position;
    const start = p?.start.offset;
    const end = p?.end.offset;
    if (start === undefined || end === undefined || start < w.base || end > w.base + w.text.length) shared.add(node);
    else if (m.has(node)) shared.add(node);
    else m.set(node, w);
  }
  for (const n of shared) m.delete(n);
  byNodeMemo.set(post, m);
  return m;
}

/** Posts with fewer prose blocks are walked whole. */
const MIN_BLOCKS = 64;

/** The node kinds `citations` reads. */
const CITING: ReadonlySet<string> = new Set(['link', 'linkReference', 'definition', 'footnoteReference', 'footnoteDefinition', 'html', 'code']);

/** What the walk takes from a node, in offsets from `base` (a prose block's record, kept per window: keptWalk.ts). */
export interface Cite {
  type: 'link' | 'linkReference' | 'definition' | 'footnoteReference' | 'footnoteDefinition' | 'a';
  start: number;
  end: number;
  /** The link's URL (`link`, `a`, `definition`). */
  url?: string;
  /** The reference's or definition's identifier, lower-cased. */
  id?: string;
}

const HREF = /^<a\s[^>]*\bhref\s*=\s*["']?([^"'\s>]*)/i;

/** What `citations` takes from one node (pushed on `out`, offsets from `base`), and whether the walk skips its children. */
export function citeOf(node: Nodes, base: number, out: Cite[]): void | 'skip' {
  // (the span only of the kinds below: the walk visits every node of the post)
  if (!CITING.has(node.type)) return;
  const span = nodeSpan(node);
  if (!span) return;
  const start = span.start - base;
  const end = span.end - base;
  switch (node.type) {
    case 'link':
      out.push({ type: 'link', start, end, url: node.url });
      return 'skip';
    case 'linkReference':
      out.push({ type: 'linkReference', start, end, id: node.identifier.toLowerCase() });
      return 'skip';
    case 'definition':
      out.push({ type: 'definition', start, end, id: node.identifier.toLowerCase(), url: node.url });
      return;
    case 'footnoteReference':
      out.push({ type: 'footnoteReference', start, end });
      return 'skip';
    case 'footnoteDefinition':
      out.push({ type: 'footnoteDefinition', start, end });
      return;
    case 'html': {
      const href = HREF.exec(node.value);
      if (href) out.push({ type: 'a', start, end, url: href[1] });
      return;
    }
    case 'code':
      return 'skip';
  }
}

/** A prose block's record: what citations.ts and footnotes.ts take from its inline nodes, in offsets from its window. */
export interface BlockRecord {
  /** `citations`' walk (`citeOf`: links, references, footnote calls, `<a href>`, its skips). */
  cites: Cite[];
  /** `footnotes`' walk: every footnote call (no skips: one in a link's text too). */
  refs: Array<{ label: string; start: number; end: number }>;
}

function recordOf(node: Nodes, base: number): BlockRecord {
  const cites: Cite[] = [];
  walk(node, (n) => citeOf(n, base, cites));
  const refs: BlockRecord['refs'] = [];
  walk(node, (n) => {
    if (n.type !== 'footnoteReference') return;
    const span = nodeSpan(n);
    if (span) refs.push({ label: n.label ?? n.identifier, start: span.start - base, end: span.end - base });
  });
  return { cites, refs };
}

/**
 * `walk(post.root, visit)`, with the inline nodes of each prose block replayed: `replay(record, base)` takes the block's
 * record (`BlockRecord`, offsets from `base`) into the table, as `visit` would have taken its nodes one by one.
 */
export function keptWalk(post: Post, visit: (node: Nodes) => void | 'skip', replay: (record: BlockRecord, base: number) => void): void {
  // (a short post's walk costs less than its records' upkeep, and their entries would crowd the cache's slack)
  if (post.blocks.length < MIN_BLOCKS || !cacheTable(post, 'claim/inline-run', () => true)) {
    walk(post.root, visit);
    return;
  }
  const byNode = windowsByNode(post);
  const stack: Nodes[] = [post.root];
  while (stack.length) {
    const node = stack.pop()!;
    const w = byNode.get(node);
    if (w) {
      const base = w.base;
      replay(memoized(post, 'claim/inline', w.key, () => recordOf(node, base)), base);
      continue;
    }
    if (visit(node) === 'skip') continue;
    const children = (node as Parents).children as Nodes[] | undefined;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
