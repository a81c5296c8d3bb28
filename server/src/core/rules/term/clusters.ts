/**
 * Name clusters: one Latin name written in two or more ways in the author's prose of one post
 * (`Go Modules` / `Go modules`, `mq` / `MQ`, `DateTime` / `DATETIME`, `SHA3` / `SHA-3`,
 * `dev tools` / `DevTools`, `SpringBoot` / `Spring Boot`), whatever the glossary says. The
 * spellings share a normal form (nameKey). The spelling to keep is, in this order: the glossary's,
 * the owner's (data/glossary/names.json), the one most posts of the workspace use, the one this
 * post uses most (a tie: the first used). Used by term/mixed.
 */
import type { Config, Workspace, WorkspaceIndex } from '../../types';
import type { Post } from '../../document';
import { analyzeTerms } from './analysis';
import { isCapitalWord, isLatinForm, type Glossary } from './glossary';
import { abbrInfo } from './abbreviations';
import { clusterKey, nameKey, ownerSpelling, postNames, type NameRun } from './names';
import type { TermSummary } from './summary';
import { isKnownWord } from './known';

export type PreferredBy = 'glossary' | 'owner' | 'workspace' | 'post';

export interface NameCluster {
  key: string;
  preferred: string;
  by: PreferredBy;
  /** Spelling → its uses in this post, in text order. */
  spellings: Map<string, NameRun[]>;
  /** Workspace posts that use the preferred spelling (when `by` is `workspace`). */
  posts?: number;
  /** The glossary or the names list capitalises it (a name, not a common word). */
  named: boolean;
}

const glossaryKeys = new WeakMap<Glossary, Map<string, string>>();

/** nameKey → the glossary's spelling, for every Latin form (preferred forms first). */
function glossarySpellings(g: Glossary): Map<string, string> {
  let m = glossaryKeys.get(g);
  if (m) return m;
  m = new Map();
  for (const pass of [true, false]) {
    for (const c of g.concepts) {
      for (const [kind, list] of [['en', c.en], ['abbr', c.abbr], ['variant', c.variants]] as const) {
        list.forEach((f, i) => {
          if (!isLatinForm(f) || (pass && (kind === 'variant' || i > 0))) return;
          const k = clusterKey(f);
          if (!m!.has(k)) m!.set(k, f);
        });
      }
    }
  }
  glossaryKeys.set(g, m);
  return m;
}

/**
 * A spelling that is not a way of writing the name but something else of the same letters:
 * a lower-case package or command with a hyphen or underscore (`linux-aio` beside `Linux AIO`), or a dictionary word in
 * capitals that is no abbreviation (`TAB`, `JOIN`, `READ COMMITTED`: a key, an SQL keyword).
 */
function otherThing(spelling: string, named: boolean): boolean {
  if (spelling === spelling.toLowerCase()) return /[a-z0-9][-_][a-z0-9]/.test(spelling);
  if (spelling === spelling.toUpperCase() && /[A-Z]{3}/.test(spelling)) {
    const words = spelling.split(/[\s\-_.\u2010\u2011]+/).filter(Boolean);
    // A name in capitals (`JAVA` for the glossary's `Java`) is a casing slip, unless the words are keywords.
    return words.every((w) => isCapitalWord(w)) || (!named && words.every((w) => w.length >= 3 && isKnownWord(w) && abbrInfo(w).grade === 0));
  }
  return false;
}

/** Is a spelling name-shaped: capitals after the first letter, or digits (`TopK`, `MQ`, `L4`, `iOS`)? */
export function nameShaped(s: string): boolean {
  return /^.+[A-Z]/.test(s) || /\d/.test(s);
}

/** Do two spellings differ only in the case of word-initial letters (and separators)? */
export function initialCaseOnly(a: string, b: string): boolean {
  const wa = a.split(/[\s\-_.\u2010\u2011]+/);
  const wb = b.split(/[\s\-_.\u2010\u2011]+/);
  return wa.length === wb.length && wa.every((w, i) => w.slice(1) === wb[i].slice(1) && w[0]?.toLowerCase() === wb[i][0]?.toLowerCase());
}

