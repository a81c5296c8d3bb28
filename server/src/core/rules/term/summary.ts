/**
 * The term family's slice of a post summary (workspace index): how often the post writes each
 * spelling of each glossary concept, and the aggregate over the workspace, memoised per
 * `index.version`.
 */
import { headerOf } from '../front-matter/site';
import type { Config, WorkspaceIndex } from '../../types';
import type { Post } from '../../document';
import { analyzeTerms, type HitFacts } from './analysis';
import { postNames } from './names';
import { summarizeRenderings, termsTable } from './renderings';

export interface TermSummary {
  /** Concept id → spelling → uses in this post (abbreviations left out; only the author's own wording: not quoted, not a cited title, not a definition, and in a Chinese post only in Chinese text). */
  forms: Record<string, Record<string, number>>;
  /**
   * Latin names in the author's prose: nameKey → spelling → uses, for the names this post writes
   * with a capital at least once (at most MAX_NAMES keys): the workspace's spelling of a name.
   */
  names?: Record<string, Record<string, number>>;
  /** Abbreviations this post uses in running text (`used`) and defines (`defined`): the blog's own vocabulary. */
  abbrs?: { used: string[]; defined: string[] };
  /** English terms this post glosses with a Chinese rendering (`模块路径（module path）`): key → rendering → glosses. */
  renders?: Record<string, Record<string, number>>;
  /**
   * The rows of the post's terms table, where the post is a terms page (a table of 20 or more rows of one English and one Chinese
   * term: pingcap's `resources/tidb-terms.md`): English key → rendering(s). The site's house wording (renderings.ts tableWording).
   */
  table?: Record<string, string[]>;
  /** The author the front matter names (`author:`), if any: on a site of many authors, each writes in their own way. */
  author?: string;
}

/**
 * The author named in the post's front matter (`author: 刘楠`, `author = "x"`, `authors: [a, b]`), read from the parsed header
 * (YAML or TOML: the front-matter family's parse, memoised per post); a list is joined with commas; at most 80 characters.
 */
export function postAuthor(post: Post): string | undefined {
  const data = headerOf(post)?.data;
  const value = data?.author ?? data?.authors;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value)
    : Array.isArray(value) ? value.filter((v) => typeof v === 'string' || typeof v === 'number').join(', ') : '';
  return text.trim().slice(0, 80) || undefined;
}

const MAX_NAMES = 300;

export function summarizeTerms(post: Post, config: Readonly<Config>): TermSummary {
  const forms: Record<string, Record<string, number>> = {};
  const terms = analyzeTerms(post, config);
  // (The hits as their blocks keep them: no place is read.)
  for (const h of terms.blockHits) {
    // A concept with one spelling in this script cannot drift across posts: not recorded (keeps the index small).
    if (!countsAcrossPosts(h, terms.chinese) || !canDrift(h)) continue;
    const c = (forms[h.concept.id] ??= {});
    c[h.form.text] = (c[h.form.text] ?? 0) + 1;
  }
  const names: Record<string, Record<string, number>> = {};
  let n = 0;
  for (const [key, runs] of postNames(post).byKey) {
    if (!runs.some((r) => /[A-Z]/.test(r.spelling))) continue;
    if (++n > MAX_NAMES) break;
    const c = (names[key] = {} as Record<string, number>);
    for (const r of runs) c[r.spelling] = (c[r.spelling] ?? 0) + 1;
  }
  const out: TermSummary = { forms };
  if (n) out.names = names;
  const used = [...new Set(terms.tokens.filter((t) => !t.inDefinition && !t.cited).map((t) => t.text))];
  const defined = [...terms.abbrDefs.keys()];
  if (used.length || defined.length) out.abbrs = { used: used.slice(0, 200), defined: defined.slice(0, 100) };
  const renders = summarizeRenderings(post);
  if (renders) out.renders = renders;
  const table = termsTable(post);
  if (table) out.table = table;
  const author = postAuthor(post);
  if (author) out.author = author;
  return out;
}

