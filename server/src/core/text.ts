/**
 * Line and column arithmetic over UTF-16 offsets. The only place that turns
 * offsets into (line, character) pairs; lsp/convert.ts and the CLI use it.
 */
import type { Span } from './types';

/** Offsets at which each line starts. Line breaks: \n, \r\n, lone \r (as LSP). */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 0-based line and UTF-16 character of an offset (clamped into the text). */
export function positionAt(lineStarts: readonly number[], offset: number, textLength?: number): { line: number; character: number } {
  if (textLength !== undefined) offset = Math.max(0, Math.min(offset, textLength));
  const line = Math.max(0, lastAtOrBefore(lineStarts, offset));
  return { line, character: offset - lineStarts[line] };
}

/** The index of the last element ≤ x in an ascending array, or -1. */
export function lastAtOrBefore(sorted: readonly number[], x: number): number {
  return countWhile(sorted.length, (i) => sorted[i] <= x) - 1;
}

/**
 * How many leading indexes of 0..length-1 satisfy `holds`, which must be true up to some index
 * and false after it (a binary search over sorted data).
 */
export function countWhile(length: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offset of a 0-based (line, character), clamped to the line's content. */
export function offsetAt(text: string, lineStarts: readonly number[], line: number, character: number): number {
  if (line < 0) return 0;
  if (line >= lineStarts.length) return text.length;
  const start = lineStarts[line];
  const nextStart = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
  let end = nextStart;
  // Do not place the offset inside the line break.
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return Math.max(start, Math.min(start + character, end));
}

/** True if `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogate(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const hi = text.charCodeAt(offset - 1);
  const lo = text.charCodeAt(offset);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** `offset`, or the start of the surrogate pair it falls inside (providers get whole characters). */
export function codePointStart(text: string, offset: number): number {
  return splitsSurrogate(text, offset) ? offset - 1 : offset;
}

/** A span widened, if needed, so that neither end falls inside a surrogate pair. */
export function onCodePoints(text: string, span: Span): Span {
  const start = codePointStart(text, span.start);
  const end = splitsSurrogate(text, span.end) ? span.end + 1 : span.end;
  return start === span.start && end === span.end ? span : { start, end };
}
