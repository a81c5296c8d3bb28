/**
 * The claim detector: is a sentence a claim that needs a source, how sure, and why.
 *
 * Each sentence is scored on features that carry across blogs and domains (data/claims/detector.json):
 * numbers by kind (percent, money, multiple, 万/亿 and k/W/M/B magnitudes, approximations, ranges,
 * measurements, scores, ranks; dates and versions blanked out first), change and comparison words,
 * superlatives and firsts, reporting phrases and source mentions, time anchors, and signals against
 * a claim (first person and own measurements, hypotheticals, examples, settings, instructions,
 * questions, definitions, predictions, rhetoric, quotations, what the post itself shows, numbers
 * the post's own tables show, a figure worked out from numbers just given, a made-up scenario opened
 * earlier in the section, vague hedged magnitudes, an unnamed actor, hearsay about one's job hunt). score = bias + Σ weights of the features that fire (each once);
 * confidence = logistic(score). A claim when confidence ≥ threshold; strong when ≥ strong.
 *
 * A `veto` feature (the author's own measurements, what the post itself shows, numbers its own
 * tables show, a lead-in, hearsay about one's job hunt) makes a sentence no claim whatever else
 * fires. The form is linear on purpose: conjunctions, boosted trees, saturating or scaled figure
 * evidence were measured and carry no better to unseen sites (docs/corpus-review/claims.md, fifth pass).
 *
 * Features, weights, bias and thresholds are data; `.zhen.yml` `claims:` adds features
 * (`features`), overrides weights (`weights`) and thresholds (`threshold`, `strong`), and keeps its
 * older keys: `cues` (patterns that make a sentence a claim: one feature, `user.cues`, whose weight
 * alone passes the threshold) and `ignore` (a sentence matching one is never a claim).
 * Weights are fitted by scripts/claims/fit.ts on data/claims/sentences.jsonl.
 *
 * Cost: every pattern runs once over each sentence (bounded quantifiers only), so the detector is
 * linear in the post.
 */
import data from '../../../../../data/claims/detector.json';
import type { Post } from '../../document';
import type { Config, Span } from '../../types';
import type { Sentence } from '../../sentences';
import { compilePattern, compileUser, expandMacros, toSource, userPatternError, userPatternSource, CUE_KINDS, type CleanText, type ClaimsConfig, type CueKind } from './cues';
import type { PatternLike } from '../../userPattern';
import { readsOwnData, restatesOwnData } from './ownData';
import { inBlockquote, inListItem } from '../../containers';
import { logistic, weigh } from '../../confidence';
import { inScenario, nextToOutput, personalShare, sectionMatches } from './discourse';
import { derivesFigure } from './derived';
import { memoized } from '../../blockCache';
import { prefilter } from '../../literals';

export type FeatureGroup = 'number' | 'change' | 'superlative' | 'source' | 'time' | 'against' | 'context' | 'user';
export type Builtin = 'ownData' | 'restates' | 'blockquote' | 'listItem' | 'firstPersonBefore' | 'section' | 'personalPost' | 'nextToOutput' | 'before' | 'derived' | 'scenario';
type Label = { en: string; 'zh-cn': string };

export interface FeatureSpec {
  id: string;
  group: FeatureGroup;
  /** The cue kind this feature reports as (JSON `cues[].kind`); by default from its group. */
  kind?: CueKind;
  label: Label;
  patterns?: string[];
  builtin?: Builtin;
  on?: 'text' | 'masked';
  caseSensitive?: boolean;
  /** Fires only with at least this many matches in the sentence (default 1). */
  min?: number;
  /** The weight is set by hand (a rare, known signal the labelled set cannot estimate); the fit keeps it. */
  fixed?: boolean;
  /** When it fires the sentence is no claim, whatever else fires (own measurements, what the post shows). */
  veto?: boolean;
  /** `personalPost`: fires when at least this share (0–1) of the post's sentences speak in the first person. */
  share?: number;
  /** Does not count when one of these features fires too (a third party's score, not in a section of the post's own tests). */
  unless?: string[];
  /**
   * Does not count when every one of its matches lies after a match of one of these features: a counter-signal in the
   * words a named source is reported to have said (`官方说 Mage 内置在 VS 中，只要打开…就能直接使用`: the condition is the
   * source's, not the author's).
   */
  unlessAfter?: string[];
}

