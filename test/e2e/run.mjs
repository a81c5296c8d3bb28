#!/usr/bin/env node
// End-to-end suites: Zhen as users get it, in real editors. The last step of `npm test`.
//
// Runs when CI is set or ZHEN_E2E=1 (else it says so and exits 0). Then every tool must be there
// (.ci/e2e-tools.sh installs them): a missing one fails loudly, never skips.
//   1. `npm run package`: the production .vsix, installed into code-server (`--install-extension`);
//   2. the extension-host mocha suite (test/e2e/suite) through @vscode/test-electron's runTests,
//      with a `vscodeExecutablePath` shim that runs code-server (test/e2e/code-shim.mjs), in
//      English and again with `--locale zh-cn`;
//   3. the UI test in Chromium (test/e2e/ui.mjs): squiggle, Problems panel, hover, Ctrl+., status bar;
//   4. Neovim's built-in LSP client against `dist/server.js --stdio` (test/e2e/nvim/);
//   5. the TextMate injection grammar through VS Code's vscode-textmate (test/e2e/grammar.mjs);
//   6. the web playground from disk in Chromium (test/e2e/playground.mjs);
//   7. the house-style suite (test/e2e/suite/house-style.test.ts) on the corpus post
//      `2023-02-20-zkevmrollup.md` in its own blog (../shared/corpus/posts/fan-wb.github.io), when
//      the corpus is there (else it is counted as skipped).
// Ends with one plain line: `e2e: N passed, N failed`.
// Options: ZHEN_E2E_ONLY=grammar,playground,exthost,ui,nvim,house-style (a subset; or a step's full name); ZHEN_E2E_SCREENSHOTS=DIR (keep the UI test's PNGs);
// ZHEN_E2E_TIMEOUT_MS: the time one extension-host suite may take (240 s; raise it for an old build);
// ZHEN_E2E_BUILD=DIR: test the product built in another checkout (e.g. an older commit's worktree,
// its node_modules in place): its `npm run package` is the .vsix installed and its dist/cli.js
// gives the expectations, while the suites are this checkout's (docs/e2e-before-after.md).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTools, installVsix, scratch } from './lib/editor.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'out', 'e2e');
/** The checkout whose product is under test: this one, or $ZHEN_E2E_BUILD. */
const BUILD = process.env.ZHEN_E2E_BUILD ? resolve(process.env.ZHEN_E2E_BUILD) : ROOT;
const POST = '2024-05-22-ai-crypto.md';
const t0 = Date.now();
const log = (m) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const wanted = process.env.CI || process.env.ZHEN_E2E === '1';
if (!wanted) {
  console.log('e2e: not run (set ZHEN_E2E=1 to run the real-editor suites; CI runs them always)');
  process.exit(0);
}
const tools = findTools();
if (tools.missing.length) {
  console.error(`e2e: FAILED, tools missing: ${tools.missing.join(', ')}.\nInstall them with: bash .ci/e2e-tools.sh  (tools folder: ${tools.dir})`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}
const only = process.env.ZHEN_E2E_ONLY ? new Set(process.env.ZHEN_E2E_ONLY.split(',')) : undefined;
const results = [];
const record = (name, passed, failed, skipped, seconds) => {
  results.push({ name, passed, failed, skipped });
  log(`${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${seconds.toFixed(1)} s)`);
};
/** Run a step; its output's last `N passed, N failed` line counts (a crash counts as one failure). */
function step(name, cmd, args, opts = {}) {
  if (only && !only.has(name.split(' ')[0]) && !only.has(name)) return;
  const s = Date.now();
  log(`${name}: ${cmd} ${args.join(' ')}`);
  // ZHEN_E2E_TIMEOUT_MS (the shim's limit for one suite, 240 s) raised for a build whose tests time out one by one
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: Number(process.env.ZHEN_E2E_TIMEOUT_MS || 240_000) + 60_000, ...opts });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  process.stdout.write(out.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n'));
  const counts = [...out.matchAll(/^(?:[\w ]+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/gm)].pop();
  const passed = counts ? Number(counts[1]) : 0;
  const skipped = counts?.[3] ? Number(counts[3]) : 0;
  let failed = counts ? Number(counts[2]) : 0;
  if (r.status !== 0 && failed === 0) failed = 1; // crashed or timed out before reporting
  if (r.error) log(`${name}: ${r.error.message}`);
  record(name, passed, failed, skipped, (Date.now() - s) / 1000);
}
const node = process.execPath;

// 1. Package what we ship, exactly as `npm run package` does, and check its size.
log('npm run package');
mkdirSync(OUT, { recursive: true });
const vsix = join(OUT, 'zhen.vsix');
rmSync(vsix, { force: true });
if (BUILD !== ROOT) log(`the product under test is built from ${BUILD}`);
const pkg = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: BUILD, encoding: 'utf8' });
if (pkg.status !== 0 || !existsSync(vsix)) {
  console.error(pkg.stdout, pkg.stderr);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}
