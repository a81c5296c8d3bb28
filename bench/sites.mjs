// Findings of the built CLI over every site of ../shared/corpus (posts/<3 sites> and sites/<9 sites>),
// each checked as its own workspace (a temporary copy with `git init`, as ../shared/tools/score-set.mjs
// does), written as one JSON file: {site: {file: [[rule, line, severity, message, text]]}}.
//   node esbuild.mjs && node bench/sites.mjs OUT.json [--only SITE] [--bin CLI]  (default: this checkout's dist/cli.js)
//   node bench/sites.mjs --compare BEFORE.json AFTER.json [--scope FAMILY] [--list]
// --compare prints findings per site and rule before → after, and with --list the findings that
// came or went (family `--scope`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const corpus = path.join(repo, '..', 'shared', 'corpus');
const arg = (name) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const scope = arg('scope');
const inScope = (rule) => !scope || rule === scope || rule.startsWith(scope + '/');

if (process.argv.includes('--compare')) {
  const i = process.argv.indexOf('--compare');
  const a = JSON.parse(fs.readFileSync(process.argv[i + 1], 'utf8'));
  const b = JSON.parse(fs.readFileSync(process.argv[i + 2], 'utf8'));
  const count = (site) => {
    const m = new Map();
    for (const list of Object.values(site ?? {})) for (const [rule] of list) if (inScope(rule)) m.set(rule, (m.get(rule) ?? 0) + 1);
    return m;
  };
  for (const site of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const ca = count(a[site]);
    const cb = count(b[site]);
    const rules = [...new Set([...ca.keys(), ...cb.keys()])].sort();
    const ta = [...ca.values()].reduce((x, y) => x + y, 0);
    const tb = [...cb.values()].reduce((x, y) => x + y, 0);
    console.log(`${site}: ${ta} → ${tb}`);
    for (const r of rules) if (ca.get(r) !== cb.get(r)) console.log(`  ${r}: ${ca.get(r) ?? 0} → ${cb.get(r) ?? 0}`);
    if (process.argv.includes('--list')) {
      const key = (f, x) => `${f}:${x[1]} ${x[0]} ${x[3]}`;
      const sa = new Set(Object.entries(a[site] ?? {}).flatMap(([f, l]) => l.filter((x) => inScope(x[0])).map((x) => key(f, x))));
      const sb = new Set(Object.entries(b[site] ?? {}).flatMap(([f, l]) => l.filter((x) => inScope(x[0])).map((x) => key(f, x))));
      for (const k of sa) if (!sb.has(k)) console.log(`  - ${k}`);
      for (const k of sb) if (!sa.has(k)) console.log(`  + ${k}`);
    }
  }
  process.exit(0);
}

const out = process.argv[2];
const only = arg('only');
const sites = [
  ...fs.readdirSync(path.join(corpus, 'posts')).map((s) => ['posts/' + s, path.join(corpus, 'posts', s)]),
  ...fs.readdirSync(path.join(corpus, 'sites')).map((s) => ['sites/' + s, path.join(corpus, 'sites', s)]),
].filter(([label]) => !only || label.includes(only)).sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhen-sites-'));
const result = {};
try {
  for (const [label, dir] of sites) {
    const ws = path.join(tmp, label.replace('/', '__'));
    fs.cpSync(dir, ws, { recursive: true });
    spawnSync('git', ['init', '-q', '.'], { cwd: ws });
    const t0 = Date.now();
    const r = spawnSync('node', [path.resolve(arg('bin') ?? path.join(repo, 'dist', 'cli.js')), 'check', '--format', 'json', '--lang', 'en', '.'], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 30, });
    if (r.status === null || r.status > 1 || !r.stdout) throw new Error(`${label}: exit ${r.status} ${r.stderr}`);
    const report = JSON.parse(r.stdout);
    const files = {};
    let n = 0;
    for (const f of report.files) {
      if (f.path === 'NOTES.md') continue; // the corpus's notes about the site, not part of it
      const text = fs.readFileSync(path.join(ws, f.path), 'utf8');
      const lines = text.split('\n');
      files[f.path] = f.findings.map((x) => { n++; return [x.rule, x.line, x.severity, x.message, (lines[x.line - 1] ?? '').slice(0, 160)]; });
    }
    result[label] = files;
    process.stderr.write(`${label}: ${report.files.length} files, ${n} findings, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
fs.writeFileSync(out, JSON.stringify(result));
