/**
 * `npm run bench`: Zhen's speed beside its peers, on the same inputs, in one run.
 * Prints a Markdown table (copy it into the README with the machine described).
 *
 *  - analyze(): median over many runs on the example post (all rules on).
 *  - CLI over a folder of 200 copies of the example post, beside autocorrect (autocorrect-node)
 *    and rumdl (@rumdl/cli-linux-x64) on the same folder: median wall time of several runs.
 * Options: --runs N (CLI runs per tool, default 5), --copies N (default 200), --json (machine output).
 */
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { analyze, parse } from '../server/src/core/index';

const repo = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const RUNS = opt('--runs', 5);
const COPIES = opt('--copies', 200);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
}

const examplePath = join(repo, 'examples', '2024-05-22-ai-crypto.md');
const example = readFileSync(examplePath, 'utf8');

// 1. analyze() on the example post.
for (let i = 0; i < 20; i++) analyze(example); // warm-up (JIT)
const times: number[] = [];
const parseTimes: number[] = [];
for (let i = 0; i < 200; i++) {
  let t = performance.now();
  parse(example);
  parseTimes.push(performance.now() - t);
  t = performance.now();
  analyze(example);
  times.push(performance.now() - t);
}

// 2. Edit → diagnostics through the language server over stdio: a burst of small edits, each
// followed by a pull (`textDocument/diagnostic`), timed from didChange to the report.
async function serverRoundTrips(edits: number): Promise<{ edit: number[]; hover: number[] }> {
  const proc = spawn(process.execPath, [join(repo, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.listen();
  const root = pathToFileURL(join(repo, 'examples')).href;
  const uri = pathToFileURL(examplePath).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'examples' }],
    capabilities: { textDocument: { diagnostic: {}, synchronization: {} }, workspace: { configuration: true } },
  });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: example } });
  await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const editTimes: number[] = [];
  const line = 63; // 0-based: the paragraph of `AI技术`
  for (let i = 0; i < edits; i++) {
    const insert = i % 2 === 0;
    const t = performance.now();
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [insert
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '新' }
        : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' }],
    });
    await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    editTimes.push(performance.now() - t);
  }
  const hoverTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 67, character: 30 + (i % 10) } });
    hoverTimes.push(performance.now() - t);
  }
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  proc.kill();
  return { edit: editTimes, hover: hoverTimes };
}

async function benchCli(): Promise<void> {
const lsp = existsSync(join(repo, 'dist', 'server.js')) ? await serverRoundTrips(200) : undefined;

// 3. CLI over COPIES copies beside the peers.
// Outside the repo: the tools honour .gitignore, and nothing of the repo's config should apply.
const work = join(tmpdir(), `zhen-bench-copies-${COPIES}`);
if (!existsSync(join(work, `post-${COPIES - 1}.md`))) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (let i = 0; i < COPIES; i++) writeFileSync(join(work, `post-${i}.md`), example);
}
const folderBytes = Buffer.byteLength(example) * COPIES;

interface Tool {
  name: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
}
const bin = (p: string) => join(repo, 'node_modules', p);
const tools: Tool[] = [
  // Every tool runs in the folder on `.`: autocorrect silently checks nothing when given an absolute path.
  { name: 'zhen check (all rules)', cmd: process.execPath, args: [join(repo, 'dist', 'cli.js'), 'check', '--format', 'json', '.'] },
  { name: 'autocorrect --lint', cmd: process.execPath, args: [bin('autocorrect-node/cli.js'), '--lint', '--quiet', '.'] },
  { name: 'rumdl check', cmd: bin('@rumdl/cli-linux-x64/rumdl'), args: ['check', '--no-cache', '.'] },
];

const cliRows: Array<{ name: string; median: number; min: number; ok: boolean; note: string }> = [];
for (const t of tools) {
  const available = existsSync(t.cmd) && (t.cmd === process.execPath ? existsSync(t.args[0]) : true);
  if (!available) {
    cliRows.push({ name: t.name, median: NaN, min: NaN, ok: false, note: 'not installed' });
    continue;
  }
  const ts: number[] = [];
  let note = '';
  for (let r = 0; r < RUNS + 1; r++) {
    const start = performance.now();
    const res = spawnSync(t.cmd, t.args, { encoding: 'utf8', maxBuffer: 1 << 30, cwd: work });
    const ms = performance.now() - start;
    if (res.error) note = String(res.error.message);
    if (r > 0) ts.push(ms); // the first run warms the file cache
  }
  cliRows.push({ name: t.name, median: median(ts), min: Math.min(...ts), ok: !note, note });
}

const zhenCli = cliRows[0].median;
const ac = cliRows.find((r) => r.name.startsWith('autocorrect'))!.median;
const rumdl = cliRows.find((r) => r.name.startsWith('rumdl'))!.median;

const result = {
  server: lsp ? { editP50Ms: median(lsp.edit), editP95Ms: p95(lsp.edit), hoverP50Ms: median(lsp.hover), hoverP95Ms: p95(lsp.hover) } : undefined,
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  analyze: { medianMs: median(times), p95Ms: p95(times), parseMedianMs: median(parseTimes), bytes: Buffer.byteLength(example) },
  cli: cliRows,
  ratios: { zhenOverAutocorrect: zhenCli / ac, zhenOverRumdl: zhenCli / rumdl },
  folder: { copies: COPIES, megabytes: folderBytes / 2 ** 20 },
};

if (args.includes('--json')) {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} else {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 0) : '–');
  const lines = [
    `Machine: ${result.machine}`,
    '',
    '| measure | time |',
    '| --- | --- |',
    `| \`analyze()\` on the example post (${(result.analyze.bytes / 1024).toFixed(0)} KB), all rules, median of 200 | ${f(result.analyze.medianMs)} ms (p95 ${f(result.analyze.p95Ms)} ms) |`,
    `| of which remark parse + prose view (\`parse()\`) | ${f(result.analyze.parseMedianMs)} ms |`,
    ...(result.server ? [
      `| server: edit → diagnostics (didChange + pull) on the example post, 200 edits | p50 ${f(result.server.editP50Ms)} ms, p95 ${f(result.server.editP95Ms)} ms |`,
      `| server: hover, 50 requests | p50 ${f(result.server.hoverP50Ms)} ms, p95 ${f(result.server.hoverP95Ms)} ms |`,
    ] : []),
    '',
    `CLI over ${COPIES} copies of the example post (${result.folder.megabytes.toFixed(1)} MB), median of ${RUNS} runs after a warm-up run:`,
    '',
    '| tool | median | fastest |',
    '| --- | --- | --- |',
    ...cliRows.map((r) => `| ${r.name} | ${f(r.median / 1000)} s | ${f(r.min / 1000)} s${r.note ? ` (${r.note})` : ''} |`),
    '',
    `Zhen / autocorrect: ${f(result.ratios.zhenOverAutocorrect)} × · Zhen / rumdl: ${f(result.ratios.zhenOverRumdl)} ×`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
}

benchCli().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
