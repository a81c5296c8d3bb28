/**
 * The edit path through the language server process: `npm run bench`'s edit measure (didChange of
 * one character, then a diagnostic pull, one after the other) with the server's own CPU time and
 * garbage collections counted, and optionally a CPU profile of the server during the edits alone.
 *
 *   node esbuild.mjs --bench && node out/bench/server.js [--input example|1mb] [--edits N] [--line L] [--profile FILE] [--server PATH] [--trace-gc]
 *
 * Prints the wall time per edit (median, p95), the server's CPU time over the edits (user + system,
 * all its threads, from /proc: on a busy machine wall time mostly measures the others) per edit, the
 * diagnostics per pull and bytes per response. `--profile FILE`: the server runs with `--cpu-prof`;
 * the samples taken during the edits are kept (the profile is cut to the edits' window, on the
 * monotonic clock both processes share) and written to FILE. `--trace-gc`: the server runs with
 * `--trace-gc` and the scavenges and mark-compacts during the edits are counted from its stderr.
 * `--server PATH`: another build's `server.js` (an old build beside the new one, same minutes).
 * Also printed (perf32): the wall time less the time the server's and this process's main threads waited, runnable,
 * for a core (their /proc schedstat), per edit: what the edit would take on a machine nobody else uses.
 * `--per-edit FILE` writes each edit's wall time and those waits as JSON lines.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { args, opt, repo } from './args';
import { bigPost, examplePathIn } from './inputs';
import { initialize } from './lsp';

const input = opt('--input') ?? 'example';
const text0 = input === '1mb' ? bigPost(repo, 1 << 20) : readFileSync(examplePathIn(repo), 'utf8');
const edits = Number(opt('--edits') ?? (input === '1mb' ? 20 : 200));
const line = Number(opt('--line') ?? (input === '1mb' ? 40 : 63));
const profileTo = opt('--profile');
const traceGc = args.includes('--trace-gc');
const serverJs = opt('--server') ?? join(repo, 'dist', 'server.js');

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
/** The monotonic clock in µs (V8's profile timestamps are on it). */
const monoUs = () => Number(process.hrtime.bigint() / 1000n);
/** A process's CPU time (user + system, all threads) in ms. */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** A thread's time waiting, runnable, for a core (ms), from its /proc schedstat (second field). */
const schedBuf = Buffer.alloc(128);
function waitedMs(fd: number): number {
  const n = readSync(fd, schedBuf, 0, 128, 0);
  return Number(schedBuf.toString('latin1', 0, n).split(' ')[1]) / 1e6;
}
const perEditTo = opt('--per-edit');

