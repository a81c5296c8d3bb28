/**
 * Draws the sentences to label for the claim detector: from every post of the 12 corpus sites
 * (minus the development set), stratified by site and by what fires in the sentence, with a fixed
 * seed. Strata (first that applies): `strong` (percent, money, multiple, magnitude, a figure about
 * people, a statistic or reporting phrase, hearsay, published data, a cited title, a scoped
 * superlative, a first, a market comparison), `number` (share, large or approximate number, range,
 * score, rank), `source` (an organisation, a study, an attribution, a date), `superlative`
 * (superlative, fame, change, comparison), `other-number` (measurements, counts, other numbers),
 * `other`. Oversamples the first strata so positives are not too rare.
 *
 *   node esbuild.mjs --claims && node out/scripts/claims/sample.js [--corpus DIR] [--per-site N] [--seed S] [--out FILE] [--exclude FILE]
 *
 * Writes one JSON object per line: {id, site, path, line, stratum, text, context, cited, license}.
 * `--exclude` skips sentences already in a labelled file (to draw more later).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { corpusPosts, DEFAULT_CORPUS } from './corpus';
import { display, judgedSentences } from './sentences';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const corpus = opt('--corpus', DEFAULT_CORPUS);
const perSite = Number(opt('--per-site', '135'));
let seed = Number(opt('--seed', '16'));
const out = opt('--out', 'out/claims-sample.jsonl');
const exclude = opt('--exclude', '');
const PER_POST = Number(opt('--per-post', '6'));
/** Draw only these strata (comma list), e.g. a second, positive-rich sample: `--only strong`. */
const ONLY = opt('--only', '');
/** Number the new sentences from this id on (a later sample continues the ids of the set). */
const ID_FROM = Number(opt('--id-from', '1'));

const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const STRATA = ['strong', 'number', 'source', 'superlative', 'other-number', 'other'] as const;
type Stratum = (typeof STRATA)[number];
const BASE_QUOTA: Record<Stratum, number> = { strong: 0.4, number: 0.15, source: 0.12, superlative: 0.12, 'other-number': 0.11, other: 0.1 };
const only = new Set(ONLY ? ONLY.split(',') : []);
const QUOTA: Record<Stratum, number> = Object.fromEntries(STRATA.map((s) => [s, !only.size ? BASE_QUOTA[s] : only.has(s) ? 1 / only.size : 0])) as Record<Stratum, number>;
const STRONG = new Set(['number.percent', 'number.money', 'number.multiplier', 'number.magnitude', 'number.suffix', 'number.population', 'number.market', 'cue.statistic', 'cue.report', 'source.hearsay', 'source.published', 'source.title', 'source.document', 'source.says', 'superlative.scoped', 'superlative.popular', 'superlative.first', 'superlative.fame', 'change.by', 'change.performance', 'comparison.market']);
const NUMBER = new Set(['number.share', 'number.big', 'number.approx', 'number.range', 'number.score', 'number.rank']);
const SOURCE = new Set(['source.says', 'source.org', 'source.research', 'time.date']);
const SUPER = new Set(['superlative.most', 'superlative.fame', 'change.trend', 'change.comparison']);
const WEAK = new Set(['number.measure', 'number.count', 'number.any']);

function stratum(ids: Set<string>): Stratum {
  const has = (s: Set<string>) => [...ids].some((i) => s.has(i));
  return has(STRONG) ? 'strong' : has(NUMBER) ? 'number' : has(SOURCE) ? 'source' : has(SUPER) ? 'superlative' : has(WEAK) ? 'other-number' : 'other';
}

interface Cand {
  id: string;
  site: string;
  path: string;
  line: number;
  stratum: Stratum;
  text: string;
  context: string;
  /** A link or footnote overlaps the sentence. */
  cited: boolean;
  license: string;
}

const skip = new Set<string>();
if (exclude && existsSync(exclude)) for (const l of readFileSync(exclude, 'utf8').split('\n')) if (l.trim()) { const r = JSON.parse(l); skip.add(`${r.path}:${r.line}:${r.text}`); }

const bySite = new Map<string, Cand[]>();
for (const p of corpusPosts(corpus)) {
  const text = readFileSync(p.file, 'utf8');
  const { list } = judgedSentences(text);
  for (let i = 0; i < list.length; i++) {
    const j = list[i];
    const letters = j.text.replace(/⟨⟩|[\s\p{P}\p{S}\d]/gu, '');
    if (letters.length < 6 || j.text.length > 320) continue;
    if (skip.has(`${p.path}:${j.line}:${j.text}`)) continue;
    const prev = i > 0 && list[i - 1].sentence.block === j.sentence.block ? list[i - 1].text : i > 0 ? '¶ ' + list[i - 1].text : '';
    const c: Cand = { id: '', site: p.site, path: p.path, line: j.line, stratum: stratum(new Set(j.signals.map((x) => x.id))), text: j.text, context: prev.length > 120 ? '…' + prev.slice(-119) : prev, cited: j.cited, license: p.license };
    if (!bySite.has(p.site)) bySite.set(p.site, []);
    bySite.get(p.site)!.push(c);
  }
}

const chosen: Cand[] = [];
for (const [site, cands] of [...bySite].sort((a, b) => a[0].localeCompare(b[0]))) {
  const pools = new Map<Stratum, Cand[]>(STRATA.map((s) => [s, shuffle(cands.filter((c) => c.stratum === s))]));
  const perPost = new Map<string, number>();
  const take: Cand[] = [];
  const want = (s: Stratum) => Math.round(perSite * QUOTA[s]);
  const draw = (s: Stratum, n: number) => {
    const pool = pools.get(s)!;
    let got = 0;
    while (got < n && pool.length) {
      const c = pool.shift()!;
      if ((perPost.get(c.path) ?? 0) >= PER_POST) continue;
      perPost.set(c.path, (perPost.get(c.path) ?? 0) + 1);
      take.push(c);
      got++;
    }
    return got;
  };
  let short = 0;
  for (const s of STRATA) short += want(s) - draw(s, want(s));
  // Fill what a stratum lacked from the others, in order (numbers and sources first).
  for (const s of STRATA) if (short > 0 && (!only.size || only.has(s))) short -= draw(s, short);
  const counts = Object.fromEntries(STRATA.map((s) => [s, take.filter((c) => c.stratum === s).length]));
  console.log(site, cands.length, 'candidates ->', take.length, JSON.stringify(counts));
  take.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  chosen.push(...take);
}
chosen.forEach((c, i) => (c.id = `s${String(i + ID_FROM).padStart(4, '0')}`));
writeFileSync(out, chosen.map((c) => JSON.stringify(c)).join('\n') + '\n');
console.log(`${chosen.length} sentences -> ${out}`);