interface CompiledFeature {
  id: string;
  group: FeatureGroup;
  kind: CueKind | undefined;
  label: Label;
  res: PatternLike[];
  builtin?: Builtin;
  on: 'text' | 'masked';
  min: number;
  veto: boolean;
  weight: number;
  share: number;
  /** Feature ids that, firing too, cancel this one (data `unless`). */
  unless: readonly string[];
  /** Feature ids whose match, ending before every match of this one, cancels it (data `unlessAfter`). */
  unlessAfter: readonly string[];
  /** `before`: does a text match this feature's patterns (one function per feature: the scan is memoised by it). */
  matchesText: (text: string) => boolean;
  /** Per pattern of `res`, a test false only when it cannot match (literals.ts); made when first needed. */
  pre?: Array<((text: string) => boolean) | undefined>;
}

export interface Detector {
  features: CompiledFeature[];
  bias: number;
  threshold: number;
  strong: number;
  mask: RegExp[];
  /** `claims.ignore`: a sentence matching one is never a claim. */
  ignore: PatternLike[];
  /** A sentence is judged only when one of these features, or a feature of one of these groups, fires (data `gate`). */
  gate: { features: ReadonlySet<string>; groups: ReadonlySet<FeatureGroup> };
  /**
   * A claim made by these features alone, with none of `anchors` firing, is at most a hint (data
   * `unanchored`: a superlative with no figure or named source); `clauseAnchors` anchor it only from
   * the clause of the superlative (`最知名的…就是 X，…至少两个人的签名` is not anchored by the count).
   */
  unanchored: { features: ReadonlySet<string>; anchors: ReadonlySet<string>; clauseAnchors: ReadonlySet<string>; dated: { anchors: ReadonlySet<string>; features: ReadonlySet<string> } };
  /** Kinds of claims an editor would not demand a source for, shown as hints (data `asides`: hearsay that evaluates, how a tool works). */
  asides: readonly AsideKind[];
  /** Tests whether a text reads the post's own data (own measurements, what the post shows). */
  readsOwn: (text: string) => boolean;
  /** Tests whether a text speaks in the first person. */
  firstPerson: (text: string) => boolean;
}

/** One feature that fired in a sentence, with where (builtins have no span). */
export interface Signal {
  id: string;
  /** A veto feature: the sentence is no claim. */
  veto?: boolean;
  group: FeatureGroup;
  kind: CueKind | undefined;
  label: Label;
  weight: number;
  /** Every match of the feature in the sentence (clean-text offsets → source spans). */
  matches: Array<{ text: string; span: Span; name?: { text: string; span: Span } }>;
}

export interface Judgement {
  score: number;
  confidence: number;
  claim: boolean;
  strong: boolean;
  /** Vetoed by `claims.ignore` or a veto feature. */
  ignored: boolean;
  /** A feature of a gate group fired: the sentence is judged at all. */
  candidate: boolean;
  /** A claim made by a superlative or ranking alone, with no figure, named ranking or source and no time anchor (data `unanchored`): never strong. */
  unanchored?: boolean;
  /** The kind of aside it is (data `asides`: `hearsay`, `howItWorks`): never strong. */
  aside?: string;
  signals: Signal[];
}

const GROUP_KIND: Partial<Record<FeatureGroup, CueKind>> = { number: 'statistic', change: 'statistic', superlative: 'superlative', source: 'report', user: 'report' };
const BUILTINS = new Set<Builtin>(['ownData', 'restates', 'blockquote', 'listItem', 'firstPersonBefore', 'section', 'personalPost', 'nextToOutput', 'before', 'derived', 'scenario']);
const MACROS = data.macros as Record<string, string>;

