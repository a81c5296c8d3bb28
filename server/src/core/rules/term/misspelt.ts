/**
 * term/misspelt: a Latin word one edit away (a swapped pair of neighbouring letters, a changed,
 * missing or extra letter inside the word) from a name the post uses more often, the glossary
 * lists, the names list knows (data/glossary/names.json) or other posts of the workspace use,
 * and not itself a known word or name (English words and technology names:
 * data/glossary/known-words.json; your `.zhen.yml` `words:`).
 *
 *   Bad:  假设你用的是 RabbitMQ，RabbtiMQ 是可以设置过期时间的。
 *   Good: 假设你用的是 RabbitMQ，RabbitMQ 是可以设置过期时间的。
 *
 * A word in capitals no list or other post knows, one swap from an abbreviation that two or more other posts of the workspace
 * write or the lists grade known (`PTEG` for PETG), is a slip here, not an undefined abbreviation (session 16). The same slip
 * again in the post (a second `PRC` on a line) is a hint pointing to the first (`repeats`).
 *
 * Edits at the first or last letter are not taken (`Kmesh` is no misspelt `mesh`, `Vuex` no
 * misspelt `Vue`), except a swap; a three-letter word in capitals only as a swap of an
 * abbreviation the post uses at least three times (`PRC` beside twenty `RPC`). Words in code,
 * URLs, identifiers, quotations and cited titles are not read, nor a word of a link target of the
 * post (`[Openart](https://openart.ai/)`: the site's own name), nor a guess that is a name of several
 * words (`dpanic` is no slip of `DM panic`) or has a small letter where the word has a capital
 * (`NixCN` is no slip of `NixCon`), nor a compound of two known words written more than once beside
 * another compound it shares a word with (`macrotask` beside `microtask`; but `MetricTool` beside
 * `MetricsTool`, singular and plural, is a slip).
 *
 * Graded (confidence.ts): a slip beside the right spelling in the same post keeps the warning; a guess
 * from the names list or other posts only, a word shaped like an identifier (`preparedQC`), a short
 * word, a short lower-case word with a letter changed or added (`wofi` beside WiFi, `haroop` beside Hadoop: session 15), one
 * written so repeatedly or in code, one of a list of lower-case values
 * (`debug、info、warn、dpanic`), or one in a run of English text or a pasted chat log (`21:59:06 From …: goroutune`)
 * is a hint.
 *
 * Fixes: replace with the name (a quick fix, never applied by fix-all); add the word to
 * `.zhen.yml` `words:` (it is a real word or name).
 *
 * Options: `confidence` (0–1, default 0.6): findings below it are hints (0: none).
 */
import type { Config, Rule, Workspace } from '../../types';
import type { Post } from '../../document';
import { walk } from '../../document';
import { editDistance } from '../../suggest';
import { positionAt } from '../../text';
import { analyzeTerms, type PostTerms } from './analysis';
import { joinParts } from '../../windowSums';
import { isLatinForm, type Glossary } from './glossary';
import { isKnownWord } from './known';
import { canonicalNames, clusterKey, curatedNames, ownerSpelling, postNames, type NameRun } from './names';
import { aggregateNames } from './clusters';
import { aggregateAbbrs } from './summary';
import { abbrInfo, knownAbbreviations } from './abbreviations';
import { replaceFix } from './fixes';
import { amongPeers } from './peers';
import { CONFIDENCE_MESSAGES, codeTokens, contextEvidence, reportGraded, type GradedOptions } from './confidence';

type RefSource = 'post' | 'glossary' | 'names' | 'workspace';

interface Ref {
  /** Lower case, letters and digits only. */
  key: string;
  /** The spelling to suggest. */
  spelling: string;
  source: RefSource;
  /** Uses in this post (post refs). */
  count?: number;
  /** Posts of the workspace (workspace refs). */
  posts?: number;
  /** First use in this post. */
  at?: number;
}

