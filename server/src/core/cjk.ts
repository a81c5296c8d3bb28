/** Character classes for mixed Chinese/English text. Code points, not bytes. */

/** Han ideographs (with extensions and compatibility forms), kana and bopomofo: characters written without spaces. */
export const CJK_RANGES = '\\u2E80-\\u2FDF\\u3040-\\u30FF\\u3100-\\u312F\\u31A0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';
const cjkRe = new RegExp(`[${CJK_RANGES}]`);

export function isCjkChar(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x2e80) return false;
  if (c >= 0xd840 && c <= 0xd87f) return true; // high surrogates of CJK Ext B–H (U+20000–U+3FFFF)
  return cjkRe.test(ch);
}

/** ASCII letters and digits: the Latin side of a CJK/Latin boundary. */
export function isLatinAlnum(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Full-width punctuation used in Chinese text (CJK symbols block and full-width forms). */
export function isCjkPunctuation(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) || c === 0x2018 || c === 0x2019 ||
    c === 0x201c || c === 0x201d || c === 0x2026 || c === 0x2014 || c === 0x00b7;
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