export const BUNDLED_FEATURES = data.features as FeatureSpec[];
const GATE = { features: new Set(data.gate.features as string[]), groups: new Set((data.gate.groups as string[]).filter(isGroup)) };
const UNANCHORED = { features: new Set(data.unanchored.features), anchors: new Set(data.unanchored.anchors), clauseAnchors: new Set(data.unanchored.clauseAnchors), dated: { anchors: new Set(data.unanchored.datedAnchors.anchors), features: new Set(data.unanchored.datedAnchors.features) } };

/**
 * A kind of aside (data `asides.kinds`): made by `makers` alone, with one of `requires` and none of
 * `anchors` firing; with `clause`, every match of a maker must sit in a clause that holds a match of
 * one of `requires` (a prediction, hedge or example governs the clause with the figure, not the sentence).
 */
export interface AsideKind {
  id: string;
  makers: ReadonlySet<string>;
  requires: ReadonlySet<string>;
  anchors: ReadonlySet<string>;
  clause: boolean;
}
const ASIDES: AsideKind[] = data.asides.kinds.map((k) => ({ id: k.id, makers: new Set(k.makers), requires: new Set(k.requires), anchors: new Set(k.anchors), clause: (k as { clause?: boolean }).clause === true }));

/** Does a signal open the gate (make the sentence a candidate)? */
export function opensGate(d: Detector, x: Pick<Signal, 'id' | 'group'>): boolean {
  return d.gate.features.has(x.id) || d.gate.groups.has(x.group);
}
export const BUNDLED_WEIGHTS = data.weights as Record<string, number>;
/** The weight of `.zhen.yml` `claims.cues`: alone it passes the threshold (a user cue makes a claim). */
export const USER_CUE_WEIGHT = 8;

/** Bundled patterns (data/claims/detector.json): native RegExps. */
function compileAll(patterns: readonly unknown[], flags: string): RegExp[] {
  const out: RegExp[] = [];
  for (const p of patterns) {
    if (typeof p !== 'string' || !p) continue;
    const re = compilePattern(expandMacros(p, MACROS), flags);
    if (re) out.push(re);
  }
  return out;
}

/** `.zhen.yml` patterns: the linear-time engine (cues.ts `compileUser`); a refused one is skipped. */
function compileUserAll(patterns: readonly unknown[]): PatternLike[] {
  const out: PatternLike[] = [];
  for (const p of patterns) {
    if (typeof p !== 'string' || !p) continue;
    const re = compileUser(expandMacros(p, MACROS));
    if (re) out.push(re);
  }
  return out;
}

