// Builds every bundle with esbuild, and the web playground (dist/playground/). Flags: --production (minify), --watch, --tests (also the test bundles), --no-playground,
// --package (only what the npm package ships, dist/cli.js: `prepack`, run by `npm pack` and by pre-commit's install of the hook).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { commonOptions, testBuild, testEntries, throwingServerBuild } from './scripts/build-common.mjs';
import { buildPlayground } from './playground/build.mjs';
import { asciiOutputPlugin } from './scripts/ascii-output.plugin.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const bench = process.argv.includes('--bench');
const fuzz = process.argv.includes('--fuzz');
const claims = process.argv.includes('--claims');

const common = commonOptions(production);
// The bundles a process loads whole (the server, the CLI and their workers, the clients, the benchmarks): ASCII
// only, so that V8 holds each one's source as a one-byte string (scripts/ascii-output.plugin.mjs; perf10).
const ascii = { ...common, plugins: [...common.plugins, asciiOutputPlugin()] };

// Libraries that peek at process.env must not reach for `process` in a browser.
const webDefine = { 'process.env.NODE_ENV': production ? '"production"' : '"development"' };

/** This build's version and id (one for the CLI and the server, so they read each other's caches). */
const buildDefine = { ZHEN_VERSION: JSON.stringify(pkg.version), ZHEN_BUILD: JSON.stringify(Date.now().toString(36)) };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...ascii, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', platform: 'node', format: 'cjs' },
  // The server keeps its workspace index between starts (node/cache.ts): a file written by another build is not used.
  { ...ascii, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', define: buildDefine },
  // The web extension (vscode.dev): the client as CommonJS for the extension host, the server as a
  // classic Worker script.
  { ...ascii, entryPoints: ['client/src/extension.web.ts'], outfile: 'dist/client.web.js', platform: 'browser', format: 'cjs', define: webDefine },
  // `worker` first: some packages' `browser` builds need a DOM (decode-named-character-reference).
  { ...ascii, entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/server.web.js', platform: 'browser', format: 'iife', define: webDefine, conditions: ['worker'] },
  {
    ...ascii,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    // ZHEN_BUILD: which build this is, so that a cache written by another build is not used.
    // ZHEN_CLI_BIN: this bundle runs the CLI on the process (tests bundle cli.ts and call its main).
    define: { ...buildDefine, ZHEN_CLI_BIN: 'true' },
  },
  // Purity guard: the core must bundle for a neutral platform (no Node built-ins, no vscode).
  {
    ...common,
    entryPoints: ['server/src/core/index.ts'],
    outfile: 'out/core.neutral.js',
    platform: 'neutral',
    format: 'esm',
    external: [],
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
  },
];

// `npm pack` ships dist/cli.js alone (package.json `files`): its `prepack` builds nothing else.
const packageOnly = process.argv.includes('--package');
if (packageOnly) builds.splice(0, builds.length, ...builds.filter((b) => b.outfile === 'dist/cli.js'));

if (tests) {
  builds.push(testBuild(common, testEntries(), { prune: true }));
  builds.push(throwingServerBuild(common));
}

if (bench) {
  builds.push({ ...ascii, entryPoints: ['bench/run.ts'], outdir: 'out/bench', outbase: 'bench', platform: 'node', format: 'cjs' });
  // Per-rule times and the findings snapshot (bench/rules.ts, bench/snapshot.ts: see their headers).
  builds.push({ ...ascii, entryPoints: ['bench/rules.ts', 'bench/snapshot.ts', 'bench/edits.ts', 'bench/server.ts', 'bench/index.ts', 'bench/lanes.ts', 'bench/parse.ts', 'bench/memory.ts'], outdir: 'out/bench', outbase: 'bench', platform: 'node', format: 'cjs' });
}

if (fuzz) {
  builds.push({ ...common, entryPoints: ['test/fuzz/fuzz.ts'], outfile: 'out/fuzz/fuzz.js', platform: 'node', format: 'cjs' });
}

if (claims) {
  // The claim detector's sampling and fitting scripts (scripts/claims/*.ts: see their headers).
  builds.push({ ...common, entryPoints: ['scripts/claims/sample.ts', 'scripts/claims/fit.ts'], outdir: 'out/scripts/claims', outbase: 'scripts/claims', platform: 'node', format: 'cjs' });
}

if (watch) {
  const ctxs = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
// The web playground (playground/build.mjs): a static site in dist/playground/, always minified.
// Not for the benchmark's and the fuzzer's builds, which never use it.
if (!bench && !fuzz && !packageOnly && !process.argv.includes('--no-playground')) await buildPlayground();