const pkgJson = JSON.parse(readFileSync(join(BUILD, 'package.json'), 'utf8'));
const size = readFileSync(vsix).length;
log(`packaged ${vsix}: ${(size / 1024).toFixed(0)} KiB`);

// The TextMate injection grammar, tokenized by VS Code's own vscode-textmate and Markdown grammar.
step('grammar', node, [join(ROOT, 'test', 'e2e', 'grammar.mjs')]);

// The web playground (dist/playground/, built by the packaging's esbuild run) opened from disk in
// Chromium: findings, fixes, glossary card, shared URL, bad input, no network request.
step('playground', node, [join(ROOT, 'test', 'e2e', 'playground.mjs')], { env: { ...process.env, ZHEN_E2E_SHOTS: process.env.ZHEN_E2E_SCREENSHOTS || '' } });

// 2. A blog workspace with the example post, and what the CLI of the same build says about it.
const run = scratch('zhen-e2e-');
const ws = join(run, 'blog');
mkdirSync(join(ws, '_posts'), { recursive: true });
copyFileSync(join(ROOT, 'examples', POST), join(ws, '_posts', POST));
const postRel = `_posts/${POST}`;
function cliData(lang, dir = ws, rel = postRel) {
  const cli = join(BUILD, 'dist', 'cli.js');
  const check = spawnSync(node, [cli, 'check', '--format', 'json', '--lang', lang, rel], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (check.status !== 0 && check.status !== 1) throw new Error(`zhen check failed (${check.status}): ${check.stderr}`);
  const findings = JSON.parse(check.stdout).files[0]?.findings ?? [];
  const fix = spawnSync(node, [cli, 'check', '--stdin', '--fix', '--stdin-filename', join(dir, rel)], {
    cwd: dir,
    input: readFileSync(join(dir, rel), 'utf8'),
    encoding: 'utf8',
  });
  if (fix.status !== 0 && fix.status !== 1) throw new Error(`zhen check --stdin --fix failed (${fix.status}): ${fix.stderr}`);
  return { post: rel, findings, fixed: fix.stdout };
}

// 3. Install the .vsix the way a user does.
const extensionsDir = join(run, 'extensions');
installVsix(vsix, extensionsDir, run);
const installed = readdirSync(extensionsDir).find((d) => d.startsWith(`${pkgJson.publisher}.${pkgJson.name}-`));
if (!installed) throw new Error(`the .vsix did not install into ${extensionsDir}`);
log(`installed ${installed}`);

// 4. The extension-host suite: a small harness extension holds the bundled mocha suite; Zhen
//    itself comes from the installed .vsix (so what we ship is what we test).
const dataFiles = {};
for (const lang of ['en', 'zh-cn']) {
  dataFiles[lang] = join(run, `data.${lang}.json`);
  writeFileSync(dataFiles[lang], JSON.stringify({ ...cliData(lang), installedFrom: extensionsDir, locale: lang === 'en' ? undefined : lang }));
}
const harness = join(OUT, 'harness');
rmSync(harness, { recursive: true, force: true });
mkdirSync(harness, { recursive: true });
writeFileSync(
  join(harness, 'package.json'),
  JSON.stringify({ name: 'zhen-e2e-harness', publisher: 'zhen-test', version: '0.0.0', engines: { vscode: pkgJson.engines.vscode }, extensionDependencies: [`${pkgJson.publisher}.${pkgJson.name}`] }, null, 2),
);
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: [join(ROOT, 'test', 'e2e', 'suite', 'index.ts')],
  outfile: join(harness, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
// en and zh-cn in the Node extension host (the desktop build, dist/client.js + dist/server.js),
// then the web build (dist/client.web.js + dist/server.web.js in a worker) in the browser's web
// worker extension host, forced by `remote.extensionKind`, against the same expectations.
const variants = [
  { name: 'exthost (en)', lang: 'en' },
  { name: 'exthost (zh-cn)', lang: 'zh-cn' },
  { name: 'exthost (web)', lang: 'en', settings: { 'remote.extensionKind': { [`${pkgJson.publisher}.${pkgJson.name}`]: ['web'] } }, web: true },
];
for (const v of variants) {
  const dataFile = join(run, `data.${v.name.replace(/\W+/g, '-')}.json`);
  writeFileSync(dataFile, JSON.stringify({ ...JSON.parse(readFileSync(dataFiles[v.lang], 'utf8')), web: v.web }));
  step(v.name, node, [join(ROOT, 'test', 'e2e', 'exthost.mjs')], {
    env: {
      ...process.env,
      ZHEN_E2E_HARNESS: harness,
      ZHEN_E2E_WORKSPACE: ws,
      ZHEN_E2E_EXTENSIONS: extensionsDir,
      ZHEN_E2E_LOCALE: v.lang === 'en' ? '' : v.lang,
      ZHEN_E2E_DATA: dataFile,
      ZHEN_E2E_RESULT_FILE: join(run, 'exthost.txt'),
      ZHEN_E2E_SETTINGS: JSON.stringify(v.settings ?? {}),
    },
  });
  // the suite edits the post (and may leave posts it wrote); start the next one from the original
  for (const f of readdirSync(join(ws, '_posts'))) if (f !== POST) rmSync(join(ws, '_posts', f), { force: true });
  rmSync(join(ws, '.zhen.yml'), { force: true });
  copyFileSync(join(ROOT, 'examples', POST), join(ws, '_posts', POST));
}

// 5. The UI in Chromium, against the same installed extension.
const shots = process.env.ZHEN_E2E_SCREENSHOTS || join(OUT, 'screenshots');
step('ui', node, [join(ROOT, 'test', 'e2e', 'ui.mjs')], {
  env: { ...process.env, ZHEN_E2E_WORKSPACE: ws, ZHEN_E2E_EXTENSIONS: extensionsDir, ZHEN_E2E_POST: postRel, ZHEN_E2E_SHOTS: shots, ZHEN_E2E_DATA: dataFiles.en },
});
copyFileSync(join(ROOT, 'examples', POST), join(ws, '_posts', POST));
if (process.env.ZHEN_E2E_SCREENSHOTS && existsSync('/usr/bin/convert')) {
  // for the README: 128-colour PNGs are a third of the size and look the same
  for (const f of readdirSync(shots).filter((n) => n.endsWith('.png'))) {
    spawnSync('/usr/bin/convert', [join(shots, f), '-strip', '-colors', '128', `PNG8:${join(shots, f)}`]);
  }
}

// 6. Neovim's LSP client against the server the CLI starts.
step('nvim', node, [join(ROOT, 'test', 'e2e', 'nvim', 'run.mjs')], {
  env: { ...process.env, ZHEN_E2E_WORKSPACE: ws, ZHEN_E2E_POST: postRel, ZHEN_EXPECTED_COUNT: String(JSON.parse(readFileSync(dataFiles.en, 'utf8')).findings.length) },
});

// 7. Quiet by default (issue #19): the corpus post written without spaces, in its own blog.
const fanWb = join(ROOT, '..', 'shared', 'corpus', 'posts', 'fan-wb.github.io');
if (!only || only.has('house-style')) {
  if (!existsSync(join(fanWb, '_posts', '2023-02-20-zkevmrollup.md'))) {
    log(`house-style: the corpus is not at ${fanWb}`);
    record('house-style', 0, 0, 1, 0);
  } else {
    const blog = join(run, 'fan-wb');
    cpSync(fanWb, blog, { recursive: true });
    spawnSync('git', ['init', '-q', '.'], { cwd: blog }); // the workspace root for the CLI, as VS Code's folder is
    const zkData = join(run, 'data.house-style.json');
    writeFileSync(zkData, JSON.stringify(cliData('en', blog, '_posts/2023-02-20-zkevmrollup.md')));
    step('house-style', node, [join(ROOT, 'test', 'e2e', 'exthost.mjs')], {
      env: {
        ...process.env,
        ZHEN_E2E_HARNESS: harness,
        ZHEN_E2E_WORKSPACE: blog,
        ZHEN_E2E_EXTENSIONS: extensionsDir,
        ZHEN_E2E_LOCALE: '',
        ZHEN_E2E_DATA: zkData,
        ZHEN_E2E_RESULT_FILE: join(run, 'house-style.txt'),
        ZHEN_E2E_SETTINGS: '{}',
        ZHEN_E2E_SUITE: 'house-style',
      },
    });
  }
}

rmSync(run, { recursive: true, force: true });
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
log(`.vsix ${(size / 1024).toFixed(0)} KiB; ${results.map((r) => `${r.name} ${r.passed}/${r.passed + r.failed}`).join(', ')}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed || !results.length ? 1 : 0);
