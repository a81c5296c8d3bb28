/**
 * A post-wide table as a sum of per-window parts, for any rule family (issue #24; the term rules' tables, the
 * styled typo rules' census): each block window's part
 * is kept by the run's rule cache (blockCache.ts, by the window's key), what lies between windows (code
 * and markup, masked: mostly nothing to find) is read directly, and the post-level join of the parts is
 * reused from one of the last few runs when every part equals the one it was made from (the same object, a
 * window the edit did not touch, or an equal one: an edit that changed a block's text but not its part; the
 * last few: a block edited back to a text it had). So an edit costs the changed windows' parts and a pass
 * over the parts, not a scan of the whole prose.
 *
 * Without a rule cache (the CLI, hovers, summaries) every part and the join are simply computed.
 */
import type { Post } from './document';
import { blockWindows, memoized, windowPass, type BlockWindow } from './blockCache';

export interface WindowSum<P> {
  /** The memoised name of the parts (`term/…`); the join is kept under `${name}-join`. */
  name: string;
  /** A window's part: a function of the window's prose alone (its whole lines), without post offsets. */
  part: (w: BlockWindow) => P;
  /** The part of `prose[from, to)`, whole lines between windows (read on each run: keep it cheap where there is nothing). */
  gap: (prose: string, from: number, to: number) => P;
  /** Are two parts equal (the join made of one is the join of the other)? */
  same: (a: P, b: P) => boolean;
}

/** What a cache keeps of a table's joins: the parts of the last few (most recent first), each with its version (the key its value is kept under). */
interface Kept<P> {
  joins: Array<{ parts: P[]; version: number }>;
  versions: number;
}

/** How many joins a table keeps (a block edited back to a text it had finds the join of then). */
const KEPT_JOINS = 4;

/**
 * The parts of `post` in order: each window's (memoised), and each stretch between windows (the windows
 * of a table row share their lines: read once).
 */
export function windowParts<P>(post: Post, sum: WindowSum<P>): P[] {
  const { prose } = post;
  const parts: P[] = [];
  let covered = 0;
  const part = windowPass(post, sum.name, sum.part);
  for (const w of blockWindows(post)) {
    const stop = w.base + w.prose.length;
    if (w.base >= covered) {
      if (w.base > covered) parts.push(sum.gap(prose, covered, w.base));
      parts.push(part(w));
      covered = stop;
    } else if (stop > covered) {
      parts.push(sum.gap(prose, covered, stop));
      covered = stop;
    }
  }
  if (covered < prose.length) parts.push(sum.gap(prose, covered, prose.length));
  return parts;
}

/**
 * `join(parts)` over the parts of `post` (`windowParts`), reused from one of the last runs under the same
 * rule cache when the parts are equal one by one to those it was made from. `join` must be a function of the
 * parts alone, and its value must not be changed by its users (a reused one is shared across runs).
 */
export function joinWindows<P, J>(post: Post, sum: WindowSum<P>, join: (parts: readonly P[]) => J): J {
  return joinParts(post, sum.name, windowParts(post, sum), sum.same, join);
}

/**
 * `join(parts)`, reused from one of the last `KEPT_JOINS` runs under the same rule cache (kept under
 * `${name}-join`) when `parts` are equal one by one to the parts it was made from (`same`; the same object passes at once). For parts
 * that are not windows' (the post's code spans, kept by their text).
 */
export function joinParts<P, J>(post: Post, name: string, parts: P[], same: (a: P, b: P) => boolean, join: (parts: readonly P[]) => J): J {
  // (Memoised under a constant key, the record lives as long as the cache keeps the config and dialect; without a cache it is
  // new on each call, and the join is computed.)
  const kept = memoized<Kept<P>>(post, `${name}-parts`, '', () => ({ joins: [], versions: 0 }));
  const equal = (last: readonly P[]) => last.length === parts.length && parts.every((p, i) => p === last[i] || same(p, last[i]));
  const k = kept.joins.findIndex((j) => equal(j.parts));
  const version = k >= 0 ? kept.joins[k].version : ++kept.versions;
  if (k >= 0) kept.joins.splice(k, 1);
  // (The parts of this run replace the equal ones: the next run's unchanged windows give these very objects.)
  kept.joins.unshift({ parts, version });
  if (kept.joins.length > KEPT_JOINS) kept.joins.pop();
  return memoized(post, `${name}-join`, String(version), () => join(parts));
}

/** Two lists of strings equal item by item. */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
