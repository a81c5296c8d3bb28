/**
 * What a sentence's surroundings say about its numbers, for the claim detector's builtin features:
 * - `readsOwnData`: an earlier sentence of the same block, or the colon lead-in of the list the
 *   sentence sits in, says the reader is looking at the post's own results (观察火焰图，可以看到…;
 *   在我们的测试中…; 如图 3 所示…; 结果分析：).
 * - `restatesOwnData`: every number of the sentence appears in a table or code block of the post.
 * - `containers`: is the sentence inside a blockquote, inside a list item.
 * Each is memoised per post and answers in O(log n) per sentence.
 */
import { walk, type Post, type ProseBlock } from '../../document';
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
    walk(post.root, (node) => {
      const kids = (node as { children?: Kid[] }).children;
      if (!kids) return;
      for (let i = 1; i < kids.length; i++) {
        const prev = kids[i - 1];
        const cur = kids[i];
        if (cur.type !== 'list' || prev.type !== 'paragraph' || !prev.position || !cur.position) continue;
        const text = cleanText(post, { start: prev.position.start.offset ?? 0, end: prev.position.end.offset ?? 0 }).text.trim();
        if (/[:：]$/.test(text)) lists.push({ span: { start: cur.position.start.offset ?? 0, end: cur.position.end.offset ?? 0 }, lead: text });
      }
    });
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

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;
const ownNumbersMemo = new WeakMap<Post, Set<string>>();

/** Numbers (two or more significant characters) that the post's own tables and code blocks show. */
function ownNumbers(post: Post): Set<string> {
  let set = ownNumbersMemo.get(post);
  if (set) return set;
  set = new Set();
  const add = (t: string) => {
    for (const m of t.matchAll(NUMBER)) {
      const n = m[0].replace(/,/g, '');
      if (n.replace('.', '').length >= 2) set!.add(n);
    }
  };
  for (const b of post.blocks) if (b.type === 'tableCell') add(post.text.slice(b.span.start, b.span.end));
  walk(post.root, (n) => {
    if (n.type === 'code') add(n.value);
  });
  ownNumbersMemo.set(post, set);
  return set;
}

/** Every number of the text (at least one, each of two or more digits) appears in a table or code block of this post. */
export function restatesOwnData(post: Post, text: string): boolean {
  const nums = [...text.matchAll(NUMBER)].map((m) => m[0].replace(/,/g, ''));
  if (!nums.length || nums.some((n) => n.replace('.', '').length < 2)) return false;
  const own = ownNumbers(post);
  return nums.every((n) => own.has(n));
}

