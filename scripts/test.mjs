#!/usr/bin/env node
// `npm test`: the whole suite, its independent parts side by side (issue #20).
//
//   build      `node esbuild.mjs --tests --no-playground`: the bundles in dist/ and the unit tests'
//              ES modules in out/test/, with the code they share in out/test-chunks/ (scripts/
//              build-common.mjs `testBuild`) (the playground is built by the e2e packaging, which is what
//              tests it; the ship step's `prepack` builds only dist/cli.js, what the npm package ships);
//   typecheck  `tsc -p . --noEmit`, from the start, beside everything else; incremental, with its
//              state in out/tsc.tsbuildinfo (a second run on unchanged sources: 4 s of CPU, not 13);
//   ship       test/ship/run.mjs, from the start: it packs a copy of the checkout (its `prepack`
//              build never touches this dist/) and mostly waits on npm, git and pre-commit;
//   unit       `node --test --test-concurrency=2 --test-reporter=spec out/test/`, once the build is done;
//   e2e        test/e2e/run.mjs, last, when all the rest passed (it packages the .vsix itself;
//              it runs only with CI set or ZHEN_E2E=1).
// The unit run's report streams as it comes; the other steps' output is held and printed whole
// when the unit run ends (or when they end, if later), so that reports never interleave. Ends with
// one line per step: passed or failed, wall time, and CPU time (user + sys of the step and all it
// spawned, from /usr/bin/time when there is one). Exits 1 when any step failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'zhen-test-'));
const t0 = Date.now();
const results = [];

/** Run one step; `live`: its output goes straight to ours, else it is held and returned. */
function step(name, args, { live = false } = {}) {
  const timing = join(scratch, `${name}.time`);
  const [cmd, ...rest] = time ? [time, '-f', '%U %S', '-o', timing, node, ...args] : [node, ...args];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, rest, { cwd: root, stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    if (!live) {
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => chunks.push(d));
    }
    child.on('close', (code, signal) => {
      const wall = (Date.now() - started) / 1000;
      let cpu = NaN;
      if (time && existsSync(timing)) {
        const last = readFileSync(timing, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        if (last.length === 2 && last.every(Number.isFinite)) cpu = last[0] + last[1];
      }
      const ok = code === 0;
      const r = { name, ok, code: code ?? signal, wall, cpu, output: Buffer.concat(chunks).toString('utf8') };
      results.push(r);
      process.stderr.write(`[test ${((Date.now() - t0) / 1000).toFixed(1)} s] ${name}: ${ok ? 'passed' : `FAILED (${r.code})`}\n`);
      resolve(r);
    });
  });
}

function show(r) {
  if (!r.output) return;
  process.stdout.write(`\n======== ${r.name} ========\n${r.output}${r.output.endsWith('\n') ? '' : '\n'}`);
}

const typecheck = step('typecheck', [tsc, '-p', '.', '--noEmit', '--incremental', '--tsBuildInfoFile', 'out/tsc.tsbuildinfo']);
const ship = step('ship', ['test/ship/run.mjs']);
const build = await step('build', ['esbuild.mjs', '--tests', '--no-playground']);
show(build);
if (build.ok) await step('unit', ['--test', '--test-concurrency=2', '--test-reporter=spec', 'out/test/'], { live: true });
for (const r of await Promise.all([typecheck, ship])) show(r);

const failed = results.filter((r) => !r.ok);
if (!failed.length) await step('e2e', ['test/e2e/run.mjs'], { live: true });
rmSync(scratch, { recursive: true, force: true });

const order = ['build', 'typecheck', 'unit', 'ship', 'e2e'];
console.log(`\n${'step'.padEnd(10)} ${'result'.padEnd(7)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)}`);
for (const r of results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))) {
  console.log(`${r.name.padEnd(10)} ${(r.ok ? 'ok' : 'FAILED').padEnd(7)} ${r.wall.toFixed(1).padStart(7)} ${(Number.isNaN(r.cpu) ? '-' : r.cpu.toFixed(1)).padStart(7)}`);
}
const cpu = results.reduce((s, r) => s + (Number.isNaN(r.cpu) ? 0 : r.cpu), 0);
console.log(`${'all'.padEnd(10)} ${(results.some((r) => !r.ok) ? 'FAILED' : 'ok').padEnd(7)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} ${(time ? cpu.toFixed(1) : '-').padStart(7)}`);
process.exitCode = results.some((r) => !r.ok) ? 1 : 0;
