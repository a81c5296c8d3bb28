/**
 * The corpus tests' baselines (test/helpers/corpus.ts), without the corpus: a change of a count is
 * listed, site, rule and both values; every `*.corpus.test.ts` that compares counts has its
 * committed file, written as `npm run baselines` writes it (sorted keys, two-space JSON).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { baselinePath, corpusSkip, countChanges } from './helpers/corpus';

const repo = join(__dirname, '..', '..');

test('countChanges lists every count that moved, appeared or went, in order', () => {
  const before = { 'a.github.io': { posts: 3, 'term/variant': 2 }, gone: { posts: 1 } };
  const after = { 'a.github.io': { posts: 3, 'term/variant': 4, 'term/mixed': 1 }, 'b.blog': { posts: 2 } };
  assert.deepEqual(countChanges(before, after), [
    'a.github.io  term/mixed  – → 1',
    'a.github.io  term/variant  2 → 4',
    'b.blog  posts  – → 2',
    'gone  posts  1 → –',
  ]);
  assert.deepEqual(countChanges(after, after), []);
});

test('ZHEN_SKIP_CORPUS=1 skips, 0 or empty does not', () => {
  const old = process.env.ZHEN_SKIP_CORPUS;
  try {
    process.env.ZHEN_SKIP_CORPUS = '1';
    assert.equal(corpusSkip('posts'), 'ZHEN_SKIP_CORPUS is set');
    for (const v of ['0', '']) {
      process.env.ZHEN_SKIP_CORPUS = v;
      assert.notEqual(corpusSkip('posts'), 'ZHEN_SKIP_CORPUS is set');
      assert.match(String(corpusSkip('no-such-folder')), /^corpus not found at .*no-such-folder$/);
    }
  } finally {
    if (old === undefined) delete process.env.ZHEN_SKIP_CORPUS;
    else process.env.ZHEN_SKIP_CORPUS = old;
  }
});

test('every corpus test that compares counts has its baseline, sorted as npm run baselines writes it', () => {
  const names = readdirSync(join(repo, 'test'))
    .filter((f) => f.endsWith('.corpus.test.ts'))
    .flatMap((f) => [...readFileSync(join(repo, 'test', f), 'utf8').matchAll(/assertBaseline\('([\w-]+)'/g)].map((m) => m[1]));
  assert.ok(names.length >= 4, names.join(', '));
  for (const name of names) {
    const file = baselinePath(name);
    assert.ok(existsSync(file), `${file} is missing: npm run baselines`);
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse(text) as { counts: Record<string, Record<string, number>> };
    const sortedKeys = (o: object) => Object.keys(o).join('\n') === Object.keys(o).sort().join('\n');
    assert.ok(sortedKeys(json.counts) && Object.values(json.counts).every(sortedKeys), `${file}: keys not sorted`);
    assert.equal(text, JSON.stringify(json, null, 2) + '\n', `${file}: not as npm run baselines writes it`);
  }
});
