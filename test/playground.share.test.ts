/** The playground's pure parts, under Node (the same CompressionStream as browsers): the shared link and the input guard. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeShare, encodeShare } from '../playground/src/share';
import { MAX_CHARS, formatSize, refusal } from '../playground/src/guard';

const example = readFileSync(join(__dirname, '..', '..', 'examples', '2024-05-22-ai-crypto.md'), 'utf8');

test('share: a post and its .zhen.yml survive the fragment, compressed, URL-safe', async () => {
  const s = { text: example + '\u{1F355} 𠮷 \r\n tab\t', config: 'rules:\n  typo/repeated: warning\n' };
  const frag = await encodeShare(s);
  assert.match(frag, /^z=[A-Za-z0-9_-]+$/);
  const bytes = Buffer.byteLength(s.text);
  assert.ok(frag.length < bytes * 0.7, `${frag.length} characters in the link for a post of ${bytes} UTF-8 bytes`);
  assert.deepEqual(await decodeShare('#' + frag), s);
  assert.deepEqual(await decodeShare(frag), s);
  assert.deepEqual(await decodeShare(await encodeShare({ text: '', config: '' })), { text: '', config: '' });
});

test('share: no fragment is nothing; a damaged one is an error, never a crash', async () => {
  assert.equal(await decodeShare(''), undefined);
  assert.equal(await decodeShare('#section-2'), undefined);
  const frag = await encodeShare({ text: example, config: '' });
  for (const bad of ['z=%%%', 'z=AAAA', frag.slice(0, frag.length / 2), frag.slice(0, 40) + 'x' + frag.slice(41)]) {
    await assert.rejects(decodeShare(bad), /does not decompress|not a Zhen playground link/, bad.slice(0, 20));
  }
});

test('guard: over the size limit, or binary, is refused; text with a stray control character is not', () => {
  assert.equal(refusal(example), undefined);
  assert.equal(refusal(''), undefined);
  assert.deepEqual(refusal('x'.repeat(MAX_CHARS + 1)), { kind: 'too-large', chars: MAX_CHARS + 1 });
  assert.equal(refusal('x'.repeat(MAX_CHARS)), undefined);
  assert.equal(refusal(example + '\u0007'), undefined, 'one BEL is a typo');
  assert.equal(refusal('abc\u0000def')?.kind, 'binary');
  let junk = '';
  for (let i = 0; i < 4096; i++) junk += String.fromCharCode((i * 131 + 7) % 256);
  assert.equal(refusal(junk)?.kind, 'binary');
  assert.equal(refusal('\ufffd'.repeat(100) + example)?.kind, 'binary', 'undecodable bytes');
  assert.equal(formatSize('据'.repeat(3_400_000)), '10.2 MB');
  assert.equal(formatSize('abc'), '1 KB');
});
