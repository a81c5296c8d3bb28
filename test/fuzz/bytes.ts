/**
 * The fuzzer's byte-level property (issue #14): a post saved in another encoding (GB18030, GBK,
 * Big5, Shift_JIS, EUC-KR, UTF-16LE/BE, UTF-8 with or without a BOM), its bytes mutated (flipped,
 * stray high bytes, a byte cut out of a character, NULs, truncation), is read by the Node host
 * (`decodeBytes`), fixed (`fixAll`) and written back (`encodeEdits`):
 *   - nothing throws; the decoding facts are consistent (invalid spans on U+FFFD characters);
 *   - no byte outside a fix changes: the written bytes are the original bytes of every kept
 *     stretch of text, with the fixes' new text between them, measured with reference encoders
 *     (iconv-lite, Buffer), not with the product's own byte map;
 *   - the written bytes read back as the fixed text;
 *   - a refusal is for a true reason: the file does not round-trip, a fix covers an invalid
 *     byte, or a fix's text is not encodable.
 */
import iconv from 'iconv-lite';
import { applyEdits, fixAll, type TextEdit } from '../../server/src/core/index';
import { decodeBytes, encodeEdits } from '../../server/src/node/textFile';
import type { Problem } from './check';
import type { Rng } from './mutate';

const ENCODINGS = ['gb18030', 'gbk', 'big5', 'shift_jis', 'euc-kr', 'utf16le', 'utf16be', 'utf8', 'utf8bom', 'utf16lebom'] as const;
type Enc = (typeof ENCODINGS)[number];

/** Reference encoder: iconv-lite for legacy encodings, Buffer for UTF-8/16 (unencodable → `?`). */
function reference(enc: string, text: string): Buffer {
  if (enc === 'UTF-8') return Buffer.from(text, 'utf8');
  if (enc === 'UTF-16LE') return Buffer.from(text, 'utf16le');
  if (enc === 'UTF-16BE') return Buffer.from(text, 'utf16le').swap16();
  return iconv.encode(text, enc, { addBOM: false });
}

function encodeAs(enc: Enc, text: string): Buffer {
  switch (enc) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le': return Buffer.from(text, 'utf16le');
    case 'utf16lebom': return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': return Buffer.from(text, 'utf16le').swap16();
    default: return iconv.encode(text, enc);
  }
}

/** Byte mutations; returns the new bytes and what was done. */
function mutateBytes(rng: Rng, b: Buffer, log: string[]): Buffer {
  let bytes = Buffer.from(b);
  for (let n = rng.int(0, 4); n > 0 && bytes.length; n--) {
    const at = rng.int(0, bytes.length - 1);
    const r = rng.next();
    if (r < 0.3) {
      bytes[at] = rng.int(0x80, 0xff);
      log.push(`byte ${at} → high`);
    } else if (r < 0.5) {
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([rng.int(0x80, 0xff)]), bytes.subarray(at)]);
      log.push(`stray byte at ${at}`);
    } else if (r < 0.7) {
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
      log.push(`byte ${at} cut`);
    } else if (r < 0.8) {
      bytes[at] ^= 1 << rng.int(0, 7);
      log.push(`bit flipped at ${at}`);
    } else if (r < 0.9) {
      bytes = bytes.subarray(0, Math.max(1, at));
      log.push(`truncated at ${at}`);
    } else {
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0]), bytes.subarray(at)]);
      log.push(`NUL at ${at}`);
    }
  }
  return bytes;
}

