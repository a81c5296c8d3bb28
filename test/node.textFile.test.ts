/** server/src/node/textFile.ts on its own: sizes, decoding, encoding edits, safe writes; and the CLI's name escaping and SARIF URIs. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeBytes, encodeEdits, formatByteSize, parseByteSize, readBytes, readTextFile, writeFileSafely } from '../server/src/node/textFile';
import { pathToUri, printable, printableBytes } from '../server/src/cli/format';

const repo = join(__dirname, '..', '..');
const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'zhen-textfile-'));
  made.push(d);
  return d;
};

test('parseByteSize and formatByteSize', () => {
  assert.equal(parseByteSize(1234), 1234);
  assert.equal(parseByteSize('4KB'), 4096);
  assert.equal(parseByteSize(' 10 MB '), 10 * 1024 * 1024);
  assert.equal(parseByteSize('1.5MiB'), 1.5 * 1024 * 1024);
  assert.equal(parseByteSize('512'), 512);
  for (const bad of ['lots', '-1', '0', '1TB', '', 0, -5, 1.5]) assert.equal(parseByteSize(bad as string | number), undefined, String(bad));
  assert.equal(formatByteSize(10 * 1024 * 1024), '10 MB');
  assert.equal(formatByteSize(4096), '4 KB');
  assert.equal(formatByteSize(900), '900 bytes');
});

test('decodeBytes: the encodings it finds, and what is binary', () => {
  const zh = '# 标题\n\n这是一段用来检测编码的中文内容，包含常用的汉字和标点符号。\n';
  const ja = '# タイトル\n\nこれは文字コードを判定するための日本語の文章です。漢字とかなを含みます。\n';
  const ko = '# 제목\n\n이것은 인코딩을 감지하기 위한 한국어 문장입니다. 여러 글자를 포함합니다.\n';
  const cases: Array<[Buffer, string, string]> = [
    [Buffer.from(''), 'UTF-8', ''],
    [Buffer.from(zh), 'UTF-8', zh],
    [iconv.encode(zh, 'gbk'), 'GB18030', zh],
    [iconv.encode(ja, 'shift_jis'), 'Shift_JIS', ja],
    [iconv.encode(ko, 'euc-kr'), 'EUC-KR', ko],
    [Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(zh, 'utf32le')]), 'UTF-32LE', '\uFEFF' + zh],
    [Buffer.from(zh, 'utf16le').swap16(), 'UTF-16BE', zh],
  ];
  for (const [bytes, encoding, text] of cases) {
    const f = decodeBytes(bytes);
    assert.ok(f, encoding);
    assert.equal(f.facts.encoding, encoding);
    assert.equal(f.text, text, encoding);
    assert.ok(!f.facts.noRoundTrip && !f.facts.invalid, encoding);
  }
  // A Latin-1 post (no UTF-8 at all) is a single-byte encoding that round-trips.
  const latin = decodeBytes(Buffer.from('# Caf\xe9\n\nA cr\xe8me br\xfbl\xe9e recipe, written in an old editor.\n', 'latin1'))!;
  assert.match(latin.facts.encoding, /^(ISO-8859-1|windows-1252)$/);
  assert.ok(latin.text.includes('Café') && !latin.facts.noRoundTrip);
  // A NUL or two in a long text is still text; a PNG and random bytes are not.
  assert.ok(decodeBytes(Buffer.from('a'.repeat(500) + '\0' + 'b'.repeat(500))));
  assert.equal(decodeBytes(readFileSync(join(repo, 'images', 'icon.png'))), undefined);
  assert.equal(decodeBytes(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))), undefined);
  // An odd-length UTF-16BE file with a BOM (found by the fuzzer): read, not written.
  const odd = decodeBytes(Buffer.from([0xfe, 0xff, 0, 0x41, 0]))!;
  assert.equal(odd.text, '\uFEFFA');
  assert.equal(odd.facts.noRoundTrip, true);
});

test('encodeEdits: bytes outside the edits are the original ones; refusals say why', () => {
  // UTF-8 with a stray byte: an edit next to it is written, one over it is refused.
  const bytes = Buffer.concat([Buffer.from('中文Caf'), Buffer.from([0xe9]), Buffer.from('好。')]);
  const f = decodeBytes(bytes)!;
  assert.equal(f.text, '中文Caf\uFFFD好。');
  assert.deepEqual(f.facts.invalid, [{ start: 5, end: 6 }]);
  const ok = encodeEdits(f, [{ span: { start: 2, end: 2 }, newText: ' ' }, { span: { start: 6, end: 6 }, newText: ' ' }]);
  assert.ok(ok.ok);
  assert.deepEqual(ok.bytes, Buffer.concat([Buffer.from('中文 Caf'), Buffer.from([0xe9]), Buffer.from(' 好。')]));
  assert.deepEqual(ok.facts.invalid, [{ start: 6, end: 7 }]);
  const over = encodeEdits(f, [{ span: { start: 5, end: 6 }, newText: 'é' }]);
  assert.ok(!over.ok);
  assert.equal(over.unwritten?.reason, 'invalid');
  // Big5 cannot hold an emoji or simplified characters.
  const big5 = decodeBytes(iconv.encode('# 標題\n\n這是一段繁體中文的內容，用來測試編碼的寫回。資料來自公開的介面。\n', 'big5'))!;
  assert.equal(big5.facts.encoding, 'Big5');
  const no = encodeEdits(big5, [{ span: { start: 2, end: 2 }, newText: '😀标' }]);
  assert.ok(!no.ok);
  assert.deepEqual(no.unwritten, { reason: 'unencodable', span: { start: 2, end: 2 }, chars: '😀标' });
  const yes = encodeEdits(big5, [{ span: { start: 4, end: 4 }, newText: '：測試' }]);
  assert.ok(yes.ok);
  assert.equal(iconv.decode(yes.bytes, 'big5'), '# 標題：測試\n\n這是一段繁體中文的內容，用來測試編碼的寫回。資料來自公開的介面。\n');
});

test('readBytes: regular files only, never blocking on a FIFO, bounded', () => {
  const dir = tempDir();
  assert.equal(spawnSync('mkfifo', [join(dir, 'fifo.md')]).status, 0);
  const fifo = readBytes(join(dir, 'fifo.md'));
  assert.ok(!fifo.ok && fifo.reason === 'not-regular' && /FIFO/.test(fifo.message));
  const folder = readBytes(dir);
  assert.ok(!folder.ok && folder.reason === 'not-regular');
  const zero = readBytes('/dev/zero');
  assert.ok(!zero.ok && zero.reason === 'not-regular' && /character device/.test(zero.message));
  writeFileSync(join(dir, 'big.md'), 'x'.repeat(5000));
  const big = readTextFile(join(dir, 'big.md'), 4096);
  assert.ok(!big.ok && big.reason === 'too-large' && /4 KB/.test(big.message));
  const missing = readBytes(join(dir, 'nope.md'));
  assert.ok(!missing.ok && missing.reason === 'missing');
});

test('writeFileSafely: a new file, a changed or vanished file, a link to nowhere', () => {
  const dir = tempDir();
  const p = join(dir, 'a.md');
  assert.deepEqual(writeFileSafely(p, Buffer.from('one')), { ok: true });
  assert.equal(readFileSync(p, 'utf8'), 'one');
  const changed = writeFileSafely(p, Buffer.from('two'), { expect: Buffer.from('zero') });
  assert.ok(!changed.ok && changed.kind === 'changed');
  assert.equal(readFileSync(p, 'utf8'), 'one');
  assert.deepEqual(writeFileSafely(p, Buffer.from('two'), { expect: Buffer.from('one') }), { ok: true });
  assert.equal(readFileSync(p, 'utf8'), 'two');
  const gone = writeFileSafely(join(dir, 'b.md'), Buffer.from('x'), { expect: Buffer.from('') });
  assert.ok(!gone.ok && gone.kind === 'gone');
  symlinkSync('nowhere.md', join(dir, 'dangling.md'));
  const dangling = writeFileSafely(join(dir, 'dangling.md'), Buffer.from('x'));
  assert.ok(!dangling.ok && dangling.kind === 'refused');
});

test('file names for the terminal and for SARIF', () => {
  assert.equal(printable('a\x1b[31mb\x07c\u202Ed.md'), 'a\\x1B[31mb\\x07c\\u{202E}d.md');
  assert.equal(printable('普通 名字.md'), '普通 名字.md');
  assert.equal(printableBytes(Buffer.concat([Buffer.from('中caf'), Buffer.from([0xe9, 0x1b]), Buffer.from('.md')])), '中caf\\xE9\\x1B.md');
  assert.equal(pathToUri('sub dir/a#1%.md', '/'), 'sub%20dir/a%231%25.md');
  assert.equal(pathToUri('posts\\中文 名.md', '\\'), 'posts/%E4%B8%AD%E6%96%87%20%E5%90%8D.md');
  assert.equal(pathToUri('../x.md', '/'), '../x.md');
  assert.equal(pathToUri('/tmp/a b.md', '/'), 'file:///tmp/a%20b.md');
  assert.equal(pathToUri('C:\\blog\\a.md', '\\'), 'file:///C:/blog/a.md');
});
