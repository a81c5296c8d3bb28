/** The CLI as users and CI scripts run it: its main in this process (helpers/cli.ts), and the built dist/cli.js in a child process where the process itself matters (exit status, stdin pipe, worker threads, the server). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { cliEnv, runCli, tempDir, type JsonOut } from './helpers/cli';
import { EXAMPLE_PATH, EXAMPLE_SPACING_LINES } from './helpers/example';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
/** The default workspace: a temporary folder with the example post and nothing else (never the repository, whose 200 benchmark copies would all be indexed). */
const ws = tempDir({
  [EXAMPLE_PATH]: readFileSync(join(repo, EXAMPLE_PATH), 'utf8'),
  'cli-only-spacing.zhen.yml': readFileSync(join(repo, 'test', 'cli-only-spacing.zhen.yml'), 'utf8'),
});
const example = join(ws, EXAMPLE_PATH);
const onlySpacing = join(ws, 'cli-only-spacing.zhen.yml');

/** `zhen ARGS` in this process (the CLI's main; see helpers/cli.ts). */
function zhen(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}) {
  return runCli(args, { cwd: opts.cwd ?? ws, input: opts.input, env: opts.env });
}

/** `node dist/cli.js ARGS` in a child process: the real binary, its stdin and its exit code. */
function zhenBin(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { input: opts.input, cwd: opts.cwd ?? ws, encoding: 'utf8', env: cliEnv(opts.env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


test('--format json on the example post: spacing findings at its spacing lines (helpers/example.ts); none in front matter or code', async () => {
  const r = (await zhen(['check', '--format', 'json', example]));
  const out = JSON.parse(r.stdout) as JsonOut;
  assert.equal(out.files.length, 1);
  const f = out.files[0];
  assert.equal(f.path, join(...EXAMPLE_PATH.split('/')));
  const spacing = f.findings.filter((x) => x.rule === 'typo/cjk-latin-spacing');
  assert.deepEqual([...new Set(spacing.map((x) => x.line))], EXAMPLE_SPACING_LINES);
  assert.ok(!f.findings.some((x) => x.line <= 16), 'nothing in the front matter (lines 1–16)');
  assert.ok(!f.findings.some((x) => x.rule.startsWith('front-matter/')), 'its front matter gives no finding');
  // Exact shape of one finding: 1-based line/column, UTF-16 columns, fixes with edits.
  const first = spacing[0];
  // `data`: the typography choice, and (the first of the post's unspaced `AI`s, a contradiction of its spaced style) the group's places.
  assert.deepEqual(Object.keys(first), ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixes', 'data']);
  const [line] = EXAMPLE_SPACING_LINES;
  assert.deepEqual({ line: first.line, column: first.column, endLine: first.endLine, endColumn: first.endColumn }, { line, column: 55, endLine: line, endColumn: 57 });
  assert.deepEqual(first.fixes[0].edits, [{ line, column: 56, endLine: line, endColumn: 56, newText: ' ' }]);
  assert.equal(r.code, 0, 'warnings only: exit 0');
});

test('the binary: a process whose exit code is the result, standard input read from the pipe, usage on stderr', () => {
  const dir = tempDir({ 'post.md': '---\ntags: [a, b\n---\n\n正文\n' });
  const r1 = zhenBin(['check', 'post.md'], { cwd: dir });
  assert.equal(r1.code, 1, r1.stdout + r1.stderr);
  assert.match(r1.stdout, /2:7\s+error\s+YAML syntax error/);
  const r2 = zhenBin(['frobnicate']);
  assert.equal(r2.code, 2);
  assert.equal(r2.stderr, 'zhen: unknown command "frobnicate"\nRun "zhen --help" for usage.\n');
  const r3 = zhenBin(['check', '--stdin', '--fix'], { input: '我们用Github的API来获取2023年的数据' });
  assert.equal(r3.stdout, '我们用 Github 的 API 来获取 2023 年的数据');
  assert.equal(r3.code, 0);
  const v = zhenBin(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('--stdin --fix prints the fixed text and changes no other byte', async () => {
  // The default configuration, every rule on: fix-all adds the spaces and rewrites no word.
  const r = (await zhen(['check', '--stdin', '--fix'], { input: '我们用Github的API来获取2023年的数据' }));
  assert.equal(r.stdout, '我们用 Github 的 API 来获取 2023 年的数据');
  assert.equal(r.code, 0);
  // A user who wants names fixed too turns on term/variant's autofix.
  const dir = tempDir({ '.zhen.yml': 'rules:\n  term/variant: {autofix: true}\n' });
  assert.equal((await zhen(['check', '--stdin', '--fix', '--config', join(dir, '.zhen.yml')], { input: '我们用Github的API来获取2023年的数据' })).stdout, '我们用 GitHub 的 API 来获取 2023 年的数据');
  const post = readFileSync(example, 'utf8');
  const fixed = (await zhen(['check', '--stdin', '--fix', '--config', onlySpacing], { input: post })).stdout;
  // Only spaces were inserted: removing the inserted spaces gives the original back.
  assert.equal(fixed.length - post.length, 11);
  assert.ok(fixed.includes('AI 技术') && fixed.includes('自 2023 年第四季度'));
  let i = 0;
  for (let k = 0; k < fixed.length; k++) {
    const ch = fixed[k];
    if (ch === post[i]) i++;
    else assert.equal(ch, ' ', 'only spaces are added');
  }
  assert.equal(i, post.length);
});

test('positions are UTF-16 columns after an emoji, and CRLF files keep their line endings', async () => {
  const spacingOnly = ['--config', onlySpacing];
  const r = (await zhen(['check', '--stdin', '--format', 'json', ...spacingOnly], { input: '🍕 用Github\r\n第二行AI\r\n' }));
  const f = (JSON.parse(r.stdout) as JsonOut).files[0].findings;
  assert.deepEqual(f.map((x) => [x.line, x.column]), [[1, 4], [2, 3]]);
  const fixed = (await zhen(['check', '--stdin', '--fix', ...spacingOnly], { input: '🍕 用Github\r\n第二行AI\r\n' })).stdout;
  assert.equal(fixed, '🍕 用 Github\r\n第二行 AI\r\n');
});

test('exit codes: 1 on errors, 2 on bad usage, 2 on a broken config with its position', async () => {
  const dir = tempDir({ 'post.md': '---\ntags: [a, b\n---\n\n正文\n' });
  const r1 = (await zhen(['check', 'post.md'], { cwd: dir }));
  assert.equal(r1.code, 1, r1.stdout + r1.stderr);
  assert.match(r1.stdout, /2:7\s+error\s+YAML syntax error/);
  assert.equal((await zhen(['check', '--format', 'xml'])).code, 2);
  assert.equal((await zhen(['frobnicate'])).code, 2);
  assert.equal((await zhen(['check', 'no-such-file.md'], { cwd: dir })).code, 2);
  const bad = tempDir({ '.zhen.yml': 'language: en\nrulez:\n  typo: off\n', 'a.md': '中文AI\n' });
  const r2 = (await zhen(['check', '.'], { cwd: bad }));
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /\.zhen\.yml:2:1: Unknown key "rulez": did you mean "rules"\?/);
});

test('folders are walked for .md and .markdown, honouring .gitignore; config from .zhen.yml applies', async () => {
  const dir = tempDir({
    '.gitignore': 'drafts/\n*.tmp.md\n',
    '.zhen.yml': 'rules:\n  typo/cjk-latin-spacing: error\n',
    'a.md': '中文AI\n',
    'sub/b.markdown': '中文AI\n',
    'sub/c.txt': '中文AI\n',
    'drafts/d.md': '中文AI\n',
    'e.tmp.md': '中文AI\n',
    'node_modules/x/readme.md': '中文AI\n',
  });
  const r = (await zhen(['check', '--format', 'json', '.'], { cwd: dir }));
  const out = JSON.parse(r.stdout) as JsonOut;
  assert.deepEqual(out.files.map((f) => f.path).sort(), ['a.md', join('sub', 'b.markdown')]);
  assert.equal(out.files[0].findings[0].severity, 'error');
  assert.equal(r.code, 1);
  const g = (await zhen(['check', '--format', 'json', 'sub/*.markdown'], { cwd: dir }));
  assert.deepEqual((JSON.parse(g.stdout) as JsonOut).files.map((f) => f.path), [join('sub', 'b.markdown')]);
});

test('--fix rewrites files in place, only where something changed', async () => {
  const dir = tempDir({ 'a.md': '# 标题\n\n中文AI和`code中文`\n', 'b.md': '已经很好。\n' });
  const before = readFileSync(join(dir, 'b.md'), 'utf8');
  const r = (await zhen(['check', '--fix', '.'], { cwd: dir }));
  assert.equal(r.code, 0);
  assert.equal(readFileSync(join(dir, 'a.md'), 'utf8').split('\n')[2].startsWith('中文 AI 和'), true);
  assert.equal(readFileSync(join(dir, 'b.md'), 'utf8'), before);
});

test('--format sarif is SARIF 2.1.0 with rule metadata', async () => {
  const r = (await zhen(['check', '--format', 'sarif', '--stdin'], { input: '中文AI\n' }));
  const s = JSON.parse(r.stdout);
  assert.equal(s.version, '2.1.0');
  assert.equal(s.runs[0].results[0].ruleId, 'typo/cjk-latin-spacing');
  assert.equal(s.runs[0].results[0].locations[0].physicalLocation.region.startLine, 1);
  assert.ok(s.runs[0].tool.driver.rules.some((x: { id: string }) => x.id === 'front-matter/yaml-syntax'));
});

test('--lang zh-cn gives Chinese messages', async () => {
  const r = (await zhen(['check', '--stdin', '--lang', 'zh-cn', '--format', 'json'], { input: '中文AI\n' }));
  assert.match((JSON.parse(r.stdout) as JsonOut).files[0].findings[0].message, /中文与“AI”之间应加空格/);
  const env = (await zhen(['check', '--stdin', '--format', 'json'], { input: '中文AI\n', env: { LANG: 'zh_CN.UTF-8' } }));
  assert.match((JSON.parse(env.stdout) as JsonOut).files[0].findings[0].message, /应加空格/);
});

test('zhen server --stdio serves LSP: initialize, open a post, pull diagnostics with a quick fix', async () => {
  const proc = spawn(process.execPath, [cli, 'server', '--stdio'], { stdio: 'pipe' });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  try {
    const dir = tempDir({ 'post.md': '我们用Github的API\n' });
    const uri = `file://${join(dir, 'post.md')}`;
    const init = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: `file://${dir}`,
      workspaceFolders: [{ uri: `file://${dir}`, name: 'ws' }],
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } }, workspace: { configuration: true } },
    }) as { capabilities: { diagnosticProvider?: unknown } };
    assert.ok(init.capabilities.diagnosticProvider, 'pull diagnostics offered');
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: '我们用Github的API\n' } });
    const report = await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }) as { items: Array<{ code: string; range: { start: { line: number; character: number } } }> };
    const spacing = report.items.filter((d) => d.code === 'typo/cjk-latin-spacing');
    assert.deepEqual(spacing.map((d) => d.range.start.character), [2, 9]);
    const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: spacing[0].range, context: { diagnostics: [spacing[0]], only: ['quickfix'] } }) as Array<{ title: string; isPreferred?: boolean; edit?: { changes?: Record<string, Array<{ newText: string }>> } }>;
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, 'a preferred quick fix');
    assert.equal(preferred!.edit?.changes?.[uri]?.[0]?.newText, ' ');
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    proc.kill();
  }
});

