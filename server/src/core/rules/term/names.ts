/**
 * Latin names as the text writes them, for the term rules that do not depend on the glossary:
 * every run of one to four Latin words in the author's Chinese prose (`Go Modules`, `RabbitMQ`,
 * `dev tools`, `SpringBoot2.1` read as `SpringBoot`), its normal form (`nameKey`: case,
 * spaces, hyphens incl. U+2010/U+2011, underscores, dots and full-width letters folded) and
 * whether it is the author's own wording (not code, a URL, an identifier, a quotation, a cited
 * title, a value, a keyword list or a block quotation). Memoised per post.
 *
 * From these come: clusters of one name written two ways in a post (`clusters`, term/mixed),
 * names in a casing their owner never uses (`data/glossary/names.json`, term/variant) and
 * misspelt names (term/misspelt).
 */
import type { Post, ProseBlock } from '../../document';
import { CJK_RANGES, isCjkCode } from '../../cjk';
import { isWordCode } from './matcher';
import { inIdentifier } from './analysis';
import { beforeCommandCue, dotName, inCapsLabel, inCitedLink, inKeywordList, inValueContext, onKeywordItemLine, linksHold, linksRecord, type LinksRecord } from './context';
import { abbrInfo } from './abbreviations';
import { blockWindows, cacheTable, windowPass, type BlockWindow } from '../../blockCache';
import { joinParts, sameStrings } from '../../windowSums';
import { clusterKey, halfWidth, nameKey } from './nameKey';
import { quoted } from './confidence';
import namesData from '../../../../../data/glossary/names.json';

export { clusterKey, nameKey, halfWidth };

export interface NameRun {
  start: number;
  end: number;
  /** As written (a glued version number such as the `2.1` of `SpringBoot2.1` left out). */
  text: string;
  /** The spelling that competes: a plural `s` left out (`pods` → `pod`, `APIs` → `API`), one space between words. */
  spelling: string;
  /** clusterKey(spelling). */
  key: string;
  words: number;
  inHeading: boolean;
  /** The author's own wording in Chinese prose (see the header). */
  author: boolean;
  /** A single word inside a longer run (`modules` in `Go modules`). */
  inner: boolean;
}

export interface PostNames {
  /** Whole runs and, for runs of several words, each word (`inner`), in text order. */
  runs: NameRun[];
  /** Author runs (whole runs only) by key. */
  byKey: Map<string, NameRun[]>;
}

const L = 'A-Za-z\\uFF21-\\uFF3A\\uFF41-\\uFF5A';
const D = '0-9\\uFF10-\\uFF19';
/** A word: letters and digits, inner hyphens/underscores, a `.js` suffix (`Node.js`), a `++`/`#` suffix (`C++`, `C#`). */
const WORD = `[${L}][${L}${D}]*(?:(?:[-_\\u2010\\u2011]|\\.(?=[jJ][sS]\\b))[${L}${D}]+)*(?:\\+\\+|#)?`;
const RUN_RE = new RegExp(`${WORD}(?:[ \\u00a0]${WORD})*`, 'g');
const WORD_RE = new RegExp(WORD, 'g');
/** Words that make a run of three or more words an English sentence or title rather than a name. */
const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'is', 'are', 'was', 'be', 'with', 'by', 'from', 'at', 'as', 'it', 'this', 'that', 'you', 'we', 'i', 'not', 'can', 'will', 'how', 'what', 'why', 'your', 'my', 'our', 'if', 'do', 'does']);
const MAX_WORDS = 4;

const memo = new WeakMap<Post, PostNames>();

export function postNames(post: Post): PostNames {
  let r = memo.get(post);
  if (!r) memo.set(post, (r = compute(post)));
  return r;
}

/**
 * Is the block the author's Chinese prose: it has Chinese characters, or it is a short label
 * (a list item or cell of a few words, `- Sharding-jdbc`) in a Chinese post; and it is not a
 * block quotation (someone else's words)? An English sentence or paragraph is not.
 */
