/**
 * Suppressions: `<!-- zhen-disable… -->` comments in the Markdown and `# zhen-disable…` comments in
 * the front matter, turned into the spans they cover; and the test whether a finding is suppressed.
 */
import { positionAt } from './text';
import type { Span } from './types';
import type { Post, Suppression } from './post';

const DIRECTIVE_RE = /<!--\s*zhen-(disable-next-line|disable-line|disable|enable)\b([^]*?)-->/g;

/** Every suppression of a post: its directive comments (the HTML nodes) and its front matter's. */
export function suppressionsOf(post: Post, htmlNodes: Array<{ value: string; span: Span }>): Suppression[] {
  return [...parseSuppressions(post, htmlNodes), ...frontMatterSuppressions(post)];
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


const FM_DIRECTIVE_RE = /^[ \t]*#[ \t]*zhen-(disable-next-line|disable-line)\b(.*)$/;

/**
 * Suppression comments inside the front matter, as YAML/TOML comments (an HTML comment there would
 * be data): `# zhen-disable-next-line RULE` covers the next line that is not a comment,
 * `# zhen-disable-line RULE` its own line.
 */
function frontMatterSuppressions(post: Post): Suppression[] {
  const fm = post.frontMatter;
  if (!fm || !/zhen-disable/.test(fm.raw)) return [];
  const out: Suppression[] = [];
  const { lineStarts } = post;
  const first = positionAt(lineStarts, fm.contentSpan.start).line;
  const last = positionAt(lineStarts, Math.max(fm.contentSpan.start, fm.contentSpan.end - 1)).line;
  for (let line = first; line <= last; line++) {
    const m = FM_DIRECTIVE_RE.exec(lineSpanText(post, line));
    if (!m) continue;
    const rules = m[2].split(/[\s,]+/).filter(Boolean);
    let target = line;
    if (m[1] === 'disable-next-line') {
      target = line + 1;
      while (target <= last && /^[ \t]*(#.*)?$/.test(lineSpanText(post, target))) target++;
      if (target > last) continue;
    }
    out.push({ rules, span: lineSpan(post, target, target) });
  }
  return out;
}

function lineSpanText(post: Post, line: number): string {
  const s = lineSpan(post, line, line);
  return post.text.slice(s.start, s.end).replace(/\r?\n$/, '');
}
