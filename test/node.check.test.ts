/** The Node host's worker-thread summariser gives exactly the summaries of the sequential path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { defaultCacheFile } from '../server/src/node/cache';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../server/src/core/index';
import { SizeQueue, summarizeOnWorkers, type IndexCache } from '../server/src/node/check';

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
