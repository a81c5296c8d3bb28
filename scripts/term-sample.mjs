// Per-site measurement of the term rules (docs/corpus-review/terms.md).
//
//   node scripts/term-sample.mjs run ../shared/corpus OUT.json [--bin dist/cli.js]
//       runs `zhen check` on every site of the corpus with the site as the workspace (a copy with
//       `git init`, as score-set.mjs does; the other families turned off), and writes every term/*
//       finding with its line's text and each site's characters of prose to OUT.json
//   node scripts/term-sample.mjs counts OUT.json [BEFORE.json]
//       findings per 1,000 characters of prose per site and rule (and the change from BEFORE.json)
//   node scripts/term-sample.mjs sample OUT.json [seed] [--rule term/misspelt] [--n 40] [--above-hint]
//       a random sample of up to n findings per site with a fixed seed, as TSV for reading by hand
//       (--above-hint: only findings above hint, what the Problems panel shows; each row ends with
//       the finding's confidence and evidence)
//   node scripts/term-sample.mjs recheck-tsv SAMPLED.json SEED NOW.json VERDICTS.tsv… [--n 40]
//       the readers' verdicts (TSV rows: #, site, rule, file:line, right/wrong, class, reason) on the sample that
//       `sample SAMPLED.json SEED --n 40 --above-hint` draws, against a later run: per site, the wrong findings
//       that left the Problems panel and the right ones lost; then what the same seed draws from NOW.json unread
//   node scripts/term-sample.mjs diff BEFORE.json AFTER.json
//       the findings that left the Problems panel (became hints or went away) or entered it, to read by hand
//   node scripts/term-sample.mjs recheck OUT.json docs/corpus-review/terms.md
//       the hand-read sample of the review (its table of verdicts) against a later run: per site, how many
//       of the findings judged right and wrong are still reported (same site, rule, file, line and word)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [cmd, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => { const i = rest.indexOf(`--${name}`); return i >= 0 ? rest.splice(i, 2)[1] : dflt; };

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

/** A seeded sample of up to `n` findings per site (above hint only, or of one rule), numbered across sites as `sample` prints it. */
function drawSample(run, seed, n, aboveHint, rule) {
  const out = [];
  let k = 0;
  for (const [site, s] of Object.entries(run.sites)) {
    const rand = rng(seed);
    const pool = s.findings.filter((f) => (!rule || f.rule === rule) && (!aboveHint || f.severity !== 'hint'));
    const sample = [];
    while (pool.length && sample.length < n) sample.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
    for (const x of sample) out.push({ k: ++k, site, x });
  }
  return out;
}

/** One finding across runs: rule, place and the first word of its message (quoted or not). */
function findingKey(f) {
  return `${f.rule}\u0001${f.file}\u0001${f.line}\u0001${f.column}\u0001${f.message.replace(/^"/, '').split(/[\s"]/)[0]}`;
}

