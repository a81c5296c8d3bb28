/** The Node host's worker-thread summariser gives exactly the summaries of the sequential path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../server/src/core/index';
import { assignBySize, summarizeOnWorkers } from '../server/src/node/check';

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

test('assignBySize: the largest first, each to the lane with the fewest bytes; every item once, in its order within a lane', () => {
  const sizes = [100, 1, 1, 1, 1, 1, 1, 1, 90, 5];
  const lanes = assignBySize(sizes.map((_, i) => i), (i) => sizes[i], 2);
  assert.deepEqual(lanes.flat().sort((a, b) => a - b), sizes.map((_, i) => i));
  for (const lane of lanes) assert.deepEqual(lane, [...lane].sort((a, b) => a - b));
  const bytes = lanes.map((l) => l.reduce((n, i) => n + sizes[i], 0));
  // By count (i % 2) one lane would get 100 + 90 bytes; by size the two heavy posts part.
  assert.ok(Math.abs(bytes[0] - bytes[1]) <= 5, `bytes per lane ${bytes}`);
  assert.deepEqual(assignBySize([3, 1, 2], () => 7, 1), [[3, 1, 2]]);
  assert.deepEqual(assignBySize([], () => 0, 3), [[], [], []]);
});
