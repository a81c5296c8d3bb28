/** Character classes for mixed Chinese/English text. Code points, not bytes. */

/**
 * The one definition of "Chinese" (CJK) characters: every rule family asks this file, never a
 * hand-written `\u4e00-\u9fff` class (test/core.cjk.test.ts fails on one elsewhere).
 *
 * CJK = Han ideographs (with extension A, radicals and compatibility forms), kana, bopomofo,
 * and the astral Han of extensions B–H (U+20000–U+3FFFF). In UTF-16 an astral character is a
 * surrogate pair: char-code loops count its high surrogate (U+D840–U+D87F), regexes without
 * the `u` flag see only the BMP ranges, `u`-flag regexes use {@link CJK_RANGES_U}.
 */

/** Regex character-class body (no brackets) of the BMP CJK characters, for building RegExps: `[${CJK_RANGES}]`. */
export const CJK_RANGES = '\\u2E80-\\u2FDF\\u3040-\\u30FF\\u3100-\\u312F\\u31A0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';
/** The same class body with the astral Han, for RegExps with the `u` flag only. */
export const CJK_RANGES_U = `${CJK_RANGES}\\u{20000}-\\u{3FFFF}`;
const cjkRe = new RegExp(`[${CJK_RANGES}]`);
const hasCjkRe = new RegExp(`[${CJK_RANGES}\\uD840-\\uD87F]`);

/** Is this UTF-16 code unit CJK (or the high surrogate of astral Han)? The hot-path form: no regex, no string. */
export function isCjkCode(c: number): boolean {
  if (c < 0x2e80) return false;
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x2e80 && c <= 0x2fdf) || (c >= 0x3100 && c <= 0x312f) || (c >= 0x31a0 && c <= 0x31ff) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd840 && c <= 0xd87f);
}

/** Is the first character of `ch` CJK? */
export function isCjkChar(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x2e80) return false;
  if (c >= 0xd840 && c <= 0xd87f) return true; // high surrogates of CJK Ext B–H (U+20000–U+3FFFF)
  return cjkRe.test(ch);
}

/** Does `s` contain a CJK character anywhere? */
export function hasCjk(s: string): boolean {
  return hasCjkRe.test(s);
}

/** ASCII letters and digits: the Latin side of a CJK/Latin boundary. */
export function isLatinAlnum(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Share of CJK characters among letters in a string (0..1). */
export function cjkRatio(text: string): number {
  let cjk = 0;
  let letters = 0;
  for (const ch of text) {
    if (isCjkChar(ch)) { cjk++; letters++; } else if (/\p{L}/u.test(ch)) letters++;
  }
  return letters === 0 ? 0 : cjk / letters;
}