function authorBlock(post: Post, w: BlockWindow, glance: WindowGlance, chinesePost: boolean): boolean {
  if (glance.kind === 0 || (glance.kind === 1 && !chinesePost)) return false;
  // The glance read the block's line in its window: its answer holds where the line starts there as in the post (a line break
  // before the block inside the window, or one right before the window; not after a lone carriage return).
  if (glance.lineInWindow || (w.base === 0 ? w.from >= 1 || post.text.charCodeAt(0) !== 10 : post.text.charCodeAt(w.base - 1) === 10)) return !glance.quoteLine;
  const { block } = w;
  const lineStart = post.text.lastIndexOf('\n', block.span.start - 1) + 1;
  return !/^[ \t]*>/.test(post.text.slice(lineStart, block.span.start + 1));
}

/** `"tikv"`, `“Bitcoin”`, `'x'`, `「x」`, `《Title》`: the run is quoted or inside a book title. */
function quotedRun(prose: string, start: number, end: number): boolean {
  const b = prose[start - 1];
  const a = prose[end];
  if (quoted(prose, start, end) || (b === '『' && a === '』')) return true;
  // Inside a book title 《…》 or quotation marks that open and close on the same line.
  const before = prose.slice(Math.max(0, start - 40), start);
  const after = prose.slice(end, end + 40);
  return (/《[^《》\n]*$/.test(before) && /^[^《》\n]*》/.test(after)) || (/“[^“”\n]*$/.test(before) && /^[^“”\n]*”/.test(after));
}

function compute(post: Post): PostNames {
  const runs: NameRun[] = [];
  const byKey = new Map<string, NameRun[]>();
  const windows = blockWindows(post);
  const glanceAt = windowPass(post, 'term/letters', glance);
  const glances = new Array<WindowGlance>(windows.length);
  for (let k = 0; k < windows.length; k++) glances[k] = glanceAt(windows[k]);
  const chinesePost = isChinesePost(post, windows, glances);
  // Runs whose plural `s` was dropped, restored below unless the post writes the singular.
  // (`at`: the run's index in `runs`.)
  const plurals: Array<{ at: number; singular: string; text: string }> = [];
  const parts: BlockNames[] = [];
  const blockNames = blockNamesPass(post);
  for (let k = 0; k < windows.length; k++) {
    const w = windows[k];
    const bs = w.block.span.start;
    const part = blockNames(w, authorBlock(post, w, glances[k], chinesePost));
    parts.push(part);
    const from = runs.length;
    // Not push(...x): a 1 MB paragraph has more runs than a call may take arguments.
    const placed = placedRuns(part, bs);
    for (let i = 0; i < placed.length; i++) runs.push(placed[i]);
    for (let p = 0; p < part.plurals.length; p++) plurals.push({ at: from + part.plurals[p], singular: part.singulars[p], text: part.texts[p] });
  }
  // A plural `s` is dropped only where the post also writes the singular (`pods` beside `Pod`): `Jenkins`,
  // `alias` and `productIds` are no plurals of anything the post writes.
  if (plurals.length) {
    // What the blocks write, joined once and kept while every block writes what it wrote (windowSums.ts `joinParts`: an edit
    // that changes no block's runs reuses it; the scan it replaces went through every block's runs on every edit whenever a
    // singular is written nowhere, as most are).
    // (Without a rule cache, a fresh analysis, nothing would keep the set: the singulars asked about are looked up among what the
    // blocks write until all are found, as before.)
    let seen: (singular: string) => boolean;
    if (cacheTable(post, 'term/names-subs', () => new Map<number, string>())) {
      const written = new Array<readonly string[]>(parts.length);
      for (let k = 0; k < parts.length; k++) written[k] = parts[k].written;
      const all = joinParts(post, 'term/names-written', written, sameStrings, writtenSet);
      seen = (x) => all.has(x);
    } else {
      const unseen = new Set(plurals.map((p) => p.singular));
      for (let k = 0; k < parts.length && unseen.size; k++) for (const l of parts[k].written) unseen.delete(l);
      seen = (x) => !unseen.has(x);
    }
    // (A copy: the placed run is the block's, shared with the next run while the block stays where it is.)
    for (const { at, singular, text } of plurals) if (!seen(singular)) runs[at] = { ...runs[at], spelling: text, key: clusterKey(text) };
  }
  // (Indexed loops: a for-of over an array allocates an iterator result per item wherever V8 runs the loop unoptimised.)
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    if (!r.author || r.inner) continue;
    const arr = byKey.get(r.key);
    if (arr) arr.push(r);
    else byKey.set(r.key, [r]);
  }
  return { runs, byKey };
}

