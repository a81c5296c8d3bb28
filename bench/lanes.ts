/**
 * What `zhen check` does on its lanes (the calling thread and the workers), counted: posts read,
 * parsed and checked per lane, the bytes of the messages to and from each worker (as the structured
 * clone serialises them), a worker's start (ms until its first line of Zhen runs), and the process's
 * wall and CPU time (user + system, every thread: V8's compiler and GC threads included).
 *
 *   node esbuild.mjs --bench && node out/bench/lanes.js DIR [--jobs N] [--runs R] [--target FILE]
 *   node out/bench/lanes.js --start [--runs R]
 *   node out/bench/lanes.js DIR --index [--jobs N] [--runs R]
 *
 * DIR is checked as `zhen check DIR` would (every Markdown file, the workspace index), without the
 * cache. Without `--jobs` the lanes are the CLI's default (`laneCount`). `--target FILE` checks that one
 * post only (the others are summarised for the index): `zhen check FILE`'s first run. Each lane's CPU is
 * its JavaScript thread's (Linux); the rest of the process's CPU (first run only) is V8's background
 * threads, shared by the lanes. `--start` measures a worker's
 * start alone: a check worker given no posts, from `new Worker` to its (empty) phase-2 answer, with the
 * process's CPU meanwhile and the ms until its first line of Zhen ran (the bundle loaded). `--index`
 * builds the language server's workspace index of DIR instead (`summarizeOnWorkers`, no kept index; its
 * default lanes unless `--jobs N` workers): the process's CPU, and this thread's, which only waits.
 */
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { listMarkdownFiles, loadWorkspaceConfig, toRootRelative } from '../server/src/node/workspace';
import { availableParallelism } from 'node:os';
import { runCheck, summarizeOnWorkers, threadCpuMs, type CheckStats, type CheckTask } from '../server/src/node/check';

const repo = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
/** A worker's start alone, `--runs` times. */
async function start(): Promise<void> {
  for (let r = 0; r < Number(opt('--runs') ?? 3); r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const w = new Worker(join(repo, 'dist', 'cli.js'), { workerData: { zhenCheck: true, opts: { root: repo, configInput: {}, now: 0, fix: false, version: 'bench' }, tasks: [] } });
    const answer = await new Promise<{ startedAt: number }>((res) => {
      w.once('message', res);
      w.postMessage({ phase: 2, req: { index: [], skip: [] } });
    });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await w.terminate();
    process.stdout.write(`worker start: ${wall.toFixed(0)} ms to its answer, its code from ${(answer.startedAt - performance.timeOrigin - t0).toFixed(0)} ms; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms\n`);
  }
}

/** `zhen check DIR`'s lanes, counted. */
async function check(): Promise<void> {
  const given = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!given) throw new Error('usage: lanes.js DIR [--jobs N] [--runs R] [--target FILE] | --start [--runs R]');
  const dir = resolve(given);
  const jobs = opt('--jobs') === undefined ? undefined : Number(opt('--jobs'));
  const configInput = loadWorkspaceConfig(dir).config;
  const target = opt('--target') === undefined ? undefined : resolve(opt('--target')!);
  const tasks: CheckTask[] = listMarkdownFiles(['.'], dir, dir, configInput.ignore ?? []).files.map((abs) => ({ abs, rel: toRootRelative(dir, abs), indexed: true, target: target === undefined || abs === target }));
  if (target !== undefined && !tasks.some((t) => t.target)) throw new Error(`${target} is not a Markdown file of ${dir}`);
  const mb = (n?: number) => (n === undefined ? '-' : `${(n / 2 ** 20).toFixed(2)} MB`);
  for (let r = 0; r < Number(opt('--runs') ?? 1); r++) {
    const stats = {} as CheckStats;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await runCheck(tasks, { root: dir, configInput, now: Date.now(), fix: false, version: 'bench', jobs, stats }, join(repo, 'dist', 'cli.js'));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(`${tasks.length} posts, ${mb(stats.workBytes)}, ${stats.lanes.length} lane(s) (${jobs === undefined ? 'default' : `--jobs ${jobs}`}): wall ${(wall / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s\n`);
    const s = (ms?: number) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
    stats.lanes.forEach((l, k) =>
      process.stdout.write(`  ${k ? `worker ${k}` : 'this thread'}: read ${l.read}, parsed ${l.parsed}, checked ${l.checked}; CPU ${s(l.cpuMs)}${k ? `; start ${l.startMs} ms, to it ${mb(l.bytesIn)}, from it ${mb(l.bytesOut)}` : ''}\n`),
    );
    const js = stats.lanes.reduce((n, l) => n + (l.cpuMs ?? NaN), 0);
    // The calling thread's CPU counts from the process's start, as the process's does.
    const all = process.cpuUsage();
    if (r === 0 && Number.isFinite(js)) process.stdout.write(`  V8's background threads and the rest: ${s((all.user + all.system) / 1000 - js)} of the process's ${s((all.user + all.system) / 1000)}\n`);
  }
}

/** The server's background index of DIR, counted. */
async function index(): Promise<void> {
  const dir = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '.');
  const jobs = opt('--jobs') === undefined ? Math.min(availableParallelism(), 4) : Number(opt('--jobs'));
  const configInput = loadWorkspaceConfig(dir).config;
  const files = listMarkdownFiles(['.'], dir, dir, configInput.ignore ?? []).files.flatMap((abs) => {
    const rel = toRootRelative(dir, abs);
    return rel === undefined ? [] : [{ abs, rel }];
  });
  for (let r = 0; r < Number(opt('--runs') ?? 1); r++) {
    const cpu0 = process.cpuUsage();
    const here0 = threadCpuMs() ?? NaN;
    const t0 = performance.now();
    const out = await summarizeOnWorkers(join(repo, 'dist', 'cli.js'), files, dir, configInput, () => undefined, () => false, jobs);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(`index of ${files.length} posts (${out?.size} summaries), at most ${jobs} worker(s): wall ${(wall / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, of which this thread ${(((threadCpuMs() ?? NaN) - here0) / 1000).toFixed(2)} s\n`);
  }
}

void (args.includes('--start') ? start() : args.includes('--index') ? index() : check());
