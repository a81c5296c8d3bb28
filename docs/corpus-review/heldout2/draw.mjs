#!/usr/bin/env node
// Draws the second held-out claim set (session 24): two posts per corpus site, at random (seeded) among
// the quarter of each site's Markdown posts with the most figures and citation words per 1,000 Chinese
// characters (a regular-expression count, not Zhen), 4–20 KB and at least 1,500 Chinese characters,
// leaving out every post of the development set and of the first held-out set (expected.json, claims.json)
// and pages that are no posts (about, social, links). Most claim-dense posts gave a sentence or two to the
// detector's fit (data/claims/sentences.jsonl), so those posts are not left out; the merge turns a claim
// expectation on a fit sentence's line into `allow` (neither a hit nor a miss) and lists them.
//   node docs/corpus-review/heldout2/draw.mjs [--corpus ../shared/corpus] [--seed 24207] [--per-site 2]
// Round a: seed 24207, two per site (no readings yet); round b: seed 24208, three per site (round a's readings beside).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i > 0 ? process.argv[i + 1] : d; };
const corpus = path.resolve(arg('corpus', path.join(repo, '..', 'shared', 'corpus')));
const seed = Number(arg('seed', 24207));
const perSite = Number(arg('per-site', 2));

const excluded = new Set();
const keysOf = (file) => Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).posts);
for (const k of keysOf(path.join(corpus, 'labelled', 'expected.json'))) excluded.add(k);
for (const f of ['expected.json', 'claims.json']) for (const k of keysOf(path.join(repo, 'docs/corpus-review/heldout', f))) excluded.add(k);
// A later round leaves out the posts earlier rounds drew (their readings are beside this file).
for (const f of fs.readdirSync(here)) if (/^readings-.*\.json$/.test(f)) for (const k of keysOf(path.join(here, f))) excluded.add(k);
const fitPosts = new Set();
for (const line of fs.readFileSync(path.join(repo, 'data/claims/sentences.jsonl'), 'utf8').split('\n')) {
  if (line.trim()) fitPosts.add(JSON.parse(line).path);
}

// mulberry32
let s = seed >>> 0;
const rand = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };

const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const p = path.join(dir, e.name);
  if (e.isDirectory()) return e.name.startsWith('.') || e.name === 'node_modules' ? [] : walk(p);
  return /\.(md|markdown)$/i.test(e.name) && !/^(NOTES|README|CHANGELOG)\.md$/i.test(e.name) ? [p] : [];
});
const sites = ['posts', 'sites'].flatMap((d) => fs.readdirSync(path.join(corpus, d)).map((n) => `${d}/${n}`)).sort();
const FIGURE = /\d+(?:[.,]\d+)*\s*(?:%|％|倍|万|亿|千|百万|k|K|M|B|W)?/g;
const CITE = /据|根据|数据显示|报告|调查|统计|研究|发布|公布|披露|指出|表示|宣布|官方|according to|reported|survey|study/gi;
const out = [];
for (const site of sites) {
  const pool = [];
  for (const file of walk(path.join(corpus, site))) {
    const rel = path.relative(corpus, file).split(path.sep).join('/');
    const size = fs.statSync(file).size;
    if (size < 4000 || size > 20000 || excluded.has(rel) || /\/(about|social|links?|friends)\//.test(rel)) continue;
    const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
    if (han < 1500) continue;
    const density = ((text.match(FIGURE) ?? []).length + 3 * (text.match(CITE) ?? []).length) / (han / 1000);
    pool.push({ rel, density });
  }
  pool.sort((a, b) => b.density - a.density || (a.rel < b.rel ? -1 : 1));
  const top = pool.slice(0, Math.max(perSite, Math.ceil(pool.length / 4)));
  const picked = [];
  while (picked.length < perSite && top.length) picked.push(top.splice(Math.floor(rand() * top.length), 1)[0].rel);
  out.push({ site, pool: pool.length, picked, fit: picked.filter((p) => fitPosts.has(p)).length });
}
console.log(JSON.stringify(out, null, 1));
