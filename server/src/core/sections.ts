/**
 * A post's sections, read from its headings: the one reading the rules share. A heading is a prose block of type
 * `heading` (`Post.blocks`, in document order, nested ones too: a heading inside a list item or a blockquote opens
 * a section as well) with its depth (`#` = 1). A *flat* section runs from a heading to the next heading of any
 * depth; a heading's *own* section runs to the next heading of the same or a higher level (its subsections belong
 * to it). Memoised on the `Post`.
 */
import type { Post } from './post';
import { countWhile } from './text';

export interface Heading {
  /** The heading block's span (its `#` marks to its end) in the post's text. */
  start: number;
  end: number;
  /** 1 for `#`, 2 for `##` … */
  depth: number;
}

const memo = new WeakMap<Post, readonly Heading[]>();

/** The post's headings in document order. */
export function headingsOf(post: Post): readonly Heading[] {
  let out = memo.get(post);
  if (!out) {
    out = post.blocks
      .filter((b) => b.type === 'heading')
      .map((b) => ({ start: b.span.start, end: b.span.end, depth: (b.node as { depth?: number }).depth ?? 1 }))
      .sort((a, b) => a.start - b.start);
    memo.set(post, out);
  }
  return out;
}

/** The index of the last heading that starts at or before `at` (−1 before the first): the flat section `at` is in. */
export function headingIndexAt(post: Post, at: number): number {
  const hs = headingsOf(post);
  return countWhile(hs.length, (k) => hs[k].start <= at) - 1;
}

/** The flat section around `at`: from the last heading at or before it (the post's start before the first) to the next heading. */
export function flatSectionAround(post: Post, at: number): { start: number; end: number } {
  const hs = headingsOf(post);
  const i = headingIndexAt(post, at);
  return { start: i >= 0 ? hs[i].start : 0, end: i + 1 < hs.length ? hs[i + 1].start : post.text.length };
}

/** Where the section the `i`th heading opens ends: at the next heading of the same or a higher level, else the post's end. */
export function sectionEnd(post: Post, i: number): number {
  const hs = headingsOf(post);
  for (let j = i + 1; j < hs.length; j++) if (hs[j].depth <= hs[i].depth) return hs[j].start;
  return post.text.length;
}
