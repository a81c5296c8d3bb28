// Relative links in Markdown: listing them (for the links test) and rebasing them from a file's
// folder to the repository root (vsce resolves a README's relative links from the root, so the
// Marketplace README, written in docs/ with links that work on GitHub, is rebased when packaged).
import { posix } from 'node:path';

const LINK = /(!?)\[((?:[^\]\[]|\[[^\]]*\])*)\]\(([^)\s]+)(\s+"[^"]*")?\)/g;

/** Is this link target relative to the file (not a URL, not an anchor, not root-absolute)? */
export const isRelative = (target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('/');

/** Every inline link and image target in the Markdown, outside fenced code blocks. */
export function linkTargets(markdown) {
  const out = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const m of line.replace(/(`+).*?\1/g, '').matchAll(LINK)) out.push({ image: m[1] === '!', target: m[3] });
  }
  return out;
}

/** The Markdown with relative targets made relative to the root instead of `fromDir` (a root-relative folder). */
export function rebaseLinks(markdown, fromDir) {
  return markdown.replace(LINK, (all, bang, text, target, title = '') =>
    isRelative(target) ? `${bang}[${text}](${posix.normalize(posix.join(fromDir, target))}${title})` : all,
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (but `-` and `_`), spaces to `-`. */
function headingSlug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (`#`-style), numbered as GitHub does when repeated. */
export function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const slug = headingSlug(m[1]);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}
