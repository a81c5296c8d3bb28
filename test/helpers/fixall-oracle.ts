/**
 * What fix-all over real posts must keep, for the corpus fix-all tests (typo.corpus, sites.corpus):
 * the protected parts (masked runs, link targets, code/HTML/math values, the dialect's syntax) and
 * the parsed structure.
 */
import type { Nodes } from 'mdast';
import { walk, type Post } from '../../server/src/core/index';
import { protectedParts as maskedRuns } from '../fuzz/check';

/**
 * Non-prose runs (code, HTML, math, Liquid, IAL, bare URLs; the front matter too unless
 * `frontMatter: false`, as front-matter fixes edit it on purpose), link targets, code/HTML/math
 * values, and the text of every piece of dialect syntax (`Post.syntax`).
 */
export function protectedParts(post: Post, opts: { frontMatter: boolean } = { frontMatter: true }): string[] {
  const parts = post.syntax.map((s) => `syntax:${post.text.slice(s.start, s.end)}`);
  parts.push(...(opts.frontMatter ? maskedRuns(post, 0) : maskedRuns(post)));
  walk(post.root as Nodes, (n) => {
    if (n.type === 'link' || n.type === 'image' || n.type === 'definition') parts.push(`${n.type}:${n.url} ${n.title ?? ''}`);
    if (n.type === 'code' || n.type === 'inlineCode' || n.type === 'html' || n.type === 'math' || n.type === 'inlineMath' || (n.type === 'yaml' && opts.frontMatter)) parts.push(`${n.type}:${n.value}`);
  });
  return parts;
}

/**
 * The block and inline structure of the parsed post: every node in document order with its depth,
 * except prose text and emphasis (fixes edit prose; typo/emphasis-cjk makes an unrendered `**`
 * render). Headings keep their level, lists their kind, code its language.
 */
export function structure(post: Post): string[] {
  const out: string[] = [];
  const FLAT = new Set(['text', 'strong', 'emphasis']);
  const stack: Array<[Nodes, number]> = [[post.root as Nodes, 0]];
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    const flat = FLAT.has(n.type);
    if (!flat) {
      const x = n as { depth?: number; ordered?: boolean; lang?: string | null; align?: unknown };
      out.push(`${depth}:${n.type}${x.depth !== undefined ? `/${x.depth}` : ''}${x.ordered !== undefined ? `/${x.ordered}` : ''}${x.lang ? `/${x.lang}` : ''}${x.align ? `/${JSON.stringify(x.align)}` : ''}`);
    }
    const children = (n as { children?: Nodes[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], flat ? depth : depth + 1]);
  }
  return out;
}
