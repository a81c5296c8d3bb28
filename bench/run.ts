/**
 * `npm run bench`: Zhen's speed beside its peers, on the same inputs, in one run.
 * Prints a Markdown table (copy it into the README with the machine described).
 *
 *  1. analyze() and parse() on the example post; glossary matching with the bundled glossary and
 *     with 10,000 more user terms.
 *  2. The language server over stdio: a burst of small edits, each followed by a diagnostic pull,
 *     on the example post and on a 1 MB post built from real corpus posts; hover; code actions.
 *  3. The workspace index of ../shared/corpus/posts built by the server in the background: time,
 *     the server's peak RSS, and how long a diagnostic pull takes while it builds. The pull payload
 *     on the 1 MB post; a trivial request while 300 posts are opened and pulled; keystrokes with a
 *     5 MB `.zhen.yml` and a 5 MB `_config.yml` beside a normal workspace (#15).
 *  4. The CLI over a folder of COPIES copies of the example post beside autocorrect and rumdl
 *     (median wall time of RUNS runs after a warm-up run): cold, one thread, and with --cache.
 *  5. One post of ../shared/corpus/posts (1,408 posts as one git work tree): `zhen check POST` in a
 *     new process after a first run (the workspace index kept in the user cache folder, as it is by
 *     default in a git work tree), beside autocorrect on the same file; and the first run itself.
 *
 * Options: --runs N (default 5), --copies N (default 200), --quick (CLI rows only, fewer runs),
 * --one-post (section 5 only), --server-only (the #15 server rows only: payload, fairness, big configs),
 * --edit-only (the two edit → diagnostics rows only), --index-only (the two background index rows only), --json (machine output), --guard (exit 1 when Zhen / autocorrect is over 3 × bench/baseline.json).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { analyze, parse, toConfig, type ConfigInput } from '../server/src/core/index';
import { markdownFiles as mdFiles } from '../test/helpers/files';
import { bigPost as sharedBigPost } from './inputs';
import { initialize } from './lsp';
import { claimSentences } from '../server/src/core/rules/claim/claimSentences';
import { cleanText } from '../server/src/core/rules/claim/cues';
import { detector, judge } from '../server/src/core/rules/claim/detector';

const repo = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const QUICK = args.includes('--quick');
const RUNS = opt('--runs', QUICK ? 2 : 5);
const COPIES = opt('--copies', QUICK ? 100 : 200);
const corpus = join(repo, '..', 'shared', 'corpus', 'posts');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
}
function timeIt(n: number, f: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return out;
}

const examplePath = join(repo, 'examples', '2024-05-22-ai-crypto.md');
const example = readFileSync(examplePath, 'utf8');

/** A post of at least `bytes` from real corpus posts (bodies, front matter dropped). */
function bigPost(bytes: number): string {
  return sharedBigPost(repo, bytes);
}

// ---- 1. the core ---------------------------------------------------------------------------------

function benchCore() {
  for (let i = 0; i < 20; i++) analyze(example); // warm-up (JIT)
  const analyzeMs = timeIt(100, () => analyze(example));
  const parseMs = timeIt(100, () => parse(example));
  // Glossary size: the bundled glossary alone, then with 10,000 user concepts (term rules only).
  const termsOnly = (glossary: ConfigInput['glossary']) => toConfig({ glossary, rules: { 'claim/*': 'off', 'typo/*': 'off', 'front-matter/*': 'off' } as never });
  const user = Array.from({ length: 10_000 }, (_, i) => ({ zh: `术语${i.toString(36)}甲`, en: `Term${i.toString(36)}x` }));
  const small = termsOnly([]);
  const large = termsOnly(user);
  const text = example.repeat(4);
  analyze(text, small);
  analyze(text, large);
  const glossarySmall = median(timeIt(10, () => analyze(text, small)));
  const glossaryLarge = median(timeIt(10, () => analyze(text, large)));
  return { analyzeMs: median(analyzeMs), analyzeP95: p95(analyzeMs), parseMs: median(parseMs), bytes: Buffer.byteLength(example), glossarySmall, glossaryLarge, glossaryChars: text.length, claims: benchClaimDetector() };
}