/** Spelling → number of workspace posts that use it, for each key (memoised per index version). */
export type NameAggregate = Map<string, Map<string, number>>;
const aggMemo = new WeakMap<WorkspaceIndex, { version: number; agg: NameAggregate }>();

export function aggregateNames(index: WorkspaceIndex): NameAggregate {
  const m = aggMemo.get(index);
  if (m && m.version === index.version) return m.agg;
  const agg: NameAggregate = new Map();
  for (const s of index.posts.values()) {
    const t = s.term as TermSummary | undefined;
    if (!t || typeof t !== 'object' || !t.names || typeof t.names !== 'object') continue;
    for (const [k, spellings] of Object.entries(t.names)) {
      let a = agg.get(k);
      if (!a) agg.set(k, (a = new Map()));
      for (const sp of Object.keys(spellings)) a.set(sp, (a.get(sp) ?? 0) + 1);
    }
  }
  aggMemo.set(index, { version: index.version, agg });
  return agg;
}

/**
 * The clusters of this post written in two or more spellings. `skip` says which runs other
 * findings already cover (term/variant's casing, the glossary's own drift): those do not count.
 */
export function nameClusters(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>, skip: (start: number, end: number) => boolean): NameCluster[] {
  const names = postNames(post);
  const g = analyzeTerms(post, config).glossary;
  const gKeys = glossarySpellings(g);
  const agg = workspace.index && workspace.index.posts.size ? aggregateNames(workspace.index) : undefined;
  // The workspace's vote is the OTHER posts' (as term/cross-post counts them): this post's own summary,
  // when the index holds one (the CLI's index does; the server's may or may not, by timing), is taken out.
  const selfSummary = workspace.path !== undefined ? (workspace.index?.posts.get(workspace.path)?.term as TermSummary | undefined) : undefined;
  const selfNames = selfSummary && typeof selfSummary === 'object' && selfSummary.names && typeof selfSummary.names === 'object' ? selfSummary.names : undefined;
  // Single words inside longer runs join a cluster only where the cluster is name-shaped (`l4 proxy` beside `L4`).
  const innerByKey = new Map<string, NameRun[]>();
  // (Indexed loops and `forEach`: a for-of allocates an iterator result per item wherever V8 runs the loop unoptimised.)
  for (let i = 0; i < names.runs.length; i++) {
    const r = names.runs[i];
    if (!r.inner || !r.author) continue;
    const arr = innerByKey.get(r.key);
    if (arr) arr.push(r);
    else innerByKey.set(r.key, [r]);
  }
  // A spelling whose final `s` the key dropped as a plural, where the letters with the `s` are an abbreviation of
  // their own (`jwks`: JWKS, a JWK Set, graded in abbreviations.json): another name, not the plural of this one;
  // it joins the runs of that name (`JWKS`).
  const groups = new Map<string, NameRun[]>();
  const add = (k: string, r: NameRun) => {
    const arr = groups.get(k);
    if (arr) arr.push(r);
    else groups.set(k, [r]);
  };
  names.byKey.forEach((whole, key) => {
    if (key.length < 2 || !/[a-z]/.test(key)) return;
    const inner = innerByKey.get(key);
    // One spelling, and no run of it nor of another key that goes to another group: no cluster (most of a post's names).
    if (oneSpelling(whole, inner) && !(key.length <= 8 && names.byKey.has(key.slice(0, -1)) && key.endsWith('s')) && !whole.some(mayBePlural) && !inner?.some(mayBePlural)) return;
    let runs = whole.filter((r) => !skip(r.start, r.end));
    if (inner && (runs.some((r) => nameShaped(r.spelling)) || inner.some((r) => nameShaped(r.spelling)))) {
      runs = [...runs, ...inner.filter((r) => !skip(r.start, r.end))].sort((a, b) => a.start - b.start);
    }
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i];
      const k = nameKey(r.text);
      if (k === key + 's' && k.length <= 8 && abbrInfo(k.toUpperCase()).grade >= 1) add(k, { ...r, spelling: r.text.replace(/[ \u00a0]+/g, ' '), key: k });
      else add(key, r);
    }
  });
  const out: NameCluster[] = [];
  groups.forEach((runs, key) => {
    const c = clusterOf(key, runs.sort((a, b) => a.start - b.start), gKeys, agg, selfNames);
    if (c) out.push(c);
  });
  return out;
}

