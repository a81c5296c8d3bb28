/**
 * Renderings anchored by their English: `模块路径（module path）`, `鲁棒性 (Robustness)`,
 * `module path（模块路径）` and the rows of a terms table (`| robustness | 鲁棒性 |`) say that a
 * Chinese word renders an English term. Read from the author's prose of one post (memoised per
 * post); the English is a term of one to four words, not an abbreviation (term/abbr-undefined
 * reads those), not a name (an example in parentheses, `消息队列（Kafka）`, is no rendering) and
 * not a sentence. From them:
 *
 * - term/mixed: one English term rendered two ways in a post (`模块路径（module path）` …
 *   `模块版本（module path）`), or glossed one way and written another way that the glossary or
 *   another post of the workspace gives for it (`鲁棒性 (Robustness)` … `健壮性`);
 * - term/variant: a rendering other than the glossary's preferred one;
 * - term/cross-post: posts of one workspace rendering one English term differently.
 *
 * Chinese has no spaces, so where a rendering starts is a guess (the run of Chinese before the
 * parentheses, cut after words such as 的, 是, 使用); two renderings are the same when one ends
 * with the other or they end in the same two characters (`服务注册中心` / `注册中心`,
 * `分布式事务` / `全局事务` both render `transaction` with 事务).
 */
import type { Config, Span, Workspace, WorkspaceIndex } from '../../types';
import type { Post } from '../../document';
import { CJK_RANGES, hasCjk } from '../../cjk';
import { blockWindows, memoized, windowPass, type BlockWindow } from '../../blockCache';
import { ATOM, MARK } from '../../document';
import { analyzeTerms, isAbbrLike } from './analysis';
import { isLatinForm, type Concept, type Glossary } from './glossary';
import { canonicalNames, clusterKey } from './names';
import { isKnownWord } from './known';
import { Matcher } from './matcher';
import { codeWords } from './confidence';

export interface Rendering {
  /** The English as written. */
  en: string;
  /** renderingKey(en). */
  key: string;
  /** The Chinese run as written before the parentheses (or inside them, or in the cell). */
  run: string;
  /** The rendering: the run cut after function words (`的`, `是`, `使用`). */
  zh: string;
  zhSpan: Span;
  enSpan: Span;
  /** The whole anchor (`模块路径（module path）`). */
  span: Span;
  kind: 'gloss' | 'reverse' | 'table';
}

export interface PostRenderings {
  list: Rendering[];
  byKey: Map<string, Rendering[]>;
}

const CJK = CJK_RANGES;
const CJK_CELL_RE = new RegExp(`^[${CJK}]{2,8}$`);
/** `中文 (English)`, `中文（英文：English）`, `中文（English，…）`. */
const GLOSS_RE = new RegExp(
  `([${CJK}]{2,16})[ \\u00a0${MARK}]*[(（][ \\u00a0]*(?:英文名?|英语|English|又称|也称|即)?[:：为是 \\u00a0]*` +
    `([A-Za-z][A-Za-z'’-]*(?:[ \\u00a0][A-Za-z][A-Za-z'’-]*){0,3})[ \\u00a0]*(?:[,，;；、][^)）\\n]{0,40})?[)）]`,
  'g',
);
/** `English（中文）`: the English after Chinese, punctuation or the start of the block. */
const REVERSE_RE = new RegExp(`(?:^|(?<=[${CJK}，。、；：“”‘’（）！？${MARK}\\s]))([A-Za-z][A-Za-z'’-]*(?:[ \\u00a0][A-Za-z][A-Za-z'’-]*){0,3})[ \\u00a0${MARK}]*[(（]([${CJK}]{2,10})[)）]`, 'g');
/**
 * Words before a rendering that are not part of it: the run is cut after the last one. (`进行`, the light verb of `对X进行Y (English)`:
 * the English renders the action Y, not the object X; session 17, pingcap's `对物理数据进行整理 (Compaction)`.)
 */
const CUT_RE = /^.*(?:的|了|是|在|把|被|将|这|那|该|此|即|叫做|叫|称为|称作|称|和|与|或|及|个|种|对|到|而|进行|一条|一项|一些|一位|一次|使用|通过|采用|利用|引入|提供|支持|实现|包括|包含|基于|作为|成为|我们|它们|所谓)/;
/** Words that make a parenthesised Chinese text a remark rather than a rendering. */
const REMARK_RE = /不是|上面|下面|上图|下图|版本|例如|比如|注意|可以|需要|没有|应该|已经|因为|所以|如果|这个|那个|这里|可能|默认|[了吗呢吧被的是]/;
/** English that is a phrase of a sentence rather than a term. */
const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'to', 'is', 'are', 'was', 'be', 'it', 'this', 'that', 'you', 'we', 'i', 'not', 'can', 'will', 'how', 'what', 'why', 'your', 'my', 'our', 'if', 'do', 'does', 'see', 'eg', 'ie', 'etc', 'vs']);
/** Values and switches (`即关闭 (false)`, `（默认 on）`): a setting, not a term. */
const VALUE_WORDS = new Set(['true', 'false', 'null', 'nil', 'none', 'yes', 'no', 'on', 'off', 'enable', 'enabled', 'disable', 'disabled', 'default', 'auto', 'optional', 'required']);

