/**
 * Reading and writing text files without losing a byte (issue #14). Every file Zhen reads from
 * disk (posts, `.zhen.yml`, `.gitignore`, site configs, the cache) goes through `readTextFile`,
 * and every file it writes through `writeFileSafely` (fixes via `encodeEdits` first).
 *
 * Reading: regular files only (a FIFO, a device or a socket is refused without blocking: the
 * file is opened non-blocking and checked with fstat), at most `maxBytes` (refused above it),
 * binary content refused. The encoding: a BOM (UTF-8, UTF-16, UTF-32); else UTF-16 without a BOM
 * when the zero bytes say so; else strict UTF-8; else UTF-8 with some bytes that are not UTF-8
 * (each shown as one U+FFFD and kept on disk) when real UTF-8 characters outnumber them; else
 * what `chardet` guesses (GB18030, Big5, Shift_JIS, EUC-KR, windows-125x …), decoded with
 * `iconv-lite`. A BOM stays in the text as U+FEFF, so text offsets map to bytes one to one.
 *
 * Writing fixes: `encodeEdits` copies the file's own bytes outside the edits and encodes only
 * the edits' new text; it refuses when the file does not convert back to the same bytes, when an
 * edit would replace bytes that were not valid, or when the new text has characters the encoding
 * lacks; and it checks the result decodes to the expected text. `writeFileSafely` then re-reads
 * the file and compares it with what was checked, follows symbolic links to their target, keeps a
 * hard-linked file one file (written in place: growth first, so a full disk leaves it whole),
 * keeps mode and owner, respects the write permission bits (also as root), writes a temporary
 * file next to it (every byte: short writes are continued, the size checked), fsyncs it, renames
 * it over the file, syncs the folder, and removes the temporary file on any failure.
 *
 * Why not write-file-atomic: it resolves links and keeps mode and owner, but (7.0.1 and 8.0.0)
 * makes one `write` call and ignores a short count, so on a full disk it renamed a truncated
 * temporary file over the post (test/disk.test.ts reproduced it: a 36 KB post became 20,480
 * bytes); it also splits hard links and writes files whose permission bits say no.
 */
import {
  accessSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import chardet from 'chardet';
import { applyEdits, type SourceFacts, type Span, type TextEdit } from '../core/index';

/** Files larger than this are not read unless `maxFileSize` says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** `maxFileSize`: bytes, or `512KB`, `10MB`, `1.5 MiB` (K = 1,024). Undefined when not a size. */
export function parseByteSize(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?)?b?\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Math.floor(Number(m[1]) * 1024 ** (m[2] ? 'kmg'.indexOf(m[2][0].toLowerCase()) + 1 : 0));
  return n > 0 ? n : undefined;
}

/** A size for people: `10 MB`, `4 KB`, `900 bytes`. */
export function formatByteSize(n: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

// ---- reading bytes -------------------------------------------------------------------------------

export type ReadRefusalReason = 'missing' | 'not-regular' | 'too-large' | 'binary' | 'unreadable';

export interface ReadRefusal {
  ok: false;
  reason: ReadRefusalReason;
  message: string;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? '';
const errText = (err: unknown) => (err as Error).message ?? String(err);

/**
 * The bytes of a regular file, at most `maxBytes` of them. Never blocks on a FIFO and never
 * reads a device: the file is opened non-blocking and checked with fstat before any read.
 */
export function readBytes(path: string | Buffer, maxBytes = DEFAULT_MAX_FILE_SIZE): { ok: true; bytes: Buffer; stat: Stats } | ReadRefusal {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    const code = errCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: 'it does not exist' };
    if (code === 'ENXIO' || code === 'EISDIR') return { ok: false, reason: 'not-regular', message: `not a regular file (${code === 'EISDIR' ? 'a folder' : 'a socket'})` };
    return { ok: false, reason: 'unreadable', message: errText(err) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-regular', message: `not a regular file (${kindOf(stat)})` };
    const tooLarge: ReadRefusal = { ok: false, reason: 'too-large', message: `larger than ${formatByteSize(maxBytes)}, the size limit (set maxFileSize in .zhen.yml or --max-file-size)` };
    if (stat.size > maxBytes) return tooLarge;
    // The file may grow while it is read: read to its end, but never past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(stat.size - total, 64 * 1024), maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) return tooLarge;
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), stat };
  } catch (err) {
    return { ok: false, reason: 'unreadable', message: errText(err) };
  } finally {
    closeSync(fd);
  }
}

// ---- decoding ------------------------------------------------------------------------------------