/**
 * The claim detector alone (features, score) per 1,000 sentences, on corpus posts of 256 KB and of
 * 1 MB (four times as many sentences): the same cost per sentence means it is linear in the post.
 */
function benchClaimDetector() {
  const det = detector(toConfig({}));
  const run = (bytes: number) => {
    const post = parse(bigPost(bytes));
    const list = claimSentences(post).map((s) => ({ s, clean: cleanText(post, s) }));
    const once = () => {
      for (const { s, clean } of list) judge(det, post, s, clean);
    };
    once(); // warm-up (JIT, per-post memos)
    return { sentences: list.length, perThousand: (median(timeIt(5, once)) / list.length) * 1000 };
  };
  const small = run(256 << 10);
  const large = run(1 << 20);
  return { sentences: small.sentences, perThousand: small.perThousand, largeSentences: large.sentences, largePerThousand: large.perThousand };
}

// ---- 2. and 3. the language server ---------------------------------------------------------------

interface Session {
  conn: MessageConnection;
  pid: number;
  progressEnded: Promise<number>;
  close(): Promise<void>;
}

async function startServer(rootDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Session> {
  const proc = spawn(process.execPath, [join(repo, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe', env });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  let t0 = 0;
  const progressEnded = new Promise<number>((resolve) => {
    conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind === 'end') resolve(performance.now() - t0);
    });
  });
  conn.listen();
  await initialize(conn, rootDir);
  t0 = performance.now();
  await conn.sendNotification('initialized', {});
  return {
    conn,
    pid: proc.pid!,
    progressEnded,
    async close() {
      await conn.sendRequest('shutdown').catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
      conn.dispose();
      proc.kill();
    },
  };
}

function rssMb(pid: number): { rss: number; peak: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/**
 * Open `text` as `file` in a workspace folder; time edits (didChange + pull), hovers and code actions.
 * `files`: more files of the workspace (a big `.zhen.yml` or `_config.yml`), root-relative.
 */
async function editSession(dir: string, file: string, text: string, edits: number, line: number, files: Record<string, string> = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.zhen.yml'), 'language: en\n');
  for (const [p, t] of Object.entries(files)) writeFileSync(join(dir, p), t);
  writeFileSync(join(dir, file), text);
  const s = await startServer(dir);
  const uri = pathToFileURL(join(dir, file)).href;
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const first = (await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } } }> };
  const payloadBytes = Buffer.byteLength(JSON.stringify(first));
  const editMs: number[] = [];
  for (let i = 0; i < edits; i++) {
    const insert = i % 2 === 0;
    const t = performance.now();
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [insert
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '新' }
        : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' }],
    });
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    editMs.push(performance.now() - t);
  }
  const hoverMs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: line + 4, character: 10 + (i % 10) } });
    hoverMs.push(performance.now() - t);
  }
  const actionMs: number[] = [];
  const diags = first.items.filter((d) => d.range.start.line !== line).slice(0, 50);
  for (const d of diags) {
    const t = performance.now();
    await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    actionMs.push(performance.now() - t);
  }
  const mem = rssMb(s.pid);
  await s.close();
  return { editP50: median(editMs), editP95: p95(editMs), hoverP95: p95(hoverMs), actionP95: actionMs.length ? p95(actionMs) : NaN, rss: mem.rss, edits, payloadBytes, postBytes: Buffer.byteLength(text) };
}

/** `.zhen.yml` of about `bytes` (glossary entries) and `_config.yml` of about `bytes` (site keys). */
function bigConfigs(bytes: number): { zhen: string; site: string } {
  const fill = (head: string, line: (i: number) => string) => {
    const parts = [head];
    for (let i = 0, n = Buffer.byteLength(head); n < bytes; i++) {
      parts.push(line(i));
      n += Buffer.byteLength(parts[parts.length - 1]);
    }
    return parts.join('');
  };
  return {
    zhen: fill('language: en\nglossary:\n', (i) => `  - zh: 术语${i.toString(36)}甲\n    en: Term${i.toString(36)}x\n`),
    site: fill('title: blog\ntheme: jekyll-theme-chirpy\ntimezone: Asia/Shanghai\n', (i) => `key_${i}: "${'值'.repeat(12)} ${i}"\n`),
  };
}

