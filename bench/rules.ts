/**
 * Per-rule time: each rule alone (with the shared per-post work it triggers: sentences, inline
 * info, citations…) and all rules together, on the example post and on hostile inputs. The post
 * is parsed once per input (parse time is printed apart); each timed run gets a fresh copy of
 * the Post object so nothing memoised per post carries over.
 *
 *   node esbuild.mjs --bench && node out/bench/rules.js [--inputs example,corpus10,line1,links,lists] [--runs N] [--json FILE] [--rules ID,ID]
 *
 * `--scale F` multiplies the size of every input but the example post.
 * Inputs: example (examples/2024-05-22-ai-crypto.md), corpus10 (10 MB: real posts from
 * ../shared/corpus/posts concatenated), line1 (1 MB single line of mixed CJK/Latin/punctuation),
 * links (600 KB of `[a](b)`), lists (3.9 MB of deep list lines).
 * Times are the median (and the fastest) of N runs (default 31 on the example post, 3 on the big
 * inputs); on a shared machine the fastest run is the steadier figure. `--cpu` times the process's
 * CPU time (user + system, all its threads: GC included) instead of wall time: on a machine with
 * more runnable processes than cores, wall time mostly measures the others.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { allRules, parse, toConfig, type Post, type RuleFamily } from '../server/src/core/index';
import { runRules } from '../server/src/core/engine';
import { markdownFiles as mdFiles } from '../test/helpers/files';

const repo = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}


/** A deterministic pseudo-random generator (xorshift), so every run sees the same input. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const MB = 1024 * 1024;
/** `--scale 0.1`: the generated inputs at a tenth of their size (to see how a rule grows, or to profile quickly). */
const SCALE = Number(opt('--scale') ?? 1);

const inputs: Record<string, () => string> = {
  example: () => readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8'),
  corpus10: () => {
    const parts: string[] = [];
    let bytes = 0;
    for (const f of mdFiles(join(repo, '..', 'shared', 'corpus', 'posts'))) {
      const t = readFileSync(f, 'utf8');
      parts.push(t);
      bytes += Buffer.byteLength(t) + 2;
      if (bytes >= 10 * MB * SCALE) break;
    }
    return parts.join('\n\n');
  },
  line1: () => {
    const tokens = ['中文', '数据', 'AI', 'API', ' ', ' ', ',', '，', '.', '。', '(', ')', '（', '）', '"', '“', '”', '2024', '3.5', '%',
      '...', '——', '--', '、', '！', '!!', '？', ':', '：', ';', '`code`', '**', '*', '[link](http://x.y)', 'the', 'the the', '训练好的模型训练好的模型',
      '据报告显示', '84%', '一亿用户', 'GitHub', 'ｆｕｌｌ', '\'', '<a>', '</a>', '$x$', '[^1]', 'e.g.', '哈哈'];
    const r = rng(42);
    let s = '';
    while (s.length < MB * SCALE) s += tokens[Math.floor(r() * tokens.length)];
    return s;
  },
  links: () => '[a](b)'.repeat(Math.round(100_000 * SCALE)),
  lists: () => {
    const r = rng(7);
    const lines: string[] = [];
    let bytes = 0;
    while (bytes < 3.9 * MB * SCALE) {
      const depth = Math.floor(r() * 60);
      const line = '  '.repeat(depth) + '- 列表项' + depth + '，包含English和数字' + Math.floor(r() * 1000) + '。';
      lines.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
    return lines.join('\n') + '\n';
  },
};

/** A fresh Post for each run: per-post memos (WeakMaps keyed by the Post or its blocks) start empty. */
function fresh(post: Post): Post {
  return { ...post, blocks: post.blocks.map((b) => ({ ...b })) };
}

const CPU = args.includes('--cpu');
/** Milliseconds: wall clock, or with --cpu the process's CPU time. */
function now(): number {
  if (!CPU) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const config = toConfig({});
const chosen = (opt('--inputs') ?? Object.keys(inputs).join(',')).split(',');
const onlyRules = opt('--rules')?.split(',');
const rules = allRules.filter((r) => !onlyRules || onlyRules.includes(r.id));
type Time = { median: number; min: number };
const result: Record<string, { chars: number; bytes: number; parseMs: number; all: Time; findings: number; rules: Record<string, Time> }> = {};

// Warm-up (JIT): every chosen rule, ten times on the example post, before any input is timed.
{
  const warm = parse(inputs.example(), config);
  for (let i = 0; i < 10; i++) runRules(fresh(warm), [{ name: 'warm', rules }], config, {});
}

for (const name of chosen) {
  const make = inputs[name];
  if (!make) throw new Error(`unknown input ${name}`);
  const text = make();
  const bytes = Buffer.byteLength(text);
  const runs = Number(opt('--runs') ?? (name === 'example' ? 31 : 3));
  let t = performance.now();
  const post = parse(text, config);
  const parseMs = performance.now() - t;
  process.stderr.write(`${name}: ${(bytes / MB).toFixed(2)} MB, parse ${parseMs.toFixed(0)} ms\n`);
  const timeFamilies = (fams: RuleFamily[]): Time & { findings: number } => {
    const ts: number[] = [];
    let findings = 0;
    if (name === 'example') for (let i = 0; i < 5; i++) runRules(fresh(post), fams, config, {});
    for (let i = 0; i < runs; i++) {
      const p = fresh(post);
      t = now();
      findings = runRules(p, fams, config, {}).length;
      ts.push(now() - t);
    }
    return { median: median(ts), min: Math.min(...ts), findings };
  };
  const row = { chars: text.length, bytes, parseMs, all: { median: 0, min: 0 }, findings: 0, rules: {} as Record<string, Time> };
  const line = (id: string, t: Time & { findings: number }) =>
    process.stderr.write(`  ${id.padEnd(28)} ${t.median.toFixed(2).padStart(10)} ms (min ${t.min.toFixed(2).padStart(9)})  ${((t.min / bytes) * MB).toFixed(1).padStart(8)} ms/MB  ${t.findings} findings\n`);
  for (const rule of rules) {
    const t = timeFamilies([{ name: 'one', rules: [rule] }]);
    row.rules[rule.id] = { median: t.median, min: t.min };
    line(rule.id, t);
  }
  const all = timeFamilies([{ name: 'all', rules }]);
  row.all = { median: all.median, min: all.min };
  row.findings = all.findings;
  line('ALL', all);
  result[name] = row;
}

const json = opt('--json');
if (json) writeFileSync(json, JSON.stringify(result, null, 2) + '\n');
