/**
 * The term rules over the corpus (../shared/corpus/posts; each top-level folder is one workspace):
 * no rule fails, and the findings per site and rule are those of test/baselines/corpus-term.json
 * (`npm run baselines` rewrites it; see test/helpers/corpus.ts). Prints findings per 1,000
 * characters per folder and the time and memory of building the workspace index (`summarize`
 * over every post: a measure, not asserted), and writes every finding as TSV to out/corpus/term.tsv
 * for review. Skipped with ZHEN_SKIP_CORPUS=1 or without the corpus.
 *
 *   npm run test:one -- term.corpus      (add `-- --expose-gc` … for the heap figure: node flags go after a second `--`)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzePost, computeLineStarts, parse, positionAt, toConfig, type PostSummary } from '../server/src/core/index';
import { summarizeTerms } from '../server/src/core/rules/term/summary';
import { markdownFiles } from './helpers/files';
import { assertBaseline, corpusRoot, corpusSkip, writeReview, type Counts } from './helpers/corpus';

const corpus = join(corpusRoot, 'posts');

test('term rules over the corpus: no rule fails; findings per site and rule as in the baseline', { skip: corpusSkip('posts') }, () => {
  const files = markdownFiles(corpus);
  const config = toConfig({});
  const texts = files.map((f) => [relative(corpus, f), readFileSync(f, 'utf8')] as const);

  // 1. The workspace index: summarize every post.
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let t = performance.now();
  // One workspace per site (folder): cross-post drift is about one blog, not across blogs.
  const indexes = new Map<string, Map<string, PostSummary>>();
  let parseMs = 0;
  let termMs = 0;
  for (const [rel, text] of texts) {
    const folder = rel.split('/')[0];
    let m = indexes.get(folder);
    if (!m) indexes.set(folder, (m = new Map()));
    const t0 = performance.now();
    const post = parse(text, config);
    const t1 = performance.now();
    m.set(rel, { path: rel, term: summarizeTerms(post, config) });
    parseMs += t1 - t0;
    termMs += performance.now() - t1;
  }
  const indexMs = performance.now() - t;
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1048576;
  const termBytes = JSON.stringify([...indexes.values()].flatMap((m) => [...m.values()].map((s) => s.term))).length;

  // 2. Findings with the index (term/cross-post included).
  const rows: string[] = [];
  const per = new Map<string, { chars: number; posts: number; n: Map<string, number> }>();
  t = performance.now();
  for (const [rel, text] of texts) {
    const folder = rel.split('/')[0];
    const post = parse(text, config);
    const fs = analyzePost(post, config, { path: rel, index: { posts: indexes.get(folder)!, version: 1 } }).filter((f) => f.ruleId.startsWith('term/') || f.ruleId === 'internal');
    let p = per.get(folder);
    if (!p) per.set(folder, (p = { chars: 0, posts: 0, n: new Map() }));
    p.chars += text.length;
    p.posts++;
    const ls = computeLineStarts(text);
    for (const f of fs) {
      assert.notEqual(f.ruleId, 'internal', `${rel}: ${f.message}`);
      p.n.set(f.ruleId, (p.n.get(f.ruleId) ?? 0) + 1);
      const pos = positionAt(ls, f.span.start);
      const line = text.slice(ls[pos.line], ls[pos.line + 1] ?? text.length).replace(/\s+/g, ' ');
      rows.push([f.ruleId, `${rel}:${pos.line + 1}`, text.slice(f.span.start, f.span.end), f.message, line.slice(Math.max(0, pos.character - 60), pos.character + 80)].join('\t'));
    }
  }
  const analyzeMs = performance.now() - t;
  const out = writeReview('term', rows);
  const lines = [`index: ${texts.length} posts summarized in ${(indexMs / 1000).toFixed(1)} s (parsing ${(parseMs / 1000).toFixed(1)} s, term summaries ${(termMs / 1000).toFixed(1)} s), heap +${heapMb.toFixed(1)} MB, term slices ${(termBytes / 1024).toFixed(0)} KB as JSON`,
    `analysis with index: ${(analyzeMs / 1000).toFixed(1)} s`];
  for (const [folder, p] of per) {
    const total = [...p.n.values()].reduce((a, b) => a + b, 0);
    lines.push(`${folder}: ${p.posts} posts, ${(p.chars / 1000).toFixed(0)}k chars, ${total} findings = ${(total / p.chars * 1000).toFixed(3)} per 1,000 chars; ${[...p.n].map(([r, n]) => `${r} ${n}`).join(', ')}`);
  }
  console.log(lines.map((l) => `# ${l}`).join('\n'));
  console.log(`# findings written to ${out}`);
  const counts: Counts = {};
  for (const [folder, p] of per) counts[folder] = { posts: p.posts, ...Object.fromEntries(p.n) };
  assertBaseline('term', 'term rules (default configuration, one workspace per site) over ../shared/corpus/posts: posts and findings per site and rule', counts);
});
