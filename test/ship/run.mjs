#!/usr/bin/env node
// Zhen as a user installs it from npm, tested from the packed tarball (a step of `npm test`, run
// beside the unit tests by scripts/test.mjs).
//
//   0. the package is packed from a copy of the checkout (the files git lists, tracked and untracked
//      but not ignored, as a clone with the working tree's changes would hold them; this
//      node_modules linked in): `npm pack` runs `prepack`, the production build of dist/cli.js, which rewrites
//      the copy's dist/ and never the dist/ the unit tests are running at the same time;
//   1. `npm pack`: the tarball is under 2 MB and holds only what runs (dist/cli.js, the schema,
//      README, LICENSE, package.json); the package declares no runtime dependency;
//   2. installed into an empty folder with `npm install --offline` and an empty npm cache, so that
//      anything it needed from the registry would fail the install; `npx zhen check` then checks
//      a post (the README's instructions), and the bundle does everything without node_modules:
//      worker threads, a GB18030 post (chardet + iconv-lite), `zhen mcp` (the MCP SDK),
//      `zhen server --stdio` (the language server);
//   3. the same tarball installed globally (`npm install -g`), `zhen --version`;
//   4. action.yml run as a local action on a fixture repository (test/ship/action.mjs), and the
//      pre-commit hooks: `pre-commit try-repo` runs beside all of the above: in CI (or with
//      ZHEN_SHIP_PRECOMMIT=full) of this repository, started first (its own `npm install` of the
//      devDependencies and `prepack` build, as a user's pre-commit runs them, are most of a minute);
//      without, of a hook repository made from the tarball, started once it is packed.
// Ends with one plain line: `ship: N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { hookRepoFromTarball, runActionTests, startPreCommit } from './action.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const POST = join(ROOT, 'examples', '2024-05-22-ai-crypto.md');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'zhen-ship-'));
// An `npm test` run exports npm_* variables for its own package (npm_config_local_prefix names this
// repository!): none may leak into the user's folder, where npm must act as a user's npm does.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
Object.assign(env, { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' });

// `pre-commit try-repo` installs the repository on its own (test/ship/action.mjs): started now, it
// runs beside everything below, and its test (with the action's) waits for it. Without CI it tries
// a hook repository made from the tarball, started once the tarball is packed (below).
const fullPreCommit = Boolean(process.env.CI) || process.env.ZHEN_SHIP_PRECOMMIT === 'full';
let preCommit = fullPreCommit ? startPreCommit({ work, env, root: ROOT }) : undefined;

let passed = 0;
let failed = 0;
/** CPU seconds (user + sys) of this process and the children it has waited for, from /proc (Linux; NaN elsewhere). */
function cpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // utime, stime, cutime, cstime: fields 14–17, in clock ticks (100 per second)
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
}
async function test(name, fn) {
  const t = Date.now();
  const cpu = cpuSeconds();
  try {
    await fn();
    passed++;
    const used = cpuSeconds() - cpu;
    console.log(`ok - ${name} (${((Date.now() - t) / 1000).toFixed(1)} s${Number.isNaN(used) ? '' : `, ${used.toFixed(1)} s CPU`})`);
  } catch (err) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(err?.stack ?? err).split('\n').join('\n  ')}`);
  }
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 28, timeout: 300_000, ...opts });
  if (r.error) throw r.error;
  return r;
}
function ok(r, what) {
  assert.equal(r.status, 0, `${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

const cache = join(work, 'npm-cache');
let tarball = '';

/** The checkout's files as git lists them (tracked, and untracked but not ignored), copied to a new folder, this node_modules linked in. */
function copyCheckout() {
  const dest = join(work, 'checkout');
  const listed = ok(run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT }), 'git ls-files');
  const files = [...new Set(listed.stdout.split('\0').filter(Boolean))];
  let copied = 0;
  for (const f of files) {
    const from = join(ROOT, f);
    if (!existsSync(from) || statSync(from).isDirectory()) continue; // deleted in the working tree, or a submodule
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    copyFileSync(from, join(dest, f));
    copied++;
  }
  assert.ok(existsSync(join(dest, 'package.json')) && copied > 100, `${copied} files copied`);
  symlinkSync(join(ROOT, 'node_modules'), join(dest, 'node_modules'), 'dir');
  return dest;
}

