#!/usr/bin/env node
// The noise budget (issue #19): findings per 1,000 characters of prose, per family and per site,
// over the corpus's 12 sites (../shared/corpus/posts/* and ../shared/corpus/sites/*), each site
// checked as its own workspace by the CLI, as a user would run it.
//
//   node esbuild.mjs && node scripts/noise.mjs [--corpus ../shared/corpus] [--bin dist/cli.js]
//        [--json out.json] [--sample 40 --seed 1 [--sample-out FILE]] [--only SITE,…]
//        [--findings-out FILE]
//
// - Prose: the characters of a post's prose view (core `parse`) that are not markup, code, URLs or
//   white space, i.e. what a reader reads. Counted with this build's core (out/core.neutral.js),
//   whatever `--bin` checks (so an older CLI can be measured against the same denominator).
// - Findings are counted above hint (what the Problems panel shows); hints are listed apart.
// - "House-style posts": posts that consistently write a typography choice another way than the
//   configured style (typo/house-style reports them). For those, the findings above hint about
//   that house style per post: the one typo/house-style finding plus any finding of a choice it
//   names left above hint (the budget: at most 1). The post's other typesetting findings
//   (where it contradicts itself, a space beside `，`, a repeated word) are counted apart.
// - "Consistent posts": posts whose every typography choice with at least 5 places (typo/style
//   MIN_PLACES) is written one way in at least 80 % of them (CONSISTENT_SHARE), read from the
//   post's census (the typo family's summary), whichever way that is: their typesetting findings
//   above hint per post (issue #19's budget: at most 1; what is left is one finding for the post's
//   typesetting practice, its house style or its slips and habits, and slips no style explains, such
//   as an unclosed bracket, one per post and kind for those a hand repeats).
// - `--sample N --seed S`: a seeded random sample of N findings other than typesetting, with their
//   line, to read by hand (written to --sample-out, default stdout).
// - `--classes`: what the consistent posts' typesetting findings above hint are, per site (`typesettingClass`):
//   per class, how many per consistent post.
// - `--findings-out FILE`: every finding (hints too), one JSON line per finding with its site, file,
//   line, rule, severity, message, data and whether its post is consistent, to diff two builds per
//   rule and site.
// A site's NOTES.md and ASSETS.txt (corpus notes, not posts) are left out.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const corpus = path.resolve(arg('corpus', path.join(repo, '..', 'shared', 'corpus')));
const bin = path.resolve(arg('bin', path.join(repo, 'dist', 'cli.js')));
const jsonOut = arg('json');
const sampleN = Number(arg('sample', 0));
const seed = Number(arg('seed', 1));
const sampleOut = arg('sample-out');
const findingsOut = arg('findings-out');
const showClasses = process.argv.includes('--classes');
const allFindings = [];
const only = arg('only')?.split(',');
const core = await import(pathToFileURL(path.join(repo, 'out', 'core.neutral.js')).href);

const MIN_PLACES = 5;
const CONSISTENT_SHARE = 0.8;
/**
 * The typography choice a finding follows from, read from its English message (the JSON output
 * has no `data`), and the choices a typo/house-style message names.
 */