/** Every text the blocks write (their `written`), as one set: the join of term/names-written. */
function writtenSet(parts: ReadonlyArray<readonly string[]>): Set<string> {
  const set = new Set<string>();
  for (let k = 0; k < parts.length; k++) {
    const w = parts[k];
    for (let i = 0; i < w.length; i++) set.add(w[i]);
  }
  return set;
}

/**
 * What the names pass needs of a window on its own (kept by the run's rule cache, blockCache.ts): its
 * Chinese characters and Latin letters (A–Z, a–z), and whether its block has Chinese (`kind` 2), a
 * few Latin words at most (1) or more (0).
 */
interface WindowGlance {
  cjk: number;
  latin: number;
  kind: 0 | 1 | 2;
  /** The block's line, up to its first character, opens with `>` (after spaces): a quotation, as `authorBlock` reads it. */
  quoteLine: boolean;
  /** That line starts inside the window (a line break before the block in it). */
  lineInWindow: boolean;
}

const QUOTE_LINE_RE = /^[ \t]*>/;

function glance(w: BlockWindow): WindowGlance {
  const { cjk, latin } = letters(w.prose, 0, w.prose.length);
  let kind: 0 | 1 | 2 = 0;
  for (let i = w.from; i < w.to && !kind; i++) if (isCjkCode(w.prose.charCodeAt(i))) kind = 2;
  if (!kind && (w.prose.slice(w.from, w.to).match(/[A-Za-z]+/g) ?? []).length <= 4) kind = 1;
  const ls = w.from >= 1 ? w.text.lastIndexOf('\n', w.from - 1) + 1 : 0;
  return { cjk, latin, kind, quoteLine: QUOTE_LINE_RE.test(w.text.slice(ls, w.from + 1)), lineInWindow: ls > 0 };
}

/**
 * A post in Chinese: as many Chinese characters in its prose view as a third of its Latin letters.
 * Summed over the windows' glances and counted directly over what lies between windows (code,
 * markup), so that every character is counted once and an edit counts only its block again.
 */
function isChinesePost(post: Post, windows: readonly BlockWindow[], glances: readonly WindowGlance[]): boolean {
  const { prose } = post;
  let cjk = 0;
  let latin = 0;
  let covered = 0;
  const count = (from: number, to: number) => {
    const c = letters(prose, from, to);
    cjk += c.cjk;
    latin += c.latin;
  };
  for (let k = 0; k < windows.length; k++) {
    const w = windows[k];
    const stop = w.base + w.prose.length;
    if (w.base >= covered) {
      count(covered, w.base);
      cjk += glances[k].cjk;
      latin += glances[k].latin;
      covered = stop;
    } else if (stop > covered) {
      // (Windows overlap on a table row: each cell's window is the row's lines.)
      count(covered, stop);
      covered = stop;
    }
  }
  count(covered, prose.length);
  return cjk >= latin / 3 && cjk > 0;
}

/** Chinese characters and Latin letters (A–Z, a–z) in text[from, to). */
function letters(text: string, from: number, to: number): { cjk: number; latin: number } {
  let cjk = 0;
  let latin = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isCjkCode(c)) cjk++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
  }
  return { cjk, latin };
}