await test('npm pack: under 2 MB, only what runs, no runtime dependency; its stdout is the tarball name alone (pre-commit reads it)', () => {
  const checkout = copyCheckout();
  assert.ok(!existsSync(join(checkout, 'dist')), 'dist/ is ignored: packing must build it');
  const r = ok(run('npm', ['pack', '--pack-destination', work], { cwd: checkout }), 'npm pack');
  // pre-commit's node hooks run `npm install -g <stdout of npm pack>`: nothing else may be printed.
  assert.equal(r.stdout.trim(), `${pkg.name}-${pkg.version}.tgz`, `npm pack printed: ${r.stdout}`);
  tarball = join(work, r.stdout.trim());
  const files = ok(run('tar', ['-tzf', tarball]), 'tar').stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')).sort();
  assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/cli.js', 'package.json', 'schemas/zhen.schema.json']);
  const size = statSync(tarball).size;
  assert.ok(size < 2 * 1024 * 1024, `tarball ${size} bytes`);
  console.log(`  ${r.stdout.trim()}: ${(size / 1024).toFixed(0)} KiB packed, ${files.length} files`);
  assert.equal(pkg.dependencies, undefined, 'package.json declares no runtime dependency: the bundle contains them');
  assert.equal(pkg.private, undefined);
  assert.deepEqual(pkg.bin, { zhen: 'dist/cli.js' });
  assert.match(pkg.repository.url, /github\.com\/zhen-lint\/zhen/);
  assert.equal(pkg.license, 'MIT');
  assert.ok(pkg.engines.node, 'engines.node');
  assert.ok(readFileSync(join(checkout, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node'));
  // The copy had no dist/: `prepack` built it, for production (minified, no source map).
  assert.doesNotMatch(readFileSync(join(checkout, 'dist', 'cli.js'), 'utf8'), /sourceMappingURL/);
});

if (!preCommit) {
  try {
    preCommit = startPreCommit({ work, env, root: ROOT, hookRepo: hookRepoFromTarball({ work, tarball, root: ROOT }) });
  } catch (err) {
    preCommit = Promise.resolve({ status: null, stdout: '', stderr: `no hook repository from the tarball: ${err?.stack ?? err}`, seconds: 0, tried: 'nothing' });
  }
}

const app = join(work, 'blog');
// The README's install instructions, as a user runs them (the registry's `zhen` replaced by the tarball).
const README_INSTALL = ['npm install --save-dev zhen', 'npm install --global zhen', 'npx zhen check'];
await test('the README gives these install commands', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const c of README_INSTALL) assert.ok(readme.includes(c), c);
});
const zhen = (args, opts = {}) => run('npx', ['--offline', 'zhen', ...args], { cwd: app, ...opts });
// After the README's `npx zhen check` has been shown to work: the installed bin itself (npx costs
// about 0.4 s of CPU a call before zhen starts; the bundle it runs is the same).
const bin = join(app, 'node_modules', '.bin', 'zhen');
const direct = (args, opts = {}) => run(bin, args, { cwd: app, ...opts });

await test('installed into an empty folder offline (nothing from the registry), `npx zhen check` checks a post', () => {
  mkdirSync(join(app, '_posts'), { recursive: true });
  copyFileSync(POST, join(app, '_posts', 'post.md'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'blog', private: true }));
  // The README's `npm install --save-dev zhen`, with the tarball for the registry's package.
  ok(run('npm', ['install', '--save-dev', '--offline', '--cache', cache, tarball], { cwd: app }), 'npm install');
  const installed = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
  assert.deepEqual(installed, ['zhen'], 'only zhen is installed');
  const r = zhen(['check', '--format', 'json', '_posts/post.md']);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const json = JSON.parse(r.stdout);
  assert.equal(json.files.length, 1);
  assert.ok(json.files[0].findings.length > 10, `${json.files[0].findings.length} findings`);
  assert.ok(json.files[0].findings.some((f) => f.rule === 'typo/cjk-latin-spacing'));
  const stylish = zhen(['check']);
  assert.match(stylish.stdout, /post\.md/);
  assert.equal(zhen(['--version']).stdout.trim(), pkg.version);
});