const driftMemo = new WeakMap<object, boolean>();

/** Has the concept two or more spellings in the hit's script (so that posts may differ)? */
function canDrift(h: HitFacts): boolean {
  const key = h.concept as object;
  const latin = h.form.latin;
  const memoKey = latin ? key : (h.concept.zh as object);
  let v = driftMemo.get(memoKey);
  if (v === undefined) {
    const forms = [...h.concept.zh, ...h.concept.en, ...h.concept.variants].filter((f) => /^[\x20-\x7e]+$/.test(f) === latin);
    v = !h.concept.imported || new Set(forms.map((f) => (latin ? f.toLowerCase() : f))).size >= 2;
    driftMemo.set(memoKey, v);
  }
  return v;
}

/** Does a use count for cross-post drift (the same test for this post and the index)? */
export function countsAcrossPosts(h: HitFacts, chinesePost: boolean): boolean {
  return h.form.kind !== 'abbr' && !h.quoted && !h.cited && !h.inDefinition && (h.chineseBlock || !chinesePost);
}

export interface FormStats {
  /** Posts (root-relative paths) that use the spelling. */
  posts: string[];
  uses: number;
}

/** Concept id → spelling → stats over every post of the index. */
export type TermAggregate = Map<string, Map<string, FormStats>>;

const memo = new WeakMap<WorkspaceIndex, { version: number; agg: TermAggregate }>();

export function aggregateTerms(index: WorkspaceIndex): TermAggregate {
  const m = memo.get(index);
  if (m && m.version === index.version) return m.agg;
  const agg: TermAggregate = new Map();
  for (const [path, s] of index.posts) {
    const t = s.term as TermSummary | undefined;
    if (!t || typeof t !== 'object' || !t.forms) continue;
    for (const [id, forms] of Object.entries(t.forms)) {
      let c = agg.get(id);
      if (!c) agg.set(id, (c = new Map()));
      for (const [form, n] of Object.entries(forms)) {
        let st = c.get(form);
        if (!st) c.set(form, (st = { posts: [], uses: 0 }));
        st.posts.push(path);
        st.uses += n;
      }
    }
  }
  memo.set(index, { version: index.version, agg });
  return agg;
}

/** Abbreviation → the posts that use it and those that define it (memoised per index version). */
export type AbbrAggregate = Map<string, { used: string[]; defined: string[] }>;
const abbrMemo = new WeakMap<WorkspaceIndex, { version: number; agg: AbbrAggregate }>();

export function aggregateAbbrs(index: WorkspaceIndex): AbbrAggregate {
  const m = abbrMemo.get(index);
  if (m && m.version === index.version) return m.agg;
  const agg: AbbrAggregate = new Map();
  const at = (a: string) => {
    let x = agg.get(a);
    if (!x) agg.set(a, (x = { used: [], defined: [] }));
    return x;
  };
  for (const [path, s] of index.posts) {
    const t = s.term as TermSummary | undefined;
    const a = t && typeof t === 'object' ? t.abbrs : undefined;
    if (!a || !Array.isArray(a.used) || !Array.isArray(a.defined)) continue;
    for (const u of a.used) if (typeof u === 'string') at(u).used.push(path);
    for (const d of a.defined) if (typeof d === 'string') at(d).defined.push(path);
  }
  for (const x of agg.values()) x.used.sort();
  abbrMemo.set(index, { version: index.version, agg });
  return agg;
}

const authorMemo = new WeakMap<WorkspaceIndex, { version: number; authors: Map<string, string> | undefined }>();

/**
 * On a site of many authors (two or more different `author:` values, named in a quarter of the posts or more), only the posts of
 * this post's author (or, for a post naming none, those naming none) tell how this author writes a
 * term: `其它` in one contributor's posts beside `其他` in the others' is house style, not drift. On a
 * site of one author every post counts. Returns the filter for other posts' paths.
 */
