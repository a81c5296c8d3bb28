/**
 * The one `isIgnored` (core/ignore.ts) of the CLI and the server: the `ignore` package's answers
 * on random rule sets and paths, and fast on a long generated `.gitignore`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuMsSince } from './helpers/cpu';
import ignore from 'ignore';
import { ignoredByConfig, pathIgnore } from '../server/src/core/index';

const NAMES = ['a', 'b', 'build', 'x.md', 'post.md', 'drafts', 'Docs', 'c.tmp'];
const PATTERNS = ['a', '/a', 'a/', '!a', 'build/', '/build', '*.md', '!x.md', 'drafts/x.md', 'docs', '!Docs/', '*.tmp', 'c.*', '!post.md', 'b/', '**/a', 'a/b', '/drafts/', '#c', '  ', 'x.md  ', '\\#x', 'a/**/b'];

test('the same answers as the ignore package on 5,000 random rule sets and paths', () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let k = 0; k < 5000; k++) {
    const rules = Array.from({ length: 1 + rnd(6) }, () => PATTERNS[rnd(PATTERNS.length)]);
    const rel = Array.from({ length: 1 + rnd(3) }, () => NAMES[rnd(NAMES.length)]).join('/');
    const isDir = rnd(3) === 0;
    const expected = ignore().add(rules).ignores(isDir ? `${rel}/` : rel);
    assert.equal(pathIgnore(rules)(rel, isDir), expected, `${JSON.stringify(rules)} ${rel}${isDir ? '/' : ''}`);
  }
});

test('nested .gitignore files: the deepest with a say decides; an ignored folder hides what is under it', () => {
  const texts: Record<string, string> = { '': 'drafts/\n*.log\n', docs: '!keep.log\nold/\n' };
  const isIgnored = pathIgnore(['.git'], (dir) => texts[dir]);
  assert.equal(isIgnored('drafts', true), true);
  assert.equal(isIgnored('drafts/a.md', false), true);
  assert.equal(isIgnored('x.log', false), true);
  assert.equal(isIgnored('docs/keep.log', false), false);
  assert.equal(isIgnored('docs/old/a.md', false), true);
  assert.equal(isIgnored('docs/new/a.md', false), false);
  assert.equal(isIgnored('.git', true), true);
  assert.equal(ignoredByConfig(['_drafts/**'], '_drafts/a.md'), true);
  assert.equal(ignoredByConfig(['_drafts/**'], '_posts/a.md'), false);
});

test('a .gitignore of 10,000 generated lines: 1,000 paths in well under a second', () => {
  const lines = Array.from({ length: 10_000 }, (_, i) => (i % 100 === 0 ? `*.tmp${i}` : i % 2 ? `/build-${i}/` : `cache-${i}.bin`)).join('\n');
  const t = process.cpuUsage(); // CPU time: the cost, whatever else the machine runs
  const isIgnored = pathIgnore([], (dir) => (dir === '' ? lines : undefined));
  let n = 0;
  for (let d = 0; d < 50; d++) for (let f = 0; f < 20; f++) if (isIgnored(`d${d}/sub/p${f}.md`, false)) n++;
  assert.equal(isIgnored('build-1', true), true);
  assert.equal(isIgnored('x/cache-2.bin', false), true);
  assert.equal(isIgnored('a.tmp100', false), true);
  assert.equal(n, 0);
  const ms = cpuMsSince(t);
  assert.ok(ms < 1000, `${Math.round(ms)} ms of CPU`);
});