/** How a file's text and bytes correspond. `utf8` decodes bytes that are not UTF-8 one U+FFFD each. */
type Codec = 'utf8' | 'utf16le' | 'utf16be' | { iconv: string };

export interface TextFile {
  text: string;
  bytes: Buffer;
  /** What `file/encoding` and the write need to know (see core `SourceFacts`). */
  facts: SourceFacts;
  codec: Codec;
}

/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
export function utf8Sequence(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) return cont(1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(2) ? 3 : 0;
  if (c >= 0xf0 && c <= 0xf4) return cont(1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** UTF-8 with every byte that is not part of a valid sequence as one U+FFFD (recorded in `invalid`). */
function decodeUtf8(bytes: Buffer): { text: string; invalid: Span[]; multi: number } {
  let text = '';
  const invalid: Span[] = [];
  let multi = 0;
  let run = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const n = utf8Sequence(bytes, i);
    if (n) {
      multi++;
      i += n;
      continue;
    }
    text += bytes.toString('utf8', run, i);
    invalid.push({ start: text.length, end: text.length + 1 });
    text += '\uFFFD';
    run = ++i;
  }
  text += bytes.toString('utf8', run);
  return { text, invalid, multi };
}

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text when the bytes are valid UTF-8 (native speed), else undefined. */
function strictUtf8(bytes: Buffer): string | undefined {
  try {
    return FATAL_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeWith(codec: Codec, bytes: Buffer): { text: string; invalid: Span[] } {
  if (codec === 'utf8') return decodeUtf8(bytes);
  if (codec === 'utf16le') return { text: bytes.toString('utf16le'), invalid: [] };
  // An odd last byte is dropped by the decoding (the file then does not round-trip).
  if (codec === 'utf16be') return { text: Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16().toString('utf16le'), invalid: [] };
  const text = iconv.decode(bytes, codec.iconv, { stripBOM: false });
  return { text, invalid: [] };
}

function encodeWith(codec: Codec, text: string): Buffer {
  if (codec === 'utf8') return Buffer.from(text, 'utf8');
  if (codec === 'utf16le') return Buffer.from(text, 'utf16le');
  if (codec === 'utf16be') return Buffer.from(text, 'utf16le').swap16();
  return iconv.encode(text, codec.iconv, { addBOM: false });
}

/** Control characters that text files do not hold (tab, line breaks, form feed and ESC are allowed). */
const CONTROL = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) CONTROL[c] = 1;
for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]) CONTROL[c] = 0;
CONTROL[0x7f] = 1;

/** Binary when more than 1 % of the characters (and at least two) are control characters. */
function looksBinary(s: Uint8Array | string): boolean {
  const limit = Math.max(1, s.length / 100);
  let n = 0;
  if (typeof s === 'string') {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 128 && CONTROL[c] && ++n > limit) return true;
    }
  } else {
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c < 128 && CONTROL[c] && ++n > limit) return true;
    }
  }
  return false;
}

/** Characters that a text decoded the wrong way is full of: controls, lone surrogates, private use, C1, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const IMPLAUSIBLE = /[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ue000-\uf8ff\ufffe\uffff]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * UTF-16 without a BOM: the zero bytes (high bytes of ASCII; a few CJK characters have a zero low
 * byte) mostly on one parity, and a decoding with next to nothing implausible in it.
 */
function bomlessUtf16(bytes: Buffer): Codec | undefined {
  if (bytes.length % 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) i % 2 ? odd++ : even++;
  const codec: Codec | undefined = odd >= 3 * even ? 'utf16le' : even >= 3 * odd ? 'utf16be' : undefined;
  if (!codec) return undefined;
  const text = decodeWith(codec, bytes).text;
  return (text.match(IMPLAUSIBLE)?.length ?? 0) * 100 > text.length ? undefined : codec;
}

function withBom(bytes: Buffer): { codec: Codec; name: string } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { codec: 'utf8', name: 'UTF-8' };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { codec: { iconv: 'utf32le' }, name: 'UTF-32LE' };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { codec: { iconv: 'utf32be' }, name: 'UTF-32BE' };
  if (a === 0xff && b === 0xfe) return { codec: 'utf16le', name: 'UTF-16LE' };
  if (a === 0xfe && b === 0xff) return { codec: 'utf16be', name: 'UTF-16BE' };
  return undefined;
}