test('zhen glossary import: Vale, textlint and prh vocabularies become glossary entries; --write appends them to .zhen.yml keeping the rest', async () => {
  const dir = tempDir({
    'accept.txt': '# accepted\nGitHub\nJavaScript\n',
    'reject.txt': 'Github\n',
    'terms.json': JSON.stringify(['TypeScript', ['Javascript', 'JavaScript']]),
    'prh.yml': 'version: 1\nrules:\n  - expected: Kubernetes\n    pattern: kubernates\n',
    '.zhen.yml': 'language: en\n# my own\nglossary:\n  - {en: Wasm}\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
  });
  const vale = (await zhen(['glossary', 'import', 'vale', '--accept', 'accept.txt', '--reject', 'reject.txt'], { cwd: dir }));
  assert.equal(vale.code, 0, vale.stderr);
  assert.match(vale.stdout, /^glossary:\n {2}- \{ en: GitHub, avoid: \[ Github \] \}\n {2}- \{ en: JavaScript \}\n$/);
  assert.match((await zhen(['glossary', 'import', 'textlint', 'terms.json'], { cwd: dir })).stdout, /JavaScript/);
  assert.match((await zhen(['glossary', 'import', 'prh', 'prh.yml'], { cwd: dir })).stdout, /Kubernetes/);
  const w = (await zhen(['glossary', 'import', 'vale', '--accept', 'accept.txt', '--write'], { cwd: dir }));
  assert.equal(w.code, 0, w.stderr);
  assert.equal(readFileSync(join(dir, '.zhen.yml'), 'utf8'), 'language: en\n# my own\nglossary:\n  - {en: Wasm}\n  - { en: GitHub }\n  - { en: JavaScript }\n');
  assert.equal((await zhen(['glossary', 'import', 'word', 'x'], { cwd: dir })).code, 2);
});