export function sameAuthorFilter(index: WorkspaceIndex, post: Post): (path: string) => boolean {
  let m = authorMemo.get(index);
  if (!m || m.version !== index.version) {
    const authors = new Map<string, string>();
    const names = new Set<string>();
    let named = 0;
    for (const [path, s] of index.posts) {
      const t = s.term as TermSummary | undefined;
      const a = t && typeof t === 'object' && typeof t.author === 'string' ? t.author : '';
      authors.set(path, a);
      if (a) { names.add(a); named++; }
    }
    // Many authors: two names or more, and a quarter of the posts or more name theirs (a site that names the
    // author of a few guest posts keeps its owner's house style).
    m = { version: index.version, authors: names.size >= 2 && named * 4 >= index.posts.size ? authors : undefined };
    authorMemo.set(index, m);
  }
  const { authors } = m;
  if (!authors) return () => true;
  const mine = postAuthor(post) ?? '';
  return (path) => (authors.get(path) ?? '') === mine;
}

/** Fields of the glossary whose terms rarely stand alone (not `general` wording nor `brand` names). */
export const SPECIALIST_FIELDS: ReadonlySet<string> = new Set(['ai', 'crypto', 'cloud', 'data', 'systems', 'web']);
/** How many hand-written terms of a field make a post one of that field. */
export const FIELD_TERMS = 3;
/** How far a post's field leads every other specialist field (hand-written terms of it against theirs). */
export const FIELD_LEAD = 1.25;
/**
 * A field is the blog's when this share of its posts written in one field (each post's leading field) are written
 * in it, and SITE_FIELD_POSTS posts at least: posts of no one field (notes, life, overviews) do not dilute it.
 */
const SITE_FIELD_SHARE = 0.15;
const SITE_FIELD_POSTS = 5;

/**
 * The leading specialist field of one set of hand-written concept counts (`counts`: field → concepts), if
 * it has FIELD_TERMS or more and leads every other field by FIELD_LEAD.
 */
export function leadingField(counts: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let n = 0;
  for (const [d, k] of counts) if (k > n) { best = d; n = k; }
  if (!best || n < FIELD_TERMS) return undefined;
  for (const [d, k] of counts) if (d !== best && n < FIELD_LEAD * k) return undefined;
  return best;
}

const fieldsMemo = new WeakMap<WorkspaceIndex, { version: number; fields: Set<string> }>();

/**
 * The blog's own fields: a specialist field in which SITE_FIELD_SHARE of the workspace's posts of one field are
 * written, five posts at least (each post's field is its leading one by its hand-written glossary terms, as for
 * one post: FIELD_TERMS, FIELD_LEAD). A crypto blog's readers know `KYC` and `ICO`, a Java back-end blog's `2PC`.
 * `domainOf` gives a concept id's field (undefined: not a hand-written specialist concept).
 */
export function siteFields(index: WorkspaceIndex, domainOf: (id: string) => string | undefined): ReadonlySet<string> {
  const m = fieldsMemo.get(index);
  if (m && m.version === index.version) return m.fields;
  const posts = new Map<string, number>();
  let fielded = 0;
  for (const s of index.posts.values()) {
    const t = s.term as TermSummary | undefined;
    if (!t || typeof t !== 'object' || !t.forms) continue;
    const counts = new Map<string, number>();
    for (const id of Object.keys(t.forms)) {
      const d = domainOf(id);
      if (d && SPECIALIST_FIELDS.has(d)) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    const lead = leadingField(counts);
    if (!lead) continue;
    posts.set(lead, (posts.get(lead) ?? 0) + 1);
    fielded++;
  }
  const fields = new Set<string>();
  for (const [d, n] of posts) if (n >= SITE_FIELD_POSTS && n >= SITE_FIELD_SHARE * fielded) fields.add(d);
  fieldsMemo.set(index, { version: index.version, fields });
  return fields;
}