/** Deletion index: each key and each key with one letter removed → the keys. One edit apart share an entry. */
class DeletionIndex {
  private readonly map = new Map<string, string[]>();
  add(key: string): void {
    for (const d of deletions(key)) {
      const arr = this.map.get(d);
      if (!arr) this.map.set(d, [key]);
      else if (!arr.includes(key)) arr.push(key);
    }
  }
  candidates(key: string): Set<string> {
    const out = new Set<string>();
    for (const d of deletions(key)) for (const k of this.map.get(d) ?? []) if (k !== key) out.add(k);
    return out;
  }
}

function deletions(key: string): string[] {
  const out = [key];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

/** Is `b` one edit from `a` that a slip of the hand makes: a swap anywhere, or a change/insertion/deletion inside the word? */
export function slipOf(a: string, b: string): 'swap' | 'inside' | undefined {
  if (a === b || editDistance(a, b) !== 1) return undefined;
  if (a.length === b.length) {
    let i = 0;
    while (a[i] === b[i]) i++;
    if (a[i + 1] === b[i] && a[i] === b[i + 1] && a.slice(i + 2) === b.slice(i + 2)) return 'swap';
    return i > 0 && i < a.length - 1 ? 'inside' : undefined;
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return i > 0 && i < l.length - 1 ? 'inside' : undefined;
}

const KEY_RE = /^[a-z]+$/;
const globalMemo = new WeakMap<Glossary, { index: DeletionIndex; refs: Map<string, Ref> }>();

/** Glossary forms and the names list, one word each, as references (memoised per glossary). */
function globalRefs(g: Glossary): { index: DeletionIndex; refs: Map<string, Ref> } {
  let m = globalMemo.get(g);
  if (m) return m;
  const refs = new Map<string, Ref>();
  const index = new DeletionIndex();
  const add = (spelling: string, source: RefSource) => {
    const key = spelling.toLowerCase();
    if (!KEY_RE.test(key) || key.length < 4 || refs.has(key)) return;
    refs.set(key, { key, spelling, source });
    index.add(key);
  };
  for (const c of g.concepts) for (const f of [...c.en, ...c.abbr, ...c.variants]) if (isLatinForm(f) && /[A-Z]/.test(f)) add(f, 'glossary');
  // The names list's curated sources only (reviewed, glossary, textlint, Linguist): simple-icons alone has many obscure brands.
  for (const [name, src] of curatedNames()) if (/[hgtl]/.test(src)) add(name, 'names');
  m = { index, refs };
  globalMemo.set(g, m);
  return m;
}

interface RefSet {
  index: DeletionIndex;
  refs: Map<string, Ref>;
}

/**
 * References collected from the workspace: `collect` is given the workspace index (undefined without one) and an `add`
 * that keeps the first ref per key; the set is memoised in `memo` per workspace index and its version.
 */
function memoRefs(
  memo: WeakMap<object, RefSet & { version: number }>,
  workspace: Readonly<Workspace>,
  collect: (add: (ref: Ref) => void, wi: Workspace['index']) => void,
): RefSet {
  const wi = workspace.index;
  const memoKey = wi ?? memo;
  const m = memo.get(memoKey);
  if (m && m.version === (wi?.version ?? 0)) return m;
  const refs = new Map<string, Ref>();
  const index = new DeletionIndex();
  collect((ref) => {
    if (refs.has(ref.key)) return;
    refs.set(ref.key, ref);
    index.add(ref.key);
  }, wi);
  const r = { version: wi?.version ?? 0, index, refs };
  memo.set(memoKey, r);
  return r;
}

const wsMemo = new WeakMap<object, RefSet & { version: number }>();

/** Names (with a capital) used in at least two posts of the workspace. */
function workspaceRefs(workspace: Readonly<Workspace>): RefSet | undefined {
  if (!workspace.index || !workspace.index.posts.size) return undefined;
  return memoRefs(wsMemo, workspace, (add, wi) => {
    for (const [key, spellings] of aggregateNames(wi!)) {
      if (!KEY_RE.test(key) || key.length < 4) continue;
      const best = [...spellings].sort((a, b) => b[1] - a[1])[0];
      const posts = [...spellings.values()].reduce((a, b) => a + b, 0);
      if (posts < 2) continue;
      add({ key, spelling: best[0], source: 'workspace', posts });
    }
  });
}

const abbrMemo = new WeakMap<object, RefSet & { version: number }>();

/**
 * Abbreviations in capitals of four letters or more that two or more other posts of the workspace write (a slip `PTEG` in
 * one post is a swap of the `PETG` they write; session 16), and those the lists of abbreviations grade well known (4 or more: four sites, or a public
 * list and two), for words in capitals: swaps only.
 */
function abbreviationRefs(workspace: Readonly<Workspace>): RefSet {
  return memoRefs(abbrMemo, workspace, (add, wi) => {
    const addCaps = (ref: Ref) => {
      if (/^[A-Z]{4,}$/.test(ref.spelling)) add(ref);
    };
    if (wi && wi.posts.size) {
      // Written in two posts at least (the set is memoised per workspace index, for every post: which
      // posts are *other* posts is asked at the lookup, `otherPostsWriting`).
      for (const [abbr, a] of aggregateAbbrs(wi)) if (a.used.length >= 2) addCaps({ key: abbr.toLowerCase(), spelling: abbr, source: 'workspace', posts: a.used.length });
    }
    // (Grade 4 or more: written in four sites, or a public list and two. Grade 3 holds many rare ones: `SATS`, satoshis, is a swap
    // of cspell's `SAST`.)
    for (const abbr of knownAbbreviations(4)) addCaps({ key: abbr.toLowerCase(), spelling: abbr, source: 'names' });
  });
}

export interface Misspelling {
  run: NameRun;
  ref: Ref;
}

/** How many posts of the workspace other than this one write the abbreviation. */
function otherPostsWriting(workspace: Readonly<Workspace>, abbr: string): number {
  const wi = workspace.index;
  if (!wi || !wi.posts.size) return 0;
  return (aggregateAbbrs(wi).get(abbr)?.used ?? []).filter((p) => p !== workspace.path).length;
}

/** Does another post of the workspace write the abbreviation? */
function otherPostsWrite(workspace: Readonly<Workspace>, abbr: string): boolean {
  return otherPostsWriting(workspace, abbr) > 0;
}

const misspeltMemo = new WeakMap<Post, { config: object; workspace: object; version: number; out: Misspelling[] }>();

/** The misspelt names of a post (memoised per post, configuration and workspace: term/abbr-undefined asks too). */
export function misspellings(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>): Misspelling[] {
  const m = misspeltMemo.get(post);
  const version = workspace.index?.version ?? -1;
  if (m && m.config === config && m.workspace === workspace && m.version === version) return m.out;
  const out = computeMisspellings(post, config, workspace);
  misspeltMemo.set(post, { config, workspace, version, out });
  return out;
}

function computeMisspellings(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>): Misspelling[] {
  const terms = analyzeTerms(post, config);
  // Single words of the author's prose, by lower-case key.
  const words = postNames(post).runs.filter((r) => r.author && (r.words === 1 || r.inner) && /^[A-Za-z]+$/.test(r.text));
  const byKey = new Map<string, NameRun[]>();
  // (Indexed loops and `forEach`: a for-of allocates an iterator result per item wherever V8 runs the loop unoptimised.)
  for (let i = 0; i < words.length; i++) {
    const r = words[i];
    const k = r.text.toLowerCase();
    const arr = byKey.get(k);
    if (arr) arr.push(r);
    else byKey.set(k, [r]);
  }
  // What the choice of names reads of the post, word by word (its key, whether the post defines its first spelling as an
  // abbreviation, whether a link's target names it, and its texts in order), and of the workspace: the choice is made again
  // only when one of these changed (windowSums.ts `joinParts`; an edit that leaves the words as they were reuses it).
  const links = linkTargets(post);
  const parts = [workspaceSignature(workspace)];
  byKey.forEach((runs, k) => parts.push(`${k}\u0001${terms.abbrDefs.has(runs[0].text) ? 1 : 0}${links.has(k) ? 1 : 0}\u0001${runs.map((r) => r.text).join('\u0001')}`));
  const chosen = joinParts(post, 'term/misspelt-choices', parts, (a, b) => a === b, () => chooseNames(terms, config, workspace, byKey, links));
  const out: Misspelling[] = [];
  for (let c = 0; c < chosen.length; c++) {
    const [k, best] = chosen[c];
    const runs = byKey.get(k)!;
    // (A name of this post is given with its uses here, and where it is first written now.)
    const ref = best.source === 'post' ? postRef(best.key, byKey.get(best.key)!) : best;
    for (let i = 0; i < runs.length; i++) out.push({ run: runs[i], ref });
  }
  return out.sort((a, b) => a.run.start - b.run.start);
}

/** A word of this post as a name to suggest: its spelling with a capital if the post writes one, its uses, its first place. */
function postRef(k: string, runs: readonly NameRun[]): Ref {
  const spelling = [...runs].sort((a, b) => Number(/[A-Z]/.test(b.text)) - Number(/[A-Z]/.test(a.text)))[0].text;
  return { key: k, spelling, source: 'post', count: runs.length, at: runs[0].start };
}

const indexIds = new WeakMap<object, number>();
let nextIndexId = 0;

/** The workspace as the choice of names reads it: its index (which object, which version) and the post's path. */
function workspaceSignature(workspace: Readonly<Workspace>): string {
  const wi = workspace.index;
  let id = -1;
  if (wi) {
    id = indexIds.get(wi) ?? -1;
    if (id < 0) indexIds.set(wi, (id = nextIndexId++));
  }
  return `${id}\u0001${wi?.version ?? -1}\u0001${workspace.path ?? ''}`;
}

/**
 * The post's words (by lower-case key, runs in order) that are slips of a name, each with the name: a function of the
 * words' texts, the abbreviations the post defines among them, the link targets, the workspace and the configuration.
 */
function chooseNames(terms: PostTerms, config: Readonly<Config>, workspace: Readonly<Workspace>, byKey: ReadonlyMap<string, NameRun[]>, links: ReadonlySet<string>): Array<[string, Ref]> {
  const g = terms.glossary;
  const userWords = new Set((config.words ?? []).map((w) => w.toLowerCase()));
  const listed = (key: string) => userWords.has(key) || g.byText.has(key) || g.wellKnown.has(key) || canonicalNames().has(clusterKey(key));
  // A word in capitals is checked against the glossary and the lists of names only: the English word
  // list holds general abbreviations (`PRC`) that are no names in a technical post.
  const known = (key: string, caps = false) => listed(key) || (!caps && isKnownWord(key));
  // This post's names: words with a capital, or known words, used here.
  const postIndex = new DeletionIndex();
  const postRefs = new Map<string, Ref>();
  for (const [k, runs] of byKey) {
    if (k.length < 3) continue;
    postRefs.set(k, postRef(k, runs));
    postIndex.add(k);
  }
  const glob = globalRefs(g);
  const ws = workspaceRefs(workspace);
  const wsCounts = ws ? aggregateNames(workspace.index!) : undefined;
  const out: Array<[string, Ref]> = [];
  for (const [k, runs] of byKey) {
    // An abbreviation, also in the plural (`NFTs`).
    const caps = /^[A-Z]+s?$/.test(runs[0].text);
    if (runs.length > 3 || known(k, caps) || (/s$/.test(k) && known(k.slice(0, -1), caps)) || terms.abbrDefs.has(runs[0].text)) continue;
    const caps3 = caps && k.length === 3;
    if (k.length < 4 && !caps3) continue;
    // Written the same way in other posts too: a name of its own.
    if ((wsCounts?.get(k)?.size ?? 0) > 0 && [...wsCounts!.get(k)!.values()].reduce((a, b) => a + b, 0) > 1) continue;
    const found: Ref[] = [];
    for (const c of postIndex.candidates(k)) {
      const r = postRefs.get(c)!;
      // The name is written at least twice as often as the slip.
      if (r.count! >= 2 * runs.length && (known(c) || r.count! >= 2) && (!caps3 || r.count! >= 3)) found.push(r);
    }
    if (!caps3 && runs.length <= 2) {
      for (const c of glob.index.candidates(k)) found.push(glob.refs.get(c)!);
      for (const c of ws?.index.candidates(k) ?? []) found.push(ws!.refs.get(c)!);
      // A word in capitals no list or site knows and no other post writes, a swap of an abbreviation that another post writes or
      // readers know (`PTEG` for PETG): a slip, not an abbreviation to define (session 16).
      if (caps && abbrInfo(runs[0].text).grade === 0 && !otherPostsWrite(workspace, runs[0].text)) {
        const ab = abbreviationRefs(workspace);
        for (const c of ab.index.candidates(k)) {
          const r = ab.refs.get(c)!;
          // Two other posts at least: one post's `PETG` beside another's `PTEG` says nothing about which is the slip.
          if (r.source !== 'workspace' || otherPostsWriting(workspace, r.spelling) >= 2) found.push(r);
        }
      }
    }
    // The name of a link's own target (`[Openart](https://openart.ai/)`) or of a site the post links to: a name, not a slip.
    if (k.length >= 4 && links.has(k)) continue;
    const ok = found.filter((r) => {
      // Two known words joined, beside another such pair (`macrotask` = macro + task, `microtask` = micro + task), and
      // written so more than once: a term of its own (a slip is a one-off: `Alertmanger` = alert + manger, once).
      if (!caps && runs.length >= 2 && compoundPair(runs[0].text, r.spelling)) return false;
      // A name of several words (`DM panic`) is no slip of one word (`dpanic`).
      if (/\s/.test(r.spelling)) return false;
      // A capital where the name has a small letter (`NixCN` beside `NixCon`): another name, not a slip.
      if (runs.every((run) => capitalAgainstSmall(run.text, r.spelling))) return false;
      const slip = slipOf(k, r.key);
      if (!slip || r.key.length < (caps3 ? 3 : 4)) return false;
      // Abbreviations that differ in one letter are usually two abbreviations (`TDDL`, `TMDL`): only a swap.
      if (caps) return slip === 'swap' && r.spelling === r.spelling.toUpperCase();
      // A word not in capitals is no slip of one in capitals (`tgid` is not `GTID`, `Realme` not `README`).
      if (r.spelling === r.spelling.toUpperCase()) return false;
      return true;
    });
    if (!ok.length) continue;
    // Prefer a name of this post, then the glossary, the names list, the workspace.
    const order: RefSource[] = ['post', 'glossary', 'names', 'workspace'];
    ok.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source) || (b.count ?? 0) - (a.count ?? 0));
    // Two different names equally near: no guess.
    const best = ok[0];
    if (ok.some((r) => r.key !== best.key && r.source === best.source)) continue;
    out.push([k, best]);
  }
  return out;
}