/** A workspace of several posts: the same concept written two ways (cross-post), an image that is missing. */
function blog(n: number): string {
  const files: Record<string, string> = { '.zhen.yml': 'frontMatter:\n  schema: jekyll\n' };
  for (let i = 0; i < n; i++) {
    files[`_posts/2024-01-${String(i + 1).padStart(2, '0')}-p${i}.md`] =
      `---\ntitle: 第${i}篇\ndate: 2024-01-${String(i + 1).padStart(2, '0')}\nimage: /assets/img${i}.png\n---\n\n我们用Github的API。${i % 2 ? '大型语言模型' : '大语言模型'}很流行。\n`;
  }
  return tempDir(files);
}

const sortFindings = (out: JsonOut) => JSON.stringify(out.files.map((f) => [f.path, f.findings.map((x) => [x.rule, x.line, x.column, x.message])]).sort());

test('worker threads give exactly the findings of one thread, in the order of the files', async () => {
  const dir = blog(20);
  const one = (await zhen(['check', '--format', 'json', '--jobs', '1', '.'], { cwd: dir }));
  // The real binary's worker threads (dist/cli.js started as a process, its workers from itself).
  const many = zhenBin(['check', '--format', 'json', '--jobs', '3', '.'], { cwd: dir });
  assert.equal(many.code, one.code);
  assert.equal(many.stdout, one.stdout);
  const out = JSON.parse(one.stdout) as JsonOut;
  assert.equal(out.files.length, 20);
  const rules = new Set(out.files.flatMap((f) => f.findings.map((x) => x.rule)));
  for (const r of ['typo/cjk-latin-spacing', 'term/variant', 'term/cross-post', 'front-matter/asset']) assert.ok(rules.has(r), r);
  assert.equal((await zhen(['check', '--jobs', '0', '.'], { cwd: dir })).code, 2);
});

