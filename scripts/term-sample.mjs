// Per-site measurement of the term rules (docs/corpus-review/terms.md): runs `zhen check` on every
// site of the corpus with the site as the workspace (a copy with `git init`, as score-set.mjs does),
// counts term/* findings per 1,000 characters of prose, and draws a random sample of up to 40
// term/* findings per site with a fixed seed, printed as TSV for reading by hand.
// usage: node scripts/term-sample.mjs ../shared/corpus [seed] > out/term-sample.tsv
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const corpus = path.resolve(process.argv[2] ?? '../shared/corpus');
const seed = Number(process.argv[3] ?? 20261205);
const bin = path.resolve('dist/cli.js');
const sites = [...fs.readdirSync(path.join(corpus, 'posts')).map((s) => ['posts', s]), ...fs.readdirSync(path.join(corpus, 'sites')).map((s) => ['sites', s])];

// mulberry32: a small seeded generator, so the sample is the same on every run.
function rng(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Prose characters: the text outside front matter and fenced code. */
function proseChars(text) {
  return text.replace(/^\uFEFF?---\n[\s\S]*?\n---\n/, '').replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '').replace(/\]\([^)]*\)/g, ']').length;
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhen-terms-'));
console.log(['site', 'rule', 'file:line', 'text', 'message', 'context'].join('\t'));
const summary = [];
for (const [kind, site] of sites) {
  const ws = path.join(tmp, site);
  fs.cpSync(path.join(corpus, kind, site), ws, { recursive: true });
  spawnSync('git', ['init', '-q', '.'], { cwd: ws });
  const r = spawnSync('node', [bin, 'check', '--format', 'json', '.'], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 3600000 });
  const report = JSON.parse(r.stdout);
  let chars = 0;
  const findings = [];
  for (const f of report.files) {
    const text = fs.readFileSync(path.join(ws, f.path), 'utf8');
    chars += proseChars(text);
    const lines = text.split('\n');
    for (const x of f.findings) if (x.rule.startsWith('term/')) findings.push({ ...x, file: f.path, context: (lines[x.line - 1] ?? '').slice(Math.max(0, x.column - 50), x.column + 70) });
  }
  const byRule = {};
  for (const x of findings) byRule[x.rule] = (byRule[x.rule] ?? 0) + 1;
  summary.push(`${site}\t${report.files.length} posts\t${chars} prose chars\t${findings.length} term findings\t${(findings.length / chars * 1000).toFixed(3)} per 1,000\t${JSON.stringify(byRule)}`);
  const rand = rng(seed);
  const pool = [...findings];
  const sample = [];
  while (pool.length && sample.length < 40) sample.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  for (const x of sample) console.log([site, x.rule, `${x.file}:${x.line}`, x.context.replace(/\s+/g, ' ').slice(45, 45 + 20), x.message.replace(/\s+/g, ' '), x.context.replace(/\s+/g, ' ')].join('\t'));
  fs.rmSync(ws, { recursive: true, force: true });
}
fs.rmSync(tmp, { recursive: true, force: true });
console.error(summary.join('\n'));
