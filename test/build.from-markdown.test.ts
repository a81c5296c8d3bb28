/**
 * The build's one change to mdast-util-from-markdown (scripts/from-markdown.plugin.mjs): the
 * compiler's handlers share one context instead of a copy per event. That gives the same trees only
 * while no handler writes to `this` or keeps it; this checks the installed compiler and every
 * from-markdown extension Zhen bundles, and that the patch still finds its text. (The trees
 * themselves: test/core.pieces.test.ts compares the parse with the reference on every corpus post.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a build script (plain JavaScript, no types)
import { patchFromMarkdown, patchMicromarkParse } from '../scripts/from-markdown.plugin.mjs';
import { parsePost } from '../server/src/core/document';
import { markdownFiles } from './helpers/files';

const repo = join(__dirname, '..', '..');
const modules = join(repo, 'node_modules');
/** The packages whose handlers the compiler calls (markdown.ts's extensions, and the compiler's own). */
const PACKAGES = ['mdast-util-from-markdown', 'mdast-util-frontmatter', 'mdast-util-gfm-autolink-literal', 'mdast-util-gfm-footnote', 'mdast-util-gfm-strikethrough', 'mdast-util-gfm-table', 'mdast-util-gfm-task-list-item', 'mdast-util-math'];

test('from-markdown patch: it finds the handler call once and calls it on the shared context', () => {
  const source = readFileSync(join(modules, 'mdast-util-from-markdown', 'lib', 'index.js'), 'utf8');
  const patched = (patchFromMarkdown as (s: string) => string)(source);
  assert.match(patched, /context\.sliceSerialize = events\[index\]\[2\]\.sliceSerialize;\s*handler\[events\[index\]\[1\]\.type\]\.call\(context, events\[index\]\[1\]\);/);
  assert.throws(() => (patchFromMarkdown as (s: string) => string)('function compile() {}'), /expected the handler call once/);
});

test('from-markdown patch: no handler writes to `this` or keeps it (their state is in this.data)', () => {
  const WRITES = /\bthis\.[A-Za-z_$][\w$]*\s*(?:=(?!=)|\+=|-=)|\bthis\.[A-Za-z_$][\w$]*\[[^\]]*\]\s*=(?!=)|=\s*this\b(?!\.)/;
  let files = 0;
  for (const pkg of PACKAGES) {
    const dir = join(modules, pkg, 'lib');
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      files++;
      const lines = readFileSync(join(dir, name), 'utf8').split('\n');
      const bad = lines.map((l, i) => [i + 1, l] as const).filter(([, l]) => WRITES.test(l));
      assert.deepEqual(bad, [], `${pkg}/lib/${name} writes to or keeps \`this\`: the shared context would change its trees`);
    }
  }
  assert.ok(files >= PACKAGES.length, `${files} files read`);
});

test('from-markdown patch: the compiler and the combined constructs are kept per extensions array, the state per document', () => {
  const source = readFileSync(join(modules, 'mdast-util-from-markdown', 'lib', 'index.js'), 'utf8');
  const patched = (patchFromMarkdown as (s: string) => string)(source);
  assert.match(patched, /return compilerFor\(options\)\(/);
  assert.match(patched, /resume,\s*data: \{\}\s*\}/, 'a fresh `data` per compile');
  const parse = readFileSync(join(modules, 'micromark', 'lib', 'parse.js'), 'utf8');
  assert.match((patchMicromarkParse as (s: string) => string)(parse), /const constructs = [^;]*zhenCombined\(settings\.extensions\)/);
  assert.throws(() => (patchMicromarkParse as (s: string) => string)('export function parse() {}'), /expected .* once/);
});

test('from-markdown patch: a document parses the same whatever was parsed before it (no state kept between documents)', () => {
  const files = [...markdownFiles(join(repo, 'test', 'fixtures')), ...markdownFiles(join(repo, 'examples'))];
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const drop = (k: string, v: unknown) => (k === 'parent' ? undefined : v);
  const trees = (order: number[]) => {
    const out: string[] = [];
    for (const i of order) out[i] = JSON.stringify(parsePost(texts[i]).root, drop);
    return out;
  };
  const forward = texts.map((_, i) => i);
  const a = trees(forward);
  const b = trees([...forward].reverse());
  let same = 0;
  for (const i of forward) {
    assert.equal(b[i], a[i], files[i]);
    same++;
  }
  assert.ok(same > 50, `${same} documents`);
});
