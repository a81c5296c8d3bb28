/**
 * Lexical evidence for the claim detector, as measured in the seventh pass (docs/corpus-review/claims.md):
 * the tokens of a sentence (single Chinese characters, pairs of adjacent characters, Latin words,
 * digits read as one `0`), to which scripts/claims/fit.ts `--lexicon on` fits small per-token weights
 * beside the hand features (strongly regularised; only tokens seen in at least a few candidate
 * sentences of at least three sites; inside each leave-one-site-out fold). It raised the held-out
 * figures but moved findings the wrong way on the development set and the example post, so the
 * detector does not ship it; this module keeps the measurement reproducible.
 */
import { CJK_RANGES } from '../../server/src/core/cjk';

const CJK = new RegExp(`[${CJK_RANGES}]`);
const LATIN_WORD = /[A-Za-z][A-Za-z]+/y;
const DIGITS = /\d+(?:[.,]\d+)*/y;

/** One token of a sentence, with its place in the text. */
export interface LexToken {
  token: string;
  start: number;
  end: number;
}

/**
 * The tokens of a text, each once (its first place): Chinese characters and pairs of adjacent
 * Chinese characters (a digit run counts as the character `0` and a Latin word as `A` when pairing),
 * and Latin words lowercased (`w:report`). Spaces, punctuation and object marks break no pair only
 * when they are spaces; other characters are kept as they are in pairs with a Chinese character.
 */
export function lexTokens(text: string): LexToken[] {
  // The text as units: one per character, a digit run or a Latin word (spaces dropped).
  const units: Array<{ u: string; start: number; end: number; word?: string }> = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (/\s|\uFFFC/.test(c)) {
      i++;
      continue;
    }
    LATIN_WORD.lastIndex = i;
    const w = LATIN_WORD.exec(text);
    if (w) {
      units.push({ u: 'A', start: i, end: i + w[0].length, word: w[0].toLowerCase() });
      i += w[0].length;
      continue;
    }
    DIGITS.lastIndex = i;
    const d = DIGITS.exec(text);
    if (d) {
      units.push({ u: '0', start: i, end: i + d[0].length });
      i += d[0].length;
      continue;
    }
    units.push({ u: c.toLowerCase(), start: i, end: i + 1 });
    i++;
  }
  const seen = new Set<string>();
  const out: LexToken[] = [];
  const add = (token: string, start: number, end: number) => {
    if (seen.has(token)) return;
    seen.add(token);
    out.push({ token, start, end });
  };
  for (let k = 0; k < units.length; k++) {
    const a = units[k];
    if (a.word) add(`w:${a.word}`, a.start, a.end);
    else if (CJK.test(a.u) || a.u === '0') add(a.u, a.start, a.end);
    const b = units[k + 1];
    if (!b) continue;
    const pair = a.u + b.u;
    // A pair holds at least one Chinese character or a figure (`0年`, `0%`).
    if (CJK.test(a.u) || CJK.test(b.u) || ((a.u === '0' || b.u === '0') && /[%％倍xX×]/.test(pair))) add(pair, a.start, b.end);
  }
  return out;
}
