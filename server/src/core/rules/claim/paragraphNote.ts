/**
 * A reported view in a footnoted paragraph (claim/unlinked; the seed-91406 readers' "cited nearby"
 * class, session 15): a sentence that only reports what someone says or thinks (its claim is made by
 * reporting phrases alone: no figure, no superlative, no trend), in a paragraph whose other sentence
 * carries a footnote, goes on from that note:
 *
 *   要深入理解…，可以参考 Steve Mann 关于…的论述[^32]。…Mann 认为，…。政府倾向于认为，…。在他看来，…。
 *
 * The same for the signpost that names the people the next paragraph cites (`一是 Tim May 提出的…`
 * over `May 指出[^12]，…`): a Latin name of the sentence in the next paragraph's footnoted sentence.
 * Such a sentence is probably cited: a hint that names the footnote. A figure in it is covered only
 * by a footnote in one of the next two sentences of its paragraph (session 17, the seed-61216
 * readers' "cited nearby" rows: an academically footnoted paragraph whose note closes the point
 * two sentences later); a footnote before it, or further on, may be for another sentence.
 */
import type { Post } from '../../document';
import type { Sentence } from '../../sentences';
import type { Span } from '../../types';
import { citations } from './citations';
import { cleanText } from './cues';

/** How many sentences after a figure its footnote may close (same paragraph). */
const NEXT_SENTENCES = 2;

/** Latin names (three letters or more, a capital first) in a text. */
function names(text: string): Set<string> {
  return new Set(text.match(/\b[A-Z][A-Za-z]{2,}\b/g) ?? []);
}

function refsIn(refs: readonly Span[], s: Span): Span[] {
  return refs.filter((r) => r.start < s.end + 8 && r.end > s.start);
}

/**
 * The footnote (`[^32]`) that probably cites the report `all[i]`, or undefined: one in another
 * sentence of its paragraph, or in a sentence of the next paragraph that names a Latin name of it.
 * `reportsOnly`: the claim is made by reporting phrases alone.
 */
export function paragraphNote(post: Post, all: readonly Sentence[], i: number, claim: string, reportsOnly: boolean): string | undefined {
  const s = all[i];
  const { footnoteRefs } = citations(post);
  if (!footnoteRefs.length) return undefined;
  const label = (r: Span) => post.text.slice(r.start, r.end);
  if (!reportsOnly) {
    // A figure: a footnote in one of the next two sentences of its paragraph.
    for (let d = 1; d <= NEXT_SENTENCES; d++) {
      const t = all[i + d];
      if (!t || t.block !== s.block) break;
      const r = refsIn(footnoteRefs, t)[0];
      if (r) return label(r);
    }
    return undefined;
  }
  // The paragraph: its other sentences, nearest first.
  for (let d = 1; d < all.length; d++) {
    const before = all[i - d];
    const after = all[i + d];
    const inBefore = before && before.block === s.block;
    const inAfter = after && after.block === s.block;
    if (!inBefore && !inAfter) break;
    for (const t of [inBefore ? before : undefined, inAfter ? after : undefined]) {
      if (!t) continue;
      const r = refsIn(footnoteRefs, t)[0];
      if (r) return label(r);
    }
  }
  // The next paragraph (no heading between), its sentences that carry a footnote and share a Latin name.
  const own = names(claim);
  if (!own.size) return undefined;
  let k = i + 1;
  while (k < all.length && all[k].block === s.block) k++;
  const next = all[k]?.block;
  if (!next || next.type === 'heading') return undefined;
  for (; k < all.length && all[k].block === next; k++) {
    const r = refsIn(footnoteRefs, all[k])[0];
    if (!r) continue;
    for (const n of names(cleanText(post, all[k]).text)) if (own.has(n)) return label(r);
  }
  return undefined;
}
