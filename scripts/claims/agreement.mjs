// Agreement of the stored labels (data/claims/sentences.jsonl) with a blind relabelling against the
// written standard (docs/corpus-review/claims-labelling.md); issue #16, eighth pass. Not used at run time.
//
//   node esbuild.mjs --claims && node out/scripts/claims/fit.js --threshold 0.36 --scores /tmp/scores.jsonl
//   node scripts/claims/agreement.mjs draw --scores /tmp/scores.jsonl --seed 8 [--per-site 18] [--exclude id,id] --out /tmp/blind.jsonl
//   node scripts/claims/agreement.mjs score --blind data/claims/agreement-blind-8.jsonl [--set OLD_SENTENCES_JSONL]
//   (the eighth pass compared with main 953b2a4's labels: git show 953b2a4:data/claims/sentences.jsonl > /tmp/old.jsonl)
//
// draw: per site, up to a third of the draw from the stored claims and the rest from the stored
// non-claims, each split by the detector's leave-one-site-out confidence (claims: ≥ 0.36 and below;
// non-claims: ≥ 0.36, 0.1–0.36, < 0.1), a short stratum filled from the others of the same label. It
// writes id, site, path, line, the heading above the sentence, up to 400 characters of the post before
// it and the sentence: **no label, no reason, no score**, so the sample can be labelled blind.
// score: the blind file holds {id, label: 0|1|null, class, note}; prints raw agreement and Cohen's kappa
// over the sentences both label 0/1, the confusion table, and the disagreements by the stored reason's
// class and by the blind class.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const corpus = join(repo, '..', 'shared', 'corpus');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const set = readFileSync(opt('--set', join(repo, 'data', 'claims', 'sentences.jsonl')), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const byId = new Map(set.map((r) => [r.id, r]));
const classOf = (reason) => reason.split(/[:(]/)[0].trim();

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

if (args[0] === 'draw') {
  const scores = readFileSync(opt('--scores', '/tmp/scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const perSite = Number(opt('--per-site', '18'));
  const exclude = new Set(opt('--exclude', '').split(',').filter(Boolean));
  const rand = rng(Number(opt('--seed', '8')));
  const shuffle = (a) => {
    const b = [...a];
    for (let i = b.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [b[i], b[j]] = [b[j], b[i]];
    }
    return b;
  };
  const out = [];
  for (const site of [...new Set(scores.map((s) => s.site))].sort()) {
    const rows = scores.filter((s) => s.site === site && !exclude.has(s.id));
    const pos = rows.filter((r) => r.y === 1);
    const neg = rows.filter((r) => r.y === 0);
    const nPos = Math.min(pos.length, Math.round(perSite / 3));
    const take = (list, bands, n) => {
      const pools = bands.map((f) => shuffle(list.filter(f)));
      const got = [];
      let k = 0;
      while (got.length < n && pools.some((p) => p.length)) {
        const p = pools[k++ % pools.length];
        if (p.length) got.push(p.shift());
      }
      return got;
    };
    const picked = [
      ...take(pos, [(r) => r.p >= 0.36, (r) => r.p < 0.36], nPos),
      ...take(neg, [(r) => r.p >= 0.36, (r) => r.p >= 0.1 && r.p < 0.36, (r) => r.p < 0.1], perSite - nPos),
    ];
    for (const r of shuffle(picked)) {
      const s = byId.get(r.id);
      const lines = readFileSync(join(corpus, s.path), 'utf8').split('\n');
      const before = lines.slice(0, s.line - 1);
      const heading = [...before].reverse().find((l) => /^#{1,6}\s/.test(l)) ?? '';
      out.push({ id: s.id, site: s.site, path: s.path, line: s.line, heading: heading.trim(), before: before.join('\n').slice(-400), text: s.text });
    }
  }
  writeFileSync(opt('--out', '/tmp/blind.jsonl'), shuffle(out).map((o) => JSON.stringify(o)).join('\n') + '\n');
  console.log(`drew ${out.length} sentences`);
} else if (args[0] === 'score') {
  const blind = readFileSync(opt('--blind', '/tmp/blind-labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const pairs = blind.map((b) => ({ b, s: byId.get(b.id) }));
  const both = pairs.filter(({ b, s }) => (b.label === 0 || b.label === 1) && (s.label === 0 || s.label === 1));
  const n = both.length;
  const c = { '11': 0, '10': 0, '01': 0, '00': 0 };
  for (const { b, s } of both) c[`${s.label}${b.label}`]++;
  const po = (c['11'] + c['00']) / n;
  const ps1 = (c['11'] + c['10']) / n;
  const pb1 = (c['11'] + c['01']) / n;
  const pe = ps1 * pb1 + (1 - ps1) * (1 - pb1);
  const kappa = (po - pe) / (1 - pe);
  console.log(`${blind.length} relabelled blind; ${n} labelled 0/1 by both (${pairs.length - n} debatable in one)`);
  console.log(`agreement ${(po * 100).toFixed(1)} %, Cohen's kappa ${kappa.toFixed(3)}`);
  console.log(`| stored \\ blind | 1 | 0 |\n| --- | ---: | ---: |\n| 1 | ${c['11']} | ${c['10']} |\n| 0 | ${c['01']} | ${c['00']} |`);
  const sites = [...new Set(both.map(({ s }) => s.site))].sort();
  console.log('\n| site | both | agree | stored 1, blind 0 | stored 0, blind 1 |\n| --- | ---: | ---: | ---: | ---: |');
  for (const site of sites) {
    const p = both.filter(({ s }) => s.site === site);
    console.log(`| ${site} | ${p.length} | ${p.filter(({ b, s }) => b.label === s.label).length} | ${p.filter(({ b, s }) => s.label === 1 && b.label === 0).length} | ${p.filter(({ b, s }) => s.label === 0 && b.label === 1).length} |`);
  }
  const tally = (key) => {
    const m = new Map();
    for (const x of both.filter(({ b, s }) => b.label !== s.label)) {
      const k = key(x);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return [...m].sort((a, b) => b[1] - a[1]);
  };
  console.log('\ndisagreements by stored class → blind class:');
  for (const [k, v] of tally(({ b, s }) => `${s.label} ${classOf(s.reason)} → ${b.label} ${b.class}`)) console.log(`  ${v}  ${k}`);
  console.log('\ndisagreements, one by one:');
  for (const { b, s } of both.filter(({ b, s }) => b.label !== s.label)) console.log(`  ${s.id} ${s.site.slice(0, 10)} stored ${s.label} (${s.reason}) blind ${b.label} (${b.class}: ${b.note ?? ''}) | ${s.text.slice(0, 100)}`);
  const oneNull = pairs.filter(({ b, s }) => !both.includes(pairs.find((p) => p.b === b)) && true).filter(({ b, s }) => b.label === null || s.label === null);
  if (oneNull.length) {
    console.log('\ndebatable in one of the two:');
    for (const { b, s } of oneNull) console.log(`  ${s.id} stored ${s.label} blind ${b.label} | ${s.text.slice(0, 80)}`);
  }
} else {
  console.error('usage: agreement.mjs draw|score …');
  process.exit(2);
}
