/**
 * What a sentence's surroundings say about its numbers, for the claim detector's builtin features:
 * - `readsOwnData`: an earlier sentence of the same block, or the colon lead-in of the list the
 *   sentence sits in, says the reader is looking at the post's own results (观察火焰图，可以看到…;
 *   在我们的测试中…; 如图 3 所示…; 结果分析：).
 * - `restatesOwnData`: every number of the sentence appears in a table or code block of the post;
 *   or the sentence ends its paragraph by counting what the list right under it enumerates
 *   (`中国的期货交易所一共有6个。` over a list of the six).
 * - `containers`: is the sentence inside a blockquote, inside a list item.
 * Each is memoised per post (from the block skeleton, containers.ts: one walk that skips inline
 * content, shared) and answers in O(log n) per sentence; the numbers of tables and code are a join of
 * per-cell and per-code-block parts kept across edits (`ownNumbers`).
 */
import type { Post, ProseBlock } from '../../document';
import { MARK } from '../../document';
import { blockSkeleton } from '../../containers';
import { blockWindows, byText, memoPass, windowPass, type BlockWindow } from '../../blockCache';
import { joinParts, sameStrings } from '../../windowSums';
import type { Span } from '../../types';
import type { Sentence } from '../../sentences';
import { blockSentencesOf } from './claimSentences';
import { countWhile } from '../../text';
import { cleanText, testText } from './cues';

/** Does a text read the post's own data? (the detector's own-measurement and see-here patterns) */
export type ReadsOwn = (text: string) => boolean;

interface OwnDataState {
  /** The block's sentences, in order. */
  list: Sentence[];
  /** The next sentence not yet read. */
  next: number;
  /** The end of the first sentence that reads the post's own data (-1: none found yet). */
  firstEnd: number;
}
/** Per post, per test (own data, first person), per block: the scan state. */
const ownDataMemo = new WeakMap<Post, Map<ReadsOwn, Map<ProseBlock, OwnDataState>>>();

function ownDataState(post: Post, s: Sentence, reads: ReadsOwn): OwnDataState {
  const { block } = s;
  let byTest = ownDataMemo.get(post);
  if (!byTest) ownDataMemo.set(post, (byTest = new Map()));
  let blocks = byTest.get(reads);
  if (!blocks) byTest.set(reads, (blocks = new Map()));
  // Made for the blocks asked about only (the possible claims'), not by a pass over the post per test.
  let st = blocks.get(block);
  if (!st) blocks.set(block, (st = { list: blockSentencesOf(post, s), next: 0, firstEnd: -1 }));
  return st;
}


/**
 * An earlier sentence of the block (or, with `lead`, the list's lead-in) passes the test: reads the
 * post's own data, or speaks in the first person.
 */
export function readsOwnData(post: Post, s: Sentence, reads: ReadsOwn, lead = true): boolean {
  // Sentences are asked in order, each at most once per post: the first sentence of the block
  // that reads own data is found once, then compared.
  const state = ownDataState(post, s, reads);
  while (state.firstEnd < 0 && state.next < state.list.length && state.list[state.next].end <= s.start) {
    const other = state.list[state.next++];
    if (testText(post, reads, other)) state.firstEnd = other.end;
  }
  if (state.firstEnd >= 0 && state.firstEnd <= s.start) return true;
  if (!lead) return false;
  const intro = leadIn(post, s.block.span.start);
  return !!intro && reads(intro);
}

interface LeadIns {
  /** Lists introduced by a paragraph ending with a colon, outermost only, sorted by start. */
  top: Array<{ span: Span; lead: string }>;
}
const leadMemo = new WeakMap<Post, LeadIns>();

type Kid = { type: string; position?: { start: { offset?: number }; end: { offset?: number } } };

/** The paragraph that introduces the list holding an offset, when it ends with a colon. */
export function leadIn(post: Post, offset: number): string | undefined {
  let memo = leadMemo.get(post);
  if (!memo) {
    const lists: Array<{ span: Span; lead: string }> = [];
    // (Siblings of the block skeleton: the lists and paragraphs are blocks.)
    for (const kids of blockSkeleton(post).kids as Kid[][]) {
      for (let i = 1; i < kids.length; i++) {
        const prev = kids[i - 1];
        const cur = kids[i];
        if (cur.type !== 'list' || prev.type !== 'paragraph' || !prev.position || !cur.position) continue;
        const para = { start: prev.position.start.offset ?? 0, end: prev.position.end.offset ?? 0 };
        // (the clean text of a paragraph that ends with a colon only: `endsWithColon` reads its end in place)
        if (!endsWithColon(post.prose, para)) continue;
        const text = cleanText(post, para).text.trim();
        lists.push({ span: { start: cur.position.start.offset ?? 0, end: cur.position.end.offset ?? 0 }, lead: text });
      }
    }
    // Lists nest or are disjoint, and the walk lists an outer list before the lists inside it, so
    // the first list holding an offset is the outermost one: keep only those, sorted.
    lists.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    const top: LeadIns['top'] = [];
    for (const l of lists) if (!top.length || l.span.start >= top[top.length - 1].span.end) top.push(l);
    leadMemo.set(post, (memo = { top }));
  }
  const { top } = memo;
  const lo = countWhile(top.length, (k) => top[k].span.start <= offset);
  const l = lo > 0 ? top[lo - 1] : undefined;
  return l && offset < l.span.end ? l.lead : undefined;
}

/**
 * Does the clean text of `prose[span]` (cues.ts `cleanText`: Markdown marks and carriage returns dropped, line breaks as
 * spaces), trimmed, end with a colon? Its last character that is no mark, carriage return or white space (what `trim`
 * drops) is read in place: no clean text made for the lead-in test of every paragraph above a list on every edit.
 */
