/**
 * The glossary model: one concept per entry, with its forms (preferred Chinese, preferred
 * English, abbreviation, accepted variants, discouraged variants), casing for names, senses,
 * short definitions in both languages and a reference link.
 *
 * The bundled glossary (`data/glossary/glossary.json`) and the well-known abbreviations
 * (`data/glossary/well-known.json`) are data; the user's `.zhen.yml` `glossary:` entries
 * merge over them (same concept by `id`, or by a shared form).
 */
import type { Config, GlossaryEntryInput } from '../../types';
import { isCjkChar } from '../../cjk';
import { Matcher } from './matcher';
import ai from '../../../../../data/glossary/ai.json';
import crypto from '../../../../../data/glossary/crypto.json';
import cloud from '../../../../../data/glossary/cloud.json';
import databases from '../../../../../data/glossary/data.json';
import web from '../../../../../data/glossary/web.json';
import systems from '../../../../../data/glossary/systems.json';
import brands from '../../../../../data/glossary/brands.json';
// Concepts from the translation glossaries of ../shared/corpus/glossaries and renderings found in the corpus
// (scripts/glossary-import.py; where each form was seen is in translations-seen.json, which is not bundled),
// and reviewed Chinese usage variants.
import translations from '../../../../../data/glossary/translations.json';
import usage from '../../../../../data/glossary/usage.json';
import wellKnownData from '../../../../../data/glossary/well-known.json';
// Words written in capitals that are no abbreviations (SQL keywords, HTTP methods, TCP states, log levels): nothing to define.
import capitalWords from '../../../../../data/glossary/capital-words.json';

const capitalWordSet = new Set(capitalWords as string[]);

/** A word in capitals that is no abbreviation (`KILL`, `SELECT`, `POST`): data/glossary/capital-words.json. */
export function isCapitalWord(w: string): boolean {
  return capitalWordSet.has(w);
}

export interface Sense {
  id: string;
  /** The English rendering of this sense, e.g. `Inference`. */
  en: string;
  zh?: string;
  definition?: { zh?: string; en?: string };
  /** Words that, written next to the term, show this sense (`常识推理` → reasoning). */
  context: string[];
}

export interface Concept {
  id: string;
  /** Preferred first. */
  zh: string[];
  en: string[];
  abbr: string[];
  /** Accepted other spellings (not flagged by term/variant, counted by term/mixed). */
  variants: string[];
  /** Discouraged spellings: term/variant flags them with the preferred form as fix. */
  avoid: string[];
  definition?: { zh?: string; en?: string };
  link?: string;
  senses?: Sense[];
  /** A proper name (brand, product, project): exact casing, and 谷歌/Google count as two spellings. */
  name: boolean;
  /** The name in all lower case is also a common word or a command (`go`, `git`): not matched. */
  lowerOk: boolean;
  /** An abbreviation every reader knows: term/abbr-undefined lets it pass. */
  wellKnown: boolean;
  /** Worth explaining on every use: the hover shows its card wherever it occurs (multi-sense terms). */
  explain: boolean;
  domain?: string;
  origin: 'bundled' | 'user';
  /** Imported from a translation glossary or the corpus (data/glossary/translations-seen.json records where each form was seen). */
  imported?: boolean;
  /** Imported, and two or more sources (posts of one site count as one, review notes not at all) agree on the preferred Chinese rendering. */
  agreed?: boolean;
  /** A usage authority (《现代汉语词典》) prefers the first spelling: a post mixing spellings keeps it, whatever the counts. */
  normative?: boolean;
  /**
   * Imported variants that no source gives beside the concept's preferred wording: added on review, or the source's own wording
   * the review replaced (TiDB's terms table writes `data directory | 数据路径`; the review made 数据目录 preferred, 数据路径 a
   * variant). The two wordings are tied by the review alone: a site writing one in some posts and the other elsewhere may mean
   * two things, or follow its own terms (term/cross-post).
   */
  unattested?: string[];
}

export type FormKind = 'zh' | 'en' | 'abbr' | 'variant' | 'avoid';

export interface Form {
  /** The spelling as the glossary writes it. */
  text: string;
  kind: FormKind;
  concept: Concept;
  /** Only ASCII letters, digits and punctuation: matched case-insensitively with word boundaries. */
  latin: boolean;
  /** First of its kind in the concept. */
  preferred: boolean;
}

export interface Glossary {
  concepts: Concept[];
  byId: Map<string, Concept>;
  /** Pattern index → forms spelled that way (usually one). */
  patternForms: Form[][];
  matcher: Matcher;
  /** Lower-cased well-known abbreviations (data list plus abbreviation-only user entries). */
  wellKnown: Set<string>;
  /** Latin form (lower case) or Chinese form → forms, for look-ups by text. */
  byText: Map<string, Form[]>;
}

