/**
 * The workspace index in process, counted: what summarising every corpus post
 * (../shared/corpus/posts) costs by part (parse, then each family's summarizer, CPU time of this
 * thread), how big the summaries are, and the heap retained by the index once it is built (after
 * `gc()`). Timings on a shared machine are noisy; the proportions and the bytes are what to compare.
 *
 *   node esbuild.mjs --bench && node --expose-gc out/bench/index.js [--out SUMMARIES.jsonl] [--limit N]
 *
 * `--out` writes every post's summary as canonical JSON, one line per post: run it before and
 * after a change to the summary code and diff (the index must not change by a byte).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { cpuUsage } from 'node:process';
import { parse, summarizePost, toConfig, type PostSummary } from '../server/src/core/index';
import { families } from '../server/src/core/rules/index';
import { markdownFiles as mdFiles } from '../test/helpers/files';
import { corpus, opt } from './args';

const outPath = opt('--out');
const limit = Number(opt('--limit') ?? Infinity);
const gc = (globalThis as { gc?: () => void }).gc;

const cpuMs = () => {
  const u = cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Keys sorted at every level, so two runs compare line by line. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

const config = toConfig({});
const files = mdFiles(corpus).slice(0, limit);
const parts = new Map<string, number>([['parse', 0]]);
const add = (k: string, ms: number) => parts.set(k, (parts.get(k) ?? 0) + ms);
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const index = new Map<string, PostSummary>();
const lines: string[] = [];
let bytes = 0;
const t0 = cpuMs();
for (const abs of files) {
  const rel = relative(corpus, abs);
  const text = readFileSync(abs, 'utf8');
  bytes += text.length;
  let t = cpuMs();
  const post = parse(text, config, undefined, { path: rel });
  add('parse', cpuMs() - t);
  // Each family's summarizer alone, timed (summarizePost below gives the summary itself: its
  // families' memos on the post are warm then, so its own time is not counted).
  for (const fam of families) {
    if (!fam.summarize) continue;
    t = cpuMs();
    try {
      fam.summarize(post, config);
    } catch {
      /* as summarizePost: left out */
    }
    add(`summarize ${fam.name}`, cpuMs() - t);
  }
  const s = summarizePost(post, rel, config);
  index.set(rel, s);
  if (outPath) lines.push(JSON.stringify(canonical(s)));
}
const total = cpuMs() - t0;
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const json = JSON.stringify([...index.values()]);
if (outPath) writeFileSync(outPath, lines.join('\n') + '\n');
const rows = [...parts].map(([k, ms]) => `| ${k} | ${ms.toFixed(0)} ms | ${((ms / total) * 100).toFixed(1)} % |`);
process.stdout.write(
  [
    `${files.length} posts, ${(bytes / 2 ** 20).toFixed(1)} M characters; CPU ${total.toFixed(0)} ms (${(total / files.length).toFixed(2)} ms a post)`,
    '| part | CPU | share |',
    '| --- | --- | --- |',
    ...rows,
    `summaries as JSON: ${(json.length / 2 ** 20).toFixed(2)} M characters; heap retained after gc: ${gc ? ((heapAfter - heapBefore) / 2 ** 20).toFixed(1) + ' MB' : 'run with --expose-gc'} (heap used ${(heapAfter / 2 ** 20).toFixed(1)} MB)`,
  ].join('\n') + '\n',
);
