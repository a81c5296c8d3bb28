/**
 * Nothing lost on disk (issue #14): `zhen check --fix` and every other write through the CLI's main
 * in this process (helpers/cli.ts), and through the built dist/cli.js in a child process where the
 * process matters (an edit while it runs, Ctrl-C, a FIFO that must not hang it), one test (or more)
 * per numbered item of the issue:
 *   1 posts not in UTF-8, 2 binary files, 3 edits made while --fix runs, 4 links,
 *   5 permissions and owners, 6 one failure does not abort the run, 7 FIFOs and /dev/zero,
 *   8 file names (invalid UTF-8, control characters, SARIF URIs).
 * Some need root (chown, mount): CI and the development machines run as root; elsewhere those
 * tests say why they are skipped.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { cliEnv, runCli } from './helpers/cli';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const isRoot = process.getuid?.() === 0;

/** `zhen ARGS` in this process (the CLI's main; see helpers/cli.ts). Every call names its temporary workspace (never the repository). */
function zhen(args: string[], opts: { input?: string | Buffer; cwd: string; env?: Record<string, string> }) {
  return runCli(args, opts);
}

/** `node dist/cli.js ARGS` in a child process, killed after `timeout` ms: for what must never hang. */
function zhenBin(args: string[], opts: { cwd: string; timeout: number }) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd, timeout: opts.timeout, maxBuffer: 64 * 1024 * 1024, env: cliEnv() });
  return { code: r.status, signal: r.signal, stdout: r.stdout?.toString('utf8') ?? '', stderr: r.stderr?.toString('utf8') ?? '' };
}

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'zhen-disk-'));
  made.push(dir);
  writeFileSync(join(dir, '.zhen.yml'), ''); // the workspace root: nothing above it is read
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
  return dir;
}

/** Every file name under `dir` (recursively), to see that no temporary file is left behind. */
function allNames(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    out.push(e.name);
    if (e.isDirectory()) out.push(...allNames(join(dir, e.name)).map((n) => `${e.name}/${n}`));
  }
  return out.sort();
}

/** What `--fix` makes of a UTF-8 text at `path` (through --stdin, which the encodings do not touch). */
async function fixedText(text: string, dir: string, name = 'p.md'): Promise<string> {
  const r = (await zhen(['check', '--stdin', '--fix', '--stdin-filename', join(dir, name)], { input: text, cwd: dir }));
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return r.stdout;
}

/** fixedText of a text in a workspace of `p.md` and `twin.md`, once per text (the encodings share three texts). */
const fixedOnce = new Map<string, string>();
async function fixedTwin(text: string, dir: string): Promise<string> {
  let f = fixedOnce.get(text);
  if (f === undefined) fixedOnce.set(text, (f = await fixedText(text, dir)));
  return f;
}

interface JsonOut {
  files: Array<{ path: string; findings: Array<{ rule: string; message: string; line: number; column: number }> }>;
}

async function findings(dir: string, file: string): Promise<JsonOut['files'][number]['findings']> {
  const r = (await zhen(['check', '--format', 'json', file], { cwd: dir }));
  const out = JSON.parse(r.stdout) as JsonOut;
  return out.files[0]?.findings ?? [];
}

const SIMPLIFIED = '# 标题\n\n我们用Github的API来获取2023年的数据，这是一段中文内容。数据来自公开的接口，每天更新一次。\n\n第二段也是中文，讲的是模型训练好的结果。\n\nThis is the the end.\n';
const TRADITIONAL = '# 標題\n\n我們用Github的API來獲取2023年的資料，這是一段中文內容。資料來自公開的介面，每天更新一次。\n\n第二段也是中文，講的是模型訓練好的結果。\n\nThis is the the end.\n';

// ---- 1. Posts not in UTF-8 --------------------------------------------------------------------

