/**
 * Where a span sits among the post's containers, a convention every family needs: its blockquotes
 * (quoted text, note boxes) and list items, from the post's block skeleton (`blockSkeleton`: one
 * walk that does not go into inline content, shared with the claim judge's tables of siblings and
 * code blocks); and lookups over span sets sorted by start (inside any, overlapping any), answered
 * by a binary search on a running maximum of their ends.
 */
import type { Nodes } from 'mdast';
import { walk, type Post } from './document';
import type { Span } from './types';
import { countWhile } from './text';

/** Per span array (the arrays here are built once per post): is it sorted by start, and the running maximum of `end`. */
const indexMemo = new WeakMap<readonly Span[], { sorted: boolean; maxEnd: Float64Array }>();
function spanIndex(spans: readonly Span[]): { sorted: boolean; maxEnd: Float64Array } {
  let ix = indexMemo.get(spans);
  if (!ix) {
    const maxEnd = new Float64Array(spans.length);
    let max = -Infinity;
    let sorted = true;
    for (let i = 0; i < spans.length; i++) {
      if (i > 0 && spans[i].start < spans[i - 1].start) sorted = false;
      max = Math.max(max, spans[i].end);
      maxEnd[i] = max;
    }
    indexMemo.set(spans, (ix = { sorted, maxEnd }));
  }
  return ix;
}

/** How many spans (sorted by start) start before `at` (or at it, when `inclusive`). */
function countStartingBefore(spans: readonly Span[], at: number, inclusive: boolean): number {
  return countWhile(spans.length, (k) => (inclusive ? spans[k].start <= at : spans[k].start < at));
}

/** Does any of the spans (sorted by start, as citations() builds them) overlap s? */
export function overlapsAny(spans: readonly Span[], s: Span): boolean {
  const ix = spanIndex(spans);
  if (!ix.sorted) {
    for (const x of spans) {
      if (x.start >= s.end) break;
      if (x.end > s.start) return true;
    }
    return false;
  }
  // Spans starting at or after s.end cannot overlap; of the others, one does iff the largest end passes s.start.
  const k = countStartingBefore(spans, s.end, false);
  return k > 0 && ix.maxEnd[k - 1] > s.start;
}

/** Is s inside any of the spans? */
export function insideAny(spans: readonly Span[], s: Span): boolean {
  const ix = spanIndex(spans);
  if (!ix.sorted) return spans.some((x) => s.start >= x.start && s.end <= x.end);
  const k = countStartingBefore(spans, s.start, true);
  return k > 0 && ix.maxEnd[k - 1] >= s.end;
}

/** Nodes whose children are inline content (text, emphasis, links, inline code): no block lies under them. */
const INLINE_HOLDERS = new Set(['paragraph', 'heading', 'table']);

export interface BlockSkeleton {
  /** The block-level nodes (and the paragraphs, headings and tables themselves), in document order (the walk's). */
  nodes: readonly Nodes[];
  /**
   * The children of each node of `nodes` that holds blocks (the root, blockquotes, lists, list items,
   * footnote definitions), in the same order: where sibling blocks are compared.
   */
  kids: ReadonlyArray<readonly Nodes[]>;
}
const skeletonMemo = new WeakMap<Post, BlockSkeleton>();

/**
 * The post's block-level nodes and the sibling lists of those that hold blocks, from one walk that
 * skips what lies inside a paragraph, heading or table (on a long post most of the tree's nodes: the
 * inline ones). Memoised per post; for tables that ask about blocks only (containers, a paragraph's
 * neighbours, code blocks) instead of one walk of the whole tree each (#24).
 */
export function blockSkeleton(post: Post): BlockSkeleton {
  let sk = skeletonMemo.get(post);
  if (!sk) {
    const nodes: Nodes[] = [];
    const kids: Nodes[][] = [];
    walk(post.root, (n) => {
      nodes.push(n);
      if (INLINE_HOLDERS.has(n.type)) return 'skip';
      const children = (n as { children?: Nodes[] }).children;
      if (children) kids.push(children);
    });
    skeletonMemo.set(post, (sk = { nodes, kids }));
  }
  return sk;
}

interface Containers {
  blockquotes: Span[];
  listItems: Span[];
}
const containerMemo = new WeakMap<Post, Containers>();

/** Blockquote and list-item spans of the post, sorted by start. */
function containers(post: Post): Containers {
  let c = containerMemo.get(post);
  if (!c) {
    const blockquotes: Span[] = [];
    const listItems: Span[] = [];
    for (const n of blockSkeleton(post).nodes) {
      const p = n.position;
      if (!p || (n.type !== 'blockquote' && n.type !== 'listItem')) continue;
      (n.type === 'blockquote' ? blockquotes : listItems).push({ start: p.start.offset ?? 0, end: p.end.offset ?? 0 });
    }
    blockquotes.sort((a, b) => a.start - b.start);
    listItems.sort((a, b) => a.start - b.start);
    containerMemo.set(post, (c = { blockquotes, listItems }));
  }
  return c;
}

export function inBlockquote(post: Post, s: Span): boolean {
  return insideAny(containers(post).blockquotes, s);
}

/** The post's blockquotes, outermost and nested, in order of their start (one walk per post, shared). */
export function blockquotesOf(post: Post): readonly Span[] {
  return containers(post).blockquotes;
}

/** The post's list items, outermost and nested, in order of their start (from the same shared walk). */
export function listItemsOf(post: Post): readonly Span[] {
  return containers(post).listItems;
}

export function inListItem(post: Post, s: Span): boolean {
  return insideAny(containers(post).listItems, s);
}
