// `npm run test:one -- PATTERN [PATTERN…] [-- node --test flags]`: builds only the unit tests whose
// path matches a PATTERN (a regular expression or a substring of `test/…/x.test.ts`) and runs them
// with `node --test`. The bundles in dist/ are built too (without the playground) only when a
// matched test or a helper it imports runs them (a child process of dist/cli.js or dist/server.js);
// the throwing server only for the containment test.
//   npm run test:one -- core.rules docs.readme
//   npm run test:one -- lsp/ -- --test-name-pattern=hover
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commonOptions, testBuild, testEntries, testNeeds, throwingServerBuild } from './build-common.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
const split = args.indexOf('--');
const patterns = split < 0 ? args : args.slice(0, split);
const nodeFlags = split < 0 ? [] : args.slice(split + 1);
if (!patterns.length) {
  console.error('usage: npm run test:one -- PATTERN [PATTERN…] [-- node --test flags]');
  process.exit(2);
}
const entries = testEntries(patterns);
if (!entries.length) {
  console.error(`test:one: no test file matches ${patterns.join(' ')} (of ${testEntries().length} under test/)`);
  process.exit(2);
}
const t0 = Date.now();
const common = commonOptions();
const result = await esbuild.build({ ...testBuild(common, entries), metafile: true });
const sources = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('test/'));
const needs = testNeeds(sources);
if (needs.throwingServer) await esbuild.build(throwingServerBuild(common));
if (needs.dist) {
  const r = spawnSync(process.execPath, ['esbuild.mjs', '--no-playground'], { stdio: 'inherit' });
  if (r.status) process.exit(r.status);
}
console.log(`test:one: built ${entries.length} test file(s)${needs.dist ? ' and dist/' : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const outs = entries.map((e) => 'out/' + relative('.', e).replace(/\.ts$/, '.js'));
// Two files at a time, as `npm test` runs them (node 20's default is one on a two-core machine).
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...nodeFlags, ...outs], { stdio: 'inherit' });
process.exit(r.status ?? 1);
