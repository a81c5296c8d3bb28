/**
 * Fits the claim detector's weights (data/claims/detector.json) on the labelled sentences
 * (data/claims/sentences.jsonl) and reports how well they carry to sites they were not fitted on.
 *
 *   node esbuild.mjs --claims && node out/scripts/claims/fit.js [--corpus DIR] [--l2 L] [--write] [--json FILE] [--fires FEATURE] [--free ID,…]
 *
 * Each labelled sentence is found again in its corpus post and its features are computed by the
 * core's own detector (the same code the rule runs), so what is fitted is what runs. Sentences
 * labelled debatable (label null) are left out of fitting and scoring.
 *
 * Model: logistic regression, score = bias + Σ w·x over binary features, L2 penalty on the weights
 * (not the bias), fitted by Newton's method (the Hessian is small: one row per feature). The
 * threshold is the one that maximises F-beta (`--beta`, default 1; below 1 favours precision) on the training
 * sentences, bounded to [0.3, 0.7], or the one given with `--threshold T` (then every fold uses it: no
 * threshold noise between folds). Features marked `fixed` in the data keep their hand-set weight (an offset).
 *
 * Reports, per site: sentences, positives, and precision/recall
 *   - LOSO: leave one site out: fit on the other 11 sites (threshold chosen there), score this one
 *     (the honest figure: a blog the weights never saw);
 *   - 10-fold: sentences in random folds (fixed seed), for comparison;
 *   - fit: in-sample, weights fitted on everything.
 * `--write` stores the weights fitted on everything, the bias and the threshold in detector.json,
 * with the figures in its `fit` record.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toConfig } from '../../server/src/core/index';
import { BUNDLED_FEATURES, BUNDLED_WEIGHTS, detector, opensGate, withoutCancelled } from '../../server/src/core/rules/claim/detector';
import { DEFAULT_CORPUS } from './corpus';
import { judgedSentences, type JudgedSentence } from './sentences';
import { lexTokens } from './lexicon';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const repo = join(__dirname, '..', '..', '..');
const corpus = opt('--corpus', DEFAULT_CORPUS);
const L2 = Number(opt('--l2', '1'));
const write = args.includes('--write');
const jsonOut = opt('--json', '');
const verbose = args.includes('--verbose');
/** `--set FILE`: another labelled set (a variant of sentences.jsonl, for measuring a relabel in parts). */
const setFile = opt('--set', join(repo, 'data', 'claims', 'sentences.jsonl'));
const detectorFile = join(repo, 'data', 'claims', 'detector.json');
/**
 * `--lexicon on` (seventh pass, a measurement only: not shipped): per-token weights (scripts/claims/lexicon.ts
 * tokens) fitted beside the hand features, inside each fold. Only tokens seen in at least LEX_MIN_DF candidate sentences of at least
 * LEX_MIN_SITES sites of the training sentences are weighed (a token one blog uses is its style, not
 * a claim's), with an L2 penalty of LEX_L2 (strong: each token moves a score little).
 */
const LEXICON = opt('--lexicon', 'off') === 'on';
if (LEXICON && args.includes('--write')) throw new Error('--lexicon on measures only: the detector ships no lexicon (docs/corpus-review/claims.md, seventh pass)');
const LEX_L2 = Number(opt('--lex-l2', '10'));
const LEX_MIN_DF = Number(opt('--lex-mindf', '4'));
const LEX_MIN_SITES = Number(opt('--lex-minsites', '3'));
/** `--lex-cap C`: the lexicon's sum counts at most ±C in a score (tried in the seventh pass; 0: no cap). */
const LEX_CAP = Number(opt('--lex-cap', '0'));
/** `--lex-sign neg`: token weights are held at or below 0 (the lexicon only counts against a claim). */
const LEX_NEG = opt('--lex-sign', 'any') === 'neg';

interface Labelled {
  id: string;
  site: string;
  path: string;
  line: number;
  label: 0 | 1 | null;
  reason: string;
  text: string;
}