/** The ways to read a word as two known words of four letters or more (at a capital only, for a CamelCase word). */
function knownSplits(word: string): Array<[string, string]> {
  const camel = /[a-z][A-Z]/.test(word);
  const w = word.toLowerCase();
  const out: Array<[string, string]> = [];
  for (let i = 4; i <= w.length - 4; i++) {
    if (camel && !/[A-Z]/.test(word[i])) continue;
    if (isKnownWord(w.slice(0, i)) && isKnownWord(w.slice(i))) out.push([w.slice(0, i), w.slice(i)]);
  }
  return out;
}

/**
 * Are `word` and `name` both two known words joined, sharing one and differing in the other
 * (`macrotask` and `microtask`: macro / micro + task)? Then the word is a term of its own, not a slip;
 * but not when the two differ as singular and plural (`MetricTool`, `MetricsTool`) or one is no
 * compound (`Parepare` = pare + pare, but `Prepare` is one word).
 */
export function compoundPair(word: string, name: string): boolean {
  const plural = (x: string, y: string) => x + 's' === y || y + 's' === x || x + 'es' === y || y + 'es' === x;
  const ys = knownSplits(name);
  if (!ys.length) return false;
  for (const [a, b] of knownSplits(word)) {
    for (const [c, d] of ys) {
      if ((a === c && b !== d && !plural(b, d)) || (b === d && a !== c && !plural(a, c))) return true;
    }
  }
  return false;
}