function finish(bytes: Buffer, codec: Codec, name: string, bom: boolean): TextFile {
  const { text, invalid } = decodeWith(codec, bytes);
  const facts: SourceFacts = { encoding: name, bom };
  if (codec === 'utf8') {
    if (invalid.length) facts.invalid = invalid;
  } else if (!encodeWith(codec, text).equals(bytes)) {
    facts.noRoundTrip = true;
    const bad = [...text.matchAll(/\uFFFD/g)].map((m) => ({ start: m.index!, end: m.index! + 1 }));
    if (bad.length) facts.invalid = bad;
  }
  return { text, bytes, facts, codec };
}

/** Encodings that chardet names but are no single-byte or multi-byte legacy encoding we can map. */
const SKIP_GUESS = /^(UTF-|ISO-2022)/i;

/**
 * Decode a file's bytes (see the header for the order of the guesses). Undefined for binary
 * content. Never throws.
 */
export function decodeBytes(bytes: Buffer): TextFile | undefined {
  const bom = withBom(bytes);
  if (bom) {
    const file = finish(bytes, bom.codec, bom.name, true);
    return looksBinary(file.text) ? undefined : file;
  }
  if (bytes.includes(0)) {
    const utf16 = bomlessUtf16(bytes);
    if (utf16) return finish(bytes, utf16, utf16 === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE', false);
  }
  if (looksBinary(bytes)) return undefined;
  const strict = strictUtf8(bytes);
  if (strict !== undefined) return { text: strict, bytes, facts: { encoding: 'UTF-8', bom: false }, codec: 'utf8' };
  const utf8 = decodeUtf8(bytes);
  if (!utf8.invalid.length) return { text: utf8.text, bytes, facts: { encoding: 'UTF-8', bom: false }, codec: 'utf8' };
  // A few stray bytes among real UTF-8 characters: UTF-8 that keeps them.
  if (utf8.multi >= utf8.invalid.length) return finish(bytes, 'utf8', 'UTF-8', false);
  let guesses: Array<{ name: string }> = [];
  try {
    guesses = chardet.analyse(bytes.subarray(0, 256 * 1024));
  } catch {
    guesses = [];
  }
  let fallback: TextFile | undefined;
  for (const g of guesses) {
    if (SKIP_GUESS.test(g.name) || !iconv.encodingExists(g.name)) continue;
    const file = finish(bytes, { iconv: g.name }, g.name, false);
    if (looksBinary(file.text)) continue;
    if (!file.facts.noRoundTrip) return file;
    fallback ??= file;
  }
  // No guess round-trips: the best one is still better to check than U+FFFD everywhere, but
  // when most bytes are not UTF-8 and nothing decodes them, this is not text.
  if (fallback) return fallback;
  return utf8.invalid.length * 10 > bytes.length ? undefined : finish(bytes, 'utf8', 'UTF-8', false);
}

export type ReadResult = ({ ok: true } & TextFile) | ReadRefusal;

/** Read a text file: regular, within the size limit, not binary, decoded (see the header). */
export function readTextFile(path: string | Buffer, maxBytes = DEFAULT_MAX_FILE_SIZE): ReadResult {
  const r = readBytes(path, maxBytes);
  if (!r.ok) return r;
  const file = decodeBytes(r.bytes);
  if (!file) return { ok: false, reason: 'binary', message: 'binary content (not text)' };
  return { ok: true, ...file };
}

/** The text of a file, or undefined when it cannot be read as text (for config and site files). */
export function readText(path: string, maxBytes = DEFAULT_MAX_FILE_SIZE): string | undefined {
  const r = readTextFile(path, maxBytes);
  return r.ok ? r.text : undefined;
}

// ---- encoding edits ---------------------------------------------------------------------------

export type EncodeResult = { ok: true; bytes: Buffer; facts: SourceFacts } | { ok: false; message: string; unwritten?: SourceFacts['unwritten'] };

/** Bytes of one code point in `codec` (valid UTF-8 or a round-tripping legacy encoding). */
function byteLength(codec: Codec, cp: number, cache: Map<number, number>): number {
  if (codec === 'utf8') return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  if (codec === 'utf16le' || codec === 'utf16be') return cp < 0x10000 ? 2 : 4;
  if (cp < 0x80 && !/^utf/i.test(codec.iconv)) return 1;
  let n = cache.get(cp);
  if (n === undefined) cache.set(cp, (n = iconv.encode(String.fromCodePoint(cp), codec.iconv, { addBOM: false }).length));
  return n;
}

/** Where each of `offsets` (sorted UTF-16 offsets on code-point boundaries) lies in the bytes. */
function byteOffsets(file: TextFile, offsets: number[]): number[] {
  const { text, codec } = file;
  const invalid = new Set((file.facts.invalid ?? []).map((s) => s.start));
  const cache = new Map<number, number>();
  const out: number[] = [];
  let bytes = 0;
  let k = 0;
  for (let i = 0; k < offsets.length; ) {
    while (k < offsets.length && offsets[k] === i) out[k++] = bytes;
    if (i >= text.length) break;
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    bytes += codec === 'utf8' && invalid.has(i) ? 1 : byteLength(codec, cp, cache);
    i += units;
  }
  while (out.length < offsets.length) out.push(file.bytes.length);
  return out;
}

/** Characters of `s` that `codec` cannot encode (they would not decode back). */
function unencodable(codec: Codec, s: string): string {
  const bad = new Set<string>();
  for (const ch of s) if (decodeWith(codec, encodeWith(codec, ch)).text !== ch) bad.add(ch);
  return [...bad].join('');
}

/**
 * The file's bytes with `edits` (sorted, disjoint, over `file.text`) applied: the original bytes
 * outside the edits, the edits' new text encoded in the file's encoding. Refused (with the facts
 * `file/encoding` reports) when that cannot be done without losing or inventing a byte.
 */
export function encodeEdits(file: TextFile, edits: readonly TextEdit[]): EncodeResult {
  const { facts, codec } = file;
  if (facts.noRoundTrip) return { ok: false, message: `it is ${facts.encoding} that does not convert back to the same bytes` };
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  for (const e of sorted) {
    if (facts.invalid?.some((s) => s.start < e.span.end && s.end > e.span.start)) {
      return { ok: false, message: `a fix would replace bytes that are not valid ${facts.encoding}`, unwritten: { reason: 'invalid', span: e.span } };
    }
    const bad = e.newText && decodeWith(codec, encodeWith(codec, e.newText)).text !== e.newText ? unencodable(codec, e.newText) : '';
    if (bad) return { ok: false, message: `${facts.encoding} cannot hold "${bad}"`, unwritten: { reason: 'unencodable', span: e.span, chars: bad } };
  }
  const at = byteOffsets(file, sorted.flatMap((e) => [e.span.start, e.span.end]));
  const parts: Buffer[] = [];
  let pos = 0;
  sorted.forEach((e, k) => {
    parts.push(file.bytes.subarray(pos, at[2 * k]), encodeWith(codec, e.newText));
    pos = at[2 * k + 1];
  });
  parts.push(file.bytes.subarray(pos));
  const bytes = Buffer.concat(parts);
  // The proof: the new bytes read back as exactly the fixed text (else nothing is written).
  const back = decodeWith(codec, bytes);
  const expected = applyEdits(file.text, sorted);
  if (back.text !== expected) return { ok: false, message: `the fixed text does not encode back to ${facts.encoding} faithfully` };
  const after: SourceFacts = { encoding: facts.encoding, bom: facts.bom };
  if (back.invalid.length) after.invalid = back.invalid;
  return { ok: true, bytes, facts: after };
}

// ---- writing -------------------------------------------------------------------------------------

/** Why an existing file must not be written: not a regular file, or its permission bits say no. */
function fileRefusal(target: string, st: Stats): string | undefined {
  if (!st.isFile()) return 'not a regular file';
  // The write permission bits are the user's word, also for root (who could write anyway).
  if ((st.mode & 0o222) === 0) return `the file is read-only (${modeText(st.mode)})`;
  try {
    accessSync(target, constants.W_OK);
  } catch (err) {
    return `you cannot write it (${errCode(err) || errText(err)})`;
  }
  return undefined;
}

/** Why `writeFileSafely` would refuse to write this existing file (undefined: it would try). */
export function writeRefusal(path: string): string | undefined {
  try {
    const target = realpathSync(path);
    return fileRefusal(target, statSync(target));
  } catch {
    return undefined;
  }
}

export type WriteResult =
  | { ok: true }
  /** `changed`/`gone`: the file is not as it was checked (not an error); `refused`: not writable; `failed`: the write failed. */
  | { ok: false; kind: 'changed' | 'gone' | 'refused' | 'failed'; message: string };

export const sha1 = (b: Buffer | string): string => createHash('sha1').update(b).digest('hex');

const modeText = (mode: number) => `mode ${(mode & 0o7777).toString(8).padStart(4, '0')}`;

export interface WriteOptions {
  /** The file's bytes (or their sha1) when it was checked: it is not written if it changed since. */
  expect?: Buffer | string;
}

/**
 * Write `bytes` to `path` so that nothing can be lost (see the header). Never throws: a failure
 * is returned, and no temporary file is left behind.
 */
export function writeFileSafely(path: string, bytes: Buffer, opts: WriteOptions = {}): WriteResult {
  let target = path;
  let st: Stats | undefined;
  try {
    target = realpathSync(path);
    st = statSync(target);
  } catch (err) {
    if (errCode(err) !== 'ENOENT') return { ok: false, kind: 'failed', message: errText(err) };
    if (opts.expect !== undefined) return { ok: false, kind: 'gone', message: 'it no longer exists (deleted or renamed since it was checked)' };
    try {
      if (lstatSync(path).isSymbolicLink()) return { ok: false, kind: 'refused', message: 'it is a symbolic link to a file that does not exist' };
    } catch {
      /* a new file */
    }
  }
  const refusal = st && fileRefusal(target, st);
  if (refusal) return { ok: false, kind: 'refused', message: refusal };
  if (opts.expect !== undefined) {
    const now = readBytes(target, Number.MAX_SAFE_INTEGER);
    if (!now.ok) return now.reason === 'missing' ? { ok: false, kind: 'gone', message: 'it no longer exists (deleted or renamed since it was checked)' } : { ok: false, kind: 'failed', message: now.message };
    const same = typeof opts.expect === 'string' ? sha1(now.bytes) === opts.expect : now.bytes.equals(opts.expect);
    if (!same) return { ok: false, kind: 'changed', message: 'it changed after it was checked (run zhen again)' };
  }
  try {
    if (st && st.nlink > 1) writeInPlace(target, bytes, st.size);
    else {
      const dir = dirname(target);
      const dst = statSync(dir);
      if ((dst.mode & 0o222) === 0) return { ok: false, kind: 'refused', message: `its folder is read-only (${modeText(dst.mode)})` };
      try {
        accessSync(dir, constants.W_OK | constants.X_OK);
      } catch (err) {
        return { ok: false, kind: 'refused', message: `its folder is not writable (${errCode(err) || errText(err)})` };
      }
      writeViaTemporary(target, bytes, st);
      syncFolder(dir);
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, kind: 'failed', message: `${errText(err)}` };
  }
}

/** Write bytes [from, to) at the same file positions, continuing after short writes. */
function writeAll(fd: number, bytes: Buffer, from: number, to: number): void {
  for (let pos = from; pos < to; ) {
    const n = writeSync(fd, bytes, pos, to - pos, pos);
    if (n <= 0) throw Object.assign(new Error('no space left on device (a write wrote nothing)'), { code: 'ENOSPC' });
    pos += n;
  }
}

/**
 * The atomic write: a temporary file in the same folder (created 0600, so a private file is never
 * readable by others meanwhile), every byte written and the size checked, owner and mode copied
 * from the old file, fsync, rename over the target. On any failure the temporary file is removed
 * and the target is as it was.
 */
function writeViaTemporary(target: string, bytes: Buffer, old: Stats | undefined): void {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.zhen-tmp`);
  let fd: number | undefined = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  let renamed = false;
  try {
    writeAll(fd, bytes, 0, bytes.length);
    if (fstatSync(fd).size !== bytes.length) throw new Error(`the temporary file has ${fstatSync(fd).size} bytes, not ${bytes.length}`);
    if (old) {
      try {
        fchownSync(fd, old.uid, old.gid);
      } catch (err) {
        if (errCode(err) !== 'EPERM' && errCode(err) !== 'EINVAL') throw err; // not root: the file becomes the user's
      }
      fchmodSync(fd, old.mode & 0o7777);
    } else fchmodSync(fd, 0o666 & ~process.umask());
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
    renamed = true;
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (!renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    }
  }
}

/**
 * A file with several hard links is written in place (a rename would split it from its other
 * names). What grows it is written first: if the disk is full, the file is cut back to its old
 * size with its old bytes untouched. Then the old part is overwritten, the end cut, fsync.
 */
function writeInPlace(target: string, bytes: Buffer, oldSize: number): void {
  const fd = openSync(target, constants.O_WRONLY);
  try {
    if (bytes.length > oldSize) {
      try {
        writeAll(fd, bytes, oldSize, bytes.length);
        fsyncSync(fd);
      } catch (err) {
        try {
          ftruncateSync(fd, oldSize);
        } catch {
          /* keep the first error */
        }
        throw err;
      }
    }
    writeAll(fd, bytes, 0, Math.min(oldSize, bytes.length));
    if (bytes.length < oldSize) ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** After a rename, fsync the folder so the new entry survives a crash (where the OS allows it). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    /* not supported here (Windows): the rename still happened */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