/** At most `max` characters of `text`, cut on a code-point boundary. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max;
  return text.slice(0, end);
}

export function checkBytes(rng: Rng, source: string): { problems: Problem[]; bytes?: Buffer; mutations: string[] } {
  const problems: Problem[] = [];
  const mutations: string[] = [];
  const enc = rng.pick(ENCODINGS);
  mutations.push(`encoded as ${enc}`);
  const original = mutateBytes(rng, encodeAs(enc, cut(source, 4000)), mutations);
  const fail = (kind: string, message: string) => {
    problems.push({ kind: `bytes-${kind}`, message: `${message} (${mutations.join(', ')})` });
    return { problems, bytes: original, mutations };
  };
  try {
    const file = decodeBytes(original);
    if (!file) return { problems, mutations }; // binary: nothing to check or write
    const { text, facts } = file;
    for (const s of facts.invalid ?? []) if (text.slice(s.start, s.end) !== '\uFFFD') return fail('facts', `invalid span ${s.start}..${s.end} is not on a U+FFFD`);
    const invalid = facts.invalid ?? [];
    if (facts.encoding === 'UTF-8' && Buffer.byteLength(text, 'utf8') - original.length !== 2 * invalid.length) return fail('facts', `${invalid.length} invalid bytes do not account for the byte count`);
    if (!facts.noRoundTrip) {
      const same = encodeEdits(file, []);
      if (!same.ok || !same.bytes.equals(original)) return fail('round-trip', `${facts.encoding}: no edits do not give back the same bytes`);
    }
    const fixed = fixAll(text, {}, { path: 'x.md', source: facts });
    if (!fixed.edits.length) return { problems, mutations };
    const out = encodeEdits(file, fixed.edits);
    if (!out.ok) {
      // A refusal must be for a true reason.
      const u = out.unwritten;
      const truly = facts.noRoundTrip
        || (u?.reason === 'invalid' && invalid.some((s) => s.start < u.span.end && s.end > u.span.start))
        || (u?.reason === 'unencodable' && !!u.chars && [...u.chars].some((ch) => reference(facts.encoding, ch).length === 0 || iconv.decode(reference(facts.encoding, ch), refName(facts.encoding)) !== ch));
      return truly ? { problems, mutations } : fail('refused', `${facts.encoding}: fixes refused without cause: ${out.message}`);
    }
    if (facts.noRoundTrip) return fail('written', `${facts.encoding}: a file that does not round-trip was written`);
    return verifySegments(original, out.bytes, text, fixed.edits, facts.encoding, invalid) ?? (applyEdits(text, fixed.edits) === fixed.text ? { problems, mutations } : fail('edits', 'composed edits do not give the fixed text'));

    function verifySegments(before: Buffer, after: Buffer, t: string, edits: readonly TextEdit[], encoding: string, bad: Array<{ start: number }>) {
      const badAt = new Set(bad.map((s) => s.start));
      /** Bytes of t[from, to) in the original, by the reference encoder (1 byte for an invalid U+FFFD). */
      const length = (from: number, to: number) => {
        let n = reference(encoding, t.slice(from, to)).length;
        for (let i = from; i < to; i++) if (badAt.has(i)) n -= 2; // U+FFFD is 3 bytes; the invalid byte was 1
        return n;
      };
      let textAt = 0;
      let inBefore = 0;
      let inAfter = 0;
      for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
        const keep = length(textAt, e.span.start);
        if (!after.subarray(inAfter, inAfter + keep).equals(before.subarray(inBefore, inBefore + keep))) return fail('outside', `${encoding}: bytes before the fix at ${e.span.start} changed`);
        inBefore += keep + length(e.span.start, e.span.end);
        inAfter += keep + reference(encoding, e.newText).length;
        textAt = e.span.end;
      }
      if (!after.subarray(inAfter).equals(before.subarray(inBefore))) return fail('outside', `${encoding}: bytes after the last fix changed`);
      return undefined;
    }
  } catch (err) {
    return fail('exception', err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 4).join(' | ') : String(err));
  }
}

/** iconv-lite's name for an encoding the host reports (UTF-16 names differ in spelling only). */
function refName(encoding: string): string {
  return encoding === 'UTF-16LE' ? 'utf16le' : encoding === 'UTF-16BE' ? 'utf16be' : encoding;
}