const linkMemo = new WeakMap<Post, Set<string>>();

/** The words of the targets of the post's links and link definitions (`https://openart.ai/` → openart, ai), lower case. */
function linkTargets(post: Post): Set<string> {
  let words = linkMemo.get(post);
  if (words) return words;
  // The URLs in order, then their words: split again only when one of them changed (windowSums.ts `joinParts`; an edit of prose
  // that adds, drops or changes no link reuses the last set, which nothing changes).
  const urls: string[] = [];
  walk(post.root, (node) => {
    if ((node.type === 'link' || node.type === 'definition') && node.url) urls.push(node.url);
  });
  const set = joinParts(post, 'term/link-targets', urls, (a, b) => a === b, (all) => {
    const out = new Set<string>();
    for (let i = 0; i < all.length; i++) for (const w of all[i].toLowerCase().split(/[^a-z0-9]+/)) if (w) out.add(w);
    return out;
  });
  linkMemo.set(post, set);
  return set;
}

/**
 * Does `found` have a capital where `name` has a small letter, once the one edit between them is
 * set aside (the first letter left out: `kafka` for `Kafka` is lower case, not another name)?
 */
export function capitalAgainstSmall(found: string, name: string): boolean {
  const a = found.toLowerCase();
  const b = name.toLowerCase();
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // Pairs of aligned positions after the edit: same length (a change or a swap), or one letter more or less.
  const shift = b.length - a.length;
  const swap = shift === 0 && a[i] === b[i + 1] && a[i + 1] === b[i];
  // (An extra letter in `found` is set aside with the edit.)
  const from = shift === 0 ? i + (swap ? 2 : 1) : shift < 0 ? i + 1 : i;
  const upper = (c: string | undefined) => c !== undefined && c !== c.toLowerCase();
  const lower = (c: string | undefined) => c !== undefined && c !== c.toUpperCase();
  for (let j = 1; j < i; j++) if (upper(found[j]) && lower(name[j])) return true;
  for (let j = Math.max(from, 1); j < found.length; j++) {
    const k = shift === 0 ? j : shift > 0 ? j + 1 : j - 1;
    if (k >= 0 && upper(found[j]) && lower(name[k])) return true;
  }
  return false;
}

