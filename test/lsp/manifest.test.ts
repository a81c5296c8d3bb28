/** package.json agrees with the code: entry points built, commands and settings declared. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/lsp/settings';
import { APPLY_FIX_WITH_INPUT } from '../../server/src/lsp/protocol';
import { repoRoot } from './harness';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  main: string;
  browser: string;
  activationEvents: string[];
  contributes: { commands: Array<{ command: string }>; configuration: { properties: Record<string, { default: unknown; scope?: string }> } };
};

test('main and browser entries and both server bundles are built', () => {
  for (const f of [pkg.main, pkg.browser, './dist/server.js', './dist/server.web.js']) assert.ok(existsSync(join(repoRoot, f)), f);
  assert.ok(pkg.activationEvents.includes('onLanguage:markdown'));
});

test('every command the client registers is declared, and every declared command is registered', () => {
  const src = readdirSync(join(repoRoot, 'client', 'src'))
    .map((f) => readFileSync(join(repoRoot, 'client', 'src', f), 'utf8'))
    .join('\n');
  const registered = new Set([...src.matchAll(/registerCommand\(\s*'(zhen\.[\w.]+)'/g)].map((m) => m[1]));
  if (/registerCommand\(\s*APPLY_FIX_WITH_INPUT/.test(src)) registered.add(APPLY_FIX_WITH_INPUT);
  const declared = new Set(pkg.contributes.commands.map((c) => c.command));
  assert.deepEqual([...registered].sort(), [...declared].sort());
});

test('the settings the server reads are declared with the same defaults, per resource', () => {
  const props = pkg.contributes.configuration.properties;
  const expected: Record<string, unknown> = {
    'zhen.enable': DEFAULT_SETTINGS.enable,
    'zhen.language': DEFAULT_SETTINGS.language,
    'zhen.rules': DEFAULT_SETTINGS.rules,
    'zhen.frontMatter.schema': '',
  };
  for (const [key, def] of Object.entries(expected)) {
    assert.ok(props[key], `${key} is declared`);
    assert.deepEqual(props[key].default, def, `${key} default`);
    assert.equal(props[key].scope, 'resource', `${key} is read per document`);
  }
  // What VS Code sends for the declared defaults normalises to the server's defaults.
  assert.deepEqual(normalizeSettings({ enable: true, language: 'auto', rules: {}, frontMatter: { schema: '' } }), DEFAULT_SETTINGS);
  assert.deepEqual(normalizeSettings({ language: 'zh-CN', rules: { typo: 'off', bad: 3 }, frontMatter: { schema: ' hugo ' } }), {
    enable: true,
    language: 'zh-cn',
    rules: { typo: 'off' },
    frontMatter: { schema: 'hugo' },
  });
});
