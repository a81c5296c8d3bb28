/**
 * Localization of the VS Code extension: every `%key%` of package.json has an English and a
 * 简体中文 entry (package.nls.json, package.nls.zh-cn.json), every `l10n.t('…')` string of the
 * client has a 简体中文 translation in l10n/bundle.l10n.zh-cn.json, and the client shows no
 * user-facing string literal that bypasses l10n. (Rule messages are localized in the core; the
 * end-to-end suite checks that a 简体中文 VS Code shows them in Chinese.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const han = /\p{Script=Han}/u;

test('package.json: every %key% has an English and a Chinese entry', () => {
  const pkg = readFileSync(join(root, 'package.json'), 'utf8');
  const keys = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length >= 5, 'package.json uses %key% placeholders');
  const en = json('package.nls.json');
  const zh = json('package.nls.zh-cn.json');
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), 'the same keys in both languages');
  for (const k of keys) {
    assert.ok(typeof en[k] === 'string' && en[k].trim(), `package.nls.json has ${k}`);
    assert.ok(typeof zh[k] === 'string' && zh[k].trim(), `package.nls.zh-cn.json has ${k}`);
  }
  assert.deepEqual(Object.keys(en).filter((k) => !keys.includes(k)), [], 'no unused keys');
  const chinese = Object.keys(zh).filter((k) => han.test(zh[k]));
  assert.ok(chinese.length >= keys.length - 2, `Chinese text in package.nls.zh-cn.json (${chinese.length} of ${keys.length})`);
});

function clientSources(): string[] {
  const dir = join(root, 'client', 'src');
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8'));
}

test('client: every l10n.t string has a Chinese translation, and none is missing l10n', () => {
  const sources = clientSources().join('\n');
  const strings = [...sources.matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2].replace(/\\(['"`\\])/g, '$1'));
  assert.ok(strings.length >= 5, `the client localizes its strings (${strings.length} found)`);
  const zh = json('l10n/bundle.l10n.zh-cn.json');
  for (const s of strings) assert.ok(typeof zh[s] === 'string' && han.test(zh[s]), `l10n/bundle.l10n.zh-cn.json translates ${JSON.stringify(s)}`);
  assert.deepEqual(Object.keys(zh).filter((k) => !strings.includes(k)), [], 'no stale translations');
  // user-facing calls with a bare string literal
  const bare = [...sources.matchAll(/show(?:Information|Warning|Error)Message\(\s*['"`]|(?:placeHolder|prompt|title):\s*['"`]/g)];
  assert.deepEqual(bare.map((m) => m[0]), [], 'no user-facing literal without l10n.t');
});