interface Row {
  item: Labelled;
  /** The summed weights of the fixed features that fire. */
  offset: number;
  x: Uint8Array;
  y: number;
  site: string;
  /** A gate feature fired: the detector judges this sentence (others are never claims). */
  candidate: boolean;
  /** The veto features that fired (the sentence is no claim whatever else fires). */
  vetoes: string[];
  /** The fixed (hand-weighted) features that fired. */
  fixed: string[];
  /** The sentence's lexicon tokens (lexicon.ts). */
  tokens: string[];
  /** The lexicon's sum for this row in the fit under way (set while fitting). */
  lex: number;
}

/** `--free a,b`: fit these `fixed` features like the others (to measure whether the labelled set can estimate them). */
const FREE = new Set(opt('--free', '').split(',').filter(Boolean));
/** Features whose weight is set by hand in the data (`fixed`: a rare, known signal the labelled set cannot estimate) are offsets, not fitted. */
const FIXED = new Map(BUNDLED_FEATURES.filter((f) => f.fixed && !FREE.has(f.id)).map((f) => [f.id, BUNDLED_WEIGHTS[f.id] ?? 0]));
/** Veto features make a sentence no claim: such sentences are scored 0 and not fitted on. */
const VETO = new Set(BUNDLED_FEATURES.filter((f) => f.veto).map((f) => f.id));
/** `--drop a,b`: leave these features out of the model (to measure what each adds). */
const DROP = new Set(opt('--drop', '').split(',').filter(Boolean));
const FEATURES = BUNDLED_FEATURES.filter((f) => (!f.fixed || FREE.has(f.id)) && !f.veto && !DROP.has(f.id)).map((f) => f.id);
const BETA = Number(opt('--beta', '1'));
/** `--threshold T`: use this threshold in every fit (LOSO folds, 10-fold, all) instead of choosing one by F-beta. */
const FIXED_THRESHOLD = args.includes('--threshold') ? Number(opt('--threshold', '0.5')) : undefined;
/** Sign constraints: evidence for a claim never counts against it, counter-signals never for it (context features are free). */
const SIGN = FEATURES.map((id) => {
  const g = BUNDLED_FEATURES.find((f) => f.id === id)!.group;
  return g === 'against' ? -1 : g === 'context' ? 0 : 1;
});
const INDEX = new Map(FEATURES.map((id, i) => [id, i]));
const D = FEATURES.length;

// ---- find every labelled sentence again and compute its features ----
const items = readFileSync(setFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Labelled);
const byPath = new Map<string, Labelled[]>();
for (const it of items) {
  if (!byPath.has(it.path)) byPath.set(it.path, []);
  byPath.get(it.path)!.push(it);
}
const det = detector(toConfig({}));
const rows: Row[] = [];
let missing = 0;
for (const [path, list] of byPath) {
  const file = join(corpus, path);
  if (!existsSync(file)) {
    missing += list.length;
    continue;
  }
  const judged = judgedSentences(readFileSync(file, 'utf8'), det).list;
  for (const it of list) {
    const s = find(judged, it);
    if (!s) {
      missing++;
      if (verbose) console.log(`not found: ${it.id} ${path}:${it.line} ${it.text}`);
      continue;
    }
    if (it.label === null) continue;
    const x = new Uint8Array(D);
    let offset = 0;
    // What the rule counts: a feature another one cancels (its data `unless`) is not a signal.
    const signals = withoutCancelled(det, s.signals);
    for (const sig of signals) offset += FIXED.get(sig.id) ?? 0;
    for (const sig of signals) {
      const k = INDEX.get(sig.id);
      if (k !== undefined) x[k] = 1;
    }
    const vetoes = signals.filter((g) => VETO.has(g.id)).map((g) => g.id);
    rows.push({ item: it, offset, x, y: it.label, site: it.site, candidate: signals.some((g) => opensGate(det, g)) && !vetoes.length, vetoes, fixed: signals.filter((g) => FIXED.has(g.id)).map((g) => g.id), tokens: lexTokens(s.clean.text).map((t) => t.token), lex: 0 });
  }
}

/** The judged sentence holding the labelled text (the same text, or a longer joined sentence). */
function find(judged: JudgedSentence[], it: Labelled): JudgedSentence | undefined {
  let best: JudgedSentence | undefined;
  for (const j of judged) {
    if (j.text === it.text) return j;
    if (!best && j.line <= it.line && j.text.includes(it.text)) best = j;
  }
  if (best) return best;
  // A joined sentence starting on an earlier line.
  return judged.find((j) => j.text.includes(it.text.slice(0, Math.min(20, it.text.length))));
}

