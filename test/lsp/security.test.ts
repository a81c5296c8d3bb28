/**
 * Security (#9), tested by behaviour: the built bundles where a preload must see the process, the
 * CLI's main and the server in this process elsewhere (helpers/cli.ts, harness.ts):
 *   - no network at run time: the CLI and a language-server session run with every socket-opening
 *     API of Node (net, tls, http, https, dns, dgram, fetch) patched to record and throw;
 *   - nothing in a workspace is executed: files that would write a marker if run
 *     (`.zhen.js`, `zhen.config.js`, a package.json `main`, a `plugins:`/`extends:` in .zhen.yml,
 *     YAML `!!js/function` tags) are left alone by the CLI and the server;
 *   - workspace file access stays inside the workspace: `../../etc/passwd`, absolute paths and
 *     symbolic links leading out are refused (server/src/node/workspace.ts), also for the
 *     `.zhen.yml` key that names a file (`frontMatter.schema`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { listMarkdownFiles, nodeFiles } from '../../server/src/node/workspace';
import { TestClient } from './harness';
import { runCli } from '../helpers/cli';

const repoRoot = join(__dirname, '..', '..', '..');
const cli = join(repoRoot, 'dist', 'cli.js');

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

const POST = `---
title: 网络与安全
date: 2024-05-01
---

研究表明80%的团队用AI写代码（见 https://example.com/report ）。据IDC统计，GitHub 上的项目很多。

![图](https://example.com/a.png)

[链接](https://example.com/b) 和 <https://example.com/c>
`;

/** A preload that makes every socket-opening API record the call in a log file and throw. */
function noNetworkPreload(dir: string, log: string): string {
  const file = join(dir, 'no-network.cjs');
  writeFileSync(
    file,
    `const fs = require('fs');
const log = ${JSON.stringify(log)};
fs.appendFileSync(log + '.loaded', process.pid + '\\n');
const deny = (what) => function () { fs.appendFileSync(log, what + '\\n'); throw new Error('network access denied by the test: ' + what); };
const net = require('net');
net.Socket.prototype.connect = deny('net.Socket.connect');
net.connect = net.createConnection = deny('net.connect');
net.createServer = deny('net.createServer');
const tls = require('tls'); tls.connect = deny('tls.connect');
for (const m of ['http', 'https']) { const h = require(m); h.request = deny(m + '.request'); h.get = deny(m + '.get'); }
const dns = require('dns');
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[k] = deny('dns.' + k);
dns.promises.lookup = deny('dns.promises.lookup');
const dgram = require('dgram'); dgram.createSocket = deny('dgram.createSocket');
globalThis.fetch = deny('fetch');
globalThis.WebSocket = deny('WebSocket');
`,
  );
  return file;
}