/** Keystroke latency (edit + pull) on the example post: a normal workspace, a 5 MB `.zhen.yml`, a 5 MB `_config.yml`. */
async function bigConfigSessions() {
  const { zhen, site } = bigConfigs(5 << 20);
  const edits = 40;
  const normal = await editSession(join(tmpdir(), 'zhen-bench-cfg-normal'), 'post.md', example, edits, 63);
  const bigZhen = await editSession(join(tmpdir(), 'zhen-bench-cfg-zhen'), 'post.md', example, edits, 63, { '.zhen.yml': zhen });
  const bigSite = await editSession(join(tmpdir(), 'zhen-bench-cfg-site'), 'post.md', example, edits, 63, { '_config.yml': site });
  return { normal, bigZhen, bigSite, zhenMb: Buffer.byteLength(zhen) / 2 ** 20, siteMb: Buffer.byteLength(site) / 2 ** 20 };
}

/**
 * 300 posts opened at once and pulled (an editor restoring 300 tabs); meanwhile a trivial request
 * (`zhen/serverInfo`) every 20 ms: its latency until every pull is answered.
 */
async function fairnessSession(count = 300) {
  const dir = join(tmpdir(), 'zhen-bench-fairness');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.zhen.yml'), 'language: en\n');
  const sources = existsSync(corpus) ? mdFiles(corpus) : [examplePath];
  const s = await startServer(dir);
  const t0 = performance.now();
  const pulls: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i++) {
    const text = readFileSync(sources[i % sources.length], 'utf8');
    const uri = pathToFileURL(join(dir, `post-${i}.md`)).href;
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    pulls.push(s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }));
  }
  let done = false;
  const all = Promise.all(pulls).then(() => (done = true));
  const waits: number[] = [];
  while (!done) {
    const t = performance.now();
    await s.conn.sendRequest('zhen/serverInfo', {});
    waits.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  await all;
  const ms = performance.now() - t0;
  await s.close();
  return { count, p95: p95(waits), max: Math.max(...waits), samples: waits.length, seconds: ms / 1000 };
}

/**
 * The server indexes the corpus in the background; a diagnostic pull on one post meanwhile. The
 * corpus is copied into a folder that reads as a git work tree (an empty `.git`), where the server
 * keeps its index between starts in the user cache folder (`ZHEN_CACHE_DIR`, empty at first): the
 * first start builds it from every post, the second (`kept`) reads only what changed (nothing).
 */
async function indexSession() {
  if (!existsSync(corpus)) return undefined;
  const root = join(tmpdir(), 'zhen-bench-index');
  const cacheDir = join(tmpdir(), 'zhen-bench-index-cache');
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  cpSync(corpus, root, { recursive: true });
  mkdirSync(join(root, '.git'));
  const env = { ...process.env, ZHEN_CACHE_DIR: cacheDir };
  const files = mdFiles(root);
  const once = async () => {
    const s = await startServer(root, env);
    const uri = pathToFileURL(files[0]).href;
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: readFileSync(files[0], 'utf8') } });
    const during: number[] = [];
    let done = false;
    const indexMs = s.progressEnded.then((ms) => {
      done = true;
      return ms;
    });
    while (!done && during.length < 20) {
      const t = performance.now();
      await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      during.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ms = await indexMs;
    const mem = rssMb(s.pid);
    await s.close();
    return { ms, pullDuringP50: median(during), pullDuringMax: Math.max(...during), rss: mem.rss, peak: mem.peak };
  };
  const first = await once();
  const kept = await once();
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  return { posts: files.length, ...first, kept };
}

// ---- 4. the CLI beside its peers -------------------------------------------------------------------

interface Tool {
  name: string;
  cmd: string;
  args: string[];
  /** Run before each timed run (e.g. to prime a cache). */
  before?: () => void;
}

