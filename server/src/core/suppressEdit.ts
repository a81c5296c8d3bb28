/**
 * The edit that silences a rule for a block: a `<!-- zhen-disable-next-line RULE -->` line put
 * above the paragraph, heading or table holding an offset (above the image line when the block
 * is a caption right under an image, so the two stay one paragraph for kramdown), keeping the
 * block's container: `> ` stays, a list marker becomes spaces. Used by the rules' own "mark as
 * checked" fixes and by the server's "Disable RULE for this line" action.
 */
import type { TextEdit } from './types';
import { nodeSpan, walk, type Post } from './document';
import { countWhile, positionAt } from './text';

const TAG_LINE_RE = /^[\s>]*(?:<img\b|!\[|<p\b|<div\b|<figure\b|<picture\b)/i;
const CONTAINER_PREFIX_RE = /^[ \t]*(?:(?:>[ \t]?)|(?:(?:[-*+]|\d{1,9}[.)])[ \t]+))*/;

/** The start of the outermost table, paragraph or heading holding `offset` (else the start of its line). */
export function blockStartAt(post: Post, offset: number): number {
  const ix = outermostBlocks(post);
  if (ix) {
    // The first block (in document order) whose span holds the offset, ends inclusive: as the walk below finds it.
    const lo = countWhile(ix.ends.length, (k) => ix.ends[k] < offset);
    return lo < ix.starts.length && ix.starts[lo] <= offset ? ix.starts[lo] : post.text.lastIndexOf('\n', offset - 1) + 1;
  }
  let found: number | undefined;
  walk(post.root, (node) => {
    const s = nodeSpan(node);
    if (!s || offset < s.start || offset > s.end) return node.type === 'root' ? undefined : 'skip';
    if (node.type === 'table' || node.type === 'paragraph' || node.type === 'heading') {
      found ??= s.start;
      return 'skip'; // the outermost such block (a table rather than its cell)
    }
    return undefined;
  });
  return found ?? post.text.lastIndexOf('\n', offset - 1) + 1;
}

const blockMemo = new WeakMap<Post, { starts: number[]; ends: number[] } | null>();

/**
 * The outermost tables, paragraphs and headings of a post in document order, so that
 * `blockStartAt` is a binary search rather than a walk per call (the claim rules ask once per
 * finding). Null when the tree is not plainly nested (a node without a position, a child outside
 * its parent, blocks out of order or overlapping): then the walk answers.
 */
function outermostBlocks(post: Post): { starts: number[]; ends: number[] } | null {
  let ix = blockMemo.get(post);
  if (ix !== undefined) return ix;
  const starts: number[] = [];
  const ends: number[] = [];
  let ok = true;
  walk(post.root, (node, parent) => {
    if (!ok) return 'skip';
    if (!parent) return undefined; // the root
    const s = nodeSpan(node);
    const ps = parent.type === 'root' ? undefined : nodeSpan(parent);
    if (!s || s.start > s.end || (ps && (s.start < ps.start || s.end > ps.end))) {
      ok = false;
      return 'skip';
    }
    if (node.type === 'table' || node.type === 'paragraph' || node.type === 'heading') {
      if (starts.length && s.start < ends[ends.length - 1]) ok = false;
      starts.push(s.start);
      ends.push(s.end);
      return 'skip';
    }
    return undefined;
  });
  ix = ok ? { starts, ends } : null;
  blockMemo.set(post, ix);
  return ix;
}

const eolMemo = new WeakMap<Post, string>();
function eolOf(post: Post): string {
  let eol = eolMemo.get(post);
  if (eol === undefined) eolMemo.set(post, (eol = post.text.includes('\r\n') ? '\r\n' : '\n'));
  return eol;
}

/** The edit, or undefined where a comment line cannot go safely (front matter, text before the block on its line). */
export function disableNextLineEdit(post: Post, ruleId: string, offset: number): TextEdit | undefined {
  const { text, lineStarts } = post;
  const fm = post.frontMatter;
  if (fm && offset >= fm.span.start && offset < fm.span.end) return frontMatterDisableEdit(post, ruleId, offset);
  const blockStart = blockStartAt(post, offset);
  const blockLine = positionAt(lineStarts, blockStart).line;
  let line = blockLine;
  if (line > 0 && TAG_LINE_RE.test(lineText(post, line - 1))) line--;
  const ls = lineStarts[line];
  const prefix = CONTAINER_PREFIX_RE.exec(lineText(post, line))![0];
  if (line === blockLine && ls + prefix.length > blockStart) return undefined;
  // A table row or other text before the block on its line: no safe place for a comment line.
  if (line === blockLine && text.slice(ls + prefix.length, blockStart).trim() !== '') return undefined;
  const cont = prefix.replace(/(?:[-*+]|\d{1,9}[.)])(?=[ \t])/g, (m) => ' '.repeat(m.length));
  const eol = eolOf(post);
  const at = ls + prefix.length;
  return { span: { start: at, end: at }, newText: `<!-- zhen-disable-next-line ${ruleId} -->${eol}${cont}` };
}

/**
 * In the front matter the directive is a YAML/TOML comment line above the finding's line,
 * `# zhen-disable-next-line RULE`, at that line's indentation. None on the fences, and none inside
 * a block scalar (`key: |`), where a `#` line would be part of the value.
 */
function frontMatterDisableEdit(post: Post, ruleId: string, offset: number): TextEdit | undefined {
  const fm = post.frontMatter!;
  if (offset < fm.contentSpan.start || offset > fm.contentSpan.end) return undefined;
  const { lineStarts } = post;
  const line = positionAt(lineStarts, offset).line;
  const first = positionAt(lineStarts, fm.contentSpan.start).line;
  const own = lineText(post, line);
  const indent = /^[ \t]*/.exec(own)![0];
  if (!own.trim() || own.trim().startsWith('#')) return undefined;
  for (let l = line - 1; l >= first; l--) {
    const t = lineText(post, l);
    if (!t.trim()) continue;
    const ind = /^[ \t]*/.exec(t)![0].length;
    if (ind < indent.length || (ind === 0 && indent.length === 0)) {
      if (ind < indent.length && /[|>][-+0-9]*[ \t]*(#.*)?$/.test(t)) return undefined;
      break;
    }
  }
  const at = lineStarts[line];
  return { span: { start: at, end: at }, newText: `${indent}# zhen-disable-next-line ${ruleId}${eolOf(post)}` };
}

function lineText(post: Post, line: number): string {
  const s = post.lineStarts[line];
  const e = line + 1 < post.lineStarts.length ? post.lineStarts[line + 1] : post.text.length;
  return post.text.slice(s, e).replace(/\r?\n$/, '');
}