/**
 * Is `found` one letter changed from `name` (same length, not a swap of neighbours), or one letter added that does not
 * double its neighbour (`bhash` for `bash`; not `reddis` for `redis`)? Both lower case.
 */
export function changedOrAdded(found: string, name: string): boolean {
  if (editDistance(found, name) !== 1) return false;
  if (found.length === name.length) return slipOf(found, name) !== 'swap';
  if (found.length !== name.length + 1) return false;
  let i = 0;
  while (i < name.length && found[i] === name[i]) i++;
  return found[i] !== found[i - 1] && found[i] !== found[i + 1];
}

/** camelCase with a lower-case start (`preparedQC`, `viewNumber`), digits inside, or underscores: an identifier, not a name. */
const IDENTIFIER_RE = /^[a-z]+[A-Z]|[A-Za-z]\d+[A-Za-z]|_/;

/**
 * The owner's casing of a name the post writes in another casing only (`Github` → `GitHub`): the names list's
 * spelling (data/glossary/names.json), else the glossary's English name; undefined when the post's is that already.
 */
function ownersCasing(spelling: string, g: Glossary): string | undefined {
  const k = spelling.toLowerCase();
  const owner = ownerSpelling(clusterKey(spelling));
  const gloss = g.byText.get(k)?.flatMap((f) => f.concept.en).find((e) => e.toLowerCase() === k && /[A-Z]/.test(e));
  const name = [owner, gloss].find((x) => x !== undefined && x.toLowerCase() === k);
  return name && name !== spelling ? name : undefined;
}