function finite(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

function inUnit(n: unknown): n is number {
  return finite(n) && n > 0 && n < 1;
}

const memo = new WeakMap<object, Detector>();

/** The detector for a config: bundled features and weights, plus `.zhen.yml` `claims:`. Memoised per `claims` object. */
export function detector(config: Readonly<Config>): Detector {
  const key = config.claims ?? {};
  let d = memo.get(key);
  if (d) return d;
  const claims = key as ClaimsConfig;
  const userWeights = claims.weights && typeof claims.weights === 'object' ? claims.weights : {};
  const weightOf = (id: string, given?: unknown): number => (finite(userWeights[id]) ? userWeights[id] : finite(given) ? given : BUNDLED_WEIGHTS[id] ?? 0);
  const features: CompiledFeature[] = [];
  const byId = new Map<string, CompiledFeature>();
  const add = (spec: FeatureSpec, weight: number, user = false) => {
    const f: CompiledFeature = {
      id: spec.id,
      group: spec.group,
      kind: spec.kind ?? GROUP_KIND[spec.group],
      label: spec.label,
      res: user ? compileUserAll(spec.patterns ?? []) : compileAll(spec.patterns ?? [], spec.caseSensitive ? 'g' : 'gi'),
      builtin: spec.builtin,
      on: spec.on === 'text' ? 'text' : 'masked',
      min: Math.max(1, Math.min(MAX_MATCHES, Math.floor(spec.min ?? 1))),
      veto: spec.veto === true,
      weight,
      share: inUnit(spec.share) ? spec.share : 0.5,
      unless: Array.isArray(spec.unless) ? spec.unless.filter((u): u is string => typeof u === 'string') : [],
      unlessAfter: Array.isArray(spec.unlessAfter) ? spec.unlessAfter.filter((u): u is string => typeof u === 'string') : [],
      matchesText: (text) => f.res.some((re) => test(re, text)),
    };
    features.push(f);
    byId.set(f.id, f);
  };
  for (const spec of BUNDLED_FEATURES) add(spec, weightOf(spec.id));
  // claims.features: new features, or more patterns (and a weight) for a bundled one.
  for (const u of Array.isArray(claims.features) ? claims.features : []) {
    if (!u || typeof u !== 'object' || typeof u.id !== 'string' || !u.id) continue;
    const patterns = (Array.isArray(u.patterns) ? u.patterns : []).filter((p): p is string => typeof p === 'string' && p.length > 0);
    const old = byId.get(u.id);
    if (old) {
      old.res.push(...compileUserAll(patterns));
      if (finite(u.weight) && !finite(userWeights[u.id])) old.weight = u.weight;
      continue;
    }
    if (!patterns.length) continue;
    const group: FeatureGroup = isGroup(u.group) ? u.group : finite(u.weight) && u.weight < 0 ? 'against' : 'user';
    const label = typeof u.label === 'string' && u.label ? { en: u.label, 'zh-cn': u.label } : { en: u.id, 'zh-cn': u.id };
    add({ id: u.id, group, kind: CUE_KINDS.includes(u.kind as CueKind) ? (u.kind as CueKind) : undefined, label, patterns, on: u.on === 'text' ? 'text' : 'masked' }, weightOf(u.id, u.weight ?? 1), true);
  }
  // claims.cues (older key): each cue makes a sentence a claim, reported with its kind.
  const cuesByKind = new Map<CueKind, string[]>();
  for (const p of Array.isArray(claims.cues) ? claims.cues : []) {
    const u = userPatternSource(p);
    if (!u) continue;
    const kind = u.kind ?? 'report';
    cuesByKind.set(kind, [...(cuesByKind.get(kind) ?? []), u.src]);
  }
  for (const [kind, srcs] of cuesByKind) {
    const f: CompiledFeature = { id: 'user.cues', group: 'user', kind, label: { en: 'cue from .zhen.yml', 'zh-cn': '.zhen.yml 中的线索' }, res: compileUserAll(srcs), on: 'text', min: 1, veto: false, weight: weightOf('user.cues', USER_CUE_WEIGHT), share: 0.5, unless: [], unlessAfter: [], matchesText: () => false };
    if (f.res.length) features.push(f);
  }
  const ignore: PatternLike[] = [];
  for (const p of Array.isArray(claims.ignore) ? claims.ignore : []) {
    const u = userPatternSource(p);
    if (u) ignore.push(...compileUserAll([u.src]));
  }
  const own = features.filter((f) => f.id === 'against.ownMeasure' || f.id === 'against.seeHere').flatMap((f) => f.res);
  const readsOwn = (text: string) => own.some((re) => test(re, text));
  const me = features.filter((f) => f.id === 'against.firstPerson').flatMap((f) => f.res);
  const firstPerson = (text: string) => me.some((re) => test(re, text));
  const threshold = inUnit(claims.threshold) ? claims.threshold : data.threshold;
  const strongGiven = inUnit(claims.strong) ? claims.strong : data.strong;
  d = {
    features,
    bias: finite(userWeights.bias) ? userWeights.bias : data.bias,
    threshold,
    strong: Math.max(threshold, strongGiven),
    mask: compileAll(data.mask.patterns, 'g'),
    ignore,
    gate: GATE,
    unanchored: UNANCHORED,
    asides: ASIDES,
    readsOwn,
    firstPerson,
  };
  memo.set(key, d);
  return d;
}

function isGroup(g: unknown): g is FeatureGroup {
  return typeof g === 'string' && ['number', 'change', 'superlative', 'source', 'time', 'against', 'context', 'user'].includes(g);
}

function test(re: PatternLike, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** The clean text with dates, versions and names with digits blanked (`_`), same length. */
export function maskText(d: Detector, text: string): string {
  let out = text;
  for (const re of d.mask) {
    re.lastIndex = 0;
    if (!re.test(out)) continue;
    re.lastIndex = 0;
    out = out.replace(re, (m) => '_'.repeat(m.length));
  }
  return out;
}

const MAX_MATCHES = 8;

/** A pattern's match in a sentence, in clean-text offsets (and its `name` group's). */
interface TextMatch {
  start: number;
  end: number;
  name?: { start: number; end: number };
}

function matchesOf(re: PatternLike, text: string, clean: string, out: TextMatch[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (out.length < MAX_MATCHES && (m = re.exec(text))) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    let start = m.index;
    let end = m.index + m[0].length;
    while (start < end && /[\s_]/.test(clean[start])) start++;
    while (end > start && /[\s_]/.test(clean[end - 1])) end--;
    if (end <= start) continue;
    const match: TextMatch = { start, end };
    const name = m.groups?.name;
    if (name) {
      const at = text.indexOf(name, m.index);
      if (at >= 0) match.name = { start: at, end: at + name.length };
    }
    out.push(match);
  }
}

/**
 * A sentence's masked text and each pattern feature's matches in it (by the feature's place in
 * `d.features`, filled as the features are asked for): a function of the clean text and the config
 * alone, so kept by the run's rule cache (blockCache.ts `memoized`) and computed again only for the
 * sentences an edit changed.
 */
interface SentenceHits {
  masked: string;
  hits: Array<TextMatch[] | undefined>;
}

const hitsMemo = new WeakMap<Post, WeakMap<Detector, Map<string, SentenceHits>>>();

/** Also kept per post and detector: a run without a rule cache (the CLI) asks a sentence's gate, bound and judgement once each. */
function sentenceHits(d: Detector, post: Post, clean: CleanText): SentenceHits {
  let byDetector = hitsMemo.get(post);
  if (!byDetector) hitsMemo.set(post, (byDetector = new WeakMap()));
  let byText = byDetector.get(d);
  if (!byText) byDetector.set(d, (byText = new Map()));
  let h = byText.get(clean.text);
  if (!h) byText.set(clean.text, (h = memoized(post, 'claim/patterns', clean.text, () => ({ masked: maskText(d, clean.text), hits: [] }))));
  return h;
}

function featureHits(d: Detector, h: SentenceHits, i: number, clean: string): TextMatch[] {
  let out = h.hits[i];
  if (!out) {
    const f = d.features[i];
    const text = f.on === 'text' ? clean : h.masked;
    out = [];
    const pre = (f.pre ??= f.res.map((re) => (re instanceof RegExp ? prefilter(re) : undefined)));
    for (let k = 0; k < f.res.length; k++) if (!pre[k] || pre[k]!(text)) matchesOf(f.res[k], text, clean, out);
    h.hits[i] = out;
  }
  return out;
}

function toMatch(clean: CleanText, m: TextMatch): Signal['matches'][number] {
  const out: Signal['matches'][number] = { text: clean.text.slice(m.start, m.end), span: toSource(clean, m.start, m.end) };
  if (m.name) out.name = { text: clean.text.slice(m.name.start, m.name.end), span: toSource(clean, m.name.start, m.name.end) };
  return out;
}

/** Every feature that fires in a sentence (each once, with its matches); `only` limits it to some features. */
export function signalsOf(d: Detector, post: Post, s: Sentence, clean: CleanText, only?: (f: CompiledFeature) => boolean): Signal[] {
  const at: number[] = [];
  for (let i = 0; i < d.features.length; i++) if (!only || only(d.features[i])) at.push(i);
  return signalsAt(d, post, s, clean, at);
}

/** `signalsOf` for the features at the places `at` (ascending) of `d.features`. */
function signalsAt(d: Detector, post: Post, s: Sentence, clean: CleanText, at: readonly number[]): Signal[] {
  const out: Signal[] = [];
  const h = sentenceHits(d, post, clean);
  for (const i of at) {
    const f = d.features[i];
    let matches: Signal['matches'] = [];
    if (f.builtin) {
      if (!BUILTINS.has(f.builtin) || !builtin(d, f, post, s, h.masked)) continue;
    } else {
      const hits = featureHits(d, h, i, clean.text);
      if (hits.length < f.min) continue;
      matches = hits.map((m) => toMatch(clean, m));
      matches.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    }
    out.push({ id: f.id, group: f.group, kind: f.kind, label: f.label, weight: f.weight, matches, ...(f.veto ? { veto: true } : {}) });
  }
  return out;
}

function builtin(d: Detector, f: CompiledFeature, post: Post, s: Sentence, masked: string): boolean {
  switch (f.builtin) {
    case 'ownData':
      return readsOwnData(post, s, d.readsOwn);
    case 'restates':
      return restatesOwnData(post, masked, s);
    case 'blockquote':
      return inBlockquote(post, s);
    case 'listItem':
      return inListItem(post, s);
    case 'firstPersonBefore':
      return readsOwnData(post, s, d.firstPerson, false);
    case 'section':
      return sectionMatches(post, s, f.res);
    case 'personalPost':
      return personalShare(post, d.firstPerson) >= f.share;
    case 'nextToOutput':
      return nextToOutput(post, s);
    case 'before':
      return f.res.length > 0 && readsOwnData(post, s, f.matchesText, false);
    case 'derived':
      return derivesFigure(post, s, masked);
    case 'scenario':
      return f.res.length > 0 && inScenario(post, s, f.matchesText);
    default:
      return false;
  }
}

/**
 * Can the sentence be a claim at all? Its score from its pattern features (their matches are kept
 * per clean text) with every builtin feature that could add to it taken as firing: when even that
 * stays under the threshold, `judge` finds no claim, and its builtins (which read the post around
 * the sentence) need not run. Exact (a bound of the same linear score), so a function of the clean
 * text and the config: kept by the run's rule cache, and after an edit computed again only for the
 * edited sentences.
 */
export function mayClaim(d: Detector, post: Post, clean: CleanText): boolean {
  return memoized(post, 'claim/bound', clean.text, () => {
    const h = sentenceHits(d, post, clean);
    let score = d.bias;
    for (let i = 0; i < d.features.length; i++) {
      const f = d.features[i];
      if (f.builtin) score += Math.max(0, f.weight);
      else if (featureHits(d, h, i, clean.text).length >= f.min) score += f.unless.length || f.unlessAfter.length ? Math.max(0, f.weight) : f.weight;
    }
    // (A margin for the order of the sum: judge adds the same weights in its own order.)
    return logistic(score + 1e-9) >= d.threshold;
  });
}

const gateMemo = new WeakMap<Detector, { gate: number[]; rest: number[] }>();
/** The places in `d.features` of the features that open the gate and of the others (asked once per detector, not per sentence). */
function gatePlaces(d: Detector): { gate: number[]; rest: number[] } {
  let m = gateMemo.get(d);
  if (!m) {
    m = { gate: [], rest: [] };
    for (let i = 0; i < d.features.length; i++) (opensGate(d, d.features[i]) ? m.gate : m.rest).push(i);
    gateMemo.set(d, m);
  }
  return m;
}

const orderMemo = new WeakMap<Detector, Map<string, number>>();
/** Each feature's place in the detector's list (signals are reported in that order). */
function orderOf(d: Detector): Map<string, number> {
  let m = orderMemo.get(d);
  if (!m) orderMemo.set(d, (m = new Map(d.features.map((f, i) => [f.id, i]))));
  return m;
}

/**
 * Score a sentence: its signals, confidence and whether it is a (strong) claim. The gate features
 * are tried first: a sentence none of them fires on is no claim, and the other features are not run
 * (most sentences of a post stop there).
 */
export function judge(d: Detector, post: Post, s: Sentence, clean: CleanText): Judgement {
  const { gate, rest } = gatePlaces(d);
  const first = signalsAt(d, post, s, clean, gate);
  const none: Judgement = { score: -Infinity, confidence: 0, claim: false, strong: false, ignored: false, candidate: false, signals: [] };
  if (!first.length) return none;
  const order = orderOf(d);
  const signals = withoutCancelled(d, [...first, ...signalsAt(d, post, s, clean, rest)]).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  if (!signals.some((x) => opensGate(d, x))) return none;
  const ignored = signals.some((x) => x.veto) || d.ignore.some((re) => test(re, clean.text));
  const { score, confidence } = weigh(d.bias, signals);
  const claim = !ignored && confidence >= d.threshold;
  const unanchored = claim && isUnanchored(d, signals, clean);
  const aside = claim && !unanchored ? asideOf(d, signals, clean) : undefined;
  return { score, confidence, claim, strong: claim && !unanchored && !aside && confidence >= d.strong, ignored, candidate: true, ...(unanchored ? { unanchored } : {}), ...(aside ? { aside } : {}), signals };
}

/**
 * The signals less those a feature of their `unless` cancels (`number.thirdParty` in a section of the post's own tests)
 * and those whose every match comes after a match of a feature of their `unlessAfter` (a condition or an instruction in
 * what a named source said); also what the fit (scripts/claims/fit.ts) counts.
 */
export function withoutCancelled(d: Detector, signals: Signal[]): Signal[] {
  let c = unlessMemo.get(d);
  if (!c) {
    c = {
      unless: new Map(d.features.filter((f) => f.unless.length).map((f) => [f.id, f.unless])),
      after: new Map(d.features.filter((f) => f.unlessAfter.length).map((f) => [f.id, f.unlessAfter])),
    };
    unlessMemo.set(d, c);
  }
  const { unless, after } = c;
  if (!signals.some((x) => unless.has(x.id) || after.has(x.id))) return signals;
  const fired = new Set(signals.map((x) => x.id));
  const byId = new Map(signals.map((x) => [x.id, x]));
  const afterReport = (x: Signal, ids: readonly string[]): boolean => {
    if (!x.matches.length) return false;
    const first = Math.min(...x.matches.map((m) => m.span.start));
    return ids.some((id) => byId.get(id)?.matches.some((m) => m.span.end <= first));
  };
  return signals.filter((x) => !unless.get(x.id)?.some((u) => fired.has(u)) && !(after.has(x.id) && afterReport(x, after.get(x.id)!)));
}
const unlessMemo = new WeakMap<Detector, { unless: Map<string, readonly string[]>; after: Map<string, readonly string[]> }>();

/**
 * The kind of aside a claim is (data `asides`): every gate feature with a positive weight that
 * fires is one of the kind's makers, one of its `requires` fires and none of its anchors:
 * `据说很出名`, `据说也支持 python` (hearsay); `官方文档里也提到，subagent 可以在独立上下文中运行`
 * (how it works). The first kind that fits; undefined when none does.
 */
function asideOf(d: Detector, signals: readonly Signal[], clean: CleanText): string | undefined {
  for (const k of d.asides) {
    let made = false;
    let required = false;
    let ok = true;
    for (const x of signals) {
      if (k.anchors.has(x.id)) {
        ok = false;
        break;
      }
      if (k.requires.has(x.id)) required = true;
      if (x.weight > 0 && opensGate(d, x)) {
        if (!k.makers.has(x.id)) {
          ok = false;
          break;
        }
        made = true;
      }
    }
    if (ok && made && required && (!k.clause || governsClauses(d, k, signals, clean))) return k.id;
  }
  return undefined;
}

/** Every match of the kind's makers sits in a clause that holds a match of one of its `requires`. */
function governsClauses(d: Detector, k: AsideKind, signals: readonly Signal[], clean: CleanText): boolean {
  const clauseAt = clausesOf(clean, false);
  const governed = new Set<number>();
  for (const x of signals) if (k.requires.has(x.id)) for (const m of x.matches) governed.add(clauseAt(m.span.start));
  if (!governed.size) return false;
  for (const x of signals) {
    if (!(x.weight > 0 && opensGate(d, x))) continue;
    for (const m of x.matches) if (!governed.has(clauseAt(m.span.start))) return false;
  }
  return true;
}

/**
 * The clause of a source offset in a sentence: clauses end at `，；：` (an English comma or colon
 * only before a space: not 1,000 or 10:30); with `parens`, a parenthetical is a clause of its own.
 */
export function clausesOf(clean: CleanText, parens: boolean): (offset: number) => number {
  const t = clean.text;
  const breaks: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '，' || c === '；' || c === '：' || c === ';' || ((c === ',' || c === ':') && (t[i + 1] === ' ' || i + 1 >= t.length)) || (parens && (c === '（' || c === '）' || c === '(' || c === ')'))) breaks.push(clean.map[i]);
  }
  return (offset) => {
    let n = 0;
    while (n < breaks.length && breaks[n] < offset) n++;
    return n;
  };
}