await test('the bundle runs without node_modules: worker threads, GB18030 (chardet, iconv-lite)', () => {
  const many = join(app, 'many');
  mkdirSync(many, { recursive: true });
  for (let i = 0; i < 24; i++) writeFileSync(join(many, `p${i}.md`), `---\ntitle: 第${i}篇\n---\n\n使用AI技术的第${i}篇文章。\n`);
  const r = direct(['check', '--format', 'json', '--jobs', '2', 'many']);
  assert.equal(JSON.parse(r.stdout).files.length, 24, r.stderr);
  // GB18030 bytes: decoded through iconv-lite after chardet's guess
  const gb = Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xca, 0xb9, 0xd3, 0xc3]); // 中文使用
  writeFileSync(join(app, 'gb.md'), Buffer.concat([Buffer.from('---\ntitle: t\n---\n\n'), gb, Buffer.from('AI'), gb, gb, Buffer.from('\n')]));
  const g = direct(['check', '--format', 'json', 'gb.md']);
  const findings = JSON.parse(g.stdout).files[0].findings;
  assert.ok(findings.some((f) => f.rule === 'typo/cjk-latin-spacing'), g.stdout);
  assert.ok(findings.some((f) => f.message.includes('中文使用')), `decoded as GB18030: ${g.stdout}`);
});

/** Start the installed `zhen ARGS`, send `messages`, resolve with stdout once `done(stdout)` holds. */
function converse(args, messages, done) {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { cwd: app, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      p.kill();
      reject(new Error(`no answer from zhen ${args.join(' ')}: ${out}\n${err}`));
    }, 30_000);
    p.stdout.on('data', (d) => {
      out += d;
      if (done(out)) {
        clearTimeout(timer);
        p.kill();
        resolve(out);
      }
    });
    p.stderr.on('data', (d) => (err += d));
    for (const m of messages) p.stdin.write(m);
  });
}

await test('zhen mcp (the MCP SDK, bundled) answers initialize and lists its tools', async () => {
  const rpc = (id, method, params) => JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n';
  const out = await converse(
    ['mcp', '--root', app],
    [
      rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'ship-test', version: '1' } }),
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n',
      rpc(2, 'tools/list', {}),
    ],
    (s) => s.includes('"id":2'),
  );
  const tools = JSON.parse(out.split('\n').find((l) => l.includes('"id":2'))).result.tools.map((t) => t.name);
  assert.ok(tools.includes('check') && tools.includes('explain'), tools.join(','));
});

await test('zhen server --stdio (the language server, bundled) answers initialize', async () => {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const out = await converse(['server', '--stdio'], [`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`], (s) => /"capabilities"/.test(s) && /\}\s*$/.test(s));
  assert.match(out, /"hoverProvider":true/);
});

await test('installed globally from the tarball: zhen on the PATH', () => {
  const prefix = join(work, 'global');
  ok(run('npm', ['install', '--global', '--offline', '--cache', cache, '--prefix', prefix, tarball], { cwd: work }), 'npm install --global');
  const r = ok(run(join(prefix, 'bin', 'zhen'), ['--version'], { cwd: work }), 'zhen --version');
  assert.equal(r.stdout.trim(), pkg.version);
});

await runActionTests({ test, tarball, work, env, root: ROOT, preCommit }).catch((err) => test('action tests', () => {
  throw err;
}));

rmSync(work, { recursive: true, force: true });
console.log(`ship: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
