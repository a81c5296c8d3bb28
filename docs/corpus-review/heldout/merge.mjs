// Build the held-out set from the two readings and the adjudication.
// node merge.mjs FIRST.json SECOND.json DIS.tsv[,…] ADJ.tsv[,…] CATS_DOUBLE OUT.json (DIS: agree.mjs --tsv; ADJ: the adjudicator's id, decision, reason)
import fs from 'node:fs';
import { overlaps as ov } from './agree.mjs';
const [fa, fb, outPath] = [process.argv[2], process.argv[3], process.argv[process.argv.length - 1]];
const dis = process.argv[4].split(','), adj = process.argv[5].split(','), dbl = process.argv[6].split(',');
const A = JSON.parse(fs.readFileSync(fa, 'utf8')).posts, B = JSON.parse(fs.readFileSync(fb, 'utf8')).posts;
const tsv = (f) => fs.readFileSync(f, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const rows = new Map(dis.flatMap(tsv).map((r) => [r[0], r]));
const decided = new Map(adj.flatMap(tsv).map((r) => [r[0].trim(), { d: r[1].trim().toLowerCase(), why: r[2] }]));
const out = {};
for (const [post, a] of Object.entries(A)) {
  const b = B[post] ?? { expect: [], allow: [] };
  const o = (out[post] = { expect: [], allow: [] });
  for (const e of a.expect) if (!dbl.includes(e.cat)) o.expect.push(e);           // single reading
  for (const e of a.allow) o.allow.push(e);
  for (const e of b.allow) if (dbl.includes(e.cat)) o.allow.push(e);
  for (const e of a.expect) if (dbl.includes(e.cat) && b.expect.some((x) => x.cat === e.cat && ov(x, e))) o.expect.push({ ...e, agreed: true });
}
let missing = 0;
for (const [id, r] of rows) {
  const [, post, lines, cat, who] = r;
  if (!A[post] && !B[post]) continue;
  const dec = decided.get(id);
  if (!dec) { missing++; console.error('undecided', id); continue; }
  const [s, t] = lines.split('-').map(Number);
  const src = (who === 'first' ? A : B)[post].expect.find((x) => x.cat === cat && x.lines[0] === s && x.lines[1] === (t ?? s));
  const o = out[post];
  if (dec.d.startsWith('expect')) o.expect.push({ ...src, adjudicated: dec.why });
  else if (dec.d.startsWith('allow')) o.allow.push({ cat, lines: src.lines });
}
const counts = {};
for (const p of Object.values(out)) for (const e of p.expect) counts[e.cat] = (counts[e.cat] ?? 0) + 1;
fs.writeFileSync(outPath, JSON.stringify({ posts: out }, null, 1) + '\n');
console.log('expect', counts, 'undecided', missing);
