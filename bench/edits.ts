/**
 * The edit path in process: what the language server does on each keystroke (parse with the
 * document's `ParseCache`, then the rules with its `RuleCache`), timed per step over many edits,
 * with the counts of the work the caches did not save (block parts and memoised values computed).
 *
 *   node esbuild.mjs --bench && node out/bench/edits.js [--input example|1mb] [--edits N] [--line L] [--cpu] [--top K] [--profile FILE] [--heap FILE | --survivors FILE] [--lsp] [--workspace] [--per-edit FILE] [--lines A-B|all]
 *
 * The edits alternate inserting `新` at the start of line L and deleting it again (as `npm run bench`
 * does over the protocol). `--cpu` times the process's CPU time (user + system, GC threads
 * included) instead of wall time: on a busy machine wall time mostly measures the others. Prints
 * the median and p95 of parse, of all the rules and of each rule's step (the slowest `--top`), and
 * the memoised names' computed/reused counts of the last edit, how many of the term analysis's hits the rules placed
 * on the last edit (perf35), and the garbage collections during
 * the edits (count and time by kind: on a busy machine the scavenges count the allocations). `--profile`
 * writes a CPU profile of the edits alone (not the warm-up) to FILE (`.cpuprofile`, for DevTools);
 * `--heap` a sampled allocation profile of the edits alone (`.heapprofile`: where the garbage is made);
 * `--survivors FILE` the same of what outlives a scavenge only (what each scavenge copies and promotes).
 * `--lsp` also does what the server does next on each edit: the diagnostics (`lsp/convert.ts`, with
 * the text's line map and hash) and their JSON as a publish, timed apart, with the bytes per publish
 * and `data`'s share of them, beside what they were when each diagnostic carried its fixes.
 * `--per-edit FILE` writes one JSON line per edit (perf32): the edit's line and kind, parse, each rule's step (over
 * `--step-min` ms, default 0.3; in the clock chosen), the total, its wall time, the time the main thread waited for a
 * core (`waited`: wall − waited is the edit on a machine nobody else uses), the process's CPU time (`cpu`) and the
 * garbage collections that started during it (kind, ms), so the slow edits can be told apart by cause. `--lines A-B` (or `all`) spreads the edits over the post: at each line, in turn,
 * the insert and the delete of `新` at its start (the default edits one line, `--line`).
 */
import { openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { performance, PerformanceObserver, constants as perf } from 'node:perf_hooks';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { analyzePostSteps, allRules, parse, ParseCache, RuleCache, summarize, toConfig, type Workspace, type WorkspaceFiles } from '../server/src/core/index';
import { ruleSeverity } from '../server/src/core/config';
import { bigPost, examplePathIn } from './inputs';
import { analyzeTerms } from '../server/src/core/rules/term/analysis';
import type { Post } from '../server/src/core/document';
import { lineMap, lspFixesOf, toDiagnostic } from '../server/src/lsp/convert';
import { hashText } from '../server/src/lsp/analyses';
import type { Finding } from '../server/src/core/index';

const repo = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const CPU = args.includes('--cpu');
const LSP = args.includes('--lsp');
/**
 * The main thread's time runnable but waiting for a core (ms), from /proc/self/schedstat (Linux; its time on a core there
 * is only updated at the scheduler's ticks, too coarse for one edit): wall time less it is what the edit took on the core.
 */
const schedFd = args.includes('--per-edit') ? openSync('/proc/self/schedstat', 'r') : -1;
const schedBuf = Buffer.alloc(128);
function waited(): number {
  const n = readSync(schedFd, schedBuf, 0, 128, 0);
  return Number(schedBuf.toString('latin1', 0, n).split(' ')[1]) / 1e6;
}
function now(): number {
  if (!CPU) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const example = readFileSync(examplePathIn(repo), 'utf8');

const input = opt('--input') ?? 'example';
let text = input === '1mb' ? bigPost(repo, 1 << 20) : example;
const edits = Number(opt('--edits') ?? (input === '1mb' ? 20 : 200));
const line = Number(opt('--line') ?? (input === '1mb' ? 40 : 63));
const perEditTo = opt('--per-edit');
const stepMin = Number(opt('--step-min') ?? 0.3);
/** `--lines A-B` / `all`: the lines the edits walk over (each edited twice: insert, delete), else the one `--line`. */
const linesOpt = opt('--lines');
const editLines: number[] = (() => {
  if (!linesOpt) return [line];
  const n = text.split('\n').length;
  const [a, b] = linesOpt === 'all' ? [0, n - 1] : linesOpt.split('-').map(Number);
  const ls: number[] = [];
  for (let l = a; l <= Math.min(b, n - 1); l++) ls.push(l);
  return ls;
})();
const top = Number(opt('--top') ?? 8);
const config = toConfig({ language: 'en' });
const parseCache = new ParseCache();
const ruleCache = new RuleCache();
/**
 * `--workspace`: what the language server passes (its `analyses.ts`): the post's path, the folder's files (its
 * `.zhen.yml` and the post) and an index holding the post's summary, and the time; else nothing (`{}`).
 */
const WORKSPACE = args.includes('--workspace');
const wsFiles: Record<string, string> = { '.zhen.yml': 'language: en\n', 'post.md': text };
const files: WorkspaceFiles = { exists: (p) => p in wsFiles, read: (p) => wsFiles[p], list: (dir) => (dir === '' ? Object.keys(wsFiles) : []) };
const index = WORKSPACE ? { posts: new Map([['post.md', summarize(text, 'post.md', config, files)]]), version: 1 } : undefined;
const workspaceOf = (): Workspace => (WORKSPACE ? { now: Date.now(), overBudget: () => false, path: 'post.md', files, index } : {});
const ruleIds = allRules.filter((r) => ruleSeverity(config, r) !== 'off').map((r) => r.id);

function lineStart(t: string, l: number): number {
  let at = 0;
  for (let i = 0; i < l; i++) at = t.indexOf('\n', at) + 1;
  return at;
}

/** The post of the last analysis (after the edits: how many term hits the rules placed, perf35). */
let lastPost: Post | undefined;

/** One analysis as the server runs it; the time of each step (parse, then one per rule). */
function analyse(t: string): { parse: number; steps: number[]; findings: Finding[] } {
  let t0 = now();
  const workspace = workspaceOf();
  const post = parse(t, config, parseCache, workspace);
  lastPost = post;
  const parseMs = now() - t0;
  const steps: number[] = [];
  const gen = analyzePostSteps(post, config, workspace, ruleCache);
  t0 = now();
  for (;;) {
    const r = gen.next();
    const t1 = now();
    if (r.done) return { parse: parseMs, steps, findings: r.value };
    steps.push(t1 - t0);
    t0 = t1;
  }
}

for (let i = 0; i < 10; i++) analyse(i % 2 ? text : text + '\n'); // warm-up (JIT), caches filled
analyse(text);
const parseMs: number[] = [];
const rulesMs: number[] = [];
const perStep: number[][] = [];
let findings = 0;
const lspMs: number[] = [];
const lspBytes: number[] = [];
const lspDataBytes: number[] = [];
const lspInlineBytes: number[] = [];
const lspInlineMs: number[] = [];
/** The publish the server sends for these findings (as `diagnostics.ts` converts them), as JSON. */
function publish(t: string, fs: Finding[], inline = false): string {
  const m = lineMap(t);
  const hash = hashText(t);
  // inline: as before edit7, each diagnostic's data { hash, fixes } with the fixes' edits in LSP ranges.
  const diagnostics = fs.map((f, i) => (inline ? { ...toDiagnostic(m, f, hash, i), data: { hash, fixes: lspFixesOf(m, f) } } : toDiagnostic(m, f, hash, i)));
  return JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///bench/post.md', version: 1, diagnostics } });
}
let at = lineStart(text, line);
/** Per edit (`--per-edit`): its line and kind, times, and its window on the clock the GC entries use. */
const perEdit: Array<{ i: number; line: number; kind: string; parse: number; rules: number; total: number; wall: number; waited: number; cpu: number; steps: Record<string, number>; t0: number; t1: number; gc: Array<[string, number]> }> = [];
const gcEntries: Array<{ start: number; ms: number; kind: string }> = [];
const gcs = new Map<string, { n: number; ms: number }>();
const gcKind = (k: number) => (k === perf.NODE_PERFORMANCE_GC_MINOR ? 'minor' : k === perf.NODE_PERFORMANCE_GC_MAJOR ? 'major' : k === perf.NODE_PERFORMANCE_GC_INCREMENTAL ? 'incremental' : 'weak');
const countGc = (entries: PerformanceEntry[]) => {
  for (const e of entries) {
    if (e.startTime > gcEnd) continue;
    const kind = gcKind((e as PerformanceEntry & { detail?: { kind: number } }).detail?.kind ?? -1);
    gcEntries.push({ start: e.startTime, ms: e.duration, kind });
    const g = gcs.get(kind) ?? { n: 0, ms: 0 };
    g.n++;
    g.ms += e.duration;
    gcs.set(kind, g);
  }
};
const gcObserver = new PerformanceObserver((list) => countGc(list.getEntries()));
let gcEnd = Infinity; // the entries arrive after the loop: only those of the edits are counted
const profileTo = opt('--profile');
const heapTo = opt('--heap') ?? opt('--survivors');
/** `--survivors`: only what outlives a scavenge (promoted, whether a mark-compact takes it later or not). */
const survivorsOnly = !opt('--heap') && !!opt('--survivors');
const session = profileTo || heapTo ? new Session() : undefined;
if (session) session.connect();
if (session && profileTo) {
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
}
if (session && heapTo) {
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !survivorsOnly });
}
gcObserver.observe({ entryTypes: ['gc'] });
for (let i = 0; i < edits; i++) {
  const editLine = editLines[Math.floor(i / 2) % editLines.length];
  if (i % 2 === 0 && editLines.length > 1) at = lineStart(text, editLine);
  text = i % 2 === 0 ? text.slice(0, at) + '新' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  const s0 = perEditTo ? waited() : 0;
  const c0 = perEditTo ? process.cpuUsage() : undefined;
  const w0 = performance.now();
  const r = analyse(text);
  const w1 = performance.now();
  const c1 = perEditTo ? process.cpuUsage(c0) : undefined;
  const s1 = perEditTo ? waited() : 0;
  parseMs.push(r.parse);
  rulesMs.push(r.steps.reduce((a, b) => a + b, 0));
  if (perEditTo) {
    const steps: Record<string, number> = {};
    r.steps.forEach((ms, k) => {
      if (ms >= stepMin) steps[ruleIds[k] ?? `step ${k}`] = +ms.toFixed(3);
    });
    const rules = r.steps.reduce((a, b) => a + b, 0);
    perEdit.push({ i, line: editLine, kind: i % 2 === 0 ? 'insert' : 'delete', parse: +r.parse.toFixed(3), rules: +rules.toFixed(3), total: +(r.parse + rules).toFixed(3), wall: +(w1 - w0).toFixed(3), waited: +(s1 - s0).toFixed(3), cpu: +((c1!.user + c1!.system) / 1000).toFixed(3), steps, t0: w0, t1: w1, gc: [] });
  }
  r.steps.forEach((ms, k) => (perStep[k] ??= []).push(ms));
  findings = r.findings.length;
  if (LSP) {
    const t0 = now();
    const json = publish(text, r.findings);
    lspMs.push(now() - t0);
    lspBytes.push(Buffer.byteLength(json));
    const ds = (JSON.parse(json) as { params: { diagnostics: Array<{ data?: unknown }> } }).params.diagnostics;
    const dataBytes = ds.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d.data ?? null)), 0);
    lspDataBytes.push(dataBytes);
    const t1 = now();
    const before = publish(text, r.findings, true);
    lspInlineMs.push(now() - t1);
    lspInlineBytes.push(Buffer.byteLength(before));
  }
}
gcEnd = performance.now();
if (session && profileTo) {
  session.post('Profiler.stop', (err, r) => {
    if (!err) writeFileSync(profileTo, JSON.stringify(r.profile));
  });
}
if (session && heapTo) {
  session.post('HeapProfiler.stopSampling', (err, r) => {
    if (!err) writeFileSync(heapTo, JSON.stringify(r.profile));
  });
}
session?.disconnect();
const f = (n: number) => n.toFixed(2);
const total = parseMs.map((p, i) => p + rulesMs[i]);
process.stdout.write(`${input}: ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB, ${edits} edits at ${editLines.length > 1 ? `lines ${editLines[0]}-${editLines[editLines.length - 1]}` : `line ${line}`}, ${findings} findings, ${CPU ? 'CPU' : 'wall'} ms\n`);
process.stdout.write(`  parse+rules  median ${f(quantile(total, 0.5))}  p95 ${f(quantile(total, 0.95))}\n`);
process.stdout.write(`  parse        median ${f(quantile(parseMs, 0.5))}  p95 ${f(quantile(parseMs, 0.95))}\n`);
process.stdout.write(`  rules        median ${f(quantile(rulesMs, 0.5))}  p95 ${f(quantile(rulesMs, 0.95))}\n`);
// The term hits the rules placed on the last edit (the analysis is the rules' own: memoised per post and glossary).
if (lastPost) {
  const terms = analyzeTerms(lastPost, config);
  process.stdout.write(`  term hits placed by the rules (last edit): ${terms.placedCount} of ${terms.blockHits.length}\n`);
}
// The steps are the enabled rules in order.
const rows = perStep.map((xs, k) => ({ id: ruleIds[k] ?? `step ${k}`, med: quantile(xs, 0.5), p95: quantile(xs, 0.95) }));
rows.sort((a, b) => b.p95 - a.p95);
for (const r of rows.slice(0, top)) process.stdout.write(`  ${r.id.padEnd(28)} median ${f(r.med)}  p95 ${f(r.p95)}\n`);
if (LSP) {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const b = quantile(lspBytes, 0.5);
  const inline = quantile(lspInlineBytes, 0.5);
  const parts = total.map((x, i) => x + lspMs[i]);
  process.stdout.write(`  publish (convert + JSON) median ${f(quantile(lspMs, 0.5))}  p95 ${f(quantile(lspMs, 0.95))} (${((100 * lspMs.reduce((a, b) => a + b, 0)) / parts.reduce((a, b) => a + b, 0)).toFixed(1)} % of parse+rules+publish); ${kb(b)} per publish, data ${((100 * quantile(lspDataBytes, 0.5)) / b).toFixed(0)} %\n`);
  const before = total.map((x, i) => x + lspInlineMs[i]);
  process.stdout.write(`  the same with the fixes in data (before edit7): median ${f(quantile(lspInlineMs, 0.5))}  p95 ${f(quantile(lspInlineMs, 0.95))} (${((100 * lspInlineMs.reduce((a, b) => a + b, 0)) / before.reduce((a, b) => a + b, 0)).toFixed(1)} %); ${kb(inline)} per publish\n`);
}
const s = ruleCache.stats;
process.stdout.write(`  last edit: block parts computed ${s.computed}, reused ${s.reused}; window keys made ${s.windowKeys.made}, kept ${s.windowKeys.kept}; memo ${Object.entries(s.memo).map(([k, v]) => `${k} ${v.computed}/${v.computed + v.reused}`).join(', ')}\n`);
setTimeout(() => {
  gcObserver.disconnect();
  process.stdout.write(`  gc during the edits: ${[...gcs].map(([k, g]) => `${k} ${g.n} (${f(g.ms)} ms)`).join(', ') || 'none'}\n`);
  if (perEditTo) {
    // Each collection goes to the edit whose window it started in (entries sorted by start; the edits are in order).
    gcEntries.sort((a, b) => a.start - b.start);
    let k = 0;
    for (const g of gcEntries) {
      while (k < perEdit.length && perEdit[k].t1 < g.start) k++;
      if (k < perEdit.length && perEdit[k].t0 <= g.start) perEdit[k].gc.push([g.kind, +g.ms.toFixed(3)]);
    }
    writeFileSync(perEditTo, perEdit.map(({ t0: _a, t1: _b, ...e }) => JSON.stringify(e)).join('\n') + '\n');
  }
}, 50);
