/**
 * A source linked right next to a claim cites it (issue #16 point 3; the lead's decision (c),
 * session 12):
 *
 *   诸如 Crystal 的一些拦截器宣称他们[可以提高网页的打开速度](http://murphyapps.co/blog/2015/8/22/crystal-benchmarks)。
 *   Crystal 声称可以加快网页的加载速度 3.9 倍并且少用 53% 的带宽。
 *
 *   - 了解到 2021 年是区块链投资大涨的一年，总投资涨了 7 倍多到了 252 亿美元
 *     - 数据来源 [State Of Blockchain 2021 Report - CB Insights](https://www.cbinsights.com/…)
 *
 *   1. [2022 Nix Survey Results](https://discourse.nixos.org/t/2022-nix-survey-results/18983)，根据其中数据计算可得出：
 *      - 74.5% 的用户是在三年内开始使用 Nix/NixOS 的。
 *
 * The neighbours: the sentence before and after the claim in its paragraph, the line right before
 * it in its paragraph or list item, the line right after it (the block that starts there: a nested
 * `- 数据来源 …`, the next item's `详见：[…](…)`), and the heads of the list items it sits in. A
 * neighbour cites the claim when one of its sentences opens by pointing to a source (`根据 […](…)`,
 * `数据来源`, `详见：`) and carries a link or footnote (or is a bare label, `- 数据来源`, with the link on the
 * line under it); or when it carries a link that is no site's
 * home page (or a footnote), and either the claim or the neighbour reports (`宣称`, `数据`, `调查`,
 * `survey`) and the two share a name (a Latin word of the claim in the link's text or address, or in
 * the footnoted sentence), or the neighbour heads the claim's list item and names a source itself. A
 * product's home page in the next line, or a link two paragraphs away, does not cite it. The phrases and the words that name
 * nothing are data (data/claims/cues.json `nearbyCitation`, with where they came from).
 */
import data from '../../../../../data/claims/cues.json';
import type { Post } from '../../document';
import type { Sentence } from '../../sentences';
import type { Span } from '../../types';
import { countWhile, positionAt } from '../../text';
import { cleanText, compilePattern } from './cues';
import { citations } from './citations';
import { listItemsOf } from '../../containers';