function benchCli() {
  // Outside the repo: the tools honour .gitignore, and nothing of the repo's config should apply.
  const work = join(tmpdir(), `zhen-bench-copies-${COPIES}`);
  if (!existsSync(join(work, `post-${COPIES - 1}.md`)) || !existsSync(join(work, '.zhen.yml'))) {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, '.zhen.yml'), 'language: en\n');
    for (let i = 0; i < COPIES; i++) writeFileSync(join(work, `post-${i}.md`), example);
  }
  const cacheFile = join(tmpdir(), `zhen-bench-cache-${COPIES}`);
  const bin = (p: string) => join(repo, 'node_modules', p);
  const cli = join(repo, 'dist', 'cli.js');
  const tools: Tool[] = [
    // Every tool runs in the folder on `.`: autocorrect silently checks nothing when given an absolute path.
    { name: 'zhen check (all rules, default lanes: one on two cores)', cmd: process.execPath, args: [cli, 'check', '--format', 'json', '.'] },
    { name: 'zhen check --jobs 1', cmd: process.execPath, args: [cli, 'check', '--format', 'json', '--jobs', '1', '.'] },
    { name: 'zhen check --cache (nothing changed since the last run)', cmd: process.execPath, args: [cli, 'check', '--format', 'json', '--cache-location', cacheFile, '.'], before: () => void spawnSync(process.execPath, [cli, 'check', '--cache-location', cacheFile, '.'], { cwd: work }) },
    { name: 'autocorrect --lint', cmd: process.execPath, args: [bin('autocorrect-node/cli.js'), '--lint', '--quiet', '.'] },
    { name: 'rumdl check', cmd: bin('@rumdl/cli-linux-x64/rumdl'), args: ['check', '--no-cache', '.'] },
  ];
  rmSync(cacheFile, { force: true });
  if (QUICK) tools.splice(1, 2); // the guard needs Zhen and autocorrect only
  const rows: Array<{ name: string; median: number; min: number; note: string }> = [];
  for (const t of tools) {
    if (!existsSync(t.cmd) || (t.cmd === process.execPath && !existsSync(t.args[0]))) {
      rows.push({ name: t.name, median: NaN, min: NaN, note: 'not installed' });
      continue;
    }
    const ts: number[] = [];
    let note = '';
    for (let r = 0; r < RUNS + 1; r++) {
      t.before?.();
      const start = performance.now();
      const res = spawnSync(t.cmd, t.args, { encoding: 'utf8', maxBuffer: 1 << 30, cwd: work });
      const ms = performance.now() - start;
      if (res.error) note = String(res.error.message);
      if (r > 0) ts.push(ms); // the first run warms the file cache
    }
    rows.push({ name: t.name, median: median(ts), min: Math.min(...ts), note });
  }
  return { rows, megabytes: (Buffer.byteLength(example) * COPIES) / 2 ** 20 };
}