test('no module opens a socket: zhen check and a language-server session with the network denied', async () => {
  const dir = tempDir('zhen-net-');
  const log = join(dir, 'network.log');
  const preload = noNetworkPreload(dir, log);
  const ws = join(dir, 'ws');
  writeTree(ws, {
    '.zhen.yml': 'sources:\n  - name: IDC\n    url: https://www.idc.com\nglossary:\n  - zh: 人工智能\n    en: artificial intelligence\n    abbr: AI\n    link: https://example.com/ai\n',
    '_config.yml': 'title: x\nurl: https://example.com\n',
    '_posts/2024-05-01-net.md': POST,
  });
  try {
    const r = spawnSync(process.execPath, ['--require', preload, cli, 'check', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.ok(JSON.parse(r.stdout), 'JSON output');
    const fixed = spawnSync(process.execPath, ['--require', preload, cli, 'check', '--fix', '.'], { cwd: ws, encoding: 'utf8' });
    assert.ok(fixed.status === 0 || fixed.status === 1, fixed.stderr);

    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${saved ?? ''} --require ${preload}`.trim();
    let c: TestClient;
    try {
      // A process of its own, started with the preload (NODE_OPTIONS).
      c = await TestClient.start({ process: true, files: { '.zhen.yml': 'sources:\n  - name: IDC\n    url: https://www.idc.com\n', '_posts/2024-05-01-net.md': POST } });
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
    try {
      const uri = c.open('_posts/2024-05-01-net.md', POST);
      const items = await c.pull(uri);
      assert.ok(items.length > 0);
      for (const d of items.slice(0, 5)) {
        await c.request('textDocument/hover', { textDocument: { uri }, position: d.range.start });
        await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      }
      await c.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
      await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 3 } });
    } finally {
      await c.stop();
    }
    // The preload ran in all three processes (else this test proves nothing), and nothing was denied.
    assert.ok(readFileSync(log + '.loaded', 'utf8').trim().split('\n').length >= 3);
    assert.equal(existsSync(log) ? readFileSync(log, 'utf8') : '', '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nothing in a workspace is executed: config is data only (CLI and server)', async () => {
  const dir = tempDir('zhen-exec-');
  const marker = join(dir, 'EXECUTED');
  const evil = `require('fs').appendFileSync(${JSON.stringify(marker)}, __filename + '\\n'); module.exports = { rules: { '*': 'off' } };\n`;
  const files: Record<string, string> = {
    '.zhen.js': evil,
    '.zhen.cjs': evil,
    'zhen.config.js': evil,
    'zhen.config.cjs': evil,
    '.zhenrc.js': evil,
    'evil.js': evil,
    'node_modules/zhen-plugin/index.js': evil,
    'node_modules/zhen-plugin/package.json': '{"name":"zhen-plugin","main":"index.js"}',
    'package.json': JSON.stringify({ name: 'blog', main: 'evil.js', zhen: { plugins: ['./evil.js'], extends: './evil.js' }, scripts: { postinstall: 'node evil.js' } }),
    '.zhen.yml': 'plugins:\n  - ./evil.js\n  - zhen-plugin\nextends: ./evil.js\ncustom: !!js/function "function () { require(\'fs\').writeFileSync(\'x\', \'y\') }"\nrules:\n  typo: warning\n',
    '_config.yml': 'plugins:\n  - ./evil.js\n',
    'post.md': '用AI写\n',
  };
  // The marker mechanism works: requiring the file does write it (then it is removed).
  const canary = join(dir, 'canary.js');
  writeFileSync(canary, evil);
  require(canary);
  assert.ok(existsSync(marker));
  rmSync(marker);

  const ws = join(dir, 'ws');
  writeTree(ws, files);
  try {
    // The CLI reads .zhen.yml as data: its `plugins`/`extends`/tagged keys are unknown keys (a
    // broken config, exit 2); with a plain .zhen.yml it checks, and the .js files change nothing.
    const r = await runCli(['check', '.'], { cwd: ws });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /Unknown key "plugins"/);
    writeFileSync(join(ws, '.zhen.yml'), 'rules:\n  typo: warning\n');
    const ok = await runCli(['check', '.', '--format', 'json'], { cwd: ws });
    assert.ok(ok.stdout.includes('typo/cjk-latin-spacing'), `the workspace was checked (the .js "config" did not turn rules off): ${ok.stdout}${ok.stderr}`);
    const c = await TestClient.start({ files });
    try {
      const items = await c.pull(c.open('post.md', '用AI写\n'));
      assert.equal(items.filter((d) => d.code === 'typo/cjk-latin-spacing').length, 1);
      await c.waitForPublished(c.uri('.zhen.yml'), (p) => p.diagnostics.length > 0); // unknown keys reported, not run
    } finally {
      await c.stop();
    }
    assert.ok(!existsSync(marker), existsSync(marker) ? `executed: ${readFileSync(marker, 'utf8')}` : '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('workspace file access refuses paths and symbolic links that lead out of the workspace', async () => {
  const dir = tempDir('zhen-paths-');
  const ws = join(dir, 'ws');
  const outside = join(dir, 'outside');
  writeTree(outside, { 'secret.txt': 'SECRET', 'schema.json': '{"type":"object","required":["secret_key_from_outside"]}', 'posts/out.md': '用AI写\n' });
  writeTree(ws, { 'inside.txt': 'INSIDE', 'schemas/in.json': '{"type":"object","required":["key_from_inside"]}', 'posts/a.md': '用AI写\n' });
  symlinkSync(join(outside, 'secret.txt'), join(ws, 'link-out.txt'));
  symlinkSync(join(ws, 'inside.txt'), join(ws, 'link-in.txt'));
  symlinkSync(outside, join(ws, 'dir-out'));
  symlinkSync(join(outside, 'schema.json'), join(ws, 'schema-link.json'));
  symlinkSync('.', join(ws, 'posts', 'loop'));
  try {
    const files = nodeFiles(ws);
    assert.equal(files.read('inside.txt'), 'INSIDE');
    assert.equal(files.read('link-in.txt'), 'INSIDE', 'a link inside the workspace is fine');
    for (const p of ['../outside/secret.txt', '../../../../../../etc/passwd', '/etc/passwd', 'link-out.txt', 'dir-out/secret.txt', 'posts/../../outside/secret.txt', 'schema-link.json']) {
      assert.equal(files.read(p), undefined, p);
      assert.equal(files.exists(p), false, p);
    }
    // The Markdown listing does not follow links out, and walks a link loop once.
    const { files: listed } = listMarkdownFiles(['.'], ws, ws);
    assert.deepEqual(listed.map((f) => f.slice(ws.length + 1)), ['posts/a.md']);

    // Through the config key that names a file: a schema outside (directly or by a link) is not read.
    const run = async (schema: string) => {
      writeFileSync(join(ws, '.zhen.yml'), `frontMatter:\n  schema: ${schema}\n`);
      writeFileSync(join(ws, 'posts', 'a.md'), '---\ntitle: x\n---\n\n用AI写\n');
      const r = await runCli(['check', 'posts/a.md', '--format', 'json'], { cwd: ws });
      return r.stdout + r.stderr;
    };
    assert.match(await run('schemas/in.json'), /key_from_inside/, 'a schema inside the workspace is used (control)');
    for (const schema of ['../outside/schema.json', 'schema-link.json', 'dir-out/schema.json', join(outside, 'schema.json')]) {
      assert.doesNotMatch(await run(schema), /secret_key_from_outside/, schema);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