const LEAD = compilePattern(data.nearbyCitation.lead, 'i') ?? /(?!)/;
const REPORTS = compilePattern(data.nearbyCitation.reports, 'i') ?? /(?!)/;
const HEAD_REPORTS = compilePattern(data.nearbyCitation.headReports, 'i') ?? /(?!)/;
const COMMON = new Set(data.nearbyCitation.commonWords.map((w) => w.toLowerCase()));
const HOME_PAGE = /^(?:https?:)?\/\/[^/?#\s]+\/?(?:index\.html?)?$/i;
const WEB = /^(?:https?:)?\/\//i;

interface Neighbour {
  span: Span;
  /** The head of a list item that holds the claim. */
  head: boolean;
}

/**
 * Is the claim sentence `all[i]` cited by a neighbour (see the header)? `claim` is its clean text.
 */
export function citedNearby(post: Post, all: readonly Sentence[], i: number, claim: string): boolean {
  const s = all[i];
  const cites = citations(post);
  const names = latinNames(claim);
  const reports = REPORTS.test(claim);
  for (const n of neighbours(post, all, i)) {
    if (n.span.end <= n.span.start) continue;
    const links = overlapping(cites.links, (l) => l.span, n.span).filter((l) => !(l.span.start < s.end && l.span.end > s.start));
    const notes = overlapping(cites.footnoteRefs, (r) => r, n.span).filter((r) => !(r.start < s.end && r.end > s.start));
    if (!links.length && !notes.length) continue;
    // One of its sentences opens by pointing to a source and carries the link.
    for (const x of sentencesIn(all, n.span)) {
      if (x === s) continue;
      const has = links.some((l) => l.span.start < x.end && l.span.end > x.start) || notes.some((r) => r.start < x.end && r.end > x.start);
      const lead = cleanText(post, x).text;
      if (has && LEAD.test(lead)) return true;
      // A bare label whose link is on the line under it (`- 数据来源⏎  [CB Insights](…)`).
      if (!has && lead.trim().length <= LABEL_MAX && LEAD.test(lead) && links.some((l) => l.span.start >= x.end && l.span.start < n.span.end && WEB.test(l.url))) return true;
    }
    const text = cleanText(post, n.span).text;
    // The head of the list item must name a source itself (`根据其中数据`, `Survey Results`); another neighbour, or the claim, report.
    if (n.head ? !HEAD_REPORTS.test(text) : !reports && !REPORTS.test(text)) continue;
    for (const l of links) {
      if (!WEB.test(l.url) || HOME_PAGE.test(l.url)) continue;
      if (n.head) return true;
      const said = (post.text.slice(l.span.start, l.span.end) + ' ' + safeDecode(l.url)).toLowerCase();
      if (names.some((w) => said.includes(w))) return true;
    }
    if (notes.length && (n.head || names.some((w) => text.toLowerCase().includes(w)))) return true;
  }
  return false;
}

/** Per list of spans (the post's links, its footnote references): the largest end up to each index, when sorted by start (else null). */
const reach = new WeakMap<readonly object[], number[] | null>();

/**
 * The items of `items` whose span overlaps `span`, in order: found by bisection when the items are sorted by start (the
 * largest end up to each index tells where the overlaps can begin), else by a scan. A claim's neighbours asked the post's
 * every link and footnote reference (perf33: most of `citedNearby`'s own time on a long post).
 */
function overlapping<T extends object>(items: readonly T[], spanOf: (t: T) => Span, span: Span): T[] {
  let ends = reach.get(items);
  if (ends === undefined) {
    ends = [];
    let most = -Infinity;
    for (let k = 0; k < items.length && ends; k++) {
      const x = spanOf(items[k]);
      if (k > 0 && x.start < spanOf(items[k - 1]).start) ends = null;
      else ends.push((most = Math.max(most, x.end)));
    }
    reach.set(items, ends);
  }
  if (!ends) return items.filter((t) => spanOf(t).start < span.end && spanOf(t).end > span.start);
  const far = ends;
  const out: T[] = [];
  for (let k = countWhile(items.length, (j) => far[j] <= span.start); k < items.length && spanOf(items[k]).start < span.end; k++) {
    if (spanOf(items[k]).end > span.start) out.push(items[k]);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Latin words of the claim that may name something (three letters or more, not in `commonWords`). */
function latinNames(claim: string): string[] {
  const out = new Set<string>();
  for (const w of claim.match(/[A-Za-z][A-Za-z0-9]{2,}/g) ?? []) {
    const k = w.toLowerCase();
    if (!COMMON.has(k)) out.add(k);
  }
  return [...out];
}

/** The sentences (of the post's claim sentences, in order) that overlap the span. */
function sentencesIn(all: readonly Sentence[], span: Span): Sentence[] {
  const out: Sentence[] = [];
  for (let k = countWhile(all.length, (j) => all[j].end <= span.start); k < all.length && all[k].start < span.end; k++) out.push(all[k]);
  return out;
}

function lineSpan(post: Post, line: number): Span | undefined {
  const { lineStarts, text } = post;
  if (line < 0 || line >= lineStarts.length) return undefined;
  const start = lineStarts[line];
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length;
  return text.slice(start, end).trim() ? { start, end } : undefined;
}

/** The longest bare source label (`数据来源：`) whose link may follow on the next line. */
const LABEL_MAX = 8;

function neighbours(post: Post, all: readonly Sentence[], i: number): Neighbour[] {
  const s = all[i];
  const out: Neighbour[] = [];
  if (i > 0 && all[i - 1].block === s.block) out.push({ span: all[i - 1], head: false });
  if (i + 1 < all.length && all[i + 1].block === s.block) out.push({ span: all[i + 1], head: false });
  const first = positionAt(post.lineStarts, s.start).line;
  const last = positionAt(post.lineStarts, Math.max(s.start, s.end - 1)).line;
  const items = listItemsOf(post).filter((x) => x.start <= s.start && x.end >= s.end);
  const inner = items[items.length - 1];
  // The line right before, in the same paragraph or list item.
  const before = lineSpan(post, first - 1);
  if (before && ((before.start >= s.block.span.start && before.end <= s.block.span.end) || (inner && before.start >= inner.start))) out.push({ span: before, head: false });
  // The line right after: the block that starts there (a nested item, the next item), or the claim's paragraph going on.
  const after = lineSpan(post, last + 1);
  if (after) {
    const { blocks } = post;
    const k = countWhile(blocks.length, (j) => blocks[j].span.start < after.start);
    const b = blocks[k];
    out.push({ span: b && b.span.start < after.end ? { start: after.start, end: b.span.end } : after, head: false });
  }
  // The heads of the list items that hold the claim (the innermost two): their first paragraph.
  for (const item of items.slice(-2)) {
    const { blocks } = post;
    const k = countWhile(blocks.length, (j) => blocks[j].span.start < item.start);
    const b = blocks[k];
    if (b && b.span.start < item.end && b !== s.block && b.span.end <= s.start) out.push({ span: b.span, head: true });
  }
  return out;
}

/** How many lines before or after a claim a link that names its subject is looked for (`linkedNearby`). */
const NEAR_LINES = 3;
/** The shortest Latin name a nearby link must name as a whole word (`TON`, `RSA` name too much). */
const NEAR_NAME_MIN = 4;

/**
 * A link within three lines of the claim (not in it, no site's home page) whose text or address's
 * path has a Latin name of the claim (four letters or more) as a whole word (or its plural) (`最后官方也没给出解决方法，…issue 仍然是打开状态` two lines under
 * `[issue](https://github.com/microsoft/TypeScript/issues/18261)`): probably its source, though nothing
 * says so. Not a citation: the claim is a hint that names the link (seed-51206 readers' 'cited nearby').
 * Its address, or undefined.
 */
export function linkedNearby(post: Post, all: readonly Sentence[], i: number, claim: string): string | undefined {
  const s = all[i];
  const names = latinNames(claim).filter((w) => w.length >= NEAR_NAME_MIN);
  if (!names.length) return undefined;
  const { lineStarts, text } = post;
  const first = positionAt(lineStarts, s.start).line;
  const last = positionAt(lineStarts, Math.max(s.start, s.end - 1)).line;
  const from = lineStarts[Math.max(0, first - NEAR_LINES)];
  const to = last + NEAR_LINES + 1 < lineStarts.length ? lineStarts[last + NEAR_LINES + 1] : text.length;
  const links = citations(post).links;
  for (let k = countWhile(links.length, (j) => links[j].span.start < from); k < links.length && links[k].span.start < to; k++) {
    const l = links[k];
    if (l.span.start < s.end && l.span.end > s.start) continue;
    if (!WEB.test(l.url) || HOME_PAGE.test(l.url)) continue;
    // Whole words of the link's text and of its address's path (not its host: a site's own name is no subject).
    const words = new Set((text.slice(l.span.start, l.span.end) + ' ' + safeDecode(l.url.replace(/^(?:https?:)?\/\/[^/]*/i, ''))).toLowerCase().split(/[^a-z0-9]+/));
    if (names.some((w) => words.has(w) || words.has(w + 's'))) return l.url;
  }
  return undefined;
}