function choiceOf(f) {
  if (f.rule === 'typo/cjk-latin-spacing') {
    const m = /^Add a space (?:between Chinese and|on both sides of) "(.*)"\.$/.exec(f.message);
    if (!m) return undefined;
    // a half-width parenthesis is spaced as a word (`训练 (Training)`), whatever it holds
    return m[1].startsWith('`') || m[1].startsWith('$') ? 'code' : /[A-Za-z(]/.test(m[1]) ? 'letters' : 'digits';
  }
  if (f.rule === 'typo/punctuation') {
    if (/^Use the full-width .* after an English word/.test(f.message)) return 'punctuationAfterLatin';
    if (/^Use the full-width/.test(f.message)) return 'punctuation';
    if (/^Use full-width parentheses/.test(f.message)) return 'parentheses';
    if (/quotes around Chinese/.test(f.message)) return 'quotes';
    if (/^Write the Chinese ellipsis/.test(f.message)) return 'ellipsis';
  }
  return undefined;
}
/**
 * The class of a typesetting finding above hint on a consistent post (issue #19's budget), from its
 * rule, its `data` and its message (English), and the post's census for a choice's places:
 * the post's practice (its house-style finding, the head of its slips, a lone slip of a choice it
 * keeps, a choice with too few places to tell, a passage's head, a typing habit's head or a lone
 * habit) or a slip that is no matter of style (pairs, doubled marks, a repeated word…).
 */
function typesettingClass(f, census) {
  const d = f.data ?? {};
  if (f.rule === 'typo/house-style') return 'practice: house-style finding';
  if (d.practice) return 'practice: head (departs from its own typesetting)';
  if (d.habit && habitKind(f.message)) return `practice: habit head (${habitKind(f.message)})`;
  if (d.contradiction) return 'practice: slips head';
  if (d.passage) return 'practice: passage head';
  if (d.choice) {
    const total = Object.values(census?.[d.choice] ?? {}).reduce((a, b) => a + b, 0);
    return total >= MIN_PLACES ? 'practice: a lone slip of a kept choice' : 'practice: a choice with 1–4 places';
  }
  const habit = habitKind(f.message);
  if (habit) return `practice: a lone habit (${habit})`;
  if (f.rule === 'typo/punctuation') {
    const kinds = [[/never closed|closes nothing|does not match/, 'pairs (unclosed, unopened, mismatched)'], [/^Both quotes here are|wrong way round/, 'reversed or doubled quotes'], [/^Full-width letters or digits/, 'full-width letters or digits'], [/^Repeated punctuation/, 'doubled marks'], [/dash/, 'dash'], [/^Use the half-width/, 'full-width marks in English'], [/middle dot/, 'interpunct']];
    // (a kind a post repeats is one finding per post: `data.habit` on its head)
    for (const [re, k] of kinds) if (re.test(f.message)) return `no choice: ${k}${d.habit ? ' (head)' : ''}`;
  }
  return `no choice: ${f.rule.replace('typo/', '')}`;
}
function habitKind(message) {
  if (/^No space beside the full-width/.test(message)) return 'space beside a full-width mark';
  if (/^A stray space between Chinese/.test(message)) return 'stray space';
  if (/^No space inside the link brackets/.test(message)) return 'spaced link brackets';
  return undefined;
}
const HOUSE_CHOICES = { letters: /Chinese and English without/, digits: /Chinese and digits without/, code: /Chinese and inline code without/, parentheses: /parentheses/, quotes: /straight quotes/, punctuation: /half-width punctuation after Chinese/, punctuationAfterLatin: /half-width punctuation after English words/, ellipsis: /ellipsis after Chinese/, tightPunctuation: /English words or code and the full-width punctuation/ };

const sites = [
  ...fs.readdirSync(path.join(corpus, 'posts')).map((s) => `posts/${s}`),
  ...fs.readdirSync(path.join(corpus, 'sites')).map((s) => `sites/${s}`),
].filter((s) => !only || only.some((o) => s.includes(o))).sort();

/** Characters a reader reads: the prose view without masks and white space. */
function proseChars(post) {
  let n = 0;
  const p = post.prose;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 0xfffc || c === 0xe000 || c <= 32 || c === 0x3000 || (c >= 0xdc00 && c <= 0xdfff)) continue;
    n++;
  }
  return n;
}

function consistentPost(census) {
  let any = false;
  for (const counts of Object.values(census ?? {})) {
    const ns = Object.values(counts);
    const total = ns.reduce((a, b) => a + b, 0);
    if (total < MIN_PLACES) continue;
    any = true;
    if (Math.max(...ns) < CONSISTENT_SHARE * total) return false;
  }
  return any;
}

