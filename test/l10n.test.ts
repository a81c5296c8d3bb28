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
  // `*.media` keys are file paths (walkthrough media, one file per language): checked below.
  const texts = Object.keys(zh).filter((k) => !k.endsWith('.media'));
  const chinese = texts.filter((k) => han.test(zh[k]));
  assert.ok(chinese.length >= texts.length - 2, `Chinese text in package.nls.zh-cn.json (${chinese.length} of ${texts.length})`);
});

test('walkthrough media: every step has a Markdown file per language, the Chinese one in Chinese', () => {
  const en = json('package.nls.json');
  const zh = json('package.nls.zh-cn.json');
  const media = Object.keys(en).filter((k) => k.endsWith('.media'));
  assert.ok(media.length >= 4, `walkthrough steps with media (${media.length})`);
  for (const k of media) {
    assert.match(en[k], /^media\/walkthrough\/en\/[\w-]+\.md$/, `${k} (en)`);
    assert.equal(zh[k], en[k].replace('/en/', '/zh-cn/'), `${k} (zh-cn) is the same file in the zh-cn folder`);
    const enText = readFileSync(join(root, en[k]), 'utf8');
    const zhText = readFileSync(join(root, zh[k]), 'utf8');
    assert.ok(enText.trim().startsWith('# ') && zhText.trim().startsWith('# '), `${k}: a titled Markdown page`);
    assert.ok(!han.test(enText.split('\n')[0]), `${en[k]}: an English title`);
    assert.ok(han.test(zhText.split('\n')[0]), `${zh[k]}: a Chinese title`);
    // the same code examples in both languages (only prose is translated)
    const fences = (t: string) => (t.match(/^```\w*$/gm) ?? []).length;
    assert.equal(fences(zhText), fences(enText), `${k}: the same code blocks in both languages`);
  }
  const files = (lang: string) => readdirSync(join(root, 'media', 'walkthrough', lang)).sort();
  assert.deepEqual(files('zh-cn'), files('en'), 'the same files in both languages');
  assert.deepEqual(files('en'), media.map((k) => en[k].split('/').pop()).sort(), 'no unused media file');
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