/** One big post through the CLI (no size cut-off: the default file-size limit, 10 MB, is raised). */
function benchBigCli(bytes: number) {
  const dir = join(tmpdir(), `zhen-bench-big-${bytes}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.zhen.yml'), 'language: en\n');
  const text = bigPost(bytes);
  writeFileSync(join(dir, 'big.md'), text);
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'check', '--format', 'json', '--max-file-size', '64MB', 'big.md'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  const findings = r.stdout ? (JSON.parse(r.stdout) as { files: Array<{ findings: unknown[] }> }).files[0]?.findings.length ?? 0 : 0;
  return { megabytes: Buffer.byteLength(text) / 2 ** 20, seconds: ms / 1000, findings };
}

/** One post of the corpus, as a pre-commit hook or an editor's "check this file" runs Zhen. */
function benchOnePost() {
  if (!existsSync(corpus)) return undefined;
  const work = join(tmpdir(), 'zhen-bench-corpus');
  const posts = join(work, 'posts');
  if (!existsSync(join(work, '.git')) || mdFiles(posts).length !== mdFiles(corpus).length) {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    cpSync(corpus, posts, { recursive: true });
    writeFileSync(join(work, '.zhen.yml'), 'language: en\n');
    spawnSync('git', ['init', '-q'], { cwd: work });
  }
  // A post of the xiaodongq blog of about median size.
  const candidates = mdFiles(join(posts, 'xiaodongq.github.io')).map((f) => ({ f, size: statSync(f).size })).sort((a, b) => a.size - b.size);
  const { f: file, size } = candidates[candidates.length >> 1];
  const rel = relative(work, file);
  const cacheDir = join(tmpdir(), 'zhen-bench-corpus-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  const env = { ...process.env, ZHEN_CACHE_DIR: cacheDir };
  const cli = join(repo, 'dist', 'cli.js');
  const time = (cmd: string, args: string[]) => {
    const t = performance.now();
    spawnSync(cmd, args, { cwd: work, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    return performance.now() - t;
  };
  const first = time(process.execPath, [cli, 'check', '--format', 'json', rel]);
  const zhen = Array.from({ length: RUNS }, () => time(process.execPath, [cli, 'check', '--format', 'json', rel]));
  const autocorrect = join(repo, 'node_modules', 'autocorrect-node', 'cli.js');
  const ac = existsSync(autocorrect) ? Array.from({ length: RUNS }, () => time(process.execPath, [autocorrect, '--lint', '--quiet', rel])) : [NaN];
  return { posts: mdFiles(posts).length, rel, kb: size / 1024, first, kept: median(zhen), keptMin: Math.min(...zhen), autocorrect: median(ac) };
}

// ---- main ------------------------------------------------------------------------------------------

/** `--server-only`: the rows of #15 alone (a quick check that they run; timing claims need a quiet machine). */
async function serverOnly(): Promise<number> {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 0) : '–');
  const t0 = performance.now();
  const note = (what: string) => process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(0)} s: ${what}\n`);
  const big = await editSession(join(tmpdir(), 'zhen-bench-1mb'), 'post.md', bigPost(1 << 20), 5, 40);
  note('1 MB post done');
  const fairness = await fairnessSession();
  note('300 posts done');
  const { normal, bigZhen, bigSite, zhenMb, siteMb } = await bigConfigSessions();
  note('big configs done');
  process.stdout.write(
    [
      `| server: pull payload on the ${f(big.postBytes / 2 ** 20)} MB post | ${f(big.payloadBytes / 2 ** 20)} MB (${f(big.payloadBytes / big.postBytes)} × the post) | ≤ 5 × |`,
      `| server: a trivial request while ${fairness.count} posts are opened and pulled (${f(fairness.seconds)} s) | p95 ${f(fairness.p95)} ms, max ${f(fairness.max)} ms (${fairness.samples} requests) | p95 ≤ 100 ms |`,
      `| server: keystroke → diagnostics, example post: normal / ${f(zhenMb)} MB .zhen.yml / ${f(siteMb)} MB _config.yml | p50 ${f(normal.editP50)} / ${f(bigZhen.editP50)} / ${f(bigSite.editP50)} ms, p95 ${f(normal.editP95)} / ${f(bigZhen.editP95)} / ${f(bigSite.editP95)} ms | within 2 × of normal |`,
    ].join('\n') + '\n',
  );
  return 0;
}

/** `--edit-only`: the two edit → diagnostics rows alone (to try a change to the incremental analysis). */
async function editOnly(): Promise<number> {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 0) : '–');
  const small = await editSession(join(tmpdir(), 'zhen-bench-example'), 'post.md', example, 200, 63);
  const big = await editSession(join(tmpdir(), 'zhen-bench-1mb'), 'post.md', bigPost(1 << 20), 20, 40);
  process.stdout.write(
    [
      `| server: edit → diagnostics, example post, ${small.edits} edits | p50 ${f(small.editP50)} ms, p95 ${f(small.editP95)} ms | p95 ≤ 10 ms |`,
      `| server: edit → diagnostics, 1 MB post from corpus posts, ${big.edits} edits | p50 ${f(big.editP50)} ms, p95 ${f(big.editP95)} ms | p95 ≤ 100 ms |`,
    ].join('\n') + '\n',
  );
  return 0;
}

/** `--index-only`: the server's background index of the corpus, first start and started again. */
async function indexOnly(): Promise<number> {
  const index = await indexSession();
  if (!index) throw new Error(`no corpus at ${corpus}`);
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 0) : '–');
  process.stdout.write(
    [
      `| server: background index of ${index.posts} corpus posts | ${f(index.ms / 1000)} s; RSS after ${f(index.rss)} MB (peak ${f(index.peak)} MB) | ≤ 5 s, ≤ 150 MB |`,
      `| server: the same index, the server started again (index kept, nothing changed) | ${f(index.kept.ms / 1000)} s; RSS after ${f(index.kept.rss)} MB (peak ${f(index.kept.peak)} MB) | |`,
    ].join('\n') + '\n',
  );
  return 0;
}