function rng(s) {
  let x = s >>> 0 || 1;
  return () => ((x ^= x << 13, x ^= x >>> 17, x ^= x << 5) >>> 0) / 4294967296;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhen-noise-'));
const rows = [];
const pool = [];
try {
  for (const site of sites) {
    const src = path.join(corpus, site);
    const ws = path.join(tmp, site.replace('/', '__'));
    fs.cpSync(src, ws, { recursive: true });
    for (const f of ['NOTES.md', 'ASSETS.txt']) fs.rmSync(path.join(ws, f), { force: true });
    spawnSync('git', ['init', '-q', '.'], { cwd: ws });
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [bin, 'check', '--format', 'json', '.'], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 1_800_000 });
    if (r.status === null || r.status > 1 || !r.stdout) throw new Error(`zhen check failed in ${site}: exit ${r.status} ${(r.stderr || '').split('\n')[0]}`);
    const report = JSON.parse(r.stdout);
    const row = { site, perPost: [], posts: 0, prose: 0, seconds: (Date.now() - t0) / 1000, byFamily: {}, hints: 0, consistent: { posts: 0, typoAboveHint: 0, max: 0, withOne: 0, classes: {} }, houseStyle: { posts: 0, style: 0, max: 0, other: 0 } };
    for (const file of report.files) {
      const text = fs.readFileSync(path.join(ws, file.path), 'utf8');
      const post = core.parse(text);
      row.posts++;
      const prose = proseChars(post);
      row.prose += prose;
      let typo = 0;
      let style = 0;
      const house = file.findings.find((f) => f.rule === 'typo/house-style');
      const learnt = new Set(house ? Object.entries(HOUSE_CHOICES).filter(([, re]) => re.test(house.message)).map(([k]) => k) : []);
      const census = core.summarizePost(post, file.path).typo?.census;
      const consistent = consistentPost(census);
      for (const f of file.findings) {
        // (`consistent`: the post passes the consistent-post test; `data`: the finding's, e.g. `choice`, `contradiction`, `habit`, `firstAt`)
        if (findingsOut) allFindings.push(JSON.stringify({ site, file: file.path, line: f.line, rule: f.rule, severity: f.severity, message: f.message, consistent, ...(f.data && { data: f.data }) }));
        if (f.severity === 'hint') { row.hints++; continue; }
        const fam = f.rule.split('/')[0];
        row.byFamily[fam] = (row.byFamily[fam] ?? 0) + 1;
        if (fam === 'typo') {
          typo++;
          if (consistent) {
            const k = typesettingClass(f, census);
            row.consistent.classes[k] = (row.consistent.classes[k] ?? 0) + 1;
          }
          if (f === house || learnt.has(choiceOf(f))) style++;
        } else pool.push({ site, file: file.path, line: f.line, rule: f.rule, severity: f.severity, message: f.message, text: text.split(/\r?\n/)[f.line - 1] ?? '' });
      }
      row.perPost.push({ path: file.path, prose, typo, style, house: !!house, nonTypo: file.findings.filter((f) => f.severity !== 'hint' && !f.rule.startsWith('typo/')).length });
      if (house) {
        row.houseStyle.posts++;
        row.houseStyle.style += style;
        row.houseStyle.max = Math.max(row.houseStyle.max, style);
        row.houseStyle.other += typo - style;
      }
      if (consistent) {
        row.consistent.posts++;
        row.consistent.typoAboveHint += typo;
        row.consistent.max = Math.max(row.consistent.max, typo);
        if (typo <= 1) row.consistent.withOne++;
      }
    }
    rows.push(row);
    fs.rmSync(ws, { recursive: true, force: true });
    process.stderr.write(`${site}: ${row.posts} posts, ${row.seconds.toFixed(0)} s\n`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const per1k = (n, prose) => (prose ? (1000 * n) / prose : 0);
const fams = ['front-matter', 'claim', 'term', 'typo', 'internal'];
const fmt = (x) => x.toFixed(2);
const lines = [];
lines.push(`| site | posts | prose kchars | ${fams.join(' | ')} | non-typesetting | hints (count) | house-style posts | house-style findings > hint per such post (max) | other typo > hint per such post | consistent posts | typo > hint per consistent post (max) |`);
lines.push(`| --- | ---: | ---: | ${fams.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
const total = { posts: 0, prose: 0, byFamily: {}, hints: 0, consistent: { posts: 0, typoAboveHint: 0, max: 0 }, houseStyle: { posts: 0, style: 0, max: 0, other: 0 } };
const ratio = (a, n) => (n ? fmt(a / n) : '–');
for (const r of rows) {
  const non = fams.filter((f) => f !== 'typo').reduce((a, f) => a + (r.byFamily[f] ?? 0), 0);
  lines.push(`| ${r.site} | ${r.posts} | ${fmt(r.prose / 1000)} | ${fams.map((f) => fmt(per1k(r.byFamily[f] ?? 0, r.prose))).join(' | ')} | **${fmt(per1k(non, r.prose))}** | ${r.hints} | ${r.houseStyle.posts} | ${ratio(r.houseStyle.style, r.houseStyle.posts)} (${r.houseStyle.max}) | ${ratio(r.houseStyle.other, r.houseStyle.posts)} | ${r.consistent.posts} | ${ratio(r.consistent.typoAboveHint, r.consistent.posts)} (${r.consistent.max}) |`);
  for (const k of ['posts', 'style', 'other']) total.houseStyle[k] += r.houseStyle[k];
  total.houseStyle.max = Math.max(total.houseStyle.max, r.houseStyle.max);
  total.posts += r.posts;
  total.prose += r.prose;
  total.hints += r.hints;
  for (const [f, n] of Object.entries(r.byFamily)) total.byFamily[f] = (total.byFamily[f] ?? 0) + n;
  total.consistent.posts += r.consistent.posts;
  total.consistent.typoAboveHint += r.consistent.typoAboveHint;
  total.consistent.max = Math.max(total.consistent.max, r.consistent.max);
}
const totalNon = fams.filter((f) => f !== 'typo').reduce((a, f) => a + (total.byFamily[f] ?? 0), 0);
lines.push(`| **all** | ${total.posts} | ${fmt(total.prose / 1000)} | ${fams.map((f) => fmt(per1k(total.byFamily[f] ?? 0, total.prose))).join(' | ')} | **${fmt(per1k(totalNon, total.prose))}** | ${total.hints} | ${total.houseStyle.posts} | ${ratio(total.houseStyle.style, total.houseStyle.posts)} (${total.houseStyle.max}) | ${ratio(total.houseStyle.other, total.houseStyle.posts)} | ${total.consistent.posts} | ${ratio(total.consistent.typoAboveHint, total.consistent.posts)} (${total.consistent.max}) |`);
console.log(`Findings above hint per 1,000 characters of prose (${path.relative(process.cwd(), bin) || bin}):\n`);
console.log(lines.join('\n'));
if (showClasses) {
  const classes = [...new Set(rows.flatMap((r) => Object.keys(r.consistent.classes)))].sort();
  const short = (site) => (site.startsWith('sites/') ? site.slice(6).split('__')[0] : site.slice(6).split(/[.]|-docs/)[0]);
  const out = [`| class (per consistent post) | ${rows.map((r) => short(r.site)).join(' | ')} | all |`, `| --- | ${rows.map(() => '---:').join(' | ')} | ---: |`];
  const sum = (k) => rows.reduce((a, r) => a + (r.consistent.classes[k] ?? 0), 0);
  for (const k of classes) out.push(`| ${k} | ${rows.map((r) => ratio(r.consistent.classes[k] ?? 0, r.consistent.posts)).join(' | ')} | ${ratio(sum(k), total.consistent.posts)} (${sum(k)}) |`);
  out.push(`| **all** | ${rows.map((r) => ratio(r.consistent.typoAboveHint, r.consistent.posts)).join(' | ')} | ${ratio(total.consistent.typoAboveHint, total.consistent.posts)} (${total.consistent.typoAboveHint}) |`);
  console.log(`\nTypesetting findings above hint per consistent post, by class:\n\n${out.join('\n')}`);
}
if (findingsOut) fs.writeFileSync(findingsOut, allFindings.join('\n') + '\n');
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ bin, rows, total }, null, 1));

if (sampleN > 0) {
  const rand = rng(seed);
  const picked = [];
  const left = [...pool];
  while (picked.length < sampleN && left.length) picked.push(left.splice(Math.floor(rand() * left.length), 1)[0]);
  const out = [`# Sample of ${picked.length} findings other than typesetting (seed ${seed}, of ${pool.length})`, ''];
  picked.forEach((p, i) => out.push(`${i + 1}. \`${p.rule}\` ${p.severity} — ${p.site} \`${p.file}:${p.line}\`: ${p.message}`, `   > ${p.text.slice(0, 240)}`, '   - verdict: ', ''));
  if (sampleOut) fs.writeFileSync(sampleOut, out.join('\n'));
  else console.log(`\n${out.join('\n')}`);
}
