/**
 * `parse()` over the corpus, counted: CPU of this thread per post (`process.cpuUsage`), the minimum of
 * `--runs` passes over every corpus post (../shared/corpus/posts; each pass parses each post once, no
 * cache), and a digest of what the parse gave (the tree, the prose view, the blocks), so an old and a
 * new build run back to back compare both the time and the result. CPU on a shared machine still
 * varies: alternate the builds and compare the minimums.
 *
 *   node esbuild.mjs --bench && node out/bench/parse.js [--runs 3] [--limit N] [--digest]
 *
 * `--digest` also hashes every post's parse (slower: it walks and serialises each tree).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { parse, toConfig } from '../server/src/core/index';
import { markdownFiles } from '../test/helpers/files';
import { args, corpus, opt } from './args';

const runs = Number(opt('--runs') ?? 3);
const limit = Number(opt('--limit') ?? Infinity);
const digest = args.includes('--digest');

const cpuMs = () => {
  const u = cpuUsage();
  return (u.user + u.system) / 1000;
};

const config = toConfig({});
const texts = markdownFiles(corpus)
  .slice(0, limit)
  .map((f) => ({ path: f.slice(corpus.length + 1), text: readFileSync(f, 'utf8') }));
const chars = texts.reduce((n, t) => n + t.text.length, 0);

const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = cpuMs();
  for (const { path, text } of texts) parse(text, config, undefined, { path });
  times.push(cpuMs() - t0);
}
const best = Math.min(...times);
const lines = [
  `${texts.length} posts, ${(chars / 2 ** 20).toFixed(2)} M characters, ${runs} runs`,
  `parse CPU per run: ${times.map((t) => t.toFixed(0)).join(' / ')} ms; min ${best.toFixed(0)} ms, ${(best / texts.length).toFixed(3)} ms a post`,
];
if (digest) {
  const h = createHash('sha256');
  const drop = (k: string, v: unknown) => (k === 'parent' ? undefined : v);
  for (const { path, text } of texts) {
    const post = parse(text, config, undefined, { path });
    h.update(path).update(JSON.stringify(post.root, drop)).update(post.prose).update(JSON.stringify(post.blocks, drop));
  }
  lines.push(`digest ${h.digest('hex').slice(0, 16)}`);
}
process.stdout.write(lines.join('\n') + '\n');
