/**
 * What the playground refuses to analyse, before the worker sees it: text over the size limit
 * (the core takes about 1.6 s per million characters on a laptop-class core; the CLI has no
 * limit) and binary data (control characters, U+FFFD from a failed decoding). Pure; tested by
 * test/playground.share.test.ts.
 */

/** Characters (UTF-16 code units) the playground analyses at most. */
export const MAX_CHARS = 1_000_000;

export type Refusal = { kind: 'too-large'; chars: number } | { kind: 'binary'; bad: number; sample: number };

/** Control characters other than tab, line feed, carriage return and form feed; U+FFFD. */
const BAD = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/g;

/** Why a text must not be analysed, or undefined when it may. */
export function refusal(text: string): Refusal | undefined {
  if (text.length > MAX_CHARS) return { kind: 'too-large', chars: text.length };
  const sample = text.slice(0, 65536);
  const bad = sample.match(BAD)?.length ?? 0;
  // One stray control character is a typo; a NUL, or more than 1 in 200, is not text.
  if (sample.includes('\u0000') || bad > Math.max(2, sample.length / 200)) return { kind: 'binary', bad, sample: sample.length };
  return undefined;
}

/** `10.0 MB`, `512 KB`: a text's size in UTF-8 bytes, for messages. */
export function formatSize(text: string): string {
  const bytes = new TextEncoder().encode(text).length;
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1000))} KB`;
}