export const rule: Rule<GradedOptions> = {
  id: 'term/misspelt',
  description: 'A misspelt name: one slip away from a name the post, the glossary or the workspace uses.',
  defaultSeverity: 'warning',
  // The same slip again (`PRC` twice on a line) points to the first finding as a hint: one finding above hint per slip (core/repeats.ts).
  repeats: 'message',
  messages: {
    post: {
      en: '"{found}" looks like a misspelling of "{name}" (written so {count}× in this post, first on line {line}): did you mean "{name}"?',
      'zh-cn': '“{found}”疑为“{name}”的笔误（本文写作“{name}”{count} 次，首见第 {line} 行）。',
    },
    postOwner: {
      en: '"{found}" looks like a misspelling of "{name}" (written "{written}" {count}× in this post, first on line {line}; its owner writes "{name}"): did you mean "{name}"?',
      'zh-cn': '“{found}”疑为“{name}”的笔误（本文写作“{written}”{count} 次，首见第 {line} 行；官方写法为“{name}”）。',
    },
    glossary: {
      en: '"{found}" looks like a misspelling of "{name}" (in the glossary): did you mean "{name}"?',
      'zh-cn': '“{found}”疑为“{name}”的笔误（术语表中的名称）。',
    },
    names: {
      en: '"{found}" looks like a misspelling of the name "{name}": did you mean "{name}"?',
      'zh-cn': '“{found}”疑为名称“{name}”的笔误。',
    },
    workspace: {
      en: '"{found}" looks like a misspelling of "{name}" (written so in {posts} posts of this workspace): did you mean "{name}"?',
      'zh-cn': '“{found}”疑为“{name}”的笔误（工作区中 {posts} 篇文章这样写）。',
    },
    fix: { en: 'Replace with "{name}"', 'zh-cn': '替换为“{name}”' },
    addWord: { en: 'Add "{found}" to the known words (.zhen.yml)', 'zh-cn': '将“{found}”加入已知词（.zhen.yml）' },

    ...CONFIDENCE_MESSAGES,
  },
  check(ctx) {
    const found = misspellings(ctx.post, ctx.config, ctx.workspace);
    const times = new Map<string, number>();
    for (const { run } of found) times.set(run.text, (times.get(run.text) ?? 0) + 1);
    for (const { run, ref } of found) {
      const line = ref.at !== undefined ? positionAt(ctx.post.lineStarts, ref.at).line + 1 : 0;
      // How sure: where the right spelling comes from, and whether the word reads as an identifier or code.
      const ev = contextEvidence(ctx.post, run);
      if (ref.source === 'post') ev.push('sourcePost');
      else if (ref.source === 'names') ev.push('sourceNames');
      else if (ref.source === 'workspace') ev.push('sourceWorkspace');
      // (Two letters or fewer repeated, `GGBGB`: a string of symbols in an example, not a word.)
      if (IDENTIFIER_RE.test(run.text) || new Set(run.text.toLowerCase()).size <= 2) ev.push('identifierShape');
      if (codeTokens(ctx.post).has(run.text)) ev.push('inCode');
      if ((times.get(run.text) ?? 0) >= 2) ev.push('repeated');
      if (run.text.length <= 4) ev.push('short');
      // A short lower-case word with a letter changed or added (`wofi` beside WiFi, `haroop` beside Hadoop, `bhash` beside bash):
      // the slips of typing a name one knows drop or swap letters (`glang`, `vualt`) or double one; a word of a few letters
      // that differs otherwise is as often a name of its own (a launcher, an editor, a kernel's bind hash).
      if (/^[a-z]{1,6}$/.test(run.text) && changedOrAdded(run.text, ref.key)) ev.push('shortChanged');
      // One of a list of lower-case values (`debug、info、warn、dpanic、panic`): a value named as written.
      if (/^[a-z]+$/.test(run.text) && amongPeers(ctx.post.prose, run.start, run.end, (w) => /^[a-z][a-z0-9_.-]*$/.test(w))) ev.push('valueList');
      // The post writes the name in a casing its owner does not (`Github`): suggest the owner's (`GitHub`), not the post's.
      const owner = ref.source === 'post' ? ownersCasing(ref.spelling, analyzeTerms(ctx.post, ctx.config).glossary) : undefined;
      const name = owner ?? ref.spelling;
      reportGraded(ctx, {
        messageId: owner ? 'postOwner' : ref.source,
        data: { found: run.text, name, written: ref.spelling, count: ref.count ?? 0, posts: ref.posts ?? 0, line },
        span: { start: run.start, end: run.end },
        fixes: [
          replaceFix(ctx.t('fix', { name }), { start: run.start, end: run.end }, name),
          { title: ctx.t('addWord', { found: run.text }), edits: [], configEdit: { key: 'words', item: run.text as unknown as Record<string, unknown> } },
        ],
        detail: { found: run.text, name, source: ref.source },
      }, 'misspelt', ev, { preferred: name });
    }
  },
};
