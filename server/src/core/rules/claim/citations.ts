/**
 * Where a post cites: links (inline, reference-style, autolinks, bare URLs, `<a href>`),
 * footnote references (defined or not). And which blocks are footnote definitions
 * (their text is the citation, never a claim).
 */
import type { Post } from '../../document';
import { citeOf, keptWalk, type Cite } from './keptWalk';
import type { Span } from '../../types';
import { footnotes } from './footnotes';

export interface CitationLink {
  span: Span;
  /** The destination ('' when unknown: an undefined reference, an `<a>` without a readable href). */
  url: string;
}

export interface Citations {
  /** Sorted by start. */
  spans: Span[];
  /** Links and link references with their URLs, sorted by start (footnote references are not here). */
  links: CitationLink[];
  footnoteRefs: Span[];
  /** Spans of footnote definitions. */
  definitions: Span[];
}

const memo = new WeakMap<Post, Citations>();


export function citations(post: Post): Citations {
  let c = memo.get(post);
  if (c) return c;
  const spans: Span[] = [];
  const links: CitationLink[] = [];
  const definitions: Span[] = [];
  const defs = new Map<string, string>();
  const refs: Array<{ link: CitationLink; id: string }> = [];
  const take = (items: readonly Cite[], base: number) => {
    for (const x of items) {
      const span = { start: x.start + base, end: x.end + base };
      switch (x.type) {
        case 'link':
        case 'a':
          spans.push(span);
          links.push({ span, url: x.url! });
          break;
        case 'linkReference': {
          spans.push(span);
          const link = { span, url: '' };
          links.push(link);
          refs.push({ link, id: x.id! });
          break;
        }
        case 'definition':
          defs.set(x.id!, x.url!);
          break;
        case 'footnoteReference':
          spans.push(span);
          break;
        case 'footnoteDefinition':
          definitions.push(span);
          break;
      }
    }
  };
  // The nodes outside prose blocks one by one; each prose block's inline nodes from its record (keptWalk.ts).
  const one: Cite[] = [];
  keptWalk(
    post,
    (node) => {
      const skip = citeOf(node, 0, one);
      if (one.length) {
        take(one, 0);
        one.length = 0;
      }
      return skip;
    },
    (r, base) => take(r.cites, base),
  );
  const footnoteRefs = footnotes(post).refs.map((r) => r.span);
  for (const r of footnotes(post).refs) if (!r.defined) spans.push(r.span);
  spans.sort((a, b) => a.start - b.start);
  for (const r of refs) r.link.url = defs.get(r.id) ?? '';
  links.sort((a, b) => a.span.start - b.span.start);
  c = { spans, links, footnoteRefs, definitions };
  memo.set(post, c);
  return c;
}