/**
 * The runs of one block (offsets relative to it), kept by the run's rule cache (blockCache.ts) by the
 * block's window (its whole lines), the character after it and whether the block is the author's.
 * What the tests read beyond the window (the links over it; a keyword list's sibling lines; an
 * identifier's or a parenthesis' neighbours past the window's edges: see `NameTest`) is recorded
 * with its answer and asked again before a kept value is used.
 */
/** One block's runs (offsets relative to it) and what the post-level pass needs of them. */
interface BlockNames {
  runs: NameRun[];
  /** Each run's text, one space between words, in lower case: what the block writes. */
  written: string[];
  /** The runs whose spelling dropped a plural `s` (indices, ascending), each with its spelling in lower case and its text, one space between words. */
  plurals: number[];
  singulars: string[];
  texts: string[];
  reads: NameRead[];
  links: LinksRecord;
  /**
   * The runs moved to the block's place in the post (`placedRuns`), kept while the block stays there: a block before an edit
   * gives the post's names the same run objects as on the last run (nothing changes them).
   */
  placed?: { bs: number; runs: NameRun[] };
}

/** The part's runs at post offset `bs`: the same objects as last time while the block has not moved (cf. blockCache `placedReports`). */
function placedRuns(part: BlockNames, bs: number): readonly NameRun[] {
  if (!part.runs.length) return part.runs;
  if (part.placed?.bs !== bs) {
    const runs: NameRun[] = [];
    for (let i = 0; i < part.runs.length; i++) {
      const r = part.runs[i];
      runs.push({ start: r.start + bs, end: r.end + bs, text: r.text, spelling: r.spelling, key: r.key, words: r.words, inHeading: r.inHeading, author: r.author, inner: r.inner });
    }
    part.placed = { bs, runs };
  }
  return part.placed.runs;
}

/**
 * `blockNames` of a window and whether its block is the author's, looked up through one `windowPass` per pass over the post
 * (no closures per window on each edit).
 */
function blockNamesPass(post: Post): (w: BlockWindow, author0: boolean) => BlockNames {
  const subs = cacheTable(post, 'term/names-subs', () => new Map<number, string>());
  const ask = windowPass(
    post,
    'term/names',
    (w, author: boolean) => scanNames(post, w, author),
    (v: BlockNames, w) => {
      if (!linksHold(post, w.base, w.base + w.text.length, v.links)) return false;
      for (const r of v.reads) if (nameAnswer(post, w.block, r.test, w.base + r.s, w.base + r.e, r.flag) !== r.answer) return false;
      return true;
    },
  );
  return (w, author) => ask(w, namesSub(post, subs, author ? 1 : 0, w.base === 0 ? 0 : 1, w.base + w.text.length), author);
}

/**
 * `${0 | 1: the block is the author's}${0 | 1: the window starts the post or not}${the character after the window}`: the short
 * part of term/names's memo key, made once per rule cache and kept in its table (`cacheTable`) by the three, so the windows of a
 * long post join no string each per edit (without a cache it is simply made: nothing keeps it).
 */
function namesSub(post: Post, subs: Map<number, string> | undefined, author: 0 | 1, notFirst: 0 | 1, stop: number): string {
  const code = stop < post.prose.length ? post.prose.charCodeAt(stop) : -1;
  const n = (author * 2 + notFirst) * 65537 + code + 1;
  let sub = subs?.get(n);
  if (sub === undefined) {
    sub = `${author}${notFirst}${post.prose.charAt(stop)}`;
    subs?.set(n, sub);
  }
  return sub;
}

const enum NameTest {
  /** Part of an identifier (`identOf`). */
  Ident,
  /** A command, version string or label rather than the name (`commandOf`; flag: glued to a version). */
  Command,
  /** One keyword of a list of them (`inKeywordList`). */
  Keyword,
}