// ---- logistic regression ----
interface Model {
  w: Float64Array;
  b: number;
  threshold: number;
  /** Token weights (empty without the lexicon). */
  lex: Map<string, number>;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function lexSum(lex: Map<string, number>, r: Row): number {
  let z = 0;
  for (const t of r.tokens) z += lex.get(t) ?? 0;
  return z;
}

function capped(z: number): number {
  return LEX_CAP > 0 ? Math.max(-LEX_CAP, Math.min(LEX_CAP, z)) : z;
}

function score(m: Model, r: Row): number {
  if (!r.candidate) return 0;
  let z = m.b + r.offset + capped(lexSum(m.lex, r));
  for (let k = 0; k < D; k++) if (r.x[k]) z += m.w[k];
  return sigmoid(z);
}

/** Fit the hand features and, with the lexicon, the token weights: alternately (each step convex; block coordinate descent on the joint penalised log-likelihood). */
function fit(all: Row[], l2 = L2): Model {
  const train = all.filter((r) => r.candidate);
  for (const r of train) r.lex = 0;
  let m = fitHand(all, l2);
  if (!LEXICON) return m;
  const vocab = lexVocab(train);
  const lex = new Map<string, number>([...vocab].map((t) => [t, 0]));
  for (let round = 0; round < 6; round++) {
    fitLex(train, m, lex);
    for (const r of train) r.lex = lexSum(lex, r);
    m = fitHand(all, l2);
  }
  m.lex = lex;
  m.threshold = FIXED_THRESHOLD ?? bestThreshold(train, m);
  for (const r of train) r.lex = 0;
  return m;
}

/** The tokens seen in at least LEX_MIN_DF candidate sentences from at least LEX_MIN_SITES sites. */
function lexVocab(train: Row[]): Set<string> {
  const df = new Map<string, number>();
  const sitesOf = new Map<string, Set<string>>();
  for (const r of train) {
    for (const t of r.tokens) {
      df.set(t, (df.get(t) ?? 0) + 1);
      let s = sitesOf.get(t);
      if (!s) sitesOf.set(t, (s = new Set()));
      s.add(r.site);
    }
  }
  return new Set([...df].filter(([t, n]) => n >= LEX_MIN_DF && sitesOf.get(t)!.size >= LEX_MIN_SITES).map(([t]) => t));
}

/** The token weights given the hand model (its score is an offset): Adam on the L2-penalised log-loss, warm-started. */
function fitLex(train: Row[], m: Model, lex: Map<string, number>): void {
  const keys = [...lex.keys()];
  const index = new Map(keys.map((k, i) => [k, i]));
  const v = Float64Array.from(keys, (k) => lex.get(k)!);
  const rowsK = train.map((r) => {
    let z = m.b + r.offset;
    for (let k = 0; k < D; k++) if (r.x[k]) z += m.w[k];
    return { z, y: r.y, idx: r.tokens.map((t) => index.get(t)).filter((k): k is number => k !== undefined) };
  });
  const mom = new Float64Array(v.length);
  const sq = new Float64Array(v.length);
  const lr = 0.05;
  for (let it = 1; it <= 300; it++) {
    const g = new Float64Array(v.length);
    for (const r of rowsK) {
      let z = r.z;
      for (const k of r.idx) z += v[k];
      const e = sigmoid(z) - r.y;
      for (const k of r.idx) g[k] += e;
    }
    const c1 = 1 - 0.9 ** it;
    const c2 = 1 - 0.999 ** it;
    for (let k = 0; k < v.length; k++) {
      const gk = g[k] + LEX_L2 * v[k];
      mom[k] = 0.9 * mom[k] + 0.1 * gk;
      sq[k] = 0.999 * sq[k] + 0.001 * gk * gk;
      v[k] -= (lr * (mom[k] / c1)) / (Math.sqrt(sq[k] / c2) + 1e-8);
      if (LEX_NEG && v[k] > 0) v[k] = 0;
    }
  }
  keys.forEach((k, i) => lex.set(k, v[i]));
}

/** Newton's method on the penalised log-likelihood; parameter D is the bias. */
/** Fit with the sign constraints: a weight that comes out with the wrong sign is held at 0 and the rest refitted. */
function fitHand(all: Row[], l2 = L2): Model {
  const zero = new Uint8Array(D);
  for (let round = 0; round < D; round++) {
    const m = fitFree(all, l2, zero);
    let changed = false;
    for (let k = 0; k < D; k++) {
      if (!zero[k] && SIGN[k] && m.w[k] * SIGN[k] < 0) {
        zero[k] = 1;
        changed = true;
      }
    }
    if (!changed) return m;
  }
  return fitFree(all, l2, zero);
}

function fitFree(all: Row[], l2: number, zero: Uint8Array): Model {
  const train = all.filter((r) => r.candidate);
  const P = D + 1;
  const theta = new Float64Array(P);
  const used = new Uint8Array(D);
  for (const r of train) for (let k = 0; k < D; k++) if (r.x[k]) used[k] = 1;
  for (let iter = 0; iter < 50; iter++) {
    const g = new Float64Array(P);
    const H = Array.from({ length: P }, () => new Float64Array(P));
    for (const r of train) {
      let z = theta[D] + r.offset + r.lex;
      for (let k = 0; k < D; k++) if (r.x[k]) z += theta[k];
      const p = sigmoid(z);
      const e = p - r.y;
      const v = p * (1 - p);
      const idx: number[] = [];
      for (let k = 0; k < D; k++) if (r.x[k]) idx.push(k);
      idx.push(D);
      for (const a of idx) {
        g[a] += e;
        for (const c of idx) H[a][c] += v;
      }
    }
    for (let k = 0; k < D; k++) {
      g[k] += l2 * theta[k];
      H[k][k] += l2 + (used[k] ? 0 : 1);
      if (zero[k]) {
        // Held at 0: no step for this weight.
        for (let c = 0; c < P; c++) H[k][c] = H[c][k] = 0;
        H[k][k] = 1;
        g[k] = 0;
      }
    }
    H[D][D] += 1e-6;
    const step = solve(H, g);
    let max = 0;
    for (let k = 0; k < P; k++) {
      theta[k] -= step[k];
      max = Math.max(max, Math.abs(step[k]));
    }
    if (max < 1e-7) break;
  }
  const m: Model = { w: theta.slice(0, D), b: theta[D], threshold: 0.5, lex: new Map() };
  m.threshold = FIXED_THRESHOLD ?? bestThreshold(train, m);
  return m;
}

/** Gaussian elimination with partial pivoting (H is symmetric positive definite). */
function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const M = A.map((row, i) => {
    const r = new Float64Array(n + 1);
    r.set(row);
    r[n] = b[i];
    return r;
  });
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      if (f) for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

function bestThreshold(train: Row[], m: Model): number {
  // (While fitting the hand model, the rows' lexicon sums are in r.lex: scored as an offset.)
  const ps = train.map((r) => ({ p: m.lex.size ? score(m, r) : handScore(m, r), y: r.y }));
  let best = 0.5;
  let bestF = -1;
  for (let t = 0.3; t <= 0.7001; t += 0.01) {
    const c = counts(ps, t);
    const b2 = BETA * BETA;
    const f = c.tp ? ((1 + b2) * c.tp) / ((1 + b2) * c.tp + b2 * c.fn + c.fp) : 0;
    if (f > bestF + 1e-9) {
      bestF = f;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

function handScore(m: Model, r: Row): number {
  if (!r.candidate) return 0;
  let z = m.b + r.offset + r.lex;
  for (let k = 0; k < D; k++) if (r.x[k]) z += m.w[k];
  return sigmoid(z);
}

function counts(ps: Array<{ p: number; y: number }>, t: number): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { p, y } of ps) {
    if (p >= t && y) tp++;
    else if (p >= t) fp++;
    else if (y) fn++;
  }
  return { tp, fp, fn };
}

// ---- evaluation ----
const sites = [...new Set(rows.map((r) => r.site))].sort();
type Pred = { row: Row; p: number; t: number };

function loso(): Pred[] {
  const out: Pred[] = [];
  for (const site of sites) {
    const m = fit(rows.filter((r) => r.site !== site));
    for (const r of rows.filter((x) => x.site === site)) out.push({ row: r, p: score(m, r), t: m.threshold });
  }
  return out;
}

function kfold(k = 10): Pred[] {
  let seed = 16;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const order = rows.map((r, i) => ({ r, i, key: rand() }));
  order.sort((a, b) => a.key - b.key);
  const fold = new Map(order.map((o, n) => [o.r, n % k]));
  const out: Pred[] = [];
  for (let f = 0; f < k; f++) {
    const m = fit(rows.filter((r) => fold.get(r) !== f));
    for (const r of rows.filter((x) => fold.get(x) === f)) out.push({ row: r, p: score(m, r), t: m.threshold });
  }
  return out;
}

interface Figures {
  n: number;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

function figures(preds: Pred[]): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { row, p, t } of preds) {
    if (p >= t && row.y) tp++;
    else if (p >= t) fp++;
    else if (row.y) fn++;
  }
  return { n: preds.length, positives: preds.filter((x) => x.row.y).length, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null };
}

const all = fit(rows);
const inSample: Pred[] = rows.map((r) => ({ row: r, p: score(all, r), t: all.threshold }));
const losoPreds = loso();
const kPreds = kfold();

const pct = (v: number | null) => (v === null ? '–' : v.toFixed(3));
const table: Array<{ site: string; loso: Figures; kfold: Figures; fit: Figures }> = [];
for (const site of [...sites, 'all']) {
  const pick = (ps: Pred[]) => (site === 'all' ? ps : ps.filter((x) => x.row.site === site));
  table.push({ site, loso: figures(pick(losoPreds)), kfold: figures(pick(kPreds)), fit: figures(pick(inSample)) });
}

console.log(`${items.length} labelled sentences, ${rows.length} used (${items.filter((i) => i.label === null).length} debatable left out, ${missing} not found), ${D} features, L2 ${L2}`);
console.log(`threshold (fitted on all): ${all.threshold}, bias ${all.b.toFixed(3)}`);
console.log('| site | sentences | claims | LOSO precision | LOSO recall | 10-fold precision | 10-fold recall | in-sample precision | in-sample recall |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of table) {
  console.log(`| ${r.site} | ${r.loso.n} | ${r.loso.positives} | ${pct(r.loso.precision)} | ${pct(r.loso.recall)} | ${pct(r.kfold.precision)} | ${pct(r.kfold.recall)} | ${pct(r.fit.precision)} | ${pct(r.fit.recall)} |`);
}
// A threshold-free measure of the LOSO scores: mean log-loss (sentences that are no candidates score 0, clipped).
{
  const clip = (p: number) => Math.min(1 - 1e-3, Math.max(1e-3, p));
  const ll = losoPreds.reduce((a, { row, p }) => a - (row.y ? Math.log(clip(p)) : Math.log(1 - clip(p))), 0) / losoPreds.length;
  console.log(`LOSO log-loss ${ll.toFixed(4)}`);
}
// Precision and recall of the leave-one-site-out scores at fixed thresholds (for choosing `threshold` and `strong`).
console.log('\n| threshold | LOSO precision | LOSO recall |\n| ---: | ---: | ---: |');
for (const t of [0.3, 0.36, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.95]) {
  const f = figures(losoPreds.map((x) => ({ ...x, t })));
  console.log(`| ${t} | ${pct(f.precision)} | ${pct(f.recall)} |`);
}
if (verbose) {
  console.log('\nweights (fitted on all):');
  FEATURES.map((id, k) => ({ id, w: all.w[k], n: rows.filter((r) => r.x[k]).length, pos: rows.filter((r) => r.x[k] && r.y).length }))
    .sort((a, b) => b.w - a.w)
    .forEach((f) => console.log(`  ${f.id.padEnd(24)} ${f.w.toFixed(3).padStart(7)}  fires ${f.n} (${f.pos} claims)`));
  if (all.lex.size) {
    const list = [...all.lex].sort((x, y) => y[1] - x[1]);
    console.log(`\nlexicon: ${list.length} tokens; strongest for: ${list.slice(0, 30).map(([t, w]) => `${t} ${w.toFixed(2)}`).join(', ')}`);
    console.log(`strongest against: ${list.slice(-30).reverse().map(([t, w]) => `${t} ${w.toFixed(2)}`).join(', ')}`);
  }
  console.log('\nveto features (the sentence is scored 0):');
  for (const id of VETO) {
    const hit = rows.filter((r) => r.vetoes.includes(id));
    console.log(`  ${id.padEnd(24)} fires ${hit.length} (${hit.filter((r) => r.y).length} claims)`);
  }
  console.log('fixed features (hand-set weight):');
  for (const [id, w] of FIXED) {
    const hit = rows.filter((r) => r.fixed.includes(id));
    console.log(`  ${id.padEnd(24)} ${w.toFixed(3).padStart(7)}  fires ${hit.length} (${hit.filter((r) => r.y).length} claims)`);
  }
  console.log(`  gate closed (no gate feature) on ${rows.filter((r) => !r.vetoes.length && !r.candidate).length} sentences (${rows.filter((r) => !r.vetoes.length && !r.candidate && r.y).length} claims)`);
  console.log(`\n${args.includes('--in-sample') ? 'in-sample' : 'LOSO'} errors:`);
  for (const { row, p, t } of args.includes('--in-sample') ? inSample : losoPreds) {
    if ((p >= t) !== !!row.y) console.log(`  ${row.y ? 'MISS' : 'FP  '} ${p.toFixed(2)} ${row.item.id} ${row.site.slice(0, 10)} ${row.item.text.slice(0, 110)}  [${[...row.vetoes.map((v) => 'VETO:' + v), ...FEATURES.filter((_, k) => row.x[k])].join(' ')}]`);
  }
}
// --fires ID[,ID…]: every labelled sentence a feature fires on, with its label (for checking a new feature).
for (const firesId of opt('--fires', '').split(',').filter(Boolean)) {
  const k = FEATURES.indexOf(firesId);
  console.log(`\n${firesId} fires on:`);
  for (const row of rows) if (k >= 0 && row.x[k]) console.log(`  ${row.y ? 'claim' : 'not  '} ${row.item.id} ${row.site.slice(0, 10)} ${row.item.text.slice(0, 110)}`);
}
// --dump FILE: every used row (features that fired, label, site) as JSON lines, for trying other model forms outside this script.
const dumpOut = opt('--dump', '');
if (dumpOut) writeFileSync(dumpOut, rows.map((r) => JSON.stringify({ id: r.item.id, site: r.site, y: r.y, offset: r.offset, candidate: r.candidate, vetoes: r.vetoes, fixed: r.fixed, features: FEATURES.filter((_, k) => r.x[k]), text: r.item.text })).join('\n') + '\n');
// --scores FILE: every used row's leave-one-site-out confidence (id, site, label, p) as JSON lines: the agreement sample
// (scripts/claims/agreement.mjs) is stratified by it.
const scoresOut = opt('--scores', '');
if (scoresOut) writeFileSync(scoresOut, losoPreds.map(({ row, p }) => JSON.stringify({ id: row.item.id, site: row.site, y: row.y, p: Math.round(p * 1000) / 1000 })).join('\n') + '\n');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ threshold: all.threshold, bias: all.b, table }, null, 2));

if (write) {
  const text = readFileSync(detectorFile, 'utf8');
  const data = JSON.parse(text) as Record<string, unknown>;
  const weights: Record<string, number> = {};
  FEATURES.forEach((id, k) => (weights[id] = Math.round(all.w[k] * 1000) / 1000));
  for (const [id, w] of FIXED) weights[id] = w;
  for (const id of VETO) weights[id] = 0;
  data.bias = Math.round(all.b * 1000) / 1000;
  data.threshold = all.threshold;
  data.weights = weights;
  const whole = table.find((r) => r.site === 'all')!;
  data.fit = {
    $comment: 'Written by scripts/claims/fit.ts --write. LOSO = leave one site out.',
    sentences: rows.length,
    claims: rows.filter((r) => r.y).length,
    l2: L2,
    loso: { precision: round(whole.loso.precision), recall: round(whole.loso.recall) },
    perSite: Object.fromEntries(table.filter((r) => r.site !== 'all').map((r) => [r.site, { sentences: r.loso.n, claims: r.loso.positives, precision: round(r.loso.precision), recall: round(r.loso.recall) }])),
  };
  writeFileSync(detectorFile, JSON.stringify(data, null, 2) + '\n');
  console.log(`wrote ${detectorFile}`);
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}
