/**
 * Where a post cites: links (inline, reference-style, autolinks, bare URLs, `<a href>`),
 * footnote references (defined or not). And which blocks are footnote definitions
 * (their text is the citation, never a claim).
 */
import { nodeSpan, walk, type Post } from '../../document';
import type { Span } from '../../types';
import { footnotes } from './footnotes';

export interface Citations {
  /** Sorted by start. */
  spans: Span[];
  footnoteRefs: Span[];
  /** Spans of footnote definitions. */
  definitions: Span[];
}

const memo = new WeakMap<Post, Citations>();

export function citations(post: Post): Citations {
  let c = memo.get(post);
  if (c) return c;
  const spans: Span[] = [];
  const definitions: Span[] = [];
  walk(post.root, (node) => {
    const span = nodeSpan(node);
    if (!span) return;
    switch (node.type) {
      case 'link':
      case 'linkReference':
      case 'footnoteReference':
        spans.push(span);
        return 'skip';
      case 'footnoteDefinition':
        definitions.push(span);
        return;
      case 'html':
        if (/^<a\s[^>]*\bhref\s*=/i.test(node.value)) spans.push(span);
        return;
      case 'code':
        return 'skip';
    }
  });
  const footnoteRefs = footnotes(post).refs.map((r) => r.span);
  for (const r of footnotes(post).refs) if (!r.defined) spans.push(r.span);
  spans.sort((a, b) => a.start - b.start);
  c = { spans, footnoteRefs, definitions };
  memo.set(post, c);
  return c;
}

export function overlapsAny(spans: readonly Span[], s: Span): boolean {
  // Binary search for the first span that ends after s.start would need ends sorted; spans are few per post.
  for (const x of spans) {
    if (x.start >= s.end) break;
    if (x.end > s.start) return true;
  }
  return false;
}

export function insideAny(spans: readonly Span[], s: Span): boolean {
  return spans.some((x) => s.start >= x.start && s.end <= x.end);
}