if (cmd === 'run') {
  const bin = path.resolve(opt('bin', 'dist/cli.js'));
  const [corpusArg, outArg] = rest;
  const corpus = path.resolve(corpusArg);
  const sites = [...fs.readdirSync(path.join(corpus, 'posts')).map((s) => ['posts', s]), ...fs.readdirSync(path.join(corpus, 'sites')).map((s) => ['sites', s])];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhen-terms-'));
  const config = path.join(tmp, 'only-term.zhen.yml');
  fs.writeFileSync(config, 'rules:\n  typo: off\n  claim: off\n  front-matter: off\n');
  const out = { sites: {} };
  for (const [kind, site] of sites) {
    const ws = path.join(tmp, site);
    fs.cpSync(path.join(corpus, kind, site), ws, { recursive: true });
    spawnSync('git', ['init', '-q', '.'], { cwd: ws });
    const t0 = Date.now();
    const r = spawnSync('node', [bin, 'check', '--format', 'json', '--config', config, '.'], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 3600000 });
    const report = JSON.parse(r.stdout);
    let chars = 0;
    const findings = [];
    for (const f of report.files) {
      const text = fs.readFileSync(path.join(ws, f.path), 'utf8');
      chars += proseChars(text);
      const lines = text.split('\n');
      for (const x of f.findings) {
        if (!x.rule.startsWith('term/')) continue;
        findings.push({ rule: x.rule, file: f.path, line: x.line, column: x.column, severity: x.severity, message: x.message, text: lines[x.line - 1] ?? '', ...(x.data?.confidence !== undefined ? { confidence: x.data.confidence, evidence: x.data.evidence.map((e) => e.id) } : {}) });
      }
    }
    out.sites[site] = { posts: report.files.length, chars, ms: Date.now() - t0, findings };
    console.error(`${site}: ${report.files.length} posts, ${findings.length} term findings, ${Date.now() - t0} ms`);
    fs.rmSync(ws, { recursive: true, force: true });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(outArg, JSON.stringify(out));
} else if (cmd === 'counts') {
  const now = JSON.parse(fs.readFileSync(rest[0], 'utf8'));
  const before = rest[1] ? JSON.parse(fs.readFileSync(rest[1], 'utf8')) : undefined;
  const rules = [...new Set(Object.values(now.sites).flatMap((s) => s.findings.map((f) => f.rule)))].sort();
  console.log(['site', 'posts', 'prose chars', 'term findings', 'per 1,000', ...(before ? ['before', 'before per 1,000'] : []), ...rules].join('\t'));
  let all = 0;
  let chars = 0;
  for (const [site, s] of Object.entries(now.sites)) {
    const b = before?.sites[site];
    all += s.findings.length;
    chars += s.chars;
    const by = (r) => s.findings.filter((f) => f.rule === r).length;
    console.log([site, s.posts, s.chars, s.findings.length, (s.findings.length / s.chars * 1000).toFixed(3), ...(before ? [b?.findings.length ?? '', b ? (b.findings.length / b.chars * 1000).toFixed(3) : ''] : []), ...rules.map(by)].join('\t'));
  }
  console.log(['all', '', chars, all, (all / chars * 1000).toFixed(3)].join('\t'));
} else if (cmd === 'sample') {
  const now = JSON.parse(fs.readFileSync(rest[0], 'utf8'));
  const seed = Number(rest[1] ?? 20261205);
  const rule = opt('rule', undefined);
  const n = Number(opt('n', 40));
  const aboveHint = rest.includes('--above-hint');
  if (aboveHint) rest.splice(rest.indexOf('--above-hint'), 1);
  console.log(['#', 'site', 'rule', 'file:line', 'message', 'line text (around the column)', 'confidence: evidence'].join('\t'));
  for (const { k, site, x } of drawSample(now, seed, n, aboveHint, rule)) {
    const ctx = x.text.slice(Math.max(0, x.column - 40), x.column + 60).replace(/\s+/g, ' ');
    console.log([k, site, x.rule, `${x.file}:${x.line}`, x.message.replace(/\s+/g, ' '), ctx, x.confidence === undefined ? '' : `${x.confidence}: ${x.evidence.join(' ')}`].join('\t'));
  }
} else if (cmd === 'recheck-tsv') {
  // The readers' verdicts (TSV: #, site, rule, file:line, right/wrong, class, reason) on the sample drawn from
  // SAMPLED.json with SEED (n per site, above hint), against a later run NOW.json: per site, how many wrong
  // findings left the Problems panel and how many right ones did; then the findings the same seed draws from
  // NOW.json that nobody has read.
  const n = Number(opt('n', 40));
  const [sampledArg, seedArg, nowArg, ...tsvs] = rest;
  const sampled = JSON.parse(fs.readFileSync(sampledArg, 'utf8'));
  const now = JSON.parse(fs.readFileSync(nowArg, 'utf8'));
  const rows = drawSample(sampled, Number(seedArg), n, true);
  const verdicts = new Map();
  for (const f of tsvs) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      const c = line.split('\t');
      if (!/^\d+$/.test(c[0] ?? '')) continue;
      verdicts.set(Number(c[0]), { site: c[1], rule: c[2], where: c[3], right: /^right/i.test(c[4] ?? ''), cls: c[5] ?? '', reason: c[6] ?? '' });
    }
  }
  // Still shown: the same finding above hint; with another message (`never defined` → `used before its definition on
  // line N`) it is another finding, counted apart (`reworded`) and listed to be read again.
  const skeleton = (m) => m.replace(/"[^"]*"|“[^”]*”|\d+/g, '').slice(0, 40);
  const shownNow = new Map(Object.entries(now.sites).flatMap(([site, s]) => s.findings.filter((f) => f.severity !== 'hint').map((f) => [`${site}\u0001${findingKey(f)}`, f])));
  const per = new Map();
  const changed = [];
  let mismatched = 0;
  for (const { k, site, x } of rows) {
    const v = verdicts.get(k);
    if (!v) continue;
    if (v.site !== site || v.where !== `${x.file}:${x.line}`) { mismatched++; continue; }
    const later = shownNow.get(`${site}\u0001${findingKey(x)}`);
    const reworded = !!later && skeleton(later.message) !== skeleton(x.message);
    const kept = !!later && !reworded;
    const p = per.get(site) ?? { right: 0, wrong: 0, rightKept: 0, wrongKept: 0, reworded: 0 };
    p[v.right ? 'right' : 'wrong']++;
    if (kept) p[v.right ? 'rightKept' : 'wrongKept']++;
    if (reworded) p.reworded++;
    per.set(site, p);
    if (reworded) changed.push([k, site, x.rule, `${x.file}:${x.line}`, `${v.right ? 'right' : 'wrong'}, REWORDED: ${later.message.replace(/\s+/g, ' ')}`, v.cls, v.reason].join('\t'));
    else if (!kept) changed.push([k, site, x.rule, `${x.file}:${x.line}`, v.right ? 'right, LOST' : 'wrong, gone', v.cls, v.reason].join('\t'));
  }
  console.log(['site', 'read', 'right', 'wrong', 'wrong gone', 'right lost', 'reworded (to read again)', 'right % of the read ones still shown as they were'].join('\t'));
  const all = { right: 0, wrong: 0, rightKept: 0, wrongKept: 0, reworded: 0 };
  for (const [site, p] of [...per, ['all', all]]) {
    if (site !== 'all') for (const key of Object.keys(all)) all[key] += p[key];
    const pct = p.rightKept + p.wrongKept ? (100 * p.rightKept / (p.rightKept + p.wrongKept)).toFixed(1) : '';
    console.log([site, p.right + p.wrong, p.right, p.wrong, p.wrong - p.wrongKept, p.right - p.rightKept, p.reworded, pct].join('\t'));
  }
  if (mismatched) console.log(`(${mismatched} verdict rows did not match the sample drawn again: not counted)`);
  console.log('\nleft the Problems panel:');
  for (const c of changed) console.log(c);
  const read = new Set(rows.map(({ site, x }) => `${site}\u0001${findingKey(x)}`));
  console.log('\ndrawn from NOW.json by the same seed and not read:');
  for (const { k, site, x } of drawSample(now, Number(seedArg), n, true)) {
    if (read.has(`${site}\u0001${findingKey(x)}`)) continue;
    const ctx = x.text.slice(Math.max(0, x.column - 40), x.column + 60).replace(/\s+/g, ' ');
    console.log([k, site, x.rule, `${x.file}:${x.line}`, x.message.replace(/\s+/g, ' '), ctx, x.confidence === undefined ? '' : `${x.confidence}: ${x.evidence.join(' ')}`].join('\t'));
  }
} else if (cmd === 'recheck') {
  const now = JSON.parse(fs.readFileSync(rest[0], 'utf8'));
  // The first word of a message, quoted or not (the review's table and later runs quote differently).
  const word = (m) => m.replace(/^"/, '').split(/[\s"]/)[0];
  const per = new Map();
  for (const row of fs.readFileSync(rest[1], 'utf8').split('\n')) {
    const c = row.split(' | ');
    if (c.length < 6 || !/^\| \d+$/.test(c[0])) continue;
    const [, site, rule, where, message, verdict] = c;
    const [, file, line] = /^`(.*):(\d+)`$/.exec(where) ?? [];
    if (!file) continue;
    const right = verdict.startsWith('✓');
    const kept = (now.sites[site]?.findings ?? []).some((f) => f.rule === rule && f.file === file && f.line === Number(line) && word(f.message) === word(message));
    const p = per.get(site) ?? { right: 0, wrong: 0, rightKept: 0, wrongKept: 0 };
    p[right ? 'right' : 'wrong']++;
    if (kept) p[right ? 'rightKept' : 'wrongKept']++;
    per.set(site, p);
  }
  console.log(['site', 'sample', 'right', 'wrong', 'right still reported', 'wrong still reported', 'right % of those still reported'].join('\t'));
  const all = { right: 0, wrong: 0, rightKept: 0, wrongKept: 0 };
  for (const [site, p] of [...per, ['all', all]]) {
    if (site !== 'all') for (const k of Object.keys(all)) all[k] += p[k];
    const pct = p.rightKept + p.wrongKept ? (100 * p.rightKept / (p.rightKept + p.wrongKept)).toFixed(1) : '';
    console.log([site, p.right + p.wrong, p.right, p.wrong, p.rightKept, p.wrongKept, pct].join('\t'));
  }
} else if (cmd === 'diff') {
  // What left and what entered the Problems panel between two runs (above hint: a finding that became a hint or
  // went away, one that is new or rose from a hint), one line each, to read by hand.
  const [a, b] = [rest[0], rest[1]].map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
  const key = findingKey;
  console.log(['change', 'site', 'rule', 'file:line', 'message', 'line text (around the column)', 'confidence: evidence (after, else before)'].join('\t'));
  for (const site of Object.keys(b.sites)) {
    const before = new Map((a.sites[site]?.findings ?? []).map((f) => [key(f), f]));
    const after = new Map(b.sites[site].findings.map((f) => [key(f), f]));
    const shown = (f) => !!f && f.severity !== 'hint';
    for (const k of new Set([...before.keys(), ...after.keys()])) {
      const x = before.get(k);
      const y = after.get(k);
      if (shown(x) === shown(y)) continue;
      const f = y ?? x;
      const ctx = f.text.slice(Math.max(0, f.column - 40), f.column + 60).replace(/\s+/g, ' ');
      console.log([shown(y) ? 'entered' : 'left', site, f.rule, `${f.file}:${f.line}`, f.message.replace(/\s+/g, ' ').slice(0, 140), ctx, f.confidence === undefined ? '' : `${f.confidence}: ${f.evidence.join(' ')}`].join('\t'));
    }
  }
} else {
  console.error('usage: term-sample.mjs run CORPUS OUT.json [--bin dist/cli.js] | counts OUT.json [BEFORE.json] | sample OUT.json [seed] [--rule R] [--n 40] | recheck-tsv SAMPLED.json SEED NOW.json V.tsv… | diff BEFORE.json AFTER.json | recheck OUT.json REVIEW.md');
  process.exit(2);
}
