/**
 * The detector's judgement of a sentence (detector.ts `judge`), kept by the run's rule cache across
 * edits (issue #24): on a long post most of the sentences an edit leaves alone were judged again
 * only because the post object is new. `judge` reads the sentence's clean text (its patterns) and,
 * through its builtin features, the post around it; the key holds all of it:
 *
 * - the sentence's block window (`sentencesByBlock`: its key and sub) and the sentence's place among
 *   the block's sentences: its text, the earlier sentences of its block (`ownData`,
 *   `firstPersonBefore`, `before`, `derived`: detector.ts reads no sentence of another block there);
 * - the paragraph that leads into the list holding the block (`ownData`: ownData.ts `leadIn`);
 * - which of the builtins that read beyond the block fire (`blockquote`, `listItem`, `section`,
 *   `personalPost`, `nextToOutput`, `scenario`, `restates`), asked of the detector itself
 *   (`signalsOf` with those features only; the pattern hits it reads are kept per clean text).
 *
 * Only the in-block builtins and the patterns are saved (most of `judge`'s cost on a long post:
 * the own-data scan, the derived figures, the features' matches and their spans); the others are
 * cheap look-ups in per-post tables. A detector with a builtin feature this list does not know is not
 * cached (`judge` runs every time). The judgement's spans are kept relative to the window and placed
 * on reuse (the last placement kept with it: a block before the edit takes it as it was). Outside a run with a rule cache (the CLI) `judge` simply runs.
 */
import type { Post } from '../../document';
import type { Sentence } from '../../sentences';
import type { Span } from '../../types';
import { cacheTable, memoized } from '../../blockCache';
import { countWhile } from '../../text';
import { judge, signalsOf, type Detector, type Judgement, type Signal } from './detector';
import { sentencesByBlock } from './claimSentences';
import { leadIn } from './ownData';
import type { CleanText } from './cues';

/** Builtins that read the sentence's block only (its window decides them). */
const IN_BLOCK = new Set(['ownData', 'firstPersonBefore', 'before', 'derived']);
/** Builtins that read beyond the block: their answers are part of the key. */
const OUTSIDE = new Set(['blockquote', 'listItem', 'section', 'personalPost', 'nextToOutput', 'scenario', 'restates']);

const cachable = new WeakMap<Detector, boolean>();

/** `judge`, kept by the run's rule cache by everything it reads (above). */
export function judged(det: Detector, post: Post, s: Sentence, clean: CleanText): Judgement {
  let ok = cachable.get(det);
  if (ok === undefined) cachable.set(det, (ok = det.features.every((f) => !f.builtin || IN_BLOCK.has(f.builtin) || OUTSIDE.has(f.builtin))));
  // (no rule cache, as in the CLI: nothing to keep; `cacheTable` is undefined there)
  if (!ok || !cacheTable(post, 'claim/judge-run', () => true)) return judge(det, post, s, clean);
  const groups = sentencesByBlock(post);
  const k = countWhile(groups.length, (i) => groups[i].sentences[0].start <= s.start) - 1;
  const g = groups[k];
  const j = g ? g.sentences.indexOf(s) : -1;
  if (j < 0) return judge(det, post, s, clean);
  const base = g.window.base;
  const outside = signalsOf(det, post, s, clean, (f) => !!f.builtin && OUTSIDE.has(f.builtin)).map((x) => x.id);
  const sub = `${g.sub}\u0000${j}\u0000${outside.join('\u0001')}\u0000${leadIn(post, s.block.span.start) ?? ''}`;
  // (computed here: the run's own judgement is returned, and a copy in window offsets kept with it as placed here)
  let made: Judgement | undefined;
  const kept = memoized(
    post,
    'claim/judge',
    g.window.key,
    (): Kept => {
      made = judge(det, post, s, clean);
      return { rel: moved(made, -base), placed: { base, j: made } };
    },
    sub,
  );
  if (made) return made;
  // A window that stayed where it was (a block before the edit) takes the judgement placed there last time.
  if (kept.placed.base !== base) kept.placed = { base, j: moved(kept.rel, base) };
  return kept.placed.j;
}

/** A kept judgement: in window offsets, and as last placed in a post (as blockCache.ts `placedReports` keeps reports; nothing changes a placed one). */
interface Kept {
  rel: Judgement;
  placed: { base: number; j: Judgement };
}

function at(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

type Match = Signal['matches'][number];

function movedMatch(m: Match, delta: number): Match {
  // (spread: a field the detector adds one day is kept)
  const out: Match = { ...m, span: at(m.span, delta) };
  if (m.name) out.name = { ...m.name, span: at(m.name.span, delta) };
  return out;
}

/** The judgement with its spans moved by `delta` (a new object: a kept one is shared by later runs; signals without matches are shared). */
function moved(j: Judgement, delta: number): Judgement {
  if (!j.signals.length) return j;
  const signals = new Array<Signal>(j.signals.length);
  for (let i = 0; i < signals.length; i++) {
    const x = j.signals[i];
    if (!x.matches.length) {
      signals[i] = x;
      continue;
    }
    const matches = new Array<Match>(x.matches.length);
    for (let k = 0; k < matches.length; k++) matches[k] = movedMatch(x.matches[k], delta);
    signals[i] = { ...x, matches };
  }
  return { ...j, signals };
}
