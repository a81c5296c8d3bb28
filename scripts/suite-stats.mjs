// `node scripts/suite-stats.mjs [PATTERN…] [--jobs N] [--json FILE]`: what the unit suite costs and
// what it checks, file by file (issue #20). Runs each built test file under out/test/ (after
// `node esbuild.mjs --tests`; with patterns, those whose path matches one) in its own
// `node --test`, two at a time as `npm test` does, and prints per file: CPU time (user + sys of
// the file's processes and everything they spawn, from /usr/bin/time), wall time, tests, passes,
// failures, skips and the node:assert calls executed (scripts/count-asserts.cjs, preloaded).
// CPU time is the figure to compare on a busy machine; wall time needs a quiet one.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const jobs = Number(opt('--jobs', '2'));
const jsonOut = opt('--json');
const patterns = args.map((p) => {
  try {
    return new RegExp(p);
  } catch {
    return { test: (s) => s.includes(p) };
  }
});
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(relative(root, p));
  }
};
if (!existsSync(join(root, 'out', 'test'))) {
  console.error('suite-stats: no out/test/ (run `node esbuild.mjs --tests` first)');
  process.exit(2);
}
walk(join(root, 'out', 'test'));
const chosen = patterns.length ? files.filter((f) => patterns.some((r) => r.test(f))) : files;
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
if (!time) console.error('suite-stats: no /usr/bin/time: CPU time is not measured');
const scratch = mkdtempSync(join(tmpdir(), 'zhen-suite-stats-'));

function runOne(file, k) {
  const timing = join(scratch, `${k}.time`);
  const asserts = join(scratch, `${k}.asserts`);
  const node = [process.execPath, '--test', '--require', join(root, 'scripts', 'count-asserts.cjs'), '--test-reporter=tap', file];
  const [cmd, ...rest] = time ? [time, '-f', '%U %S %e', '-o', timing, ...node] : node;
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, rest, { cwd: root, env: { ...process.env, ZHEN_ASSERT_COUNT: asserts }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tap = '';
    child.stdout.on('data', (d) => (tap += d));
    child.stderr.on('data', () => undefined);
    child.on('close', (code) => {
      const n = (key) => Number(new RegExp(`^# ${key} (\\d+)`, 'm').exec(tap)?.[1] ?? 0);
      const [user, sys, wall] = time && existsSync(timing) ? readFileSync(timing, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, (Date.now() - t0) / 1000];
      const assertCalls = existsSync(asserts) ? readFileSync(asserts, 'utf8').split('\n').filter(Boolean).reduce((a, b) => a + Number(b), 0) : 0;
      // A failure: its name and error, as the TAP reporter wrote them.
      const failed = [...tap.matchAll(/^\s*not ok \d+ - (.*)$[\s\S]*?^\s*error: \|?-?\s*$\n([^\n]*\n[^\n]*)/gm)].map((m) => `${m[1]}: ${m[2].trim()}`);
      resolve({ file, cpu: user + sys, wall, tests: n('tests'), pass: n('pass'), fail: n('fail'), skipped: n('skipped'), asserts: assertCalls, code, failed });
    });
  });
}

const results = [];
let next = 0;
await Promise.all(Array.from({ length: Math.max(1, jobs) }, async () => {
  while (next < chosen.length) {
    const k = next++;
    const r = await runOne(chosen[k], k);
    results.push(r);
    process.stderr.write(`${r.file}: ${r.cpu.toFixed(2)} s CPU, ${r.tests} tests, ${r.asserts} asserts${r.fail ? `, ${r.fail} FAILED` : ''}\n`);
    for (const f of r.failed) process.stderr.write(`  not ok: ${f}\n`);
  }
}));
rmSync(scratch, { recursive: true, force: true });
results.sort((a, b) => b.cpu - a.cpu);
const sum = (key) => results.reduce((s, r) => s + r[key], 0);
console.log(`${'file'.padEnd(44)} ${'CPU s'.padStart(7)} ${'wall s'.padStart(7)} ${'tests'.padStart(5)} ${'pass'.padStart(5)} ${'fail'.padStart(4)} ${'skip'.padStart(4)} ${'asserts'.padStart(8)}`);
for (const r of results) console.log(`${r.file.replace(/^out\/test\//, '').padEnd(44)} ${r.cpu.toFixed(2).padStart(7)} ${r.wall.toFixed(2).padStart(7)} ${String(r.tests).padStart(5)} ${String(r.pass).padStart(5)} ${String(r.fail).padStart(4)} ${String(r.skipped).padStart(4)} ${String(r.asserts).padStart(8)}`);
console.log(`${'total'.padEnd(44)} ${sum('cpu').toFixed(1).padStart(7)} ${''.padStart(7)} ${String(sum('tests')).padStart(5)} ${String(sum('pass')).padStart(5)} ${String(sum('fail')).padStart(4)} ${String(sum('skipped')).padStart(4)} ${String(sum('asserts')).padStart(8)}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');
process.exitCode = results.some((r) => r.fail || r.code) ? 1 : 0;