/**
 * A claim made by a superlative or ranking alone (every gate feature with a positive weight that
 * fires is one of `unanchored.features`) with no figure, named ranking or source, or record (none
 * of `unanchored.anchors` fires; a weak figure of `clauseAnchors` only in another clause; a date only
 * with an unscoped superlative): `Redis 是最流行的缓存`, `业界公认`, `国内排名非常靠前`,
 * `于 2004 年开始被广泛应用`. The lead's decision on superlatives (session 14), widened in session 17
 * (brief item 1: superlatives and adoption with no figure): at most a hint.
 */
function isUnanchored(d: Detector, signals: readonly Signal[], clean: CleanText): boolean {
  const { features, anchors, clauseAnchors, dated } = d.unanchored;
  let made = false;
  const weak: Signal[] = [];
  // A date anchors a scoped superlative (a dated record: `2023 年，它成为全球首个…`), not `于 2004 年开始被广泛应用`.
  if (signals.some((x) => dated.anchors.has(x.id)) && signals.some((x) => dated.features.has(x.id))) return false;
  for (const x of signals) {
    if (anchors.has(x.id)) return false;
    if (clauseAnchors.has(x.id)) {
      weak.push(x);
      continue;
    }
    if (x.weight > 0 && opensGate(d, x)) {
      if (!features.has(x.id)) return false;
      made = true;
    }
  }
  if (!made || !weak.length) return made;
  // A weak figure (a count, an approximation, a measurement) anchors the superlative only in its
  // clause (a parenthetical being a clause of its own): `最常用的是 X，需要至少两个人签名` is not a figure about X.
  const clauseAt = clausesOf(clean, true);
  const superlative = new Set<number>();
  for (const x of signals) if (features.has(x.id) && x.weight > 0 && opensGate(d, x)) for (const m of x.matches) superlative.add(clauseAt(m.span.start));
  return !weak.some((x) => x.matches.some((m) => superlative.has(clauseAt(m.span.start))));
}