/** The normal form of an English term: lower case, one space between words, hyphens as spaces, a plural `s` left out. */
export function renderingKey(en: string): string {
  const words = en.toLowerCase().replace(/[’']/g, '').split(/[\s\u00a0-]+/).filter(Boolean);
  const last = words.length - 1;
  if (last >= 0 && words[last].length > 3 && /[^su]s$/.test(words[last]) && !/(?:ss|is|us)$/.test(words[last])) words[last] = words[last].slice(0, -1);
  return words.join(' ');
}

/** Do two renderings of one English term agree: one is part of the other, or both end in the same two characters? */
export function sameRendering(a: string, b: string): boolean {
  // `服务注册中心` / `注册中心`, `共识层` / `共识`, `可重复读隔离级别` / `可重复读`: one inside the other.
  if (a.includes(b) || b.includes(a)) return true;
  return a.length >= 2 && b.length >= 2 && a.slice(-2) === b.slice(-2);
}

/** Characters too common to show that two words share a morpheme. */
const WEAK_CHARS = new Set([...'已的了是在被一不个这那']);

/**
 * Do two different renderings share a character (`鲁棒性` / `健壮性`, `模块路径` / `模块版本`,
 * `声明宏` / `声明式宏`)? Two renderings of one term nearly always do; where they share none, the
 * English in parentheses was no gloss of the Chinese before it (a field name `顶层键 (key)`, an
 * example, a label `添加 (Capabilities)`), so no drift is claimed.
 */
export function shareMorpheme(a: string, b: string): boolean {
  for (const ch of a) if (!WEAK_CHARS.has(ch) && b.includes(ch)) return true;
  return false;
}

/** A run ending in one of these is a phrase (`日志的 (term)`, `比较两个 (term)`), not a rendering. */
const PHRASE_END_RE = /[的了是在和与或把被将个种对从向于为等到而]$/;
/** The longest rendering read before parentheses: longer runs are phrases (`每行数据按照如下规则编码成 (Key)`). */
const MAX_RENDERING = 6;
/**
 * The longest ending of a long run taken when the post writes it elsewhere too (`开发里程碑版本` in
 * `开发里程碑版本 (Development Milestone Releases, DMR)`, a heading of the same words): a word the
 * post repeats whole is read whole, not one character short.
 */
const MAX_REPEATED_RENDERING = 8;

/**
 * The rendering in a run of Chinese before the parentheses (cut after function words): a string,
 * `undefined` for a phrase, or `long` for a run too long after the cut (`也关心可伸缩性`), whose
 * longest ending that the post writes elsewhere too (`可伸缩性`) is taken, if any (see compute).
 */
export function renderingOf(run: string): string | 'long' | undefined {
  if (PHRASE_END_RE.test(run)) return undefined;
  const cut = run.replace(CUT_RE, '');
  if (cut.length >= 2 && cut.length <= MAX_RENDERING) return cut;
  return cut.length > MAX_RENDERING ? 'long' : undefined;
}

/** Is the English a term that a Chinese word may render (not a name, an abbreviation, code or a sentence)? */
function termShaped(en: string): boolean {
  const words = en.split(/[\s\u00a0]+/);
  if (words.length === 1 && isAbbrLike(en)) return false;
  if (words.some((w) => FUNCTION_WORDS.has(w.toLowerCase())) || (words.length === 1 && VALUE_WORDS.has(en.toLowerCase()))) return false;
  // An identifier or a name in its owner's casing (`prevLogIndex`, `GitHub`, `RabbitMQ`): an example, not a rendering.
  if (words.some((w) => /[a-z][A-Z]/.test(w) || (w.length > 1 && /^[A-Z]+$/.test(w)))) return false;
  if (canonicalNames().has(clusterKey(en))) return false;
  // A capitalised word no dictionary knows is a name (`Kafka`, `Istio`).
  if (words.some((w) => /^[A-Z]/.test(w) && !isKnownWord(w))) return false;
  return words.every((w) => w.replace(/['’-]/g, '').length >= 2);
}

/** The gloss with its rendering, the last `zh.length` characters of the run. */
function withRendering(r: Rendering, zh: string): Rendering {
  const start = r.zhSpan.end - zh.length;
  return { ...r, zh, zhSpan: { start, end: r.zhSpan.end }, span: { start, end: r.span.end } };
}

const memo = new WeakMap<Post, PostRenderings>();

export function postRenderings(post: Post): PostRenderings {
  let r = memo.get(post);
  if (!r) memo.set(post, (r = compute(post)));
  return r;
}

/**
 * What one block gives the pass (kept by the run's rule cache, blockCache.ts, by the block's window:
 * an edit reads only the blocks it changed), in offsets relative to the block's start.
 */
interface BlockRenderings {
  /** Glosses and reversed glosses whose rendering was read, in the order found. */
  list: Rendering[];
  /** Glosses after a long run of Chinese, resolved over the whole post (`longEndings`). */
  long: Rendering[];
  /** The English key of each gloss whose rendering could not be read. */
  unread: string[];
  /** A table cell: its Chinese term or English term (trimmed, with its span), or whether it holds something else. */
  cell?: { latin?: { en: string; span: Span }; cjk?: { zh: string; span: Span }; other?: boolean };
}

const NO_RENDERINGS: BlockRenderings = { list: [], long: [], unread: [] };

/** The renderings of one block (a table cell's term), read from its window alone. */
function blockRenderings(w: BlockWindow): BlockRenderings {
  const blockText = w.prose.slice(w.from, w.to);
  if (w.block.type === 'tableCell') {
    const cell = blockText.replace(/^[\s\uE000]+|[\s\uE000]+$/g, '');
    const at = blockText.indexOf(cell);
    if (CJK_CELL_RE.test(cell)) return { ...NO_RENDERINGS, cell: { cjk: { zh: cell, span: { start: at, end: at + cell.length } } } };
    if (/^[A-Za-z][A-Za-z'’ -]{1,40}$/.test(cell) && termShaped(cell)) return { ...NO_RENDERINGS, cell: { latin: { en: cell, span: { start: at, end: at + cell.length } } } };
    return { ...NO_RENDERINGS, cell: { other: !!cell } };
  }
  // Blocks without Chinese hold no rendering.
  if (!hasCjk(blockText) || (!blockText.includes('(') && !blockText.includes('（'))) return NO_RENDERINGS;
  const out: BlockRenderings = { list: [], long: [], unread: [] };
  GLOSS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = GLOSS_RE.exec(blockText))) {
    const en = m[2];
    if (!termShaped(en) || m[0].includes(ATOM)) continue;
    const run = m[1];
    const zh = renderingOf(run);
    const zhEnd = m.index + run.length;
    const enStart = m.index + m[0].indexOf(en, run.length);
    const r: Rendering = { en, key: renderingKey(en), run, zh: '', zhSpan: { start: zhEnd, end: zhEnd }, enSpan: { start: enStart, end: enStart + en.length }, span: { start: zhEnd, end: m.index + m[0].length }, kind: 'gloss' };
    if (zh === 'long') out.long.push(r);
    else if (!zh) out.unread.push(r.key);
    else out.list.push(withRendering(r, zh));
  }
  REVERSE_RE.lastIndex = 0;
  while ((m = REVERSE_RE.exec(blockText))) {
    const en = m[1];
    const zh = m[2];
    if (!termShaped(en) || REMARK_RE.test(zh)) continue;
    const enStart = m.index;
    const zhStart = m.index + m[0].lastIndexOf(zh);
    out.list.push({ en, key: renderingKey(en), run: zh, zh, zhSpan: { start: zhStart, end: zhStart + zh.length }, enSpan: { start: enStart, end: enStart + en.length }, span: { start: enStart, end: m.index + m[0].length }, kind: 'reverse' });
  }
  return out.list.length || out.long.length || out.unread.length ? out : NO_RENDERINGS;
}

/** A rendering read in a block, at its place in the post. */
function placed(r: Rendering, bs: number): Rendering {
  return { ...r, zhSpan: { start: r.zhSpan.start + bs, end: r.zhSpan.end + bs }, enSpan: { start: r.enSpan.start + bs, end: r.enSpan.end + bs }, span: { start: r.span.start + bs, end: r.span.end + bs } };
}

/** Is the block on a quoted line (`> …` before it on its line)? Quotations are someone else's words. */
function quotedLine(text: string, bs: number): boolean {
  for (let i = text.lastIndexOf('\n', bs - 1) + 1; i <= bs && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return c === 62; /* > */
  }
  return false;
}

/** The most places of one ending that the long glosses' check reads. */
const MAX_ENDING_PLACES = 8;
let lastWordsId = 0;
const NO_PLACES: number[] = [];

/**
 * Where the prose view writes each of `words` (Chinese endings: no line break inside), the first
 * `MAX_ENDING_PLACES` places of each in order. Each window's places (relative to it) are kept by the
 * rule cache under the word list's id, so an edit scans only its block and what lies between windows
 * (code, markup: masked, so most of it has no Chinese and is skipped); the windows of a table row
 * share their lines, which are scanned once.
 */
function endingPlaces(post: Post, windows: readonly BlockWindow[], words: string[]): number[][] {
  const { prose } = post;
  const at = words.map(() => [] as number[]);
  let matcher: Matcher | undefined;
  const find = () => (matcher ??= new Matcher(words));
  const take = (start: number, pattern: number) => {
    if (at[pattern].length < MAX_ENDING_PLACES) at[pattern].push(start);
  };
  const scan = (from: number, to: number) => {
    if (from < to && hasCjkIn(prose, from, to)) for (const hit of find().findAll(prose, from, to)) take(hit.start, hit.pattern);
  };
  const id = memoized(post, 'term/ending-words', words.join('\n'), () => String(++lastWordsId));
  let covered = 0;
  const placesIn = windowPass(post, 'term/endings', (w) => {
    if (!hasCjk(w.prose)) return NO_PLACES;
    const hits = find().findAll(w.prose);
    const out: number[] = [];
    for (const h of hits) out.push(h.start, h.pattern);
    return out.length ? out : NO_PLACES;
  });
  for (let k = 0; k < windows.length; k++) {
    const w = windows[k];
    const stop = w.base + w.prose.length;
    if (w.base >= covered) {
      scan(covered, w.base);
      const local = placesIn(w, id);
      for (let i = 0; i < local.length; i += 2) take(local[i] + w.base, local[i + 1]);
      covered = stop;
    } else if (stop > covered) {
      scan(covered, stop);
      covered = stop;
    }
  }
  scan(covered, prose.length);
  return at;
}

const ANY_CJK = new RegExp(`[${CJK}]`, 'g');

/** Is there a Chinese character in text[from, to)? (A regex's scan: what lies between windows is mostly masked code.) */
function hasCjkIn(text: string, from: number, to: number): boolean {
  ANY_CJK.lastIndex = from;
  const m = ANY_CJK.exec(text);
  return !!m && m.index < to;
}

function compute(post: Post): PostRenderings {
  const { prose, text } = post;
  const list: Rendering[] = [];
  // Glosses whose rendering could not be read, by English key: they still count towards a label (below).
  const unread = new Map<string, number>();
  // Glosses after a long run of Chinese: resolved below by the endings the post writes elsewhere.
  const long: Rendering[] = [];
  const tableRows = new Map<number, Array<{ latin?: { en: string; span: Span }; cjk?: { zh: string; span: Span }; other?: boolean }>>();
  const windows = blockWindows(post);
  const partOf = windowPass(post, 'term/renderings', blockRenderings);
  // (Indexed loops: a for-of over an array allocates an iterator, and a result per item, wherever V8 runs the loop unoptimised.)
  for (let k = 0; k < windows.length; k++) {
    const w = windows[k];
    const bs = w.block.span.start;
    // (A table's cells are read one by one, the English cell of a row too: before session 20 the test for Chinese came first and
    // dropped it, so no row ever paired.)
    if (quotedLine(text, bs)) continue;
    const part = partOf(w);
    if (part.cell) {
      const { latin, cjk, other } = part.cell;
      const row = prose.lastIndexOf('\n', bs - 1);
      let cells = tableRows.get(row);
      if (!cells) tableRows.set(row, (cells = []));
      const at = (s: Span): Span => ({ start: s.start + bs, end: s.end + bs });
      cells.push(cjk ? { cjk: { zh: cjk.zh, span: at(cjk.span) } } : latin ? { latin: { en: latin.en, span: at(latin.span) } } : { other });
      continue;
    }
    for (let i = 0; i < part.list.length; i++) list.push(placed(part.list[i], bs));
    for (let i = 0; i < part.long.length; i++) long.push(placed(part.long[i], bs));
    for (let i = 0; i < part.unread.length; i++) unread.set(part.unread[i], (unread.get(part.unread[i]) ?? 0) + 1);
  }
  // The longest ending (8 to 3 characters) of a long run that the post writes outside the gloss too,
  // found for all such glosses in one pass of a matcher over the prose (the pass stays linear). An
  // ending written elsewhere only inside the same longer word (`发里程碑版本` only ever in
  // `开发里程碑版本`) is no word of its own: the gloss is not cut there.
  if (long.length) {
    const endings = new Map<string, number>();
    const cuts = long.map((r) => r.run.replace(CUT_RE, ''));
    for (const cut of cuts) for (let n = Math.min(MAX_REPEATED_RENDERING, cut.length); n >= 3; n--) if (!endings.has(cut.slice(-n))) endings.set(cut.slice(-n), endings.size);
    const words = [...endings.keys()];
    const at = endingPlaces(post, windows, words);
    long.forEach((r, i) => {
      const cut = cuts[i];
      for (let n = Math.min(MAX_REPEATED_RENDERING, cut.length); n >= 3; n--) {
        const w = cut.slice(-n);
        const own = r.zhSpan.end - n;
        const before = cut[cut.length - n - 1];
        if (at[endings.get(w)!].some((p) => p !== own && (before === undefined || prose[p - 1] !== before))) {
          list.push(withRendering(r, w));
          return;
        }
      }
      unread.set(r.key, (unread.get(r.key) ?? 0) + 1);
    });
  }
  // A terms table: rows of one English term and one Chinese term, two such rows at least. A row with anything else in another
  // cell is no pair (`| death_year | smallint | 卒年 |`: the type is no term of the column's name; `| Push | 发送方将…推送给接收方 |
  // 发送方有新数据 |`: a table of cases, the last cell a condition), nor is the header row, `| English | 中文 |` (session 20).
  const pairs: Rendering[] = [];
  for (const cells of tableRows.values()) {
    const latin = cells.filter((c) => c.latin);
    const cjk = cells.filter((c) => c.cjk);
    if (latin.length !== 1 || cjk.length !== 1 || cells.some((c) => c.other) || /^english$/i.test(latin[0].latin!.en)) continue;
    const l = latin[0].latin!;
    const c = cjk[0].cjk!;
    pairs.push({ en: l.en, key: renderingKey(l.en), run: c.zh, zh: c.zh, zhSpan: c.span, enSpan: l.span, span: { start: Math.min(l.span.start, c.span.start), end: Math.max(l.span.end, c.span.end) }, kind: 'table' });
  }
  if (pairs.length >= 2) list.push(...pairs);
  list.sort((a, b) => a.span.start - b.span.start);
  const byKey = new Map<string, Rendering[]>();
  for (const r of list) {
    const arr = byKey.get(r.key);
    if (arr) arr.push(r);
    else byKey.set(r.key, [r]);
  }
  // An English word in parentheses after three or more different Chinese words is a label, a type or a
  // status (`数据库用户名 (string)`, `数据库密码 (string)`, …; `(experimental)`), not a rendering.
  for (const [key, rs] of byKey) {
    const distinct: string[] = [];
    for (const r of rs) if (!distinct.some((d) => sameRendering(d, r.zh))) distinct.push(r.zh);
    if (distinct.length + (unread.get(key) ?? 0) >= 3) byKey.delete(key);
  }
  const kept = list.filter((r) => byKey.has(r.key));
  return { list: kept, byKey };
}

/**
 * Where the post writes a Chinese word in its prose (outside code, which the prose view masks),
 * at most `max` places; a word of two characters only where no Chinese letter follows or precedes
 * that would make it part of a longer word is not checked here (callers use three characters or more).
 */
export function occurrences(post: Post, word: string, max = 50): number[] {
  const out: number[] = [];
  if (!word) return out;
  let i = post.prose.indexOf(word);
  while (i >= 0 && out.length < max) {
    out.push(i);
    i = post.prose.indexOf(word, i + word.length);
  }
  return out;
}

const keyMemo = new WeakMap<Glossary, Map<string, Concept[]>>();

/**
 * renderingKey of every English form of the glossary's concepts → the concepts: the hand-written ones
 * and imported ones on whose rendering two sources agree (names and abbreviations left out).
 */
export function conceptsByKey(g: Glossary): Map<string, Concept[]> {
  let m = keyMemo.get(g);
  if (m) return m;
  m = new Map();
  for (const c of g.concepts) {
    // A rendering from one translation glossary only may be that project's own choice (`metrics` → 统计): not evidence.
    if (c.name || !c.zh.length || (c.imported && !c.agreed)) continue;
    for (const f of new Set([...c.en, ...c.variants.filter(isLatinForm)].map(renderingKey))) {
      if (!f) continue;
      const arr = m.get(f);
      if (arr) arr.push(c);
      else m.set(f, [c]);
    }
  }
  keyMemo.set(g, m);
  return m;
}

/** The Chinese spellings that render a concept: its zh forms and Chinese variants. */
export function cjkForms(c: Concept): string[] {
  return [...c.zh, ...c.variants.filter((v) => !isLatinForm(v))];
}

/** English key → rendering → the posts that gloss it so (from each post's term summary `renders`). */
export type RenderingAggregate = Map<string, Map<string, string[]>>;
const aggMemo = new WeakMap<WorkspaceIndex, { version: number; agg: RenderingAggregate }>();

export function aggregateRenderings(index: WorkspaceIndex): RenderingAggregate {
  const m = aggMemo.get(index);
  if (m && m.version === index.version) return m.agg;
  const agg: RenderingAggregate = new Map();
  for (const [path, s] of index.posts) {
    const t = s.term as { renders?: Record<string, Record<string, number>> } | undefined;
    const r = t && typeof t === 'object' ? t.renders : undefined;
    if (!r || typeof r !== 'object') continue;
    for (const [key, zhs] of Object.entries(r)) {
      if (!zhs || typeof zhs !== 'object') continue;
      let k = agg.get(key);
      if (!k) agg.set(key, (k = new Map()));
      for (const zh of Object.keys(zhs)) {
        const posts = k.get(zh);
        if (posts) posts.push(path);
        else k.set(zh, [path]);
      }
    }
  }
  aggMemo.set(index, { version: index.version, agg });
  return agg;
}

/**
 * A terms page: a post whose terms table (rows of one English term and one Chinese term) has this many rows or more, such as
 * pingcap's `resources/tidb-terms.md` (383 rows) or hello-algo's `terminology.md` (113): the site's chosen renderings, its house
 * wording. A table of a few rows in a post on something else (a comparison, a list of settings) is no such choice.
 */
export const TERMS_PAGE_ROWS = 20;
/** The most rows of a terms page kept in the post's summary. */
const MAX_TABLE_ROWS = 2000;

/** The rows of this post's terms table, if the post is a terms page (TERMS_PAGE_ROWS): English key → its Chinese rendering(s). */
export function termsTable(post: Post): Record<string, string[]> | undefined {
  // (Read here, with every row: postRenderings pairs a post's rows too, but only a post of two such rows or more, and drops an
  // English word it reads as a label of three different Chinese words.)
  const { prose, text } = post;
  const rows = new Map<number, { en: string[]; zh: string[]; other: number }>();
  for (const block of post.blocks) {
    if (block.type !== 'tableCell') continue;
    const { start: bs, end: be } = block.span;
    const lineStart = text.lastIndexOf('\n', bs - 1) + 1;
    if (/^[ \t]*>/.test(text.slice(lineStart, bs + 1))) continue;
    const cell = prose.slice(bs, be).replace(/^[\s\uE000]+|[\s\uE000]+$/g, '');
    const at = prose.lastIndexOf('\n', bs - 1);
    let row = rows.get(at);
    if (!row) rows.set(at, (row = { en: [], zh: [], other: 0 }));
    if (CJK_CELL_RE.test(cell)) row.zh.push(cell);
    else if (/^[A-Za-z][A-Za-z'’ -]{1,40}$/.test(cell) && termShaped(cell)) row.en.push(cell);
    else if (cell) row.other++;
  }
  // (Not the header row, `| English | 中文 |`.)
  const pairs = [...rows.values()].filter((r) => r.en.length === 1 && r.zh.length === 1 && !/^english$/i.test(r.en[0]));
  if (pairs.length < TERMS_PAGE_ROWS) return undefined;
  const out: Record<string, string[]> = {};
  for (const r of pairs.slice(0, MAX_TABLE_ROWS)) {
    const zh = (out[renderingKey(r.en[0])] ??= []);
    if (!zh.includes(r.zh[0])) zh.push(r.zh[0]);
  }
  return out;
}

/** English key → the renderings the site's terms pages give it, with the page (the first one, by path). */
export type TermsTableAggregate = Map<string, { zh: string[]; post: string }>;
const tableMemo = new WeakMap<WorkspaceIndex, { version: number; agg: TermsTableAggregate }>();

export function aggregateTermsTables(index: WorkspaceIndex): TermsTableAggregate {
  const m = tableMemo.get(index);
  if (m && m.version === index.version) return m.agg;
  const agg: TermsTableAggregate = new Map();
  for (const path of [...index.posts.keys()].sort()) {
    const t = index.posts.get(path)!.term as { table?: Record<string, string[]> } | undefined;
    const table = t && typeof t === 'object' ? t.table : undefined;
    if (!table || typeof table !== 'object') continue;
    for (const [key, zh] of Object.entries(table)) if (Array.isArray(zh) && !agg.has(key)) agg.set(key, { zh: zh.filter((x) => typeof x === 'string'), post: path });
  }
  tableMemo.set(index, { version: index.version, agg });
  return agg;
}

/**
 * The wording the site's terms page gives a concept: one of the concept's Chinese spellings that the page writes for one of its
 * English names (`| data directory | 数据路径 |` for 数据目录 / 数据路径), with the page; undefined where the site has no terms page,
 * the page lacks the concept, or gives it a wording the glossary does not know for it (then there is nothing to side with).
 */
export function tableWording(index: WorkspaceIndex | undefined, concept: Concept): { form: string; post: string } | undefined {
  if (!index || !index.posts.size) return undefined;
  const agg = aggregateTermsTables(index);
  if (!agg.size) return undefined;
  const forms = cjkForms(concept);
  for (const en of [...concept.en, ...concept.variants.filter(isLatinForm)]) {
    const row = agg.get(renderingKey(en));
    const form = row?.zh.find((z) => forms.includes(z));
    if (row && form) return { form, post: row.post };
  }
  return undefined;
}

/** The renderings this post glosses, for its summary: English key → rendering → glosses (at most 100 keys). */
export function summarizeRenderings(post: Post): Record<string, Record<string, number>> | undefined {
  const { byKey } = postRenderings(post);
  if (!byKey.size) return undefined;
  const out: Record<string, Record<string, number>> = {};
  let n = 0;
  for (const [key, list] of byKey) {
    if (++n > 100) break;
    const c = (out[key] = {} as Record<string, number>);
    for (const r of list) c[r.zh] = (c[r.zh] ?? 0) + 1;
    // A wording inside a longer one this post glosses the term with at least as often is a fragment of it read off a long run
    // (`自动整理物理数据（Compaction）` beside `物理数据整理（Compaction）` ×2: 物理数据 is the object, not a rendering), not a
    // rendering for other posts to be measured against (session 17).
    for (const zh of Object.keys(c)) if (Object.keys(c).some((o) => o !== zh && o.includes(zh) && c[o] >= c[zh])) delete c[zh];
  }
  return out;
}

export interface RenderingGroup {
  zh: string;
  /** Glosses in this post with this rendering. */
  anchors: Rendering[];
  /** Unglossed uses in this post (for a rendering known from the glossary or another post). */
  uses: Span[];
  source?: 'glossary' | 'workspace';
  /** Other posts that gloss the English term with this rendering. */
  posts?: string[];
  preferred: boolean;
}

export interface RenderingDrift {
  key: string;
  /** The English as first written. */
  en: string;
  keep: RenderingGroup;
  others: RenderingGroup[];
}

const driftMemo = new WeakMap<Post, WeakMap<object, RenderingDrift[]>>();

/**
 * English terms this post renders two ways: two glosses (`模块路径（module path）` … `模块版本（module
 * path）`), or a gloss and the unglossed use of a rendering that the glossary or another post of
 * the workspace gives for the same English (`鲁棒性 (Robustness)` … `健壮性`). The rendering to keep
 * has the most glosses, then the most uses; in a tie the glossary's preferred one, then the first.
 */
export function renderingDrifts(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>): RenderingDrift[] {
  const terms = analyzeTerms(post, config);
  const memoKey = (workspace.index ?? terms.glossary) as object;
  let m = driftMemo.get(post);
  if (!m) driftMemo.set(post, (m = new WeakMap()));
  const hit = m.get(memoKey);
  if (hit) return hit;
  const out: RenderingDrift[] = [];
  m.set(memoKey, out);
  const { list, byKey } = postRenderings(post);
  if (!list.length) return out;
  const conceptMap = conceptsByKey(terms.glossary);
  const agg = workspace.index && workspace.index.posts.size ? aggregateRenderings(workspace.index) : undefined;
  const self = workspace.path;
  // (Overlapping a gloss, not only starting inside it: `最大非严重错误 (non-fatal errors)` holds another post's `最大非严重`, read off
  // `最大非严重 (non-fatal errors) 错误数` there; it is this gloss's own wording, not a second one. Session 16.)
  const runStart = (r: Rendering) => (r.run.endsWith(r.zh) ? Math.min(r.span.start, r.zhSpan.end - r.run.length) : r.span.start);
  const insideAnchor = (s: number, e: number) => list.some((r) => s < r.span.end && runStart(r) < e);
  for (const [key, anchors] of byKey) {
    const concepts = conceptMap.get(key) ?? [];
    const preferred = (zh: string) => concepts.some((c) => !!c.zh[0] && sameRendering(c.zh[0], zh));
    const groups: RenderingGroup[] = [];
    for (const a of anchors) {
      const g = groups.find((x) => sameRendering(x.zh, a.zh));
      if (g) g.anchors.push(a);
      else groups.push({ zh: a.zh, anchors: [a], uses: [], preferred: preferred(a.zh) });
    }
    const candidates: Array<{ zh: string; source: 'glossary' | 'workspace'; concept?: Concept; posts?: string[] }> = [];
    for (const c of concepts) {
      const forms = cjkForms(c);
      // A gloss with one of the concept's own spellings: term/mixed's glossary check compares them already.
      if (groups.some((g) => forms.some((f) => sameRendering(f, g.zh)))) continue;
      for (const f of forms) candidates.push({ zh: f, source: 'glossary', concept: c });
    }
    for (const [zh, posts] of agg?.get(key) ?? []) {
      const others = posts.filter((p) => p !== self);
      // Two characters are too often part of a longer word to be searched for as text.
      if (others.length && zh.length >= 3) candidates.push({ zh, source: 'workspace', posts: others });
    }
    for (const cand of candidates) {
      if (groups.some((g) => sameRendering(g.zh, cand.zh)) || !groups.some((g) => shareMorpheme(g.zh, cand.zh))) continue;
      const uses: Span[] = cand.concept
        ? (terms.conceptHits.get(cand.concept) ?? [])
            .filter((i) => {
              const h = terms.blockHits[i];
              return h.text === cand.zh && !h.quoted && !h.cited && !h.inDefinition && h.chineseBlock;
            })
            .map((i) => ({ start: terms.hitStart(i), end: terms.hitEnd(i) }))
        : occurrences(post, cand.zh).map((s) => ({ start: s, end: s + cand.zh.length }));
      const own = uses.filter((u) => !insideAnchor(u.start, u.end));
      if (own.length) groups.push({ zh: cand.zh, anchors: [], uses: own, source: cand.source, posts: cand.posts, preferred: preferred(cand.zh) });
    }
    // A table that gives the English two renderings in two rows (`| load | 负载 |`, `| load | 加载 |`; `| trie | 字典树 |`,
    // `| trie | 单词查找树 |`) lists them on purpose: two senses, or two accepted names (session 20).
    if (groups.filter((g) => !g.uses.length && g.anchors.every((a) => a.kind === 'table')).length >= 2) continue;
    // Two glosses sharing no character: one of them is no gloss (see shareMorpheme); keep the first.
    for (let i = groups.length - 1; i > 0; i--) if (!groups.slice(0, i).some((g) => shareMorpheme(g.zh, groups[i].zh))) groups.splice(i, 1);
    if (groups.length < 2) continue;
    const weight = (g: RenderingGroup) => g.anchors.length + g.uses.length;
    const first = (g: RenderingGroup) => Math.min(g.anchors[0]?.span.start ?? Infinity, g.uses[0]?.start ?? Infinity);
    const ranked = [...groups].sort((a, b) => weight(b) - weight(a) || Number(b.preferred) - Number(a.preferred) || first(a) - first(b));
    out.push({ key, en: anchors[0].en, keep: ranked[0], others: ranked.slice(1) });
  }
  return out;
}

/**
 * Glosses whose rendering is not one the glossary gives for the English term (`服务网络（Service
 * Mesh）` where the glossary renders it 服务网格), in a post that does not write the glossary's
 * rendering elsewhere (then it is drift within the post, term/mixed) and of a workspace whose other
 * posts do not gloss the term (then they are the evidence, term/cross-post).
 */
export function offGlossaryRenderings(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>): Array<{ rendering: Rendering; concept: Concept }> {
  const terms = analyzeTerms(post, config);
  const { list } = postRenderings(post);
  const out: Array<{ rendering: Rendering; concept: Concept }> = [];
  if (!list.length) return out;
  const conceptMap = conceptsByKey(terms.glossary);
  const agg = workspace.index && workspace.index.posts.size ? aggregateRenderings(workspace.index) : undefined;
  // The site's terms page gives its own renderings (`| rolling update | 滚动升级 |`): the site's choice, which other posts are
  // measured against (term/cross-post's houseTable), not a slip from the glossary's (session 20).
  const termsPage = list.some((r) => r.kind === 'table') && !!termsTable(post);
  for (const r of list) {
    if (termsPage && r.kind === 'table') continue;
    // Other posts of the workspace gloss it too: the blog's own usage speaks (term/cross-post compares them).
    if ([...(agg?.get(r.key)?.values() ?? [])].some((posts) => posts.some((p) => p !== workspace.path))) continue;
    const concepts = conceptMap.get(r.key);
    // An English term with several glossary concepts (several senses) says nothing about which one is meant.
    if (!concepts || concepts.length !== 1) continue;
    const c = concepts[0];
    const forms = [...cjkForms(c), ...c.avoid.filter((v) => !isLatinForm(v))];
    if (forms.some((f) => sameRendering(f, r.zh) || r.run.endsWith(f))) continue;
    // Sharing no character with the glossary's rendering, the parentheses more likely name a field or give an example.
    if (!forms.some((f) => shareMorpheme(f, r.zh))) continue;
    if ((terms.conceptHits.get(c) ?? []).some((i) => !terms.blockHits[i].form.latin && terms.blockHits[i].form.kind !== 'avoid')) continue;
    out.push({ rendering: r, concept: c });
  }
  return out;
}

const allKeyMemo = new WeakMap<Glossary, Map<string, string[]>>();

/** renderingKey of every English form of the glossary's concepts (imported ones too, names left out) → their Chinese forms. */
function chineseByKey(g: Glossary): Map<string, string[]> {
  let m = allKeyMemo.get(g);
  if (m) return m;
  m = new Map();
  for (const c of g.concepts) {
    if (c.name) continue;
    const zh = cjkForms(c);
    if (!zh.length) continue;
    for (const f of new Set([...c.en, ...c.variants.filter(isLatinForm)].map(renderingKey))) {
      if (!f) continue;
      const arr = m.get(f);
      if (arr) arr.push(...zh);
      else m.set(f, [...zh]);
    }
  }
  allKeyMemo.set(g, m);
  return m;
}

/**
 * Two wordings glossed with one English word that the post's code writes as an identifier (`class Component`, `SEC("kprobe/…")`),
 * sharing their opening modifier and differing in the head noun, the part after it sharing no character (`内核函数（kprobe）` /
 * `内核探针`, `咖啡的抽象类（Component）` / `抽象组件`), where the glossary's rendering of the English is in one of them only (探针,
 * 组件): the other says what the object named in the code is (the category it belongs to, the role it plays), not a second
 * rendering (session 17, seed-61216 sample). Not for a term of several words (`窗口规模（Window Scaling）` / `窗口缩放选项`,
 * `选举约束` / `选举限制`: two renderings that share no character, drift), and not without a glossary rendering to side with
 * (`模块路径` / `模块版本`).
 */
export function otherHead(post: Post, g: Glossary, a: string, b: string, key: string): boolean {
  if (!/^[a-z][a-z0-9]*$/.test(key) || !codeWords(post).has(key)) return false;
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  if (p < 2) return false;
  const ha = a.slice(p);
  const hb = b.slice(p);
  if (!ha || !hb || shareMorpheme(ha, hb)) return false;
  const forms = chineseByKey(g).get(key) ?? [];
  const renders = (x: string) => forms.some((f) => f.length >= 2 && x.includes(f));
  return renders(a) !== renders(b);
}
