/**
 * A cheap test that a regular expression cannot match a text, to skip running it: the literals one
 * of which every match must contain. `requiredLiterals('(?:发布|公布)(?:的|了)\\s*报告')` gives
 * [['报告'], ['发布', '公布'], ['的', '了']] (best first): a text without 发布 and without 公布 holds no
 * match. `prefilter` turns the best two sets into native patterns (same `i` flag, so the same case
 * folding) that the text must both match before the full pattern runs.
 *
 * Sound by construction: the pattern is read by `@eslint-community/regexpp` (the parser ESLint
 * uses) as JavaScript reads it without the `u` or `v` flag, in its strict mode (without Annex B's
 * lenient syntax: `a{`, `a]`, `[a-\\d]` are refused, and the pattern always runs), and anything whose
 * text is not known gives up on its part only: back-references, modifier groups (`(?i:…)`), class
 * escapes, negated or large classes. Only a sequence's single characters with no quantifier (or
 * `{1}`) are joined into longer literals; lookarounds and anchors match nothing and break a
 * literal. Pure (no host APIs).
 */

import { RegExpParser } from '@eslint-community/regexpp';
import type { Alternative, CharacterClass, Element } from '@eslint-community/regexpp/ast';
import { isCjkCode } from './cjk';

/** A requirement: the match contains at least one of these strings. */
type Req = string[] | null;

const MAX_SET = 64;
const MAX_RANGE = 16;

/** The literal sets of `source` (flags without `u`/`v`), most selective first; undefined when none is known. */
export function requiredLiterals(source: string, flags = ''): string[][] | undefined {
  if (/[uv]/.test(flags)) return undefined;
  let alternatives: Alternative[];
  try {
    alternatives = parser.parsePattern(source, 0, source.length, { unicode: false, unicodeSets: false }).alternatives;
  } catch {
    return undefined; // not a pattern, or Annex B syntax
  }
  let reqs: string[][];
  if (alternatives.length === 1) reqs = sequence(alternatives[0]).sort(better);
  else {
    const u = union(alternatives.map(best));
    reqs = u ? [u] : [];
  }
  return reqs.length ? reqs : undefined;
}

const parser = new RegExpParser({ strict: true, ecmaVersion: 2025 });

/**
 * A test that is false only when `re` cannot match `text` (undefined when nothing is known: run
 * `re`). Kept per pattern by the caller; the tests are native patterns without `g` (no state).
 */
export function prefilter(re: RegExp): ((text: string) => boolean) | undefined {
  const sets = requiredLiterals(re.source, re.flags);
  if (!sets) return undefined;
  // Without `i` when no literal has case (CJK, digits, ASCII punctuation): the same matches, a faster scan.
  const flags = (set: string[]) => (re.flags.includes('i') && !set.every(uncased) ? 'i' : '');
  const tests = sets.slice(0, 2).map((set) => new RegExp(set.map(escape).join('|'), flags(set)));
  return tests.length === 1 ? (t) => tests[0].test(t) : (t) => tests[0].test(t) && tests[1].test(t);
}

/** No case folding maps to or from any of its characters: ASCII but letters, and CJK (cjk.ts). */
function uncased(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80 ? (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a : !isCjkCode(c)) return false;
  }
  return true;
}

function escape(s: string): string {
  let out = '';
  for (let k = 0; k < s.length; k++) out += /[A-Za-z0-9]/.test(s[k]) ? s[k] : '\\u' + s.charCodeAt(k).toString(16).padStart(4, '0');
  return out;
}

/** Most selective first: the longest shortest literal, then the fewest literals. */
function better(a: string[], b: string[]): number {
  const la = Math.min(...a.map((s) => s.length));
  const lb = Math.min(...b.map((s) => s.length));
  return lb - la || a.length - b.length;
}

function union(alts: Req[]): Req {
  const out = new Set<string>();
  for (const a of alts) {
    if (!a) return null;
    for (const s of a) out.add(s);
  }
  return out.size && out.size <= MAX_SET ? [...out] : null;
}

/** An alternative's most selective requirement, or null when it has none. */
function best(alt: Alternative): Req {
  const reqs = sequence(alt);
  return reqs.length ? reqs.sort(better)[0] : null;
}

/** A sequence of elements: the requirements it implies (runs of plain characters joined). */
function sequence(alt: Alternative): string[][] {
  const reqs: string[][] = [];
  let run = '';
  for (const el of alt.elements) {
    let atom: Element = el;
    let min = 1;
    let max = 1;
    if (el.type === 'Quantifier') {
      atom = el.element;
      min = el.min;
      max = el.max;
    }
    if (atom.type === 'Character' && min === 1 && max === 1) {
      run += String.fromCharCode(atom.value);
      continue;
    }
    if (run) reqs.push([run]);
    run = '';
    if (min === 0) continue; // may match zero times
    const req = element(atom);
    if (req) reqs.push(req);
  }
  if (run) reqs.push([run]);
  return reqs;
}

/** What any match of one element contains (null: nothing known). */
function element(el: Element): Req {
  switch (el.type) {
    case 'Character':
      return [String.fromCharCode(el.value)];
    case 'CharacterClass':
      return cls(el);
    case 'Group':
      if (el.modifiers) return null; // `(?i:…)` folds case where the prefilter would not
      return union(el.alternatives.map(best));
    case 'CapturingGroup':
      return union(el.alternatives.map(best));
    default:
      return null; // assertions, lookarounds, back-references, `.`, class escapes
  }
}

/** A character class: its characters when it is a small, plain, non-negated set. */
function cls(c: CharacterClass): Req {
  if (c.negate) return null;
  const out = new Set<string>();
  for (const e of c.elements) {
    if (e.type === 'Character') out.add(String.fromCharCode(e.value));
    else if (e.type === 'CharacterClassRange' && e.max.value - e.min.value < MAX_RANGE) {
      for (let k = e.min.value; k <= e.max.value; k++) out.add(String.fromCharCode(k));
    } else return null;
  }
  return out.size && out.size <= MAX_SET ? [...out] : null;
}
