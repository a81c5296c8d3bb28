/** package.json agrees with the code: entry points built, commands and settings declared. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/lsp/settings';
import { APPLY_FIX_WITH_INPUT } from '../../server/src/lsp/protocol';
import { repoRoot } from './harness';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: unknown };
  completionEvents?: string[];
}
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  main: string;
  browser: string;
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces: boolean | { supported: boolean | 'limited'; description?: string };
  };
  contributes: {
    commands: Array<{ command: string }>;
    configuration: { properties: Record<string, { default: unknown; scope?: string }> };
    walkthroughs: Array<{ id: string; title: string; description: string; steps: Step[] }>;
  };
};
const nls = (lang: '' | '.zh-cn') => JSON.parse(readFileSync(join(repoRoot, `package.nls${lang}.json`), 'utf8')) as Record<string, string>;
const resolve = (v: string, table: Record<string, string>) => v.replace(/^%(.+)%$/, (_m, k: string) => table[k] ?? `<missing ${k}>`);

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
    'zhen.hover.glossaryCard': 'auto',
    'zhen.diagnostics.scope': DEFAULT_SETTINGS.diagnostics.scope,
  };
  for (const [key, def] of Object.entries(expected)) {
    assert.ok(props[key], `${key} is declared`);
    assert.deepEqual(props[key].default, def, `${key} default`);
    assert.equal(props[key].scope, 'resource', `${key} is read per document`);
  }
  // What VS Code sends for the declared defaults normalises to the server's defaults.
  assert.deepEqual(normalizeSettings({ enable: true, language: 'auto', rules: {}, frontMatter: { schema: '' }, hover: { glossaryCard: 'auto' }, diagnostics: { scope: 'workspace' } }), DEFAULT_SETTINGS);
  assert.deepEqual(normalizeSettings({ language: 'zh-CN', rules: { typo: 'off', bad: 3 }, frontMatter: { schema: ' hugo ' }, hover: { glossaryCard: 'every' }, diagnostics: { scope: 'openFiles' } }), {
    enable: true,
    language: 'zh-cn',
    rules: { typo: 'off' },
    frontMatter: { schema: 'hugo' },
    hover: { glossaryCard: 'every' },
    diagnostics: { scope: 'openFiles' },
  });
});

test('the walkthrough: 4–5 steps, each with Markdown media in both languages, completion events on declared commands and settings', () => {
  const [w, ...more] = pkg.contributes.walkthroughs;
  assert.equal(more.length, 0);
  assert.ok(w.steps.length >= 4 && w.steps.length <= 5, `${w.steps.length} steps`);
  const commands = new Set(pkg.contributes.commands.map((c) => c.command));
  const settings = new Set(Object.keys(pkg.contributes.configuration.properties));
  const shipped = (JSON.parse(readFileSync(join(repoRoot, 'scripts', 'vsix-files.json'), 'utf8')) as { files: string[] }).files;
  assert.ok(shipped.includes('media/walkthrough/**/*.md'), 'the .vsix includes the walkthrough media');
  for (const step of w.steps) {
    assert.ok(step.completionEvents?.length, `${step.id}: completion events`);
    for (const ev of step.completionEvents!) {
      const [kind, arg] = [ev.slice(0, ev.indexOf(':')), ev.slice(ev.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(commands.has(arg), `${step.id}: ${ev} is a declared command`);
      else if (kind === 'onSettingChanged') assert.ok(settings.has(arg), `${step.id}: ${ev} is a declared setting`);
      else assert.ok(['onContext', 'onView', 'onLink', 'onStepSelected', 'onExtensionInstalled'].includes(kind), `${step.id}: ${ev}`);
    }
    for (const [lang, table] of [['en', nls('')], ['zh-cn', nls('.zh-cn')]] as const) {
      const media = resolve(step.media.markdown ?? '', table);
      assert.ok(existsSync(join(repoRoot, media)), `${step.id} (${lang}): ${media} exists`);
      assert.ok(media.includes(`/${lang}/`), `${step.id} (${lang}): ${media} is the ${lang} file`);
      // a command link in the description runs one of ours (or VS Code's quick open)
      for (const m of resolve(step.description, table).matchAll(/\]\(command:([\w.]+)/g)) {
        assert.ok(commands.has(m[1]) || m[1].startsWith('workbench.'), `${step.id} (${lang}): command:${m[1]} is declared`);
      }
    }
  }
});

test('untrusted and virtual workspaces: limited support, restricted settings declared and described', () => {
  const u = pkg.capabilities.untrustedWorkspaces;
  assert.equal(u.supported, 'limited');
  assert.ok(resolve(u.description ?? '', nls('')).length > 40, 'a description of what is limited');
  const settings = Object.keys(pkg.contributes.configuration.properties);
  assert.ok(u.restrictedConfigurations?.length, 'restricted settings');
  for (const key of u.restrictedConfigurations!) {
    assert.ok(settings.includes(key), `${key} is a declared setting`);
    assert.ok(resolve(u.description ?? '', nls('')).includes(key), `the description names ${key}`);
  }
  // the desktop server reads .zhen.yml and posts from the disk only: limited, and said so
  const v = pkg.capabilities.virtualWorkspaces as { supported: string; description: string };
  assert.equal(v.supported, 'limited');
  assert.match(resolve(v.description, nls('')), /\.zhen\.yml/);
});
