/**
 * What the server does not check: a text over `MAX_TEXT_CHARS` or one that looks binary (a NUL
 * character, which no Markdown post has). Such a file is skipped with a notice (a diagnostic on an
 * open document, a log line for the index) instead of holding the server for seconds. The CLI has
 * no size cut-off. The Node file reader that detects binaries and encodings before decoding is the
 * host's (issue #14); this check is the server's last line for any text that reaches it.
 */
import type { Language } from '../core/index';
import { say } from './messages';

export const MAX_TEXT_CHARS = 8 * 2 ** 20;

/** Why `text` is not checked (in `lang`), or undefined. */
export function skipReason(text: string, lang: Language = 'en'): string | undefined {
  if (text.length > MAX_TEXT_CHARS) return say(lang, 'skippedLarge', { n: MAX_TEXT_CHARS / 2 ** 20 });
  if (text.includes('\u0000')) return say(lang, 'skippedBinary');
  return undefined;
}
