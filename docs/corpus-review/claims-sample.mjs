// Runs Zhen on each of the 12 corpus sites (posts/* and sites/*), each site as its own workspace,
// and draws a reproducible random sample of claim/* findings per site to read by hand
// (docs/corpus-review/claims.md). Usage, from the repository root after `node esbuild.mjs`:
//   node docs/corpus-review/claims-sample.mjs [--corpus DIR] [--per-site 40] [--seed 16] [--out FILE.jsonl] [--sites a,b] [--above-hint | --hints]
// `--above-hint` samples only findings shown in the Problems panel (warnings and errors, not hints); `--hints` only
// the hints (out of the Problems panel, but in the CLI's JSON and so in a labelled set's score).
// Prints per site: posts, claim findings by rule and severity; writes every sampled finding (site,
// file, line, rule, severity, confidence, signals, the finding's text and its line) to --out.
// The development set's 27 posts are checked too (they are part of their sites), but marked.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const repo = path.join(import.meta.dirname, '..', '..');
const corpus = path.resolve(opt('--corpus', path.join(repo, '..', 'shared', 'corpus')));
const perSite = Number(opt('--per-site', 40));
const seed0 = Number(opt('--seed', 16));
const out = opt('--out', '');
const only = opt('--sites', '');
const aboveHint = args.includes('--above-hint');
const hintsOnly = args.includes('--hints');
const bin = path.join(repo, 'dist', 'cli.js');
const dev = new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(corpus, 'labelled', 'expected.json'), 'utf8')).posts));

const sites = [];
for (const top of ['posts', 'sites']) for (const name of fs.readdirSync(path.join(corpus, top)).sort()) sites.push({ top, name });

const sampled = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhen-claims-'));
for (const { top, name } of sites) {
  if (only && !only.split(',').includes(name)) continue;
  const ws = path.join(tmp, name);
  fs.cpSync(path.join(corpus, top, name), ws, { recursive: true });
  spawnSync('git', ['init', '-q', '.'], { cwd: ws });
  const r = spawnSync('node', [bin, 'check', '--format', 'json'], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 1800000 });
  if (!r.stdout) { console.log(`${name}: zhen failed (${r.status}) ${(r.stderr || '').split('\n')[0]}`); continue; }
  const report = JSON.parse(r.stdout);
  const all = [];
  const counts = {};
  for (const f of report.files) {
    const text = fs.readFileSync(path.join(ws, f.path), 'utf8').split('\n');
    for (const x of f.findings) {
      if (!x.rule.startsWith('claim/')) continue;
      const key = `${x.rule} ${x.severity}`;
      counts[key] = (counts[key] ?? 0) + 1;
      const lines = text.slice(x.line - 1, x.endLine);
      const finding = x.line === x.endLine ? lines[0].slice(x.column - 1, x.endColumn - 1) : lines.join('\n').slice(x.column - 1);
      all.push({ site: name, file: f.path, line: x.line, rule: x.rule, severity: x.severity, dev: dev.has(`${top}/${name}/${f.path}`),
        confidence: x.data?.confidence ?? null, signals: (x.data?.signals ?? []).map((s) => s.id).join(' '),
        finding, lineText: text[x.line - 1].trim().slice(0, 400) });
    }
  }
  let seed = seed0;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = all.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [all[i], all[j]] = [all[j], all[i]]; }
  const pick = all.filter((x) => (aboveHint ? x.severity !== 'hint' : hintsOnly ? x.severity === 'hint' : true)).slice(0, perSite);
  pick.forEach((x, i) => { x.n = i + 1; });
  sampled.push(...pick);
  console.log(`${name}: ${report.files.length} files, ${all.length} claim findings ${JSON.stringify(counts)}; sampled ${pick.length}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
if (out) fs.writeFileSync(out, sampled.map((x) => JSON.stringify(x)).join('\n') + '\n');