async function main(): Promise<number> {
  if (args.includes('--server-only')) return serverOnly();
  if (args.includes('--index-only')) return indexOnly();
  if (args.includes('--edit-only')) return editOnly();
  if (args.includes('--one-post')) {
    const one = benchOnePost();
    if (!one) throw new Error(`no corpus at ${corpus}`);
    const f = (n: number) => (Number.isFinite(n) ? (n / 1000).toFixed(2) : '–');
    process.stdout.write(args.includes('--json') ? JSON.stringify(one, null, 2) + '\n' : `One post of the ${one.posts}-post corpus (${one.rel}, ${one.kb.toFixed(0)} KB): first run ${f(one.first)} s; after it, in a new process (index kept), median of ${RUNS}: ${f(one.kept)} s (fastest ${f(one.keptMin)} s); autocorrect --lint on the same file: ${f(one.autocorrect)} s\n`);
    return 0;
  }
  const core = QUICK ? undefined : benchCore();
  const serverSmall = QUICK ? undefined : await editSession(join(tmpdir(), 'zhen-bench-example'), 'post.md', example, 200, 63);
  const serverBig = QUICK ? undefined : await editSession(join(tmpdir(), 'zhen-bench-1mb'), 'post.md', bigPost(1 << 20), 20, 40);
  const index = QUICK ? undefined : await indexSession();
  const fairness = QUICK ? undefined : await fairnessSession();
  const configs = QUICK ? undefined : await bigConfigSessions();
  const big = QUICK ? undefined : benchBigCli(10 << 20);
  const one = QUICK ? undefined : benchOnePost();
  const cli = benchCli();
  const at = (prefix: string) => cli.rows.find((r) => r.name.startsWith(prefix))!.median;
  const zhen = cli.rows[0].median;
  const ratios = { zhenOverAutocorrect: zhen / at('autocorrect'), zhenOverRumdl: zhen / at('rumdl'), cachedOverAutocorrect: QUICK ? NaN : at('zhen check --cache') / at('autocorrect') };
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const result = { machine, core, serverSmall, serverBig, index, fairness, configs, big, one, cli, ratios };

  if (args.includes('--json')) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const f = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 0) : '–');
    const lines = [`Machine: ${machine}`, ''];
    if (core && serverSmall && serverBig) {
      lines.push(
        '| measure | result | target |',
        '| --- | --- | --- |',
        `| \`analyze()\` on the example post (${(core.bytes / 1024).toFixed(0)} KB), all rules, median of 100 | ${f(core.analyzeMs)} ms (p95 ${f(core.analyzeP95)} ms) | |`,
        `| of which \`parse()\` (Markdown parse + prose view) | ${f(core.parseMs)} ms | |`,
        `| term rules over ${(core.glossaryChars / 1000).toFixed(0)}k chars: bundled glossary / + 10,000 user terms | ${f(core.glossarySmall)} ms / ${f(core.glossaryLarge)} ms | linear in the text |`,
        `| claim detector per 1,000 sentences: ${core.claims.sentences} / ${core.claims.largeSentences} sentences of corpus posts | ${f(core.claims.perThousand)} ms / ${f(core.claims.largePerThousand)} ms | linear in the post |`,
        `| server: edit → diagnostics, example post, ${serverSmall.edits} edits | p50 ${f(serverSmall.editP50)} ms, p95 ${f(serverSmall.editP95)} ms | p95 ≤ 10 ms |`,
        `| server: edit → diagnostics, 1 MB post from corpus posts, ${serverBig.edits} edits | p50 ${f(serverBig.editP50)} ms, p95 ${f(serverBig.editP95)} ms | p95 ≤ 100 ms |`,
        `| server: hover, example post / 1 MB post | p95 ${f(serverSmall.hoverP95)} ms / ${f(serverBig.hoverP95)} ms | p95 ≤ 5 ms |`,
        `| server: code actions, example post / 1 MB post | p95 ${f(serverSmall.actionP95)} ms / ${f(serverBig.actionP95)} ms | ≤ 10 ms |`,
      );
      lines.push(`| server: pull payload on the ${f(serverBig.postBytes / 2 ** 20)} MB post | ${f(serverBig.payloadBytes / 2 ** 20)} MB (${f(serverBig.payloadBytes / serverBig.postBytes)} × the post) | ≤ 5 × |`);
      if (fairness) lines.push(`| server: a trivial request while ${fairness.count} posts are opened and pulled (${f(fairness.seconds)} s) | p95 ${f(fairness.p95)} ms, max ${f(fairness.max)} ms (${fairness.samples} requests) | p95 ≤ 100 ms |`);
      if (configs) {
        const { normal, bigZhen, bigSite } = configs;
        lines.push(`| server: keystroke → diagnostics, example post: normal / ${f(configs.zhenMb)} MB .zhen.yml / ${f(configs.siteMb)} MB _config.yml | p50 ${f(normal.editP50)} / ${f(bigZhen.editP50)} / ${f(bigSite.editP50)} ms (${f(bigZhen.editP50 / normal.editP50)} × / ${f(bigSite.editP50 / normal.editP50)} ×) | within 2 × of normal |`);
      }
      if (index) lines.push(
        `| server: background index of ${index.posts} corpus posts | ${f(index.ms / 1000)} s; RSS after ${f(index.rss)} MB (peak ${f(index.peak)} MB) | ≤ 3 s, ≤ 150 MB |`,
        `| server: diagnostic pull while the index builds | p50 ${f(index.pullDuringP50)} ms, max ${f(index.pullDuringMax)} ms | never blocked |`,
        `| server: the same index, the server started again (index kept, nothing changed) | ${f(index.kept.ms / 1000)} s; RSS after ${f(index.kept.rss)} MB (peak ${f(index.kept.peak)} MB) | |`,
      );
      if (big) lines.push(`| CLI on one ${f(big.megabytes)} MB post (${big.findings} findings) | ${f(big.seconds)} s | no size cut-off |`);
      if (one) lines.push(
        `| \`zhen check\` one post of the ${one.posts}-post corpus (${one.rel}, ${f(one.kb)} KB), first run: the whole corpus indexed | ${f(one.first / 1000)} s | |`,
        `| the same post in a new process after the first run (index kept), median of ${RUNS} | ${f(one.kept / 1000)} s (fastest ${f(one.keptMin / 1000)} s) | ≤ 1 s |`,
        `| autocorrect --lint on the same file, median of ${RUNS} | ${f(one.autocorrect / 1000)} s | |`,
      );
      lines.push('');
    }
    lines.push(
      `CLI over ${COPIES} copies of the example post (${cli.megabytes.toFixed(1)} MB), median of ${RUNS} runs after a warm-up run:`,
      '',
      '| tool | median | fastest |',
      '| --- | --- | --- |',
      ...cli.rows.map((r) => `| ${r.name} | ${f(r.median / 1000)} s | ${f(r.min / 1000)} s${r.note ? ` (${r.note})` : ''} |`),
      '',
      `Zhen / autocorrect: ${f(ratios.zhenOverAutocorrect)} × (target ≤ 1) · Zhen / rumdl: ${f(ratios.zhenOverRumdl)} × (target ≤ 2) · Zhen with an unchanged cache / autocorrect: ${f(ratios.cachedOverAutocorrect)} ×`,
    );
    process.stdout.write(lines.join('\n') + '\n');
  }

  if (args.includes('--guard')) {
    // Gross regressions only: a ratio measured in this run against the committed one, never absolute times.
    const baseline = JSON.parse(readFileSync(join(repo, 'bench', 'baseline.json'), 'utf8')) as { zhenOverAutocorrect: number };
    const limit = 3 * baseline.zhenOverAutocorrect;
    const ok = ratios.zhenOverAutocorrect <= limit;
    process.stdout.write(`bench guard: Zhen / autocorrect ${f2(ratios.zhenOverAutocorrect)} × against a limit of ${f2(limit)} × (3 × the baseline ${f2(baseline.zhenOverAutocorrect)} ×): ${ok ? 'ok' : 'REGRESSION'}\n`);
    if (!ok) return 1;
  }
  return 0;
}
const f2 = (n: number) => n.toFixed(2);

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
