/**
 * One definition of CJK: `server/src/core/cjk.ts`. Every family (typo, term, claim) and the CLI ask it,
 * so rarer Han (extension A, compatibility forms, astral extensions) and kana are seen the same way
 * everywhere. This test fails when a source file spells a Han range of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CJK_RANGES, CJK_RANGES_U, cjkRatio, hasCjk, isCjkChar, isCjkCode } from '../server/src/core/cjk';
import { parse } from '../server/src/core/index';
import { cleanName } from '../server/src/core/rules/claim/cues';
import { isChinesePost } from '../server/src/core/rules/claim/fixes';

const repo = join(__dirname, '..', '..');
/** Where source (and data-driven regex sources) live. Tests may spell ranges to check messages. */
const ROOTS = ['server/src', 'client/src', 'playground/src', 'scripts', 'bench', 'data'];
/** Files allowed a Han range of their own, and why. */
const ALLOWED = new Map([
  ['server/src/core/cjk.ts', 'the definition'],
  ['server/src/cli/format.ts', 'terminal column widths (Unicode East Asian Width: Hangul, full-width forms and emoji too), not what counts as Chinese'],
  ['scripts/glossary-import.py', 'a Python build script, cannot import cjk.ts'],
]);

/** `\u4e00`, `\u{4E00}`, `0x4e00` (and the other range starts of cjk.ts), `一-…` spelt literally, `\p{Script=Han}`. */
const HAN_RANGE = /\\u\{?(?:4e00|3400|3040|30a0|9fff|9fa5|f900|2e80)\b|0x(?:4e00|3400|3040|9fff|9fa5|f900|2e80)\b|一-|\\p\{(?:Script=|sc=|scx=|Script_Extensions=)?(?:Han|Hani|Ideographic|Ideo)\}/i;

function files(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules') return [];
    return statSync(p).isDirectory() ? files(p) : /\.(?:ts|mts|mjs|js|json|py)$/.test(n) ? [p] : [];
  });
}

/** Comments may name a range (documentation); code may not. */
function code(src: string, file: string): string {
  if (file.endsWith('.json')) return src;
  if (file.endsWith('.py')) return src.replace(/#.*$/gm, '');
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
}

test('the scanner sees every spelling of a Han range', () => {
  for (const s of ['/[\\u4e00-\\u9fff]/', "'\\\\u4E00-\\\\u9FFF'", 'c >= 0x4e00 && c <= 0x9fff', '[一-龥]', '/\\p{Script=Han}/u', '[\\u3400-\\u4dbf]', '\\u{4e00}']) {
    assert.match(code(s, 'x.ts'), HAN_RANGE, s);
  }
  assert.doesNotMatch(code('// [\\u4e00-\\u9fff] in a comment', 'x.ts'), HAN_RANGE);
  assert.doesNotMatch('[一二三四]', HAN_RANGE);
});

test('no source file outside core/cjk.ts spells a Han range of its own', () => {
  const bad: string[] = [];
  for (const root of ROOTS) {
    for (const f of files(join(repo, root))) {
      const rel = relative(repo, f).split('\\').join('/');
      if (ALLOWED.has(rel)) continue;
      const src = code(readFileSync(f, 'utf8'), f);
      src.split('\n').forEach((line, i) => {
        if (HAN_RANGE.test(line)) bad.push(`${rel}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
  }
  assert.deepEqual(bad, [], 'use CJK_RANGES, CJK_RANGES_U, isCjkCode, isCjkChar or hasCjk from server/src/core/cjk.ts');
});

test('the forms of cjk.ts agree on every BMP code unit', () => {
  const cls = new RegExp(`^[${CJK_RANGES}]$`);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    const want = cls.test(ch);
    if (isCjkCode(c) !== want || isCjkChar(ch) !== want || hasCjk(ch) !== want) assert.fail(`U+${c.toString(16)}: class ${want}, isCjkCode ${isCjkCode(c)}, isCjkChar ${isCjkChar(ch)}, hasCjk ${hasCjk(ch)}`);
  }
});

test('rarer Han, kana and astral Han are CJK; Hangul, Latin and CJK punctuation are not', () => {
  for (const ch of ['中', '㐀', '䶵', '豈', 'か', 'カ', 'ㄅ', '⺀', '𠀀', '𪚥']) {
    assert.ok(isCjkChar(ch) && hasCjk(`a${ch}b`) && isCjkCode(ch.charCodeAt(0)), ch);
    assert.match(ch, new RegExp(`^[${CJK_RANGES_U}]$`, 'u'), ch);
  }
  for (const ch of ['한', 'a', '1', '，', '。', '「', ' ']) assert.ok(!isCjkChar(ch) && !hasCjk(ch), ch);
  assert.equal(cjkRatio('中文ab'), 0.5);
});

test('the families see rarer Han and kana as Chinese too (they once stopped at \\u4e00-\\u9fff)', () => {
  // claim/cues: a source name of four or more Chinese characters.
  assert.equal(cleanName('㐀㐁研究所'), '㐀㐁研究所');
  assert.equal(cleanName('データ研究所'), 'データ研究所');
  // claim/fixes: a post in Chinese (Han against Latin letters).
  assert.ok(isChinesePost(parse('# 㐀\n\n㐀㐁㐂㐃㐄㐅 abc ㄅㄆ カタカナ\n')));
});