/** Are all the runs (and the inner ones) of one spelling? */
function oneSpelling(runs: readonly NameRun[], inner: readonly NameRun[] | undefined): boolean {
  const sp = runs[0]?.spelling ?? inner?.[0]?.spelling;
  return runs.every((r) => r.spelling === sp) && (!inner || inner.every((r) => r.spelling === sp));
}

/** Might the run's key with its final `s` (`nameKey` of its text) be another group's (an `s` last, spaces, separators or nothing after)? */
const mayBePlural = (r: NameRun) => /[sSｓＳ][\s_.\-\u2010\u2011\u00a0]*$/.test(r.text);

/** The cluster of one key's runs, if they are written in two or more spellings (see `nameClusters`). */
function clusterOf(key: string, runs: readonly NameRun[], gKeys: ReadonlyMap<string, string>, agg: NameAggregate | undefined, selfNames: Record<string, Record<string, number>> | undefined): NameCluster | undefined {
  // (Fewer than two spellings before the test below drops some: none after it.)
  if (oneSpelling(runs, undefined)) return undefined;
  const spellings = new Map<string, NameRun[]>();
  for (const r of runs) {
    if (otherThing(r.spelling, /[A-Z]/.test(gKeys.get(key) ?? '') || !!ownerSpelling(key))) continue;
    const arr = spellings.get(r.spelling);
    if (arr) arr.push(r);
    else spellings.set(r.spelling, [r]);
  }
  if (spellings.size < 2) return undefined;
  // Spellings that differ only in the case of word-initial letters (`Consumer` / `consumer`, `Request
  // Blocking` / `Request blocking`) are often two senses (a role or panel's name beside the common
  // noun) or title case: drift only for a name the glossary or the names list capitalises (`Pod`, `Envoy`).
  const list = [...spellings.keys()];
  const commonWords = list[0].split(/[\s\-_.\u2010\u2011]+/).every((w) => isKnownWord(w));
  const named = /[A-Z]/.test(gKeys.get(key) ?? '') || !!ownerSpelling(key) || !commonWords;
  if (!named && list.every((a) => list.every((b) => a === b || initialCaseOnly(a, b)))) return undefined;
  let preferred: string | undefined;
  let by: PreferredBy = 'post';
  let posts: number | undefined;
  // The glossary decides only where its spelling is a name's (has a capital): `network`, a common noun
  // in the glossary, says nothing about the casing of the `Network` panel.
  const gl = /[A-Z]/.test(gKeys.get(key) ?? '') ? gKeys.get(key) : undefined;
  const ow = ownerSpelling(key);
  if (gl) [preferred, by] = [gl, 'glossary'];
  else if (ow) [preferred, by] = [ow, 'owner'];
  else if (agg?.get(key)) {
    const mine = selfNames?.[key];
    const ranked = [...agg.get(key)!.entries()]
      .map(([sp, n]): [string, number] => [sp, mine && Object.prototype.hasOwnProperty.call(mine, sp) ? n - 1 : n])
      .filter(([sp, n]) => n > 0 && spellings.has(sp))
      .sort((a, b) => b[1] - a[1]);
    // Only a clear workspace majority decides (more posts than any other spelling).
    if (ranked.length && (ranked.length === 1 || ranked[0][1] > ranked[1][1])) [preferred, by, posts] = [ranked[0][0], 'workspace', ranked[0][1]];
  }
  // The glossary or the owner names it in the singular (`Go Module`) where the post writes the plural (`Go Modules`).
  if (preferred && !spellings.has(preferred)) {
    const alt = [...spellings.keys()].find((sp) => sp === preferred + 's' || sp + 's' === preferred);
    if (alt) preferred = alt;
  }
  if (!preferred) {
    const ranked = [...spellings.entries()].sort((a, b) => b[1].length - a[1].length || a[1][0].start - b[1][0].start);
    preferred = ranked[0][0];
  }
  return { key, preferred, by, spellings, posts, named };
}