async function main(): Promise<void> {
  const dir = join(tmpdir(), `zhen-bench-server-${input}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.zhen.yml'), 'language: en\n');
  writeFileSync(join(dir, 'post.md'), text0);
  const profDir = profileTo ? mkdtempSync(join(tmpdir(), 'zhen-prof-')) : undefined;
  const nodeArgs = [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=200'] : []), ...(traceGc ? ['--trace-gc'] : [])];
  const proc = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let gcLog = '';
  /** Every GC line the server wrote, in order (per edit: those that came in before its answer). */
  const gcLines: string[] = [];
  let counting = false;
  proc.stderr.on('data', (b: Buffer) => {
    if (counting) gcLog += b.toString();
  });
  // --trace-gc writes to stdout, where the protocol is: the lines are taken out before the reader sees them.
  const { PassThrough } = await import('node:stream');
  const protocol = new PassThrough();
  let pending = '';
  proc.stdout.on('data', (b: Buffer) => {
    if (!traceGc) return void protocol.write(b);
    // A GC line starts with "[pid:0x...]" at a message boundary; the protocol's frames never do.
    pending += b.toString('latin1');
    for (;;) {
      const m = /\[\d+:0x[0-9a-f]+\][^\n]*\n/.exec(pending);
      if (!m) break;
      if (counting) gcLog += m[0];
      gcLines.push(m[0]);
      pending = pending.slice(0, m.index) + pending.slice(m.index + m[0].length);
    }
    // Keep a possible partial GC line back; pass the rest on.
    const cut = pending.lastIndexOf('[');
    const keep = cut >= 0 && /^\[\d*(:(0x[0-9a-f]*)?)?$/.test(pending.slice(cut)) ? pending.slice(cut) : '';
    protocol.write(Buffer.from(pending.slice(0, pending.length - keep.length), 'latin1'));
    pending = keep;
  });
  const conn = createMessageConnection(new StreamMessageReader(protocol), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  let indexed!: () => void;
  const progressEnded = new Promise<void>((resolve) => (indexed = resolve));
  /** Messages the server sends besides the pulls' answers, by method (during the edits). */
  const sent = new Map<string, number>();
  const note = (method: string): void => {
    if (counting) sent.set(method, (sent.get(method) ?? 0) + 1);
  };
  // (vscode-jsonrpc keeps a handler of its own for `$/progress`: the star handler never sees it)
  conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    if (p.value?.kind === 'end') indexed();
    note('$/progress');
  });
  conn.onNotification((method: string) => note(method));
  conn.listen();
  await initialize(conn, dir);
  await conn.sendNotification('initialized', {});
  const uri = pathToFileURL(join(dir, 'post.md')).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: text0 } });
  await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  await progressEnded;
  let version = 1;
  const edit = async (i: number) => {
    const insert = i % 2 === 0;
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [insert ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '新' } : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' }],
    });
    return (await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items?: unknown[] };
  };
  for (let i = 0; i < 20; i++) await edit(i); // warm-up (JIT), caches filled
  const wall: number[] = [];
  const quiet: number[] = [];
  const rows: string[] = [];
  const serverSched = openSync(`/proc/${proc.pid}/schedstat`, 'r');
  const selfSched = openSync('/proc/self/schedstat', 'r');
  let items = 0;
  let bytes = 0;
  const t0 = monoUs();
  const c0 = cpuMs(proc.pid!);
  counting = true;
  for (let i = 0; i < edits; i++) {
    const g0 = gcLines.length;
    const w0 = waitedMs(serverSched);
    const s0 = waitedMs(selfSched);
    const t = performance.now();
    const r = await edit(i);
    const ms = performance.now() - t;
    const ws = waitedMs(serverSched) - w0;
    const wc = waitedMs(selfSched) - s0;
    wall.push(ms);
    quiet.push(Math.max(0, ms - ws - wc));
    if (perEditTo) rows.push(JSON.stringify({ i, kind: i % 2 === 0 ? 'insert' : 'delete', wall: +ms.toFixed(3), serverWaited: +ws.toFixed(3), clientWaited: +wc.toFixed(3), gc: gcLines.slice(g0).map((l) => `${/Scavenge|Mark-Compact|Mark-sweep/.exec(l)?.[0] ?? 'gc'} ${/(\d+\.\d+) \/ \d+\.\d+ ms/.exec(l)?.[1] ?? ''}`) }));
    items = r.items?.length ?? 0;
    if (i === 0) bytes = Buffer.byteLength(JSON.stringify(r));
  }
  const c1 = cpuMs(proc.pid!);
  const t1 = monoUs();
  await new Promise((r) => setTimeout(r, 100));
  counting = false;
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  await new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  conn.dispose();
  const f = (n: number) => n.toFixed(2);
  process.stdout.write(`${input}: ${(Buffer.byteLength(text0) / 1024).toFixed(0)} KB, ${edits} edits at line ${line}, ${items} diagnostics per pull, ${(bytes / 1024).toFixed(0)} KB per response (${serverJs})\n`);
  process.stdout.write(`  wall: median ${f(quantile(wall, 0.5))}  p95 ${f(quantile(wall, 0.95))} ms\n`);
  process.stdout.write(`  wall less the main threads' waits for a core: median ${f(quantile(quiet, 0.5))}  p95 ${f(quantile(quiet, 0.95))} ms\n`);
  if (perEditTo) writeFileSync(perEditTo, rows.join('\n') + '\n');
  if (sent.size) process.stdout.write(`  other messages from the server: ${[...sent].map(([m, n]) => `${m} ${n}`).join(', ')}\n`);
  process.stdout.write(`  server CPU (all threads): ${f((c1 - c0) / edits)} ms per edit (${f(c1 - c0)} ms in all)\n`);
  if (traceGc) {
    const scav = gcLog.match(/Scavenge[^\n]*?(\d+\.\d+) \/ \d+\.\d+ ms/g) ?? [];
    const scavMs = scav.reduce((n, l) => n + Number(/(\d+\.\d+) \/ \d+\.\d+ ms/.exec(l)![1]), 0);
    const mc = (gcLog.match(/Mark-Compact/g) ?? []).length;
    process.stdout.write(`  gc during the edits: scavenges ${scav.length} (${f(scavMs)} ms), mark-compacts ${mc}\n`);
  }
  if (profDir) {
    const file = readdirSync(profDir).find((n) => n.endsWith('.cpuprofile'));
    if (!file) throw new Error('no profile written');
    const p = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as { nodes: unknown[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
    // Keep the samples inside the edits' window (the deltas re-based so the cut profile is consistent).
    const samples: number[] = [];
    const deltas: number[] = [];
    let at = p.startTime;
    let last = t0;
    for (let k = 0; k < p.samples.length; k++) {
      at += p.timeDeltas[k];
      if (at < t0 || at > t1) continue;
      samples.push(p.samples[k]);
      deltas.push(at - last);
      last = at;
    }
    writeFileSync(profileTo!, JSON.stringify({ nodes: p.nodes, startTime: t0, endTime: last, samples, timeDeltas: deltas }));
    rmSync(profDir, { recursive: true, force: true });
    process.stdout.write(`  profile: ${samples.length} samples of the edits (${f((last - t0) / 1000)} ms) → ${profileTo}\n`);
  }
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