/**
 * The `.zhen.yml` `claims:` patterns that do not compile (the config reader reports each at its
 * line and drops it; the rest applies): `cues` and `ignore` items given as {pattern}, and
 * `features[].patterns`. Paths are JSON paths into the `claims` object.
 */
export function claimPatternProblems(claims: unknown): Array<{ path: Array<string | number>; message: string }> {
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  if (!claims || typeof claims !== 'object') return out;
  const c = claims as ClaimsConfig;
  for (const key of ['cues', 'ignore'] as const) {
    const list = c[key];
    if (!Array.isArray(list)) continue;
    list.forEach((p, i) => {
      const src = p && typeof p === 'object' && typeof p.pattern === 'string' ? p.pattern : undefined;
      const err = src && userPatternError(expandMacros(src, MACROS));
      if (err) out.push({ path: [key, i, 'pattern'], message: err });
    });
  }
  if (Array.isArray(c.features)) {
    c.features.forEach((f, i) => {
      if (!f || typeof f !== 'object' || !Array.isArray(f.patterns)) return;
      f.patterns.forEach((src, j) => {
        const err = typeof src === 'string' ? userPatternError(expandMacros(src, MACROS)) : undefined;
        if (err) out.push({ path: ['features', i, 'patterns', j], message: err });
      });
    });
  }
  return out;
}