function endsWithColon(prose: string, span: Span): boolean {
  for (let i = span.end - 1; i >= span.start; i--) {
    const c = prose[i];
    if (c === MARK || c === '\r' || /\s/.test(c)) continue;
    return c === ':' || c === '：';
  }
  return false;
}

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;
const ownNumbersMemo = new WeakMap<Post, Set<string>>();

/** The numbers (two or more significant characters) a text shows, in order. */
function numbersIn(t: string): string[] {
  const out: string[] = [];
  for (const m of t.matchAll(NUMBER)) {
    const n = m[0].replace(/,/g, '');
    if (n.replace('.', '').length >= 2) out.push(n);
  }
  return out;
}

/**
 * Numbers (two or more significant characters) that the post's own tables and code blocks show. A join (windowSums.ts
 * `joinParts`) of each table cell's numbers (kept by its window: the cell's text is its window's) and each code block's
 * (kept by its text): an edit reads the changed cells and code only, and the set is made again only when one of them
 * shows other numbers (perf33: every cell and code block of the post was searched on every edit).
 */
function ownNumbers(post: Post): Set<string> {
  let set = ownNumbersMemo.get(post);
  if (set) return set;
  const parts: string[][] = [];
  const { blocks } = post;
  let windows: BlockWindow[] | undefined;
  const ofCell = windowPass(post, 'claim/own-numbers-cell', (w) => numbersIn(w.text.slice(w.from, w.to)));
  const ofCode = memoPass(post, 'claim/own-numbers-code', byText, numbersIn);
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i].type !== 'tableCell') continue;
    parts.push(ofCell((windows ??= blockWindows(post))[i]));
  }
  for (const n of blockSkeleton(post).nodes) if (n.type === 'code') parts.push(ofCode(n.value));
  set = joinParts(post, 'claim/own-numbers', parts, sameStrings, (all) => new Set(all.flat()));
  ownNumbersMemo.set(post, set);
  return set;
}

/** Every number of the text (at least one, each of two or more digits) appears in a table or code block of this post; or it counts the list right under it (`countsOwnList`). */
export function restatesOwnData(post: Post, text: string, s?: Sentence): boolean {
  if (s && countsOwnList(post, s, text)) return true;
  const nums = [...text.matchAll(NUMBER)].map((m) => m[0].replace(/,/g, ''));
  if (!nums.length || nums.some((n) => n.replace('.', '').length < 2)) return false;
  const own = ownNumbers(post);
  return nums.every((n) => own.has(n));
}


/** A count of things (`一共有 6 个`, `分为三类`, `包括以下 4 种`): the count is its group `n`. */
const COUNT = /(?:共计|一共|总共|共|有|分为|分成|包括|包含|以下|如下)\s*(?:以下|如下)?\s*(?<n>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:个|种|家|类|项|条|款|所|点|步|部分|大类|方面)/;
const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `6`, `六`, `十二`, `二十` → the number (1–99), or NaN. */
function countValue(t: string): number {
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^([一二两三四五六七八九])?(十)?([一二两三四五六七八九])?$/.exec(t);
  if (!m || (!m[2] && (!m[1] || m[3]))) return NaN;
  if (!m[2]) return CN_DIGIT[m[1]];
  return (m[1] ? CN_DIGIT[m[1]] : 1) * 10 + (m[3] ? CN_DIGIT[m[3]] : 0);
}

interface ListAfter {
  /** The paragraph's span (source offsets). */
  span: Span;
  /** How many items the list right after it has. */
  items: number;
}
const listsAfterMemo = new WeakMap<Post, ListAfter[]>();

/** Paragraphs followed right away by a list, with the list's item count, sorted by start. */
function listsAfter(post: Post): ListAfter[] {
  let out = listsAfterMemo.get(post);
  if (out) return out;
  out = [];
  for (const kids of blockSkeleton(post).kids as Kid[][]) {
    for (let i = 1; i < kids.length; i++) {
      const prev = kids[i - 1];
      const cur = kids[i] as Kid & { children?: unknown[] };
      if (cur.type !== 'list' || prev.type !== 'paragraph' || !prev.position || !cur.children) continue;
      out.push({ span: { start: prev.position.start.offset ?? 0, end: prev.position.end.offset ?? 0 }, items: cur.children.length });
    }
  }
  out.sort((a, b) => a.span.start - b.span.start);
  listsAfterMemo.set(post, out);
  return out;
}

/**
 * The sentence ends its paragraph, states one number (no date or version either), a count (`中国的期货交易所一共有6个`), and the
 * list right under the paragraph has that many items: the count restates what the post enumerates
 * (each item is there to check), not a statistic to source. From the development set
 * (suyu0925 fundamentals-of-futures-market.md:13, a list of six linked exchanges under it).
 */
export function countsOwnList(post: Post, s: Sentence, text: string): boolean {
  const m = COUNT.exec(text);
  if (!m?.groups) return false;
  const n = countValue(m.groups.n);
  // No other number, a date or version included (`大概1990年的时候，有两个系统…被提出` dates a history).
  const all = cleanText(post, s).text.match(/\d+(?:\.\d+)?/g) ?? [];
  if (!(n >= 2) || all.length > (/\d/.test(m.groups.n) ? 1 : 0)) return false;
  const lists = listsAfter(post);
  const k = countWhile(lists.length, (i) => lists[i].span.start <= s.start);
  const l = k > 0 ? lists[k - 1] : undefined;
  if (!l || s.end > l.span.end) return false;
  // The sentence ends the paragraph: nothing but marks and spaces after it.
  if (/[^\s\uE000\uFFFC。：:.!！]/.test(post.prose.slice(s.end, l.span.end))) return false;
  return l.items === n;
}