test('--shard I/N: the parts are disjoint, cover every file, and keep cross-post findings', async () => {
  const dir = blog(9);
  // In this thread (--jobs 1): the parts are the subject here, worker threads the test above.
  const all = JSON.parse((await zhen(['check', '--format', 'json', '--jobs', '1', '.'], { cwd: dir })).stdout) as JsonOut;
  const parts: JsonOut[] = [];
  for (const i of [1, 2, 3]) parts.push(JSON.parse((await zhen(['check', '--format', 'json', '--jobs', '1', '--shard', `${i}/3`, '.'], { cwd: dir })).stdout) as JsonOut);
  assert.deepEqual(parts.map((p) => p.files.length), [3, 3, 3]);
  assert.equal(sortFindings({ files: parts.flatMap((p) => p.files) }), sortFindings(all));
  for (const bad of ['0/3', '4/3', '1/0', 'x']) assert.equal((await zhen(['check', '--shard', bad, '.'], { cwd: dir })).code, 2, bad);
});

test('--cache: a second run reuses the results; an edit, a new image or another config is seen', async () => {
  const dir = blog(6);
  const first = (await zhen(['check', '--format', 'json', '--cache', '.'], { cwd: dir }));
  const cacheFile = join(dir, '.zhencache');
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { posts: Record<string, { findings?: unknown }> };
  assert.equal(Object.keys(cache.posts).length, 6);
  assert.ok(Object.values(cache.posts).every((e) => e.findings));
  assert.equal((await zhen(['check', '--format', 'json', '--cache', '.'], { cwd: dir })).stdout, first.stdout, 'same output from the cache');
  // The cache is really used: findings planted in it come back.
  const planted = JSON.parse(readFileSync(cacheFile, 'utf8'));
  const key = Object.keys(planted.posts)[0];
  planted.posts[key].findings.list = [];
  writeFileSync(cacheFile, JSON.stringify(planted));
  const fromCache = JSON.parse((await zhen(['check', '--format', 'json', '--cache', '.'], { cwd: dir })).stdout) as JsonOut;
  assert.equal(fromCache.files.find((f) => key.endsWith(f.path.replace(/^.*_posts/, '_posts')))?.findings.length ?? 0, 0);
  // An edited post is checked again (and, since the index changed, so are the others).
  writeFileSync(join(dir, '_posts', '2024-01-01-p0.md'), readFileSync(join(dir, '_posts', '2024-01-01-p0.md'), 'utf8').replace('我们用Github的API。', '我们用 GitHub 的 API。'));
  const edited = (await zhen(['check', '--format', 'json', '--cache', '.'], { cwd: dir }));
  assert.equal(sortFindings(JSON.parse(edited.stdout)), sortFindings(JSON.parse((await zhen(['check', '--format', 'json', '.'], { cwd: dir })).stdout)));
  // An image that appears: the asset finding goes although no post changed.
  const assets = (out: JsonOut) => out.files.flatMap((f) => f.findings).filter((x) => x.rule === 'front-matter/asset').length;
  const before = assets(JSON.parse((await zhen(['check', '--format', 'json', '--cache', '.'], { cwd: dir })).stdout) as JsonOut);
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'assets', 'img3.png'), 'png');
  const after = (await zhen(['check', '--format', 'json', '--cache', '.'], { cwd: dir }));
  assert.equal(sortFindings(JSON.parse(after.stdout)), sortFindings(JSON.parse((await zhen(['check', '--format', 'json', '.'], { cwd: dir })).stdout)));
  assert.equal(before, 6);
  assert.equal(assets(JSON.parse(after.stdout) as JsonOut), 5);
  // Another configuration: nothing from the old cache is used.
  writeFileSync(join(dir, '.zhen.yml'), 'frontMatter:\n  schema: jekyll\nrules:\n  typo/cjk-latin-spacing: off\n');
  const off = JSON.parse((await zhen(['check', '--format', 'json', '--cache', '.'], { cwd: dir })).stdout) as JsonOut;
  assert.ok(!off.files.some((f) => f.findings.some((x) => x.rule === 'typo/cjk-latin-spacing')));
  // A broken cache file is ignored, not fatal.
  writeFileSync(cacheFile, '{not json');
  assert.equal((await zhen(['check', '--format', 'json', '--cache', '.'], { cwd: dir })).code, first.code);
});