type RawEntry = GlossaryEntryInput & {
  senses?: Array<{ id?: string; en: string; zh?: string; definition?: { zh?: string; en?: string }; context?: string[] }>;
  name?: boolean;
  lowerOk?: boolean;
  wellKnown?: boolean;
  explain?: boolean;
  domain?: string;
  imported?: boolean;
  agreed?: boolean;
  unattested?: string[];
};

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : typeof v === 'string' && v.trim() ? [v.trim()] : []);

export function isLatinForm(s: string): boolean {
  return /^[\x20-\x7e]+$/.test(s);
}

/** A stable id for an entry without one: its first form, lower-cased, spaces as dashes. */
export function entryId(e: GlossaryEntryInput): string {
  const first = list(e.en)[0] ?? list(e.abbr)[0] ?? list(e.zh)[0] ?? list(e.avoid)[0] ?? 'entry';
  return first.toLowerCase().replace(/\s+/g, '-');
}

function toConcept(e: RawEntry, origin: Concept['origin']): Concept {
  const c: Concept = {
    id: typeof e.id === 'string' && e.id ? e.id : entryId(e),
    zh: list(e.zh),
    en: list(e.en),
    abbr: list(e.abbr),
    variants: list(e.variants),
    avoid: list(e.avoid),
    name: e.name === true,
    lowerOk: e.lowerOk === true,
    wellKnown: e.wellKnown === true,
    explain: e.explain === true,
    origin,
  };
  if (e.definition && typeof e.definition === 'object') c.definition = { ...e.definition };
  if (typeof e.link === 'string') c.link = e.link;
  if (typeof e.domain === 'string') c.domain = e.domain;
  if ((e as { normative?: unknown }).normative === true) c.normative = true;
  // Marked by the importer (scripts/glossary-import.py); where each form was seen is in translations-seen.json, not bundled.
  if (e.imported === true) c.imported = true;
  if (e.agreed === true) c.agreed = true;
  if (e.imported === true && list(e.unattested).length) c.unattested = list(e.unattested);
  if (Array.isArray(e.senses)) {
    c.senses = e.senses.filter((s) => s && typeof s.en === 'string').map((s) => ({
      id: s.id ?? s.en.toLowerCase(),
      en: s.en,
      zh: s.zh,
      definition: s.definition,
      context: list(s.context),
    }));
    if (!c.senses.length) delete c.senses;
  }
  return c;
}

const key = (s: string) => (isLatinForm(s) ? s.toLowerCase() : s);

function forms(c: Concept): string[] {
  return [...c.zh, ...c.en, ...c.abbr, ...c.variants];
}

/** Merge a user entry over a bundled concept: the user's forms become preferred, the replaced ones stay accepted. */
function mergeInto(base: Concept, user: Concept): void {
  const replace = (field: 'zh' | 'en' | 'abbr') => {
    if (!user[field].length) return;
    const old = base[field].filter((x) => !user[field].includes(x));
    base[field] = [...user[field]];
    for (const o of old) if (!base.variants.includes(o)) base.variants.push(o);
  };
  replace('zh');
  replace('en');
  replace('abbr');
  const accepted = new Set(forms(user).map(key));
  const avoided = new Set(user.avoid.map(key));
  base.avoid = [...base.avoid.filter((x) => !accepted.has(key(x))), ...user.avoid.filter((x) => !base.avoid.includes(x))];
  base.variants = [...base.variants.filter((x) => !avoided.has(key(x))), ...user.variants.filter((x) => !base.variants.includes(x))];
  // An accepted variant is no longer one to avoid, wherever it came from.
  base.avoid = base.avoid.filter((x) => !base.variants.some((v) => v === x));
  // A form the user's glossary names is attested by the user.
  if (base.unattested) {
    base.unattested = base.unattested.filter((x) => !accepted.has(key(x)) && !avoided.has(key(x)));
    if (!base.unattested.length) delete base.unattested;
  }
  if (user.definition) base.definition = { ...base.definition, ...user.definition };
  if (user.link) base.link = user.link;
  if (user.senses) base.senses = user.senses;
  if (user.explain) base.explain = true;
  base.origin = 'user';
}

/** Bundled concepts merged with the user's entries (in order; later entries win). */
export function mergeGlossary(bundled: readonly RawEntry[], user: readonly GlossaryEntryInput[]): Concept[] {
  const concepts = bundled.map((e) => toConcept(e, 'bundled'));
  const byId = new Map(concepts.map((c) => [c.id, c]));
  const byForm = new Map<string, Concept>();
  for (const c of concepts) for (const f of forms(c)) if (!byForm.has(key(f))) byForm.set(key(f), c);
  for (const raw of user) {
    if (!raw || typeof raw !== 'object') continue;
    const u = toConcept(raw as RawEntry, 'user');
    let target = typeof raw.id === 'string' ? byId.get(raw.id) : undefined;
    if (!target) for (const f of [...forms(u), ...u.avoid]) if ((target = byForm.get(key(f)))) break;
    if (target) {
      mergeInto(target, u);
    } else {
      if (byId.has(u.id)) u.id = `${u.id}-${concepts.length}`;
      concepts.push(u);
      byId.set(u.id, u);
      target = u;
    }
    for (const f of forms(target)) if (!byForm.has(key(f))) byForm.set(key(f), target);
  }
  return concepts;
}

