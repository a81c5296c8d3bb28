/**
 * The build's ASCII output (scripts/ascii-output.plugin.mjs): every unit above U+007F of a bundle is
 * written as `\uXXXX`, which must mean the same character wherever it stands (a regular expression with
 * or without the `u` flag, a character class, an identity escape, a string, a template, a comment), and
 * the source map's generated columns must follow the moved text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a build script (plain JavaScript, no types)
import { escapeNonAscii, shiftMappings, generatedColumns } from '../scripts/ascii-output.plugin.mjs';

// esbuild's API runs its binary from its own package: loaded at run time, not bundled into the test.
const ESBUILD = 'esbuild';
const { transformSync } = require(ESBUILD) as typeof import('esbuild');

type Shifts = Map<number, Array<[number, number]>>;
const escape = escapeNonAscii as (code: string) => { code: string; shifts: Shifts };
const shift = shiftMappings as (mappings: string, shifts: Shifts) => string;
const columns = generatedColumns as (mappings: string) => number[][];

const SOURCE = [
  '// 注释：一个 comment… with 🪦',
  'export const cjk = /[的了在是]|(?:来自|官方)\\s*[:：]/g;',
  'export const identity = /\\—x[\\。]/;',
  'export const astral = /[🪦a]/u;',
  'export const astralPlain = /🪦/;',
  'export const text = "中文 ’quotes’ and \\u00e9 é";',
  'export const tpl = `模板 ${cjk.flags} 尾`;',
  'export function 名字(x: number) { return x + 1; } export const call = 名字(1);',
  'export const after = /£/.test("£") && /[¥￥]/.test("¥");',
].join('\n');

/** The module's exports when its code runs (CommonJS, as the bundles are). */
function run(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
}

test('ascii output: the escaped code is ASCII and means the same', () => {
  const built = transformSync(SOURCE, { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
  assert.match(built, /[^\x00-\x7f]/, 'esbuild leaves non-ASCII in regular expressions and comments');
  const { code } = escape(built);
  assert.doesNotMatch(code, /[^\x00-\x7f]/);
  const a = run(built);
  const b = run(code);
  assert.deepEqual(Object.keys(b), Object.keys(a));
  for (const k of Object.keys(a)) {
    const x = a[k];
    const y = b[k];
    if (x instanceof RegExp) {
      assert.ok(y instanceof RegExp, k);
      assert.equal(y.flags, x.flags, k);
      for (const s of ['的', '来自 ：', '—x。', '—x\\。', '🪦', '\uD83E', 'a', '£', '¥', '￥', 'x']) {
        x.lastIndex = y.lastIndex = 0;
        assert.deepEqual(y.exec(s), x.exec(s), `${k} on ${s}`);
      }
    } else if (typeof x === 'function') assert.equal((y as () => void).name, x.name, k);
    else assert.deepEqual(y, x, k);
  }
  assert.equal(b.call, 2);
});

test('ascii output: the source map follows the moved columns', () => {
  const built = transformSync(SOURCE, { loader: 'ts', format: 'cjs', target: 'es2022', sourcemap: 'external', sourcefile: 'x.ts' });
  const { code, shifts } = escape(built.code);
  assert.ok(shifts.size >= 5);
  const map = JSON.parse(built.map) as { mappings: string };
  const before = columns(map.mappings);
  const after = columns(shift(map.mappings, shifts));
  const oldLines = built.code.split('\n');
  const newLines = code.split('\n');
  let checked = 0;
  before.forEach((cols, line) => {
    assert.equal(after[line].length, cols.length);
    cols.forEach((col, i) => {
      const was = oldLines[line].slice(col, col + 3);
      if (/^[\x00-\x7f]{3}$/.test(was)) {
        assert.equal(newLines[line].slice(after[line][i], after[line][i] + 3), was, `line ${line + 1}, column ${col}`);
        checked++;
      }
    });
  });
  assert.ok(checked > 20, `${checked} mappings checked`);
});

test('ascii output: the bundles a process loads are ASCII', { skip: !existsDist() && 'no dist/ build' }, () => {
  for (const name of ['server.js', 'cli.js']) {
    const text = readFileSync(join(repo(), 'dist', name), 'utf8');
    const i = text.search(/[^\x00-\x7f]/);
    assert.equal(i, -1, `dist/${name} holds ${JSON.stringify(text.slice(i - 40, i + 10))}`);
  }
});

function repo() {
  return join(__dirname, '..', '..');
}
function existsDist() {
  try {
    readFileSync(join(repo(), 'dist', 'server.js'));
    return true;
  } catch {
    return false;
  }
}
