/**
 * Sources a claim's section or post names for it (issue #16 point 3; the seed-61313 readers'
 * 'cited nearby' class, session 14), read once per post:
 *
 *   ## 参考:[区块链技术细节：智能合约](https://…)        (a heading that says where its section comes from)
 *   #### 1. AES (Rijndael)
 *   > wiki: https://en.wikipedia.org/wiki/Advanced_Encryption_Standard   (or the section's first line)
 *
 *   Anthropic 官方文章提到过 Claude Code 的一种实现思路……
 *   ## 参考资料
 *   - [Effective context engineering for AI agents](https://www.anthropic.com/engineering/…)
 *
 * A section whose heading, or whose first block right under the heading, opens by saying where it
 * comes from (`参考:`, `来源：`, `原文：`, `wiki:`, `Source:`) and carries a link: every claim of the
 * section is cited by it. The post's reference list (a section headed `参考资料`, `References`, …):
 * a claim that reports from a source it names (`X 官方文档提到`, `据 X 的报告`) is cited when a link of
 * the list is that source: the source's name (or a Latin name right before the reporting phrase, three
 * letters or more and not one of `nearbyCitation.commonWords`) is in the link's host, or, unless the
 * sentence points to an official source (`官方`), in its text or address. A claim that names no source
 * (`开发组据说…` beside a listed Gradle manual), or a list that links something else (a blog post about
 * `LicheePi 4A` for `LicheePi4A 官方文档建议…`), cites nothing. The phrases are data
 * (data/claims/cues.json `sectionSource`).
 *
 * A section whose heading names a numbered standard or proposal (`## JEP 483: …`, `## RFC 5652`,
 * `### PEP 8`) that a link of the post points to (its text names the same id, or its address holds
 * it: `openjdk.org/jeps/483`): the section describes that document, so its figures are probably the
 * document's (`sectionDocument`; claim/unlinked reports them as hints naming the link).
 */
import data from '../../../../../data/claims/cues.json';
import type { Post } from '../../document';
import type { Span } from '../../types';
import { countWhile, positionAt } from '../../text';
import { cleanText, compilePattern } from './cues';
import { citations } from './citations';
import { nameKey } from './sources';

const HEADING = compilePattern(data.sectionSource.heading, 'i') ?? /(?!)/;
const LEAD = compilePattern(data.sectionSource.lead, 'i') ?? /(?!)/;
const COMMON = new Set(data.nearbyCitation.commonWords.map((w) => w.toLowerCase()));
const DOCUMENT_ID = compilePattern(data.sectionSource.documentId, 'gi') ?? /(?!)/g;

interface Sections {
  /** What the post's reference lists link: each link's host and its text with its address, as name keys (`nameKey`). */
  listed: Array<{ host: string; text: string }>;
  /** Sections that say where they come from, sorted by start (they may nest). */
  sourced: Span[];
  /** Sections whose heading names a numbered document (`## JEP 483`), with the post's link to it (openjdk.org/jeps/483) or '' when it has none. */
  documents: Array<{ span: Span; id: string; url: string }>;
}

/** The numbered documents a text names (`JEP 483` → `jep 483`), lower case, leading zeros dropped. */
function documentIds(text: string): Array<{ kind: string; n: string }> {
  const out: Array<{ kind: string; n: string }> = [];
  DOCUMENT_ID.lastIndex = 0;
  for (const m of text.matchAll(DOCUMENT_ID)) if (m.groups) out.push({ kind: m.groups.kind.toLowerCase(), n: String(Number(m.groups.n)) });
  return out;
}

/** Does a link (its text and address) point to the document `kind n`? */
function linksDocument(text: string, url: string, kind: string, n: string): boolean {
  if (documentIds(text).some((d) => d.kind === kind && d.n === n)) return true;
  // The address: `jeps/483`, `rfc5652`, `pep-0008`, `eip-1559.md`, `rfc/rfc5652.txt`.
  const re = new RegExp(`(?:^|[/=._-])${kind}s?[/_-]?0*${n}(?![0-9])`, 'i');
  return re.test(url.replace(/^[a-z]+:\/\/[^/]+/i, ''));
}

