/**
 * Footnotes of a post, as the claim rules need them. remark-gfm turns `[^x]` into a
 * footnoteReference only when `[^x]: …` is defined somewhere; an undefined reference stays
 * plain text, so those are found in the prose view (where code is already masked).
 */
import type { FootnoteDefinition } from 'mdast';
import { nodeSpan, walk, type Post } from '../../document';
import type { Span } from '../../types';

export interface FootnoteRef {
  label: string;
  id: string;
  span: Span;
  defined: boolean;
}

export interface FootnoteDef {
  label: string;
  id: string;
  span: Span;
  /** `[^label]:` */
  labelSpan: Span;
  node: FootnoteDefinition;
}

export interface Footnotes {
  refs: FootnoteRef[];
  defs: FootnoteDef[];
  /** The largest numeric label in use (0 when none). */
  maxNumber: number;
}

const memo = new WeakMap<Post, Footnotes>();

/** micromark's identifier normalisation: collapse white space, compare case-insensitively. */
export function footnoteId(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').trim().toLowerCase().toUpperCase();
}

const TEXT_REF_RE = /\[\^([^\]\s\uFFFC\uE000]{1,100})\]/g;
/** A label that is a character range (`a-z`, `0-9`) or escape (`\d`): a regex class, not a footnote label. */
const REGEX_CLASS = /[A-Za-z0-9]-[A-Za-z0-9]|\\[dwsDWS]/;
const QUOTED = /^["'“”‘’「」『』]$/;

export function footnotes(post: Post): Footnotes {
  let f = memo.get(post);
  if (f) return f;
  const refs: FootnoteRef[] = [];
  const defs: FootnoteDef[] = [];
  walk(post.root, (node) => {
    // (the span only of these two kinds: the walk visits every node of the post on every edit)
    if (node.type !== 'footnoteReference' && node.type !== 'footnoteDefinition') return;
    const span = nodeSpan(node);
    if (!span) return;
    if (node.type === 'footnoteReference') {
      const label = node.label ?? node.identifier;
      refs.push({ label, id: footnoteId(label), span, defined: true });
    } else if (node.type === 'footnoteDefinition') {
      const label = node.label ?? node.identifier;
      const close = post.text.indexOf(']:', span.start);
      const labelEnd = close >= 0 && close < span.end ? close + 2 : span.start + label.length + 4;
      defs.push({ label, id: footnoteId(label), span, labelSpan: { start: span.start, end: labelEnd }, node });
    }
  });
  // Undefined references are text; the prose view keeps text as it is and masks code.
  TEXT_REF_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TEXT_REF_RE.exec(post.prose))) {
    if (m.index > 0 && post.text[m.index - 1] === '\\') continue;
    if (post.text.slice(m.index, m.index + m[0].length) !== m[0]) continue;
    // `[^a-z]`, `[^A-Za-z0-9_]`: a regular expression's negated class written as text, not a footnote.
    if (REGEX_CLASS.test(m[1])) continue;
    // `“[^abc]”`, `'[^x]'`: a quoted pattern; `… ref [^x]: …` mid-line: the syntax named, not used.
    if (QUOTED.test(post.text[m.index - 1] ?? '') && QUOTED.test(post.text[m.index + m[0].length] ?? '')) continue;
    if (post.text[m.index + m[0].length] === ':' && /\S/.test(post.text.slice(post.text.lastIndexOf('\n', m.index - 1) + 1, m.index))) continue;
    refs.push({ label: m[1], id: footnoteId(m[1]), span: { start: m.index, end: m.index + m[0].length }, defined: false });
  }
  refs.sort((a, b) => a.span.start - b.span.start);
  let maxNumber = 0;
  for (const x of [...refs, ...defs]) if (/^\d{1,6}$/.test(x.label)) maxNumber = Math.max(maxNumber, Number(x.label));
  f = { refs, defs, maxNumber };
  memo.set(post, f);
  return f;
}
