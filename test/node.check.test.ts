/** The Node host's worker-thread summariser gives exactly the summaries of the sequential path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { defaultCacheFile } from '../server/src/node/cache';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../server/src/core/index';
import { LANE_BYTES, SizeQueue, laneCount, runCheck, summarizeOnWorkers, type CheckStats, type CheckTask, type IndexCache } from '../server/src/node/check';

const repo = join(__dirname, '..', '..');

test('summarizeOnWorkers: same summaries as summarize(), in batches with progress, and stops when cancelled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhen-workers-'));
  const files: Array<{ abs: string; rel: string }> = [];
  for (let i = 0; i < 60; i++) {
    const rel = `p${i}.md`;
    writeFileSync(join(dir, rel), `---\ntags: [AI, ${i % 3 ? 'ai' : 'Web3'}]\n---\n\n用${i % 2 ? 'Github' : 'GitHub'}写[链接](https://example.com/${i})。大语言模型。\n`);
    files.push({ abs: join(dir, rel), rel });
  }
  const seen: number[] = [];
  const got = await summarizeOnWorkers(join(repo, 'dist', 'cli.js'), files, dir, {}, (done) => seen.push(done), () => false, 2);
  assert.ok(got);
  assert.equal(got.size, 60);
  for (const f of files) assert.deepEqual(got.get(f.rel), summarize(readFileSync(f.abs, 'utf8'), f.rel, {}), f.rel);
  assert.ok(seen.length > 1 && seen[seen.length - 1] === 60, `progress ${seen}`);
  let calls = 0;
  const cancelled = await summarizeOnWorkers(join(repo, 'dist', 'cli.js'), files, dir, {}, () => undefined, () => ++calls > 1, 2);
  assert.equal(cancelled, undefined);
});

test('summarizeOnWorkers with a persisted index: an unchanged post is not read, a touched one not summarised again, another build starts afresh', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhen-index-cache-'));
  const files: Array<{ abs: string; rel: string }> = [];
  for (let i = 0; i < 40; i++) {
    const rel = `p${i}.md`;
    writeFileSync(join(dir, rel), `---\ntags: [AI]\n---\n\n用${i % 2 ? 'Github' : 'GitHub'}写[链接](https://example.com/${i})。\n`);
    files.push({ abs: join(dir, rel), rel });
  }
  const cli = join(repo, 'dist', 'cli.js');
  const path = join(dir, 'cache', 'index.json');
  const build = (version = 'v1') => {
    const cache: IndexCache = { path, version };
    return summarizeOnWorkers(cli, files, dir, {}, () => undefined, () => false, 2, cache).then((got) => ({ got: got!, counts: cache.counts }));
  };
  const expected = (f: { abs: string; rel: string }) => summarize(readFileSync(f.abs, 'utf8'), f.rel, {});
  const first = await build();
  assert.deepEqual(first.counts, { unread: 0, unchanged: 0, summarized: 40 });
  const written = readFileSync(path, 'utf8');
  const second = await build();
  assert.deepEqual(second.counts, { unread: 40, unchanged: 0, summarized: 0 });
  assert.deepEqual([...second.got.keys()], files.map((f) => f.rel), 'in the order of the list');
  for (const f of files) assert.deepEqual(second.got.get(f.rel), expected(f), f.rel);
  assert.equal(readFileSync(path, 'utf8'), written, 'nothing changed: the file is not rewritten');
  // p1 written again with the same bytes (new times), p2 changed.
  const later = new Date(Date.now() + 5000);
  writeFileSync(files[1].abs, readFileSync(files[1].abs));
  utimesSync(files[1].abs, later, later);
  writeFileSync(files[2].abs, '---\ntags: [Web3]\n---\n\n用 GitHub 写。\n');
  const third = await build();
  assert.deepEqual(third.counts, { unread: 38, unchanged: 1, summarized: 1 });
  for (const f of files) assert.deepEqual(third.got.get(f.rel), expected(f), f.rel);
  assert.deepEqual((await build('v2')).counts, { unread: 0, unchanged: 0, summarized: 40 }, 'another build does not use the file');
});

test('laneCount: a worker only for work that pays for it, unless --jobs says; never more lanes than posts / 8', () => {
  assert.equal(laneCount(200, 6 << 20, undefined, 2), 1, '200 copies of the example post (5.6 MB) on 2 cores: one lane');
  assert.equal(laneCount(1408, 16 << 20, undefined, 2), 1, 'the corpus (16 MB) on 2 cores: one lane (a worker costs a third more CPU there)');
  assert.equal(laneCount(800, 23 << 20, undefined, 2), 1, '800 copies (22 MB) on 2 cores: one lane');
  assert.equal(laneCount(800, 23 << 20, undefined, 1), 1);
  assert.equal(laneCount(800, 23 << 20, undefined, 4), 3, 'on 4 cores one lane per LANE_BYTES');
  assert.equal(laneCount(800, 23 << 20, undefined, 8), 3, 'one lane per LANE_BYTES, up to the cores');
  assert.equal(laneCount(800, 2 * LANE_BYTES - 1, undefined, 8), 2);
  assert.equal(laneCount(200, 6 << 20, 2, 2), 2, '--jobs 2 is two lanes');
  assert.equal(laneCount(9, 1 << 10, 4, 2), 2, 'at most one lane per 8 posts');
  assert.equal(laneCount(0, 0, undefined, 2), 1);
  assert.equal(laneCount(40, 30 << 20, undefined, 4, 16), 3, 'the index: at most one worker per 16 posts');
  assert.equal(laneCount(400, 30 << 20, undefined, 3, 16), 3, 'the index: at most its jobs');
  assert.equal(laneCount(400, 30 << 20, undefined, 2, 16), 1, 'the index on 2 cores: one worker');
});

test('runCheck counts: each post read, parsed and checked once over the lanes; what went to the worker; by default one lane for a small blog', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhen-lanes-'));
  const tasks: CheckTask[] = [];
  for (let i = 0; i < 24; i++) {
    const rel = `p${i}.md`;
    writeFileSync(join(dir, rel), `---
tags: [AI]
---

用${i % 2 ? 'Github' : 'GitHub'}写[链接](https://example.com/${i})。
`.repeat(1 + (i % 4)));
    tasks.push({ abs: join(dir, rel), rel, indexed: true, target: true });
  }
  const cli = join(repo, 'dist', 'cli.js');
  const run = async (jobs: number | undefined) => {
    const stats = {} as CheckStats;
    const out = await runCheck(tasks, { root: dir, configInput: {}, now: Date.UTC(2026, 0, 1), fix: false, version: 'test', jobs, stats }, cli);
    return { out, stats };
  };
  const two = await run(2);
  assert.equal(two.stats.lanes.length, 2);
  const sum = (k: 'read' | 'parsed' | 'checked') => two.stats.lanes.reduce((n, l) => n + l[k], 0);
  assert.deepEqual([sum('read'), sum('parsed'), sum('checked')], [24, 24, 24], JSON.stringify(two.stats));
  const worker = two.stats.lanes[1];
  assert.ok(worker.read > 0 && worker.startMs! > 0 && worker.bytesIn! > 0 && worker.bytesOut! > 0, JSON.stringify(worker));
  assert.equal(two.stats.lanes[0].bytesIn, undefined, 'this thread sends nothing');
  const dflt = await run(undefined);
  assert.equal(dflt.stats.lanes.length, 1, 'a few KB of posts: no worker');
  assert.ok(dflt.stats.workBytes > 0 && dflt.stats.workBytes < LANE_BYTES);
  assert.deepEqual(dflt.out.map((f) => [f.abs, f.findings]), two.out.map((f) => [f.abs, f.findings]));
  assert.equal(worker.indexSent, 24, 'a lane with targets to check gets the index');
  if (process.platform === 'linux') assert.ok(two.stats.lanes.every((l) => l.cpuMs! > 0), 'each lane\'s thread CPU, counted');
  // One target (`zhen check POST` of a blog): the lanes summarise every post, the one that read the
  // target checks it, and a worker that checks nothing is sent no index. This thread takes the
  // largest post first, so the target is here.
  const largest = tasks.reduce((a, t) => (statSync(t.abs).size > statSync(a.abs).size ? t : a));
  const stats = {} as CheckStats;
  const one = await runCheck(tasks.map((t) => ({ ...t, target: t === largest })), { root: dir, configInput: {}, now: Date.UTC(2026, 0, 1), fix: false, version: 'test', jobs: 2, stats }, cli);
  assert.deepEqual(stats.lanes.map((l) => l.checked), [1, 0]);
  assert.equal(stats.lanes.reduce((n, l) => n + l.read, 0), 24);
  assert.equal(stats.lanes[1].indexSent, 0, 'no index to a worker with nothing to check');
  assert.deepEqual(one.map((f) => [f.abs, f.findings]), two.out.filter((f) => f.abs === largest.abs).map((f) => [f.abs, f.findings]), 'the same findings');
});

test('SizeQueue: the largest first, each batch up to its bytes (at least one post), every item once', () => {
  const sizes = [100, 1, 1, 1, 1, 1, 1, 1, 90, 5];
  const q = new SizeQueue(sizes.map((_, i) => i), (i) => sizes[i]);
  assert.equal(q.left, 10);
  assert.deepEqual(q.take(50), [0], 'a post larger than the batch still goes, alone');
  assert.deepEqual(q.take(95), [8, 9]);
  assert.deepEqual(q.take(0, 1), [1]);
  assert.deepEqual(q.take(3, 2), [2, 3], 'at most `most` posts');
  assert.deepEqual(q.take(100), [4, 5, 6, 7], 'equal sizes in their given order');
  assert.deepEqual(q.take(100), []);
  assert.equal(q.left, 0);
});

test('defaultCacheFile: none outside a git work tree; in one, a file per workspace in ZHEN_CACHE_DIR, the server beside the CLI', () => {
  const plain = mkdtempSync(join(tmpdir(), 'zhen-nogit-'));
  assert.equal(defaultCacheFile(plain, { ZHEN_CACHE_DIR: '/c' }), undefined);
  const repoDir = mkdtempSync(join(tmpdir(), 'zhen-git-'));
  mkdirSync(join(repoDir, '.git'));
  const cli = defaultCacheFile(repoDir, { ZHEN_CACHE_DIR: '/c' });
  const server = defaultCacheFile(repoDir, { ZHEN_CACHE_DIR: '/c' }, 'server');
  assert.match(cli!, /^\/c\/[0-9a-f]{16}\.json$/);
  assert.equal(server, cli!.replace(/\.json$/, '-server.json'));
  assert.notEqual(defaultCacheFile(mkdirSync(join(repoDir, 'sub'), { recursive: true })!, { ZHEN_CACHE_DIR: '/c' }), cli, 'another root, another file');
});
