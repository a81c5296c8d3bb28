#!/usr/bin/env node
// Builds the second held-out claim set from two blind readings of each round's posts:
//   node docs/corpus-review/heldout2/merge.mjs P,Q R,S > docs/corpus-review/heldout2/claims.json
//   node docs/corpus-review/heldout2/merge.mjs --keep-fit P,Q R,S > docs/corpus-review/heldout2/claims-with-fit.json
// - An expectation both readers of a post made (their line ranges overlap) is expected, over the union of the two ranges.
// - An expectation only one reader made is `allow` (no adjudication: a line two careful readers disagree on is
//   neither a hit nor a miss), and listed on stderr.
// - Every reader's `allow` span is kept.
// - A claim expectation on a line a sentence of data/claims/sentences.jsonl comes from (the detector was fitted on it)
//   becomes `allow`, listed on stderr: the set measures lines the fit never saw (`--keep-fit`: expected all the same).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const fitLines = new Map();
for (const line of fs.readFileSync(path.join(repo, 'data/claims/sentences.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const s = JSON.parse(line);
  if (!fitLines.has(s.path)) fitLines.set(s.path, new Set());
  fitLines.get(s.path).add(s.line);
}
const read = (name) => JSON.parse(fs.readFileSync(path.join(here, `readings-${name}.json`), 'utf8')).posts;
const overlaps = (a, b) => a.lines[0] <= b.lines[1] && b.lines[0] <= a.lines[1];
const log = (...a) => console.error(...a);
const posts = {};
let agreed = 0, oneSided = 0, fitted = 0;
const keepFit = process.argv.includes('--keep-fit');
for (const pair of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
  const [A, B] = pair.split(',');
  const a = read(A), b = read(B);
  for (const key of Object.keys(a)) {
    if (!b[key]) throw new Error(`${key}: read by ${A} and not by ${B}`);
    const ea = a[key].expect.filter((e) => e.cat === 'claim'), eb = b[key].expect.filter((e) => e.cat === 'claim');
    const expect = [], allow = [...a[key].allow, ...b[key].allow].filter((x) => x.cat === 'claim').map((x) => ({ cat: 'claim', lines: x.lines }));
    for (const e of ea) {
      const twin = eb.find((f) => overlaps(e, f));
      if (twin) {
        const lines = [Math.min(e.lines[0], twin.lines[0]), Math.max(e.lines[1], twin.lines[1])];
        const fit = fitLines.get(key);
        if (!keepFit && fit && [...fit].some((l) => l >= lines[0] && l <= lines[1])) { if (!allow.some((x) => overlaps(x, { lines }))) fitted++; log(`fit line, allow: ${key}:${lines.join('-')}`); allow.push({ cat: 'claim', lines }); }
        else if (!expect.some((x) => overlaps(x, { lines }))) { agreed++; expect.push({ cat: 'claim', lines, why: `${A}: ${e.why} | ${B}: ${twin.why}` }); }
      } else { oneSided++; log(`${A} only, allow: ${key}:${e.lines.join('-')} ${e.why}`); allow.push({ cat: 'claim', lines: e.lines }); }
    }
    for (const f of eb) if (!ea.some((e) => overlaps(e, f))) { oneSided++; log(`${B} only, allow: ${key}:${f.lines.join('-')} ${f.why}`); allow.push({ cat: 'claim', lines: f.lines }); }
    posts[key] = { expect, allow };
  }
}
log(`posts ${Object.keys(posts).length}, expected (both readers) ${agreed}, one reader only ${oneSided}, on a fit line ${fitted}`);
console.log(JSON.stringify({ _doc: 'Second held-out claim set (session 24): see README.md beside. Score with --scope claim.', posts }, null, 1));