/** `生成式 AI` is also written `生成式AI`: the space between Chinese and Latin is optional. */
function spellings(form: string): string[] {
  const out = [form];
  const tight = form.replace(/(?<=[^\x00-\x7f]) (?=[\x21-\x7e])|(?<=[\x21-\x7e]) (?=[^\x00-\x7f])/g, '');
  if (tight !== form) out.push(tight);
  return out;
}

export function buildGlossary(concepts: Concept[], extraWellKnown: readonly string[] = []): Glossary {
  const patterns: string[] = [];
  const patternForms: Form[][] = [];
  const patternIndex = new Map<string, number>();
  const byText = new Map<string, Form[]>();
  const add = (c: Concept, text: string, kind: FormKind, preferred: boolean) => {
    const latin = isLatinForm(text);
    // Single Chinese characters and one-letter Latin forms would match everywhere.
    if (latin ? text.length < 2 : [...text].length < 2) return;
    if (!latin && ![...text].some((ch) => isCjkChar(ch))) return;
    const form: Form = { text, kind, concept: c, latin, preferred };
    const k = key(text);
    const arr = byText.get(k);
    if (arr) {
      if (arr.some((f) => f.concept === c)) return;
      arr.push(form);
    } else byText.set(k, [form]);
    for (const s of spellings(text)) {
      const pk = key(s);
      let idx = patternIndex.get(pk);
      if (idx === undefined) {
        idx = patterns.length;
        patterns.push(s);
        patternForms.push([]);
        patternIndex.set(pk, idx);
      }
      patternForms[idx].push(form);
    }
  };
  for (const c of concepts) {
    c.zh.forEach((t, i) => add(c, t, 'zh', i === 0));
    c.en.forEach((t, i) => add(c, t, 'en', i === 0));
    c.abbr.forEach((t, i) => add(c, t, 'abbr', i === 0));
    c.variants.forEach((t) => add(c, t, 'variant', false));
    c.avoid.forEach((t) => add(c, t, 'avoid', false));
  }
  const wellKnown = new Set<string>([...(wellKnownData as string[]), ...(capitalWords as string[]), ...extraWellKnown].map((s) => s.toLowerCase()));
  for (const c of concepts) if (c.wellKnown) for (const a of c.abbr) wellKnown.add(a.toLowerCase());
  return {
    concepts,
    byId: new Map(concepts.map((c) => [c.id, c])),
    patternForms,
    matcher: new Matcher(patterns),
    wellKnown,
    byText,
  };
}

/** The bundled glossary, one JSON file per domain under data/glossary/. */
export const bundledEntries = [ai, crypto, cloud, databases, web, systems, brands, usage, translations].flat() as unknown as RawEntry[];

let bundledOnly: Glossary | undefined;
const perConfig = new WeakMap<object, Glossary>();

/** The glossary for a config: bundled data merged with `config.glossary`, built once per glossary list. */
export function glossaryFor(config: Readonly<Config>): Glossary {
  const user = config.glossary ?? [];
  if (!user.length) return (bundledOnly ??= buildGlossary(mergeGlossary(bundledEntries, [])));
  let g = perConfig.get(user);
  if (!g) {
    // Entries with only an abbreviation (no full form) mark it as known to this user.
    const known = user.filter((e) => e && !e.zh && !e.en && e.abbr).flatMap((e) => list(e.abbr));
    g = buildGlossary(mergeGlossary(bundledEntries, user), known);
    perConfig.set(user, g);
  }
  return g;
}

/** The preferred spelling in the same script as `like` (Chinese for a Chinese form), else any. */
export function preferredFor(c: Concept, like?: string): string {
  const cjk = like !== undefined && !isLatinForm(like);
  if (cjk) return c.zh[0] ?? c.en[0] ?? c.abbr[0] ?? like!;
  if (like !== undefined && c.abbr.some((a) => a.toLowerCase() === like.toLowerCase())) return c.abbr[0];
  return c.en[0] ?? c.abbr[0] ?? c.zh[0] ?? like ?? c.id;
}

/** A readable label for a concept: `推理 / inference`. */
export function conceptLabel(c: Concept): string {
  return [c.zh[0], c.en[0], c.abbr[0]].filter(Boolean).join(' / ');
}