interface NameRead {
  test: NameTest;
  s: number;
  e: number;
  flag: boolean;
  answer: boolean;
}

function nameAnswer(post: Post, block: ProseBlock, test: NameTest, s: number, e: number, flag: boolean): boolean {
  if (test === NameTest.Ident) return identOf(post.prose, s, e);
  if (test === NameTest.Command) return commandOf(post, block, s, e, flag);
  return inKeywordList(post, s);
}

/** Part of an identifier, a file name or a path. */
function identOf(prose: string, start: number, end: number): boolean {
  // `Phonegap/Cordova`, `PWA/AMP`: a slash between capitalised names is "or", not a path.
  const slashName = (at: number, dir: number) => prose[at] === '/' && /[A-Z]/.test(prose[at + dir] ?? '') && /^[A-Z]/.test(prose.slice(start, end));
  return slashName(end, 1) || slashName(start - 1, -2) ? identifierExceptSlash(prose, start, end) : inIdentifier(prose, start, end);
}

/**
 * A command or a dotfile in lower case (`安装 wireguard 命令行工具`, `.vscode`) is written as the program is called.
 * A lower-case name glued to a version is a version string (`go1.16.4`); a name in capitals inside a
 * Title Case label or next to a keyword in capitals is part of the label (`Avg TiKV GRPC Duration`, `REGION SCATTER`).
 */
function commandOf(post: Post, block: ProseBlock, start: number, end: number, ver: boolean): boolean {
  const { prose } = post;
  const raw = prose.slice(start, end);
  return (raw === raw.toLowerCase() && (ver || beforeCommandCue(prose, end) || dotName(prose, start) || lowerLabel(post, block, start, end))) ||
    (raw === raw.toUpperCase() && /[A-Z]{2}/.test(raw) && inCapsLabel(prose, start, end, (w) => abbrInfo(w).grade > 0));
}

/** One block's runs (see `blockNames`). */
function scanNames(post: Post, w: BlockWindow, author0: boolean): BlockNames {
  const { prose } = post;
  const { block } = w;
  const { start: bs } = block.span;
  const stop = w.base + w.text.length;
  const runs: NameRun[] = [];
  const reads: NameRead[] = [];
  const ask = (test: NameTest, s: number, e: number, flag: boolean) => {
    const answer = nameAnswer(post, block, test, s, e, flag);
    reads.push({ test, s: s - w.base, e: e - w.base, flag, answer });
    return answer;
  };
  const inHeading = block.type === 'heading' || block.type === 'tableCell';
  const text = prose.slice(block.span.start, block.span.end);
  RUN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RUN_RE.exec(text))) {
    let start = block.span.start + m.index;
    let raw = m[0];
    let end = start + raw.length;
    // A word glued to what came before (`abcDef` after a digit, `x.Foo`) is part of something else.
    if (start > 0 && (isWordCode(prose.charCodeAt(start - 1)) || prose[start - 1] === '.' || prose[start - 1] === '$')) continue;
    // `SpringBoot2.1`, `Mit6.824`: a version glued to the name.
    const ver = /^\.\d/.test(prose.slice(end, end + 2)) ? /(\d+)$/.exec(raw) : null;
    if (ver) {
      raw = raw.slice(0, raw.length - ver[1].length);
      end = start + raw.length;
      if (!/[A-Za-z]$/.test(raw)) continue;
    }
    const words = raw.split(/[ \u00a0]/);
    if (words.length > MAX_WORDS) continue;
    if (words.length >= 3 && words.some((w) => FUNCTION_WORDS.has(w.toLowerCase()))) continue;
    // (The tests read the window's lines, but a slash at its start looks two characters back, and the
    // rest of a parenthesis 14 characters on, maybe into the next line.)
    const ident = !ver && (start - 3 < w.base ? ask(NameTest.Ident, start, end, false) : identOf(prose, start, end));
    const command = end + 14 > stop ? ask(NameTest.Command, start, end, !!ver) : commandOf(post, block, start, end, !!ver);
    const author = author0 && !ident && !command && !quotedRun(prose, start, end) && !inCitedLink(post, start, end) && !inValueContext(post, start) &&
      // (A keyword list reads the sibling lines, beyond the window, only from a line that is a one-word list item: recorded then.)
      !(words.length === 1 && onKeywordItemLine(post, start) && ask(NameTest.Keyword, start, end, false)) && !hashTag(prose, start);
    runs.push(makeRun(start - bs, end - bs, raw, words.length, inHeading, author, false));
    if (words.length > 1) {
      WORD_RE.lastIndex = 0;
      let w: RegExpExecArray | null;
      while ((w = WORD_RE.exec(raw))) runs.push(makeRun(start - bs + w.index, start - bs + w.index + w[0].length, w[0], 1, inHeading, author, true));
    }
  }
  const written: string[] = [];
  const plurals: number[] = [];
  const singulars: string[] = [];
  const texts: string[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    const t = r.text.replace(/[ \u00a0]+/g, ' ');
    written.push(t.toLowerCase());
    if (r.spelling === t) continue;
    plurals.push(i);
    singulars.push(r.spelling.toLowerCase());
    texts.push(t);
  }
  return { runs, written, plurals, singulars, texts, reads, links: linksRecord(post, w.base, stop) };
}

