/**
 * Where a post cites: links (inline, reference-style, autolinks, bare URLs, `<a href>`),
 * footnote references (defined or not). And which blocks are footnote definitions
 * (their text is the citation, never a claim).
 */
import { nodeSpan, walk, type Post } from '../../document';
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

/** The node kinds `citations` reads. */
const CITING: ReadonlySet<string> = new Set(['link', 'linkReference', 'definition', 'footnoteReference', 'footnoteDefinition', 'html', 'code']);

export function citations(post: Post): Citations {
  let c = memo.get(post);
  if (c) return c;
  const spans: Span[] = [];
  const links: CitationLink[] = [];
  const definitions: Span[] = [];
  const defs = new Map<string, string>();
  const refs: Array<{ link: CitationLink; id: string }> = [];
  walk(post.root, (node) => {
    // (the span only of the kinds below: the walk visits every node of the post on every edit)
    if (!CITING.has(node.type)) return;
    const span = nodeSpan(node);
    if (!span) return;
    switch (node.type) {
      case 'link':
        spans.push(span);
        links.push({ span, url: node.url });
        return 'skip';
      case 'linkReference': {
        spans.push(span);
        const link = { span, url: '' };
        links.push(link);
        refs.push({ link, id: node.identifier.toLowerCase() });
        return 'skip';
      }
      case 'definition':
        defs.set(node.identifier.toLowerCase(), node.url);
        return;
      case 'footnoteReference':
        spans.push(span);
        return 'skip';
      case 'footnoteDefinition':
        definitions.push(span);
        return;
      case 'html': {
        const href = /^<a\s[^>]*\bhref\s*=\s*["']?([^"'\s>]*)/i.exec(node.value);
        if (href) {
          spans.push(span);
          links.push({ span, url: href[1] });
        }
        return;
      }
      case 'code':
        return 'skip';
    }
  });
  const footnoteRefs = footnotes(post).refs.map((r) => r.span);
  for (const r of footnotes(post).refs) if (!r.defined) spans.push(r.span);
  spans.sort((a, b) => a.start - b.start);
  for (const r of refs) r.link.url = defs.get(r.id) ?? '';
  links.sort((a, b) => a.span.start - b.span.start);
  c = { spans, links, footnoteRefs, definitions };
  memo.set(post, c);
  return c;
}