for (const [name, text, encode] of [
  ['GBK', SIMPLIFIED, (t: string) => iconv.encode(t, 'gbk')],
  ['GB18030 (with a four-byte character)', SIMPLIFIED.replace('# 标题', '# 标题 𠀀'), (t: string) => iconv.encode(t, 'gb18030')],
  ['Big5', TRADITIONAL, (t: string) => iconv.encode(t, 'big5')],
  ['UTF-16LE with a BOM', SIMPLIFIED, (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
  ['UTF-16BE with a BOM', SIMPLIFIED, (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
  ['UTF-16LE without a BOM', SIMPLIFIED, (t: string) => Buffer.from(t, 'utf16le')],
  ['UTF-8 with a BOM', SIMPLIFIED, (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])],
] as Array<[string, string, (t: string) => Buffer]>) {
  test(`1. a ${name} post is checked like its UTF-8 twin and fixed in its own encoding, byte for byte`, async () => {
    const original = encode(text);
    const dir = tempDir({ 'p.md': original, 'twin.md': text });
    // Checked faithfully: the same rules at the same places as the UTF-8 post (one run for both: the
    // workspace index, and so every finding, is the same whichever files are named).
    const both = JSON.parse((await zhen(['check', '--format', 'json', 'p.md', 'twin.md'], { cwd: dir })).stdout) as JsonOut;
    const of = (name: string) => (both.files.find((f) => f.path === name)?.findings ?? []).map((f) => `${f.rule}@${f.line}:${f.column}`);
    const got = of('p.md');
    assert.deepEqual(got, of('twin.md'));
    assert.ok(got.some((f) => f.startsWith('typo/cjk-latin-spacing@3')), `Chinese was read: ${got.join(', ')}`);
    // Fixed: exactly the bytes of the fixed text in the same encoding (and BOM).
    const fixed = await fixedTwin(text, dir);
    assert.notEqual(fixed, text);
    const r = (await zhen(['check', '--fix', 'p.md'], { cwd: dir }));
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.deepEqual(readFileSync(join(dir, 'p.md')), encode(fixed));
  });
}

test('1. a UTF-8 post with a stray Latin-1 byte: checked, fixed elsewhere, the byte kept and reported as file/encoding', async () => {
  const left = '# 标题\n\n我们用Github的API来获取数据，咖啡叫Caf';
  const right = '，很好。\n\nThis is the the end.\n';
  const original = Buffer.concat([Buffer.from(left), Buffer.from([0xe9]), Buffer.from(right)]);
  const dir = tempDir({ 'p.md': original });
  const before = await findings(dir, 'p.md');
  const enc = before.filter((f) => f.rule === 'file/encoding');
  assert.equal(enc.length, 1, JSON.stringify(before));
  assert.deepEqual([enc[0].line, enc[0].column], [3, left.split('\n')[2].length + 1]);
  assert.match(enc[0].message, /UTF-8/);
  // The fixed text, with U+FFFD where the byte is; then that character's bytes put back.
  const fixed = await fixedText(left + '\uFFFD' + right, dir);
  assert.equal(fixed.split('\uFFFD').length, 2);
  const [a, b] = fixed.split('\uFFFD');
  (await zhen(['check', '--fix', 'p.md'], { cwd: dir }));
  assert.deepEqual(readFileSync(join(dir, 'p.md')), Buffer.concat([Buffer.from(a), Buffer.from([0xe9]), Buffer.from(b)]));
});

test('1. a GBK post with a broken byte sequence cannot round-trip: checked, never written, file/encoding says so', async () => {
  const original = Buffer.concat([iconv.encode(SIMPLIFIED, 'gbk'), Buffer.from([0x81, 0x0a]), iconv.encode('最后一行中文。\n', 'gbk')]);
  const dir = tempDir({ 'p.md': original });
  const f = await findings(dir, 'p.md');
  const enc = f.filter((x) => x.rule === 'file/encoding');
  assert.equal(enc.length, 1, JSON.stringify(f));
  assert.match(enc[0].message, /GB18030|GBK/);
  assert.ok(f.some((x) => x.rule === 'typo/cjk-latin-spacing'), 'the Chinese is still checked');
  const r = (await zhen(['check', '--fix', 'p.md'], { cwd: dir }));
  assert.deepEqual(readFileSync(join(dir, 'p.md')), original);
  assert.match(r.stderr, /p\.md: fixes not written: .*(GB18030|GBK)/);
});

// ---- 2. Binary files --------------------------------------------------------------------------

test('2. a PNG and random bytes named on the command line are skipped with a notice and never written', async () => {
  const png = readFileSync(join(repo, 'images', 'icon.png'));
  let seed = 7;
  const random = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < random.length; i++) random[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
  const dir = tempDir({ 'icon.png': png, 'noise.md': random, 'post.md': SIMPLIFIED });
  const t0 = Date.now();
  const r = (await zhen(['check', '--fix', 'icon.png', 'noise.md', 'post.md'], { cwd: dir }));
  assert.ok(Date.now() - t0 < 20_000, 'skipping is quick');
  assert.deepEqual(readFileSync(join(dir, 'icon.png')), png);
  assert.deepEqual(readFileSync(join(dir, 'noise.md')), random);
  assert.match(r.stderr, /skipped icon\.png: .*binary/);
  assert.match(r.stderr, /skipped noise\.md: .*binary/);
  assert.notEqual(readFileSync(join(dir, 'post.md'), 'utf8'), SIMPLIFIED, 'the post next to them is fixed');
  assert.doesNotMatch(r.stdout, /icon\.png|noise\.md/);
});

test('2. a post over the size limit is skipped with a message naming the limit; .zhen.yml and --max-file-size set it', async () => {
  const big = SIMPLIFIED.repeat(40); // 7 KB
  const dir = tempDir({ 'big.md': big });
  writeFileSync(join(dir, '.zhen.yml'), 'maxFileSize: 4KB\n');
  const r = (await zhen(['check', '--fix', 'big.md'], { cwd: dir }));
  assert.match(r.stderr, /skipped big\.md: .*larger than .*4 KB.*maxFileSize/);
  assert.equal(readFileSync(join(dir, 'big.md'), 'utf8'), big);
  const r2 = (await zhen(['check', '--max-file-size', '1MB', '--format', 'json', 'big.md'], { cwd: dir }));
  assert.equal((JSON.parse(r2.stdout) as JsonOut).files.length, 1, r2.stderr);
  assert.equal((await zhen(['check', '--max-file-size', 'lots', 'big.md'], { cwd: dir })).code, 2);
});

// ---- 3. Edits made while --fix runs ----------------------------------------------------------

test('3. a post edited, deleted or renamed between the check and the write is left as the user left it', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`p${i}.md`] = `# 第${i}篇\n\n我们用Github的API来获取数据。\n`;
  const dir = tempDir(files);
  const hook = mkdtempSync(join(tmpdir(), 'zhen-hook-'));
  const child = spawn(process.execPath, [cli, 'check', '--fix', '.'], {
    cwd: dir,
    env: { ...process.env, LANG: 'en_US.UTF-8', NO_COLOR: '1', ZHEN_TEST_PAUSE_BEFORE_WRITE: hook },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(hook, 'paused'))) {
    if (Date.now() > deadline) {
      child.kill();
      assert.fail('zhen never reached the pause before writing (ZHEN_TEST_PAUSE_BEFORE_WRITE)');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  writeFileSync(join(dir, 'p1.md'), files['p1.md'] + '\n新段落\n');
  unlinkSync(join(dir, 'p2.md'));
  renameSync(join(dir, 'p3.md'), join(dir, 'p3-renamed.md'));
  writeFileSync(join(hook, 'resume'), '');
  const code = await exited;
  assert.ok(code === 0 || code === 1, stderr);
  assert.equal(readFileSync(join(dir, 'p1.md'), 'utf8'), files['p1.md'] + '\n新段落\n', 'the edit survives');
  assert.ok(!existsSync(join(dir, 'p2.md')), 'the deleted post stays deleted');
  assert.ok(!existsSync(join(dir, 'p3.md')), 'the renamed post is not written back under its old name');
  assert.equal(readFileSync(join(dir, 'p3-renamed.md'), 'utf8'), files['p3.md']);
  assert.match(stderr, /p1\.md: fixes not written: it changed/);
  assert.match(stderr, /p2\.md: fixes not written: it .*(deleted|no longer exists)/);
  assert.equal(readFileSync(join(dir, 'p4.md'), 'utf8'), await fixedText(files['p4.md'], dir, 'p4.md'), 'the others are fixed');
  rmSync(hook, { recursive: true });
});

// ---- 4. Links ------------------------------------------------------------------------------------

test('4. a symlinked post stays a link and its target is fixed; hard links stay one file', async () => {
  const dir = tempDir({ 'real/target.md': SIMPLIFIED, 'hard.md': SIMPLIFIED });
  symlinkSync('real/target.md', join(dir, 'link.md'));
  linkSync(join(dir, 'hard.md'), join(dir, 'hard-twin.md'));
  const fixed = await fixedText(SIMPLIFIED, dir);
  const r = (await zhen(['check', '--fix', 'link.md', 'hard.md'], { cwd: dir }));
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.ok(lstatSync(join(dir, 'link.md')).isSymbolicLink(), 'still a symbolic link');
  assert.equal(readFileSync(join(dir, 'real/target.md'), 'utf8'), fixed);
  assert.equal(statSync(join(dir, 'hard.md')).ino, statSync(join(dir, 'hard-twin.md')).ino, 'still one file');
  assert.equal(statSync(join(dir, 'hard.md')).nlink, 2);
  assert.equal(readFileSync(join(dir, 'hard-twin.md'), 'utf8'), fixed);
  assert.deepEqual(allNames(dir), ['.zhen.yml', 'hard-twin.md', 'hard.md', 'link.md', 'real', 'real/target.md']);
});

test('4. glossary import --write keeps a symlinked .zhen.yml a link and writes its target', async () => {
  const dir = tempDir({ 'config/zhen.yml': 'language: zh-cn\n', 'accept.txt': 'Kubernetes\n' });
  rmSync(join(dir, '.zhen.yml'));
  symlinkSync('config/zhen.yml', join(dir, '.zhen.yml'));
  const r = (await zhen(['glossary', 'import', 'vale', '--accept', 'accept.txt', '--write'], { cwd: dir }));
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(join(dir, '.zhen.yml')).isSymbolicLink());
  assert.match(readFileSync(join(dir, 'config/zhen.yml'), 'utf8'), /^language: zh-cn\n[\s\S]*Kubernetes/);
});

// ---- 5. Permissions and owners ---------------------------------------------------------------

test('5. modes 0600 and 0750 and the owner survive a fix; a read-only (0444) post is refused with a message', { skip: !isRoot && 'needs root (chown)' }, async () => {
  const dir = tempDir({ 'private.md': SIMPLIFIED, 'script.md': SIMPLIFIED, 'readonly.md': SIMPLIFIED, 'owned.md': SIMPLIFIED });
  chmodSync(join(dir, 'private.md'), 0o600);
  chmodSync(join(dir, 'script.md'), 0o750);
  chmodSync(join(dir, 'readonly.md'), 0o444);
  chownSync(join(dir, 'owned.md'), 1234, 2345);
  const r = (await zhen(['check', '--fix', '.'], { cwd: dir }));
  assert.equal(statSync(join(dir, 'private.md')).mode & 0o7777, 0o600);
  assert.equal(statSync(join(dir, 'script.md')).mode & 0o7777, 0o750);
  assert.equal(statSync(join(dir, 'readonly.md')).mode & 0o7777, 0o444);
  const owned = statSync(join(dir, 'owned.md'));
  assert.deepEqual([owned.uid, owned.gid], [1234, 2345]);
  const fixed = await fixedText(SIMPLIFIED, dir);
  for (const f of ['private.md', 'script.md', 'owned.md']) assert.equal(readFileSync(join(dir, f), 'utf8'), fixed, f);
  assert.equal(readFileSync(join(dir, 'readonly.md'), 'utf8'), SIMPLIFIED, 'the read-only post is not written');
  assert.match(r.stderr, /readonly\.md: fixes not written: .*read-only/);
  assert.equal(r.code, 2, 'a fix that could not be written fails the run');
  assert.match(r.stdout, /readonly\.md/, 'the report is printed, with the unfixed post in it');
});

// ---- 6. One failure does not abort the run -------------------------------------------------

test('6. a post in a read-only folder: a per-file error, the rest fixed, the report printed, no temporary file left', async () => {
  const dir = tempDir({ 'a.md': SIMPLIFIED, 'locked/b.md': SIMPLIFIED, 'z.md': SIMPLIFIED });
  chmodSync(join(dir, 'locked'), 0o555);
  try {
    const r = (await zhen(['check', '--fix', '.'], { cwd: dir }));
    const fixed = await fixedText(SIMPLIFIED, dir);
    assert.equal(readFileSync(join(dir, 'a.md'), 'utf8'), fixed);
    assert.equal(readFileSync(join(dir, 'z.md'), 'utf8'), fixed);
    assert.equal(readFileSync(join(dir, 'locked/b.md'), 'utf8'), SIMPLIFIED);
    assert.match(r.stderr, /locked\/b\.md: fixes not written: .*folder/);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.match(r.stdout, /locked\/b\.md/);
    assert.equal(r.code, 2);
    assert.deepEqual(allNames(dir), ['.zhen.yml', 'a.md', 'locked', 'locked/b.md', 'z.md']);
  } finally {
    chmodSync(join(dir, 'locked'), 0o755);
  }
});

test('6. a full disk (a 64 KB tmpfs): the post that does not fit gets an error, the others are fixed, no temporary file left', { skip: !isRoot && 'needs root (mount)' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zhen-full-'));
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
  if (m.status !== 0) {
    t.skip(`cannot mount a tmpfs here: ${m.stderr}`);
    return;
  }
  try {
    const big = SIMPLIFIED + '```\n' + '一'.repeat(12_000) + '\n```\n'; // 36 KB: its temporary copy does not fit
    writeFileSync(join(dir, '.zhen.yml'), '');
    writeFileSync(join(dir, 'a.md'), SIMPLIFIED);
    writeFileSync(join(dir, 'big.md'), big);
    writeFileSync(join(dir, 'z.md'), SIMPLIFIED);
    const r = (await zhen(['check', '--fix', '.'], { cwd: dir }));
    const fixed = await fixedText(SIMPLIFIED, tempDir());
    assert.equal(readFileSync(join(dir, 'a.md'), 'utf8'), fixed);
    assert.equal(readFileSync(join(dir, 'z.md'), 'utf8'), fixed);
    assert.equal(readFileSync(join(dir, 'big.md'), 'utf8'), big, 'the post that did not fit is as it was');
    assert.match(r.stderr, /big\.md: fixes not written: .*(ENOSPC|no space)/i);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.match(r.stdout, /big\.md/);
    assert.equal(r.code, 2);
    assert.deepEqual(allNames(dir), ['.zhen.yml', 'a.md', 'big.md', 'z.md']);
    // A hard-linked post is written in place (a rename would split the link). On a full disk
    // its growth does not fit: it is left whole.
    rmSync(join(dir, 'big.md'));
    const grows = '# 标题\n\n' + ('a中'.repeat(50) + '\n\n').repeat(50); // fix-all adds ~5,000 spaces: more than a block
    writeFileSync(join(dir, 'linked.md'), grows);
    linkSync(join(dir, 'linked.md'), join(dir, 'linked-twin.md'));
    const filler = Buffer.alloc(1024, 0x61);
    for (let i = 0; ; i++) {
      try {
        writeFileSync(join(dir, 'filler'), filler, { flag: 'a' });
      } catch {
        break;
      }
      assert.ok(i < 1000, 'the tmpfs fills up');
    }
    const r2 = (await zhen(['check', '--fix', 'linked.md'], { cwd: dir }));
    assert.match(r2.stderr, /linked\.md: fixes not written: .*(ENOSPC|no space)/i);
    assert.equal(readFileSync(join(dir, 'linked.md'), 'utf8'), grows);
    assert.equal(statSync(join(dir, 'linked.md')).ino, statSync(join(dir, 'linked-twin.md')).ino);
    assert.deepEqual(allNames(dir), ['.zhen.yml', 'a.md', 'filler', 'linked-twin.md', 'linked.md', 'z.md']);
    // With room again, the same post is written in place, both names see it.
    rmSync(join(dir, 'filler'));
    const r3 = (await zhen(['check', '--fix', 'linked.md'], { cwd: dir }));
    assert.doesNotMatch(r3.stderr, /not written/);
    assert.equal(readFileSync(join(dir, 'linked-twin.md'), 'utf8'), await fixedText(grows, tempDir()));
  } finally {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- 7. FIFOs and /dev/zero ---------------------------------------------------------------

test('7. a FIFO named *.md in the workspace, or named on the command line, never hangs; /dev/zero is not read', async () => {
  const dir = tempDir({ 'post.md': SIMPLIFIED });
  const mk = spawnSync('mkfifo', [join(dir, 'pipe.md')]);
  assert.equal(mk.status, 0, String(mk.stderr));
  symlinkSync('/dev/zero', join(dir, 'zero.md'));
  const t0 = Date.now();
  const r1 = zhenBin(['check', 'post.md'], { cwd: dir, timeout: 30_000 });
  assert.equal(r1.signal, null, 'check of another post finished');
  assert.match(r1.stdout, /post\.md/);
  const r2 = zhenBin(['check', '--fix', '.'], { cwd: dir, timeout: 30_000 });
  assert.equal(r2.signal, null, 'check of the folder finished');
  const r3 = zhenBin(['check', 'pipe.md', 'zero.md', 'post.md'], { cwd: dir, timeout: 30_000 });
  assert.equal(r3.signal, null, 'check of the FIFO and /dev/zero finished');
  assert.match(r3.stderr, /skipped pipe\.md: not a regular file/);
  assert.match(r3.stderr, /skipped zero\.md: not a regular file/);
  assert.ok(Date.now() - t0 < 30_000);
  assert.ok(lstatSync(join(dir, 'pipe.md')).isFIFO());
});

// ---- 8. File names ----------------------------------------------------------------------------

test('8. a file name that is not UTF-8 is named (escaped) in a notice, not skipped silently', async () => {
  const dir = tempDir({ 'ok.md': SIMPLIFIED });
  const bad = Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9]), Buffer.from('.md')]);
  writeFileSync(bad, SIMPLIFIED);
  const r = (await zhen(['check', '.'], { cwd: dir }));
  assert.match(r.stderr, /caf\\xE9\.md.*not valid UTF-8/);
});

test('8. control characters in file names are escaped in the terminal output, also with --no-color', async () => {
  const name = 'evil\x1b[31mred\x07.md';
  const dir = tempDir({ [name]: SIMPLIFIED });
  const r = (await zhen(['check', '--no-color', '.'], { cwd: dir }));
  assert.doesNotMatch(r.stdout + r.stderr, /\x1b|\x07/);
  assert.match(r.stdout, /evil\\x1B\[31mred\\x07\.md/);
});

test('8. SARIF URIs are percent-encoded; a backslash in a POSIX file name is a character, not a separator', async () => {
  const dir = tempDir({ 'sub dir/a b#1%\\x.md': SIMPLIFIED });
  const r = (await zhen(['check', '--format', 'sarif', '.'], { cwd: dir }));
  const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
  const uris = new Set(sarif.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri));
  assert.deepEqual([...uris], ['sub%20dir/a%20b%231%25%5Cx.md']);
});

test('3. Ctrl-C while fixes are written stops between two files: nothing half written, no temporary file', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 10; i++) files[`p${i}.md`] = `# 第${i}篇\n\n我们用Github的API来获取数据。\n`;
  const dir = tempDir(files);
  const hook = mkdtempSync(join(tmpdir(), 'zhen-hook-'));
  const child = spawn(process.execPath, [cli, 'check', '--fix', '--jobs', '1', '.'], { cwd: dir, env: { ...process.env, ZHEN_TEST_PAUSE_BEFORE_WRITE: hook } });
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for (const end = Date.now() + 60_000; !existsSync(join(hook, 'paused')); await new Promise((r) => setTimeout(r, 50))) assert.ok(Date.now() < end, 'zhen reached the pause');
  child.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 200));
  writeFileSync(join(hook, 'resume'), '');
  assert.equal(await exited, 'SIGINT', 'ended by the signal');
  for (const [name, text] of Object.entries(files)) assert.equal(readFileSync(join(dir, name), 'utf8'), text, `${name} untouched`);
  assert.deepEqual(allNames(dir), ['.zhen.yml', ...Object.keys(files).sort()]);
  rmSync(hook, { recursive: true });
});
