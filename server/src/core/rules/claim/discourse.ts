/**
 * Who speaks and where: features of a sentence's neighbourhood for the claim detector's builtins.
 * On a personal blog whether a figure is a claim depends on the speaker (the author's own results,
 * stories and settings are not) more than on the sentence's words, so these look around it:
 * - `sectionMatches`: the headings the sentence sits under (its section, the sections above it) or
 *   the post's front-matter title match a pattern (a benchmark section of one's own, an exercise,
 *   a year in review, a tutorial's settings);
 * - `personalShare`: the share of the post's sentences that speak in the first person (a diary or
 *   a review of one's year versus a survey of a market);
 * - `nextToOutput`: the sentence's paragraph sits right before or after a code block or a table
 *   (the author's own output, a configuration, a table the sentence restates).
 * - `inScenario`: a paragraph of the sentence's section opened, before it, with a made-up scenario
 *   (`假如我们现在是一个小创业公司…`): the story after it is part of the illustration.
 * Each is computed once per post (the core's block skeleton or headings, memoised) and answers in O(log n) per sentence, so the
 * detector stays linear in the post. The first-person count and the scenario openings are per-block parts kept across
 * edits (claimSentences.ts `perGroup`): an edit counts the blocks it changed, and compares the others' keys.
 */
import type { Post } from '../../document';
import { blockSkeleton } from '../../containers';
import type { Sentence } from '../../sentences';
import type { PatternLike } from '../../userPattern';
import { countWhile } from '../../text';
import { headingsOf } from '../../sections';
import { claimSentences, perGroup, sentencesByBlock } from './claimSentences';
import { cleanText } from './cues';
import { titleOf } from './ownProduct';

type Kid = { type: string; depth?: number; position?: { start: { offset?: number }; end: { offset?: number } } };

interface Sections {
  /** Headings in order: where each starts and the text of it and every heading above it. */
  heads: Array<{ start: number; chain: string }>;
  /** The front-matter title ('' when none). */
  title: string;
}
const sectionMemo = new WeakMap<Post, Sections>();

function sections(post: Post): Sections {
  let s = sectionMemo.get(post);
  if (s) return s;
  const heads: Sections['heads'] = [];
  const stack: Array<{ depth: number; text: string }> = [];
  for (const h of headingsOf(post)) {
    while (stack.length && stack[stack.length - 1].depth >= h.depth) stack.pop();
    stack.push({ depth: h.depth, text: cleanText(post, h).text.trim() });
    heads.push({ start: h.start, chain: stack.map((x) => x.text).join('\n') });
  }
  sectionMemo.set(post, (s = { heads, title: titleOf(post) }));
  return s;
}

function test(re: PatternLike, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** The headings above the sentence (its own section and the ones holding it), or the post's title, match one of the patterns. */
export function sectionMatches(post: Post, s: Sentence, res: readonly PatternLike[]): boolean {
  if (!res.length) return false;
  const { heads, title } = sections(post);
  const k = countWhile(heads.length, (i) => heads[i].start <= s.start);
  const chain = k > 0 ? heads[k - 1].chain : '';
  return res.some((re) => (chain && test(re, chain)) || (title && test(re, title)));
}

const shareMemo = new WeakMap<Post, Map<(t: string) => boolean, number>>();

/** The share (0–1) of the post's sentences that pass the test (speak in the first person). */
export function personalShare(post: Post, firstPerson: (text: string) => boolean): number {
  let byTest = shareMemo.get(post);
  if (!byTest) shareMemo.set(post, (byTest = new Map()));
  let v = byTest.get(firstPerson);
  if (v === undefined) {
    const all = claimSentences(post);
    // Counted per block (each block's count kept across edits: claimSentences.ts `perGroup`).
    let n = 0;
    for (const k of perGroup(post, 'claim/person-count', firstPerson, (g) => g.sentences.reduce((c, x) => c + (firstPerson(cleanText(post, x).text) ? 1 : 0), 0))) n += k;
    byTest.set(firstPerson, (v = all.length ? n / all.length : 0));
  }
  return v;
}

const outputMemo = new WeakMap<Post, Set<object>>();

/** The paragraphs (nodes) that sit right before or after a code block or a table (siblings). */
function nextToOutputSet(post: Post): Set<object> {
  let set = outputMemo.get(post);
  if (set) return set;
  set = new Set();
  const out = (k: Kid | undefined) => !!k && (k.type === 'code' || k.type === 'table');
  for (const kids of blockSkeleton(post).kids as Kid[][]) {
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (k.type === 'paragraph' && (out(kids[i - 1]) || out(kids[i + 1]))) set.add(k);
    }
  }
  outputMemo.set(post, set);
  return set;
}

/** The sentence's paragraph sits right before or after a code block or a table. */
export function nextToOutput(post: Post, s: Sentence): boolean {
  return s.block.type === 'paragraph' && nextToOutputSet(post).has(s.block.node);
}

const scenarioMemo = new WeakMap<Post, Map<(t: string) => boolean, Array<{ block: number; start: number }>>>();

/**
 * A made-up scenario's scope: a paragraph of the sentence's section (after the last heading above
 * it) opens with a scenario (its first sentence passes the test: `假如我们现在是一个小创业公司…`,
 * `考虑这样一个场景`) before the sentence, so the story told after it (`…公司估值达到了几十亿美金`,
 * in the same paragraph or a later one) is part of the illustration, not a fact about the world.
 * The opening sentence itself is not in scope (its own hypothetical is read in the sentence). The
 * openings are found once per post (one pass over its blocks, memoised per test; each block's opening
 * test kept across edits, as `personalShare`'s counts, so an edit tests only the blocks it changed);
 * each sentence then costs O(log n).
 */
export function inScenario(post: Post, s: Sentence, opens: (text: string) => boolean): boolean {
  let byTest = scenarioMemo.get(post);
  if (!byTest) scenarioMemo.set(post, (byTest = new Map()));
  let openings = byTest.get(opens);
  if (!openings) {
    openings = [];
    let block: unknown;
    // Whether each block's first sentence opens a scenario, kept across edits (claimSentences.ts `perGroup`).
    const groups = sentencesByBlock(post);
    const first = perGroup(post, 'claim/scenario-first', opens, (g) => opens(cleanText(post, g.sentences[0]).text));
    for (let i = 0; i < groups.length; i++) {
      const x = groups[i].sentences[0];
      if (x.block.node === block) continue;
      block = x.block.node;
      if (first[i]) openings.push({ block: x.block.span.start, start: x.start });
    }
    byTest.set(opens, openings);
  }
  const list = openings;
  // The last opening that starts before the sentence, and the last heading before the sentence.
  const k = countWhile(list.length, (i) => list[i].start < s.start);
  if (k === 0) return false;
  const { heads } = sections(post);
  const h = countWhile(heads.length, (i) => heads[i].start <= s.start);
  return h === 0 || heads[h - 1].start < list[k - 1].block;
}