const memo = new WeakMap<Post, Sections>();

type Kid = { type: string; depth?: number; position?: { start: { offset?: number }; end: { offset?: number } } };

function sectionsOf(post: Post): Sections {
  let s = memo.get(post);
  if (s) return s;
  const heads: Array<{ start: number; end: number; depth: number }> = [];
  const kids = post.root.children as Kid[];
  for (let q = 0; q < kids.length; q++) {
    const n = kids[q];
    if (n.type !== 'heading' || !n.position) continue;
    const start = n.position.start.offset ?? 0;
    heads.push({ start, end: n.position.end.offset ?? start, depth: n.depth ?? 1 });
  }
  const { links } = citations(post);
  // The links from the first that ends after `a` on, that start before `b` (sorted by start: the rest start later).
  const linksIn = (a: number, b: number) => {
    const out: typeof links = [];
    for (let k = countWhile(links.length, (q) => links[q].span.end <= a); k < links.length && links[k].span.start < b; k++) out.push(links[k]);
    return out;
  };
  const listed: Sections['listed'] = [];
  const sourced: Span[] = [];
  const documents: Sections['documents'] = [];
  const { blocks } = post;
  for (let h = 0; h < heads.length; h++) {
    const head = heads[h];
    let end = post.text.length;
    for (let k = h + 1; k < heads.length; k++) {
      if (heads[k].depth <= head.depth) {
        end = heads[k].start;
        break;
      }
    }
    const title = cleanText(post, { start: head.start, end: head.end }).text;
    const ids = documentIds(title);
    if (ids.length === 1) {
      const { kind, n } = ids[0];
      const l = links.find((x) => linksDocument(post.text.slice(x.span.start, x.span.end), x.url, kind, n));
      // Not linked, the numbered document is still one a reader finds by its id (`## JEP 493: …` above
      // `减少了 JDK 的安装体积（约 25%）`; session 17, the seed-61216 readers' 'cited nearby'): url ''.
      documents.push({ span: { start: head.end, end }, id: `${kind.toUpperCase()} ${n}`, url: l ? l.url : '' });
    }
    if (HEADING.test(title)) {
      for (const l of linksIn(head.end, end)) listed.push({ host: nameKey(/^(?:[a-z]+:)?\/\/([^/?#:]+)/i.exec(l.url)?.[1] ?? ''), text: nameKey(post.text.slice(l.span.start, l.span.end) + ' ' + safeDecode(l.url)) });
      continue;
    }
    if (LEAD.test(title.replace(/^[\s#]+/, '')) && linksIn(head.start, head.end).length) {
      sourced.push({ start: head.end, end });
      continue;
    }
    // The section's first block, right under the heading.
    const first = blocks[countWhile(blocks.length, (k) => blocks[k].span.start < head.end)];
    if (!first || first.span.start >= end || (h + 1 < heads.length && first.span.start >= heads[h + 1].start)) continue;
    if (!mayLead(post, first.span)) continue;
    const lead = cleanText(post, first.span).text;
    if (!LEAD.test(lead)) continue;
    if (linksIn(first.span.start, first.span.end).length) {
      sourced.push({ start: head.end, end });
      continue;
    }
    // A lead on a line of its own (`参考：`) and the reference on the next (`维基百科：[C语言](…)`, a list of
    // links): the next block, at most two lines down, is a reference line (the seed-71206 readers'
    // 'cited nearby', xiaodongq c-cpp-version-info.md). A sentence with a link of its own is not one.
    const next = blocks[countWhile(blocks.length, (k) => blocks[k].span.start < first.span.end)];
    if (lead.replace(LEAD, '').trim() || !next || next.span.start >= end || linesBetween(post, first.span.end, next.span.start) > 2) continue;
    if (referenceLine(post, next.span, linksIn(next.span.start, next.span.end))) sourced.push({ start: head.end, end });
  }
  memo.set(post, (s = { listed, sourced, documents }));
  return s;
}

/** How many characters of a section's first block `mayLead` reads. */
const LEAD_GLANCE = 64;

/**
 * A text that may still be the start of a lead (`LEAD`: a word of the list after spaces, then spaces and a colon) that
 * goes on past it: spaces, then at most as many characters as the list's longest word, none a space or a colon, then
 * spaces. Undefined when a word of the list holds a space or a colon, or the list cannot be read (then no glance decides).
 */
const LEAD_START = ((): RegExp | undefined => {
  const words = /^\^\[\\s\\uE000\\uFFFC\]\*\(\?:([^()]*)\)\\s\*\[:：\]$/.exec(data.sectionSource.lead)?.[1].split('|');
  if (!words || words.some((w) => !w || /[\s:：\\[\](){}*+?.^$]/.test(w))) return undefined;
  return new RegExp(`^[\\s\\uE000\\uFFFC]*[^\\s:：]{0,${Math.max(...words.map((w) => w.length))}}\\s*$`);
})();

/**
 * Can the block open with a lead? The lead is anchored at the block's start and short, so the clean text of the
 * block's first characters decides (clean text is made character by character: a prefix's is the whole's prefix),
 * unless it may still be the start of one that goes on past them (`LEAD_START`); then the whole block is read.
 * Most sections' first blocks are paragraphs: this keeps their whole clean text (and its offset map) from being
 * made on every run.
 */
function mayLead(post: Post, span: Span): boolean {
  if (!LEAD_START || span.end - span.start <= LEAD_GLANCE) return true;
  const glance = cleanText(post, { start: span.start, end: span.start + LEAD_GLANCE }).text;
  return LEAD.test(glance) || LEAD_START.test(glance);
}

/** Text outside a reference line's links: at most a label (`维基百科：`, `- `). */
const MAX_LABEL = 12;

/** A block that is a reference: it says so (`维基百科：[…](…)`), or it is links with at most a short label around them. */
function referenceLine(post: Post, span: Span, links: ReadonlyArray<{ span: Span }>): boolean {
  if (!links.length) return false;
  const text = cleanText(post, span).text;
  if (LEAD.test(text)) return true;
  let linked = 0;
  for (const l of links) linked += cleanText(post, { start: Math.max(span.start, l.span.start), end: Math.min(span.end, l.span.end) }).text.length;
  return text.replace(/\s+/g, '').length - linked <= MAX_LABEL && !/[。！？]/.test(text);
}

/** The line breaks between two offsets. */
function linesBetween(post: Post, from: number, to: number): number {
  return positionAt(post.lineStarts, to).line - positionAt(post.lineStarts, from).line;
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** The sentence sits in a section that says where it comes from, with a link (see the header). */
export function inSourcedSection(post: Post, s: Span): boolean {
  for (const x of sectionsOf(post).sourced) if (x.start <= s.start && s.end <= x.end) return true;
  return false;
}

/** The document the sentence's section describes (`## JEP 483`) and the post's link to it (openjdk.org/jeps/483, or ''), innermost. */
export function sectionDocument(post: Post, s: Span): { id: string; url: string } | undefined {
  let best: Sections['documents'][number] | undefined;
  for (const x of sectionsOf(post).documents) if (x.span.start <= s.start && s.end <= x.span.end && (!best || x.span.start >= best.span.start)) best = x;
  return best && { id: best.id, url: best.url };
}

/**
 * A link of the post's reference list is the source the sentence names (`names`: the source's name and
 * the Latin names right before its reporting phrase, `Anthropic 官方文章提到`): the name is in the
 * link's host, or, unless the sentence points to an official source (`官方…`: its own site is wanted,
 * not a post about it), in the link's text or address.
 */
export function inReferenceList(post: Post, names: readonly string[], official: boolean): boolean {
  const { listed } = sectionsOf(post);
  if (!listed.length) return false;
  for (const raw of names) {
    const n = nameKey(raw);
    if (n.length < 2 || COMMON.has(n)) continue;
    if (listed.some((l) => l.host.includes(n) || (!official && l.text.includes(n)))) return true;
  }
  return false;
}