/** inIdentifier, with a slash on either side read as a separator. */
function identifierExceptSlash(prose: string, start: number, end: number): boolean {
  const masked = (i: number) => (prose[i] === '/' ? ' ' : prose[i] ?? '');
  const window = prose.slice(Math.max(0, start - 2), start).split('').map((_, i) => masked(Math.max(0, start - 2) + i)).join('');
  const after = [end, end + 1].map(masked).join('');
  const local = window + prose.slice(start, end) + after;
  const off = window.length;
  return inIdentifier(local, off, off + end - start);
}

/** After a name: the rest of a short parenthesis with no Chinese in it, or `或`/`和`/`、` and the next item. */
const PAREN_TAIL_RE = new RegExp(String.raw`^[^)）${CJK_RANGES}]{0,12}[)）]|^[ \u00a0]*(?:或者?|和|与|、)`);
/**
 * A lower-case word that is a key, a label or a value rather than the name: next to another lower-case
 * Latin word (`pd certificate`, `tso wait`, `tiup dm import`), alone in parentheses (`(cmd)`,
 * `(tikv 或者 unistore)`), a key before its value (`acks = all`, a label `pty：` ending its line) or a
 * heading that is that word only (`### proxy`, a config section).
 */
function lowerLabel(post: Post, block: ProseBlock, start: number, end: number): boolean {
  const { prose } = post;
  if (/^ [a-z][a-z0-9_]*\b/.test(prose.slice(end, end + 24)) || /\b[a-z][a-z0-9_]* $/.test(prose.slice(Math.max(0, start - 24), start))) return true;
  // A key before its value (`acks = all`, `pty：`, `proxy:`).
  if (/^[ \u00a0\uE000]*(?:=|[:：][ \u00a0\uE000]*$)/.test(prose.slice(end, end + 6).split('\n')[0])) return true;
  if (/[(（][ \u00a0]*$/.test(prose.slice(Math.max(0, start - 3), start)) && PAREN_TAIL_RE.test(prose.slice(end, end + 14))) return true;
  return block.type === 'heading' && !prose.slice(block.span.start, block.span.end).replace(/[\s\uE000#*]+/g, '').replace(prose.slice(start, end), '');
}

function hashTag(prose: string, start: number): boolean {
  return prose[start - 1] === '#';
}

/** The competing spelling: one space between words, full-width letters as written, a plural `s` dropped. */
export function spellingOf(text: string): string {
  let s = text.replace(/[ \u00a0]+/g, ' ');
  // `pods` → `pod`, `APIs` → `API`: a lower-case word of 4+ letters or an abbreviation in capitals, plus `s`;
  // not `ss`, `us`, `is`, `js` (`class`, `status`, `Redis`, `nodejs`).
  // `Hooks` → `Hook`: a capitalised word likewise (a plural is grammar, not another spelling).
  if (/(?:^|[ -])(?:[a-z]{2,}[a-rt-z]|[A-Z]{2,}|[A-Z][a-z]{2,}[a-rt-z])s$/.test(s) && !/(?:ss|us|is|js)$/.test(s)) s = s.slice(0, -1);
  return s;
}

function makeRun(start: number, end: number, text: string, words: number, inHeading: boolean, author: boolean, inner: boolean): NameRun {
  const spelling = spellingOf(text);
  return { start, end, text, spelling, key: clusterKey(spelling), words, inHeading, author, inner };
}

// ---- canonical spellings (data/glossary/names.json) ---------------------------------------------

let canonical: Map<string, string> | undefined;

/** Every name of the names list with its source letters (h reviewed, g glossary, t textlint, l Linguist, s simple-icons). */
export function curatedNames(): Array<[string, string]> {
  return (namesData as { names: string[][] }).names.map((x) => [x[0], x[1] ?? ''] as [string, string]);
}

/** nameKey → the owner's spelling (`phonegap` → `PhoneGap`), from data/glossary/names.json. */
export function canonicalNames(): Map<string, string> {
  if (!canonical) {
    canonical = new Map();
    for (const [name] of (namesData as { names: string[][] }).names) {
      const k = clusterKey(name);
      if (!canonical.has(k)) canonical.set(k, name);
    }
  }
  return canonical;
}

let untrusted: Set<string> | undefined;

/**
 * The owner's spelling of a name, where it tells how a writer means the name: not for a name
 * that is also an English word and comes only from Linguist, simple-icons or the glossary's names
 * (`Root` → `ROOT`, `Eclipse` → `ECLiPSe`, `Window` → `Windows`, `React` → `ReAct`): written so, it
 * is more likely the word or another thing of that name. Reviewed names (`h`) and
 * textlint-rule-terminology's (`t`, a list of misspellings to correct: `Restful` → `RESTful`) stay.
 */
export function ownerSpelling(key: string): string | undefined {
  if (!untrusted) {
    untrusted = new Set();
    for (const [name, src, word] of (namesData as { names: string[][] }).names) if (word === 'w' && !/[ht]/.test(src ?? '')) untrusted.add(clusterKey(name));
  }
  return untrusted.has(key) ? undefined : canonicalNames().get(key);
}

/**
 * Is `found` a spelling of the name `canonical` that its owner never uses? It has a capital (an
 * all-lower-case name is a command, a package or a word: `docker`, `mysql`), is not all capitals
 * (a label or a shout: `GITHUB`), differs in more than the first letters of later words (`Visual
 * studio code` is title case, not a misspelling), and differs in more than letter case only in
 * spaces/hyphens if the letters agree (`Sharding jdbc` → `Sharding-JDBC` is a casing too).
 */
export function wrongCasing(found: string, canon: string): boolean {
  if (found === canon || !/[A-Z]/.test(found)) return false;
  const letters = found.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 2 && letters === letters.toUpperCase()) return false;
  const fw = found.split(/[ \u00a0]+/);
  const cw = canon.split(/[ \u00a0]+/);
  if (fw.length > 1 && fw.length === cw.length && fw.every((w, i) => w === cw[i] || (i > 0 && w.slice(1) === cw[i].slice(1) && w[0].toLowerCase() === cw[i][0].toLowerCase()))) return false;
  // Only spacing differs (`Spring Boot` / `SpringBoot`) with the same letters in the same case: not a casing slip.
  if (found.replace(/[\s\-_.\u2010\u2011]/g, '') === canon.replace(/[\s\-_.\u2010\u2011]/g, '')) return false;
  return true;
}
