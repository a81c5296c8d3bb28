/**
 * One pass of terminology analysis over a post, shared by the term rules, the hover, the
 * completion and the summary (memoised per post and glossary): glossary hits in the prose,
 * abbreviation-like tokens, and the definitions the post writes (`全称 (ABBR)`,
 * `全称（简称 ABBR）`, `Full Name (ABBR)`, `ABBR（全称）`, `推理 (Inference)`).
 */
import type { Config, Span } from '../../types';
import type { Post } from '../../document';
import { ATOM, MARK } from '../../document';
import { CJK_RANGES, isCjkChar, isCjkCode } from '../../cjk';
import { glossaryFor, type Concept, type Form, type Glossary, type Sense } from './glossary';
import { isWordCode, type RawMatch } from './matcher';
import { blockWindows, cacheTable, memoized, windowPass, type BlockWindow } from '../../blockCache';
import { inCitedLink, inNamingLink, inlineCodeBefore, linksHold, linksRecord, unmaskInlineCode, type LinksRecord } from './context';

/** What a hit is, its place aside: all a rule reads of most hits (the place is asked of the few it reports or looks around). */
export interface HitFacts {
  /** The text as written. */
  text: string;
  form: Form;
  concept: Concept;
  /** Written exactly as the glossary spells the form (else: other letter case). */
  exact: boolean;
  inHeading: boolean;
  /** Inside the parentheses of a definition (`(DeComp)` in `去中心化计算 (DeComp)`). */
  inDefinition: boolean;
  /** The block has Chinese text (an English sentence such as `Happy Bitcoin Pizza Day` has none). */
  chineseBlock: boolean;
  /** Written in quotes (`"tikv"`): a value or identifier more likely than the name. */
  quoted: boolean;
  /** In a link that cites a page by its title, or whose text is the URL's last segment (`[leveldb](…/google/leveldb)`). */
  cited: boolean;
}

/** A hit placed in the post (`PostTerms.hitAt`). */
export interface TermHit extends HitFacts {
  start: number;
  end: number;
}

/**
 * A hit as its block's part keeps it: `rs`/`re` relative to the block's start. The part's objects are shared by every run while
 * the block's window is unchanged, wherever the block has moved (`PostTerms.blockHits`).
 */
export interface BlockHit extends HitFacts {
  rs: number;
  re: number;
}

export interface AbbrToken {
  start: number;
  end: number;
  text: string;
  inHeading: boolean;
  inDefinition: boolean;
  /** In the text of a link that names it (`[PITR](/br/pitr.md)`, `[SCFIS欧线](https://…)`): the link explains it. */
  linked: boolean;
  /** In the title of a cited page (`[DeepSeek 3FS 源码解读——RDMA篇](https://…)`): not the author's wording. */
  cited: boolean;
}

export interface AbbrDefinition {
  abbr: string;
  /** The full name the post gives, if it could be read. */
  full?: string;
  /** The whole definition (`去中心化计算 (DeComp)`). */
  span: Span;
  /** Parentheses style the post used: `fullwidth` for `（…）`. */
  fullwidth: boolean;
}

export interface SenseDefinition {
  concept: Concept;
  sense: Sense;
  span: Span;
}

export interface PostTerms {
  glossary: Glossary;
  /**
   * Every hit in text order as the blocks' parts keep them (offsets relative to the block: `hitStart`, `hitEnd` place one): an
   * edit makes no hit object of the blocks whose windows it left, however far they moved (positions relative to a block, perf34).
   */
  blockHits: readonly BlockHit[];
  hitStart(i: number): number;
  hitEnd(i: number): number;
  /** Hit `i` placed in the post: made on the first ask, then the same object for this analysis. */
  hitAt(i: number): TermHit;
  /** Each concept's hits (indices into `blockHits`), in text order; the concepts in the order of their first hits. */
  conceptHits: Map<Concept, number[]>;
  /** A concept's hits placed (`hitAt`), in text order: made on the first ask, then the same array for this analysis. */
  hitsOf(c: Concept): TermHit[];
  /** Every hit placed, in text order: all made on the first read (the hover); a rule asks `blockHits` and places what it reads. */
  readonly hits: TermHit[];
  /** Every concept's hits placed (`hitsOf`): all made on the first read. */
  readonly byConcept: Map<Concept, TermHit[]>;
  /** How many hits this analysis has placed so far (the rules place what they read: counted by the tests). */
  readonly placedCount: number;
  tokens: AbbrToken[];
  /** Abbreviation (as written) → its first definition in the post. */
  abbrDefs: Map<string, AbbrDefinition>;
  /** Concepts whose two spellings a definition ties together (`智能合约 (Smart Contract)`). */
  tied: Map<Concept, Span>;
  /** The spellings (form texts) each tie joins: a definition of one form does not license a third one. */
  tiedForms: Map<Concept, Set<string>>;
  senseDefs: Map<Concept, SenseDefinition>;
  /** Hit start → the sense its parentheses name (`推理 (Inference)`, `常识推理 (Reasoning)`). */
  senseMarks: Map<number, Sense>;
  /** Mostly Chinese prose (decides the language of inserted definitions). */
  chinese: boolean;
}

/**
 * The analysis of a post: the hits as the blocks keep them with each one's block start (`bases`), placed where they are read
 * (`hitAt`, `hitsOf`, or all of them through `hits` and `byConcept`).
 */
class Terms implements PostTerms {
  /**
   * The hits placed so far, by index. (A map, not a sparse array of the hits' length: the rules place a few, 172 of the 1 MB
   * post's 19,565 since perf35, and an array of that length is 156 KB a run.)
   */
  private placedHits: Map<number, TermHit> | undefined;
  private placedByConcept: Map<Concept, TermHit[]> | undefined;
  private allHits: TermHit[] | undefined;
  private allByConcept: Map<Concept, TermHit[]> | undefined;
  constructor(
    readonly glossary: Glossary,
    readonly blockHits: readonly BlockHit[],
    /** Each hit's block start in the post. */
    private readonly bases: readonly number[],
    readonly conceptHits: Map<Concept, number[]>,
    readonly tokens: AbbrToken[],
    readonly abbrDefs: Map<string, AbbrDefinition>,
    readonly tied: Map<Concept, Span>,
    readonly tiedForms: Map<Concept, Set<string>>,
    readonly senseDefs: Map<Concept, SenseDefinition>,
    readonly senseMarks: Map<number, Sense>,
    readonly chinese: boolean,
  ) {}

  hitStart(i: number): number {
    return this.bases[i] + this.blockHits[i].rs;
  }

  hitEnd(i: number): number {
    return this.bases[i] + this.blockHits[i].re;
  }

  hitAt(i: number): TermHit {
    const placed = (this.placedHits ??= new Map());
    let h = placed.get(i);
    if (!h) {
      placed.set(i, (h = placedHit(this.blockHits[i], this.bases[i])));
    }
    return h;
  }

  hitsOf(c: Concept): TermHit[] {
    const placed = (this.placedByConcept ??= new Map());
    let hits = placed.get(c);
    if (!hits) {
      hits = [];
      const at = this.conceptHits.get(c);
      if (at) for (let k = 0; k < at.length; k++) hits.push(this.hitAt(at[k]));
      placed.set(c, hits);
    }
    return hits;
  }

  get placedCount(): number {
    return this.placedHits?.size ?? 0;
  }

  get hits(): TermHit[] {
    if (!this.allHits) {
      const hits: TermHit[] = [];
      for (let i = 0; i < this.blockHits.length; i++) hits.push(this.hitAt(i));
      this.allHits = hits;
    }
    return this.allHits;
  }

  get byConcept(): Map<Concept, TermHit[]> {
    if (!this.allByConcept) {
      const byConcept = new Map<Concept, TermHit[]>();
      this.conceptHits.forEach((_, c) => byConcept.set(c, this.hitsOf(c)));
      this.allByConcept = byConcept;
    }
    return this.allByConcept;
  }
}

const memo = new WeakMap<Post, WeakMap<Glossary, PostTerms>>();

export function analyzeTerms(post: Post, config: Readonly<Config>): PostTerms {
  const glossary = glossaryFor(config);
  let m = memo.get(post);
  if (!m) memo.set(post, (m = new WeakMap()));
  let r = m.get(glossary);
  if (!r) m.set(glossary, (r = compute(post, glossary)));
  return r;
}

const PAREN_RE = /[(（]([^()（）\n]{1,80})[)）]/g;
const TOKEN_RE = /[A-Za-z][A-Za-z0-9]*/g;
const DEF_PREFIX_RE = /^(?:以下简称|下文简称|下称|简称|英文缩写|英文简称|英文全称|英文|缩写为?|全称|又称|也称|也叫|又名|亦称|或者|或|即|short for|abbreviated|aka|a\.k\.a\.|or)[\s:：为是]*/i;
const FULLNAME_RE = new RegExp(String.raw`\b([A-Z][A-Za-z0-9]{1,11})\s*[，,]?\s*(?:[${CJK_RANGES}]{1,3}?(?=又叫|又称|也叫|也称|也就是))?(?:(?:的|之)?(?:英文)?全称(?:为|是)?|又叫|又称|也叫|也称|也就是|就是)\s*[:：]?[\s\uE000]*[“"\[《]*([^，,。；;（）()“”"\n]{2,60})`, 'g');
/** `去中心化交易所，简称 DEX`, `Data Migration，下称 DM`: the full name, a comma, then `简称`/`下称` and the abbreviation. */
const SHORT_RE = new RegExp(String.raw`([${CJK_RANGES}A-Za-z][${CJK_RANGES}A-Za-z -]{1,40}?)[\uE000"”」』]*\s*[，,]\s*(?:以下简称|下文简称|简称|下称)(?:为|是)?\s*[:：]?[\uE000\s"“「『]*([A-Z][A-Za-z0-9]{1,11})\b`, 'g');
const QUOTES_RE = /^[\s"'“”‘’「」『』]+|[\s"'“”‘’「」『』]+$/g;
/**
 * `PoW 即 Proof of Work`, `AMM 为 Automated Market Maker 的简称`: the abbreviation, 即 (or 也就是, stands for), or
 * 为/是 with 的缩写/的简称 after, and English words whose letters fit it.
 */
const ABBR_IS_RE = /(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]{1,11})[\s\uE000]*[，,]?[\s\uE000]*(即|也就是|stands for|为|是)[\s\uE000]*[「“"]?([A-Za-z][A-Za-z-]*(?:[ \u00a0]+[A-Za-z][A-Za-z-]*){1,7})[」”"]?[\s\uE000]*(的(?:英文)?(?:缩写|简称|简写))?/g;

/** `RPE：Rate of Perceived Exertion`: the abbreviation opening its block, a colon, English words with its initials. */
const COLON_DEF_RE = /^[\s\uE000]*([A-Z][A-Za-z0-9]{1,11})[\s\uE000]*[:：][\s\uE000]*([A-Za-z][A-Za-z -]{3,60}[A-Za-z])/g;
/** `hypervisor又可以称做VMM`: a name, `又称`/`也叫`/`可以称做`, the abbreviation. */
const ALSO_CALLED_RE = new RegExp(String.raw`([A-Za-z${CJK_RANGES}][A-Za-z${CJK_RANGES} -]{1,30}?)(?:又可以称做|又可称为|又称为?|也叫做?|也称为?)[\s\uE000]*([A-Z][A-Za-z0-9]{1,11})\b`, 'g');

/** An abbreviation that starts with a digit (`2PC`, `3PC`, `2FA`, `5GC`): a number, then two capitals or more. */
const DIGIT_ABBR_RE = /^[1-9][A-Z]{2,6}$/;

/** Between two spellings given as synonyms: `/`, `或`, `又称`, `也叫`, `或者叫`, `即` (after a closing parenthesis and a comma too). */
const SYNONYM_BETWEEN_RE = /^[\s\uE000）)]*[，,]?[\s\uE000]*(?:[/／]|(?:或者?|又|也|亦|俗)?(?:称|叫)(?:做|作|为)?|或者?|即|也就是)[\s\uE000]*$/;
/** Between two items of a list (`、`, `或`, `和`). */
const LIST_BETWEEN_RE = /^[\s\uE000]*[、，,或和与及][\s\uE000]*$/;
/** A naming cue right before a list of names (`也叫哈希值、散列值`). */
const NAMING_CUE_BEFORE_RE = /(?:也|又|或者?|俗|亦|统)(?:称|叫)(?:做|作|为)?[\s\uE000]*$/;

/** A word that looks like an abbreviation: a capital, then at least one more capital (`LLM`, `DeComp`, `OTel`, `ZK`). */
export function isAbbrLike(s: string): boolean {
  if (s.length < 2 || s.length > 12 || !/^[A-Z][A-Za-z]*[0-9]*$/.test(s)) return false;
  let caps = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 65 && s.charCodeAt(i) <= 90) caps++;
  return caps >= 2;
}

const glossaryIds = new WeakMap<Glossary, number>();
let nextGlossaryId = 0;

/**
 * `glossary.matcher.find(prose, bs, be)`, kept per block by the run's rule cache (blockCache.ts): the
 * matcher reads the block, one character before it and two after it, so those (and where the block
 * sits among them) are the key; the matches are kept relative to the block.
 */
function blockMatches(post: Post, glossary: Glossary, bs: number, be: number): RawMatch[] {
  const { prose } = post;
  let id = glossaryIds.get(glossary);
  if (id === undefined) glossaryIds.set(glossary, (id = nextGlossaryId++));
  const lo = Math.max(0, bs - 1);
  return memoized(post, 'term/matcher', () => prose.slice(lo, be + 2), () => glossary.matcher.find(prose, bs, be, bs), `${id}\u0001${bs - lo}\u0001${be - bs}`);
}

/**
 * What one prose block adds to the post's term analysis, in offsets relative to the block: kept by
 * the run's rule cache (blockCache.ts) by the block's window (its whole lines: text, prose view and
 * where the block sits), the character after the window (the matcher reads two past the block) and
 * the glossary. What the analysis reads beyond the window (the links over it, the post-wide count of
 * a parenthesised text) is recorded and compared before a kept value is used (`readsHold`). What
 * depends on the blocks before it (an abbreviation's first definition, the first tie and sense of a
 * concept) is recorded as `events` and applied in order by `replayBlock`, as the one pass over the
 * post did.
 */
interface BlockTerms {
  cjk: number;
  latin: number;
  /** Relative to the block's start; shared by every run that takes the part (nothing changes them). */
  hits: BlockHit[];
  tokens: AbbrToken[];
  events: BlockEvent[];
  /** The links over the window (`linksRecord`), asked again before the part is reused (`linksHold`). */
  links: LinksRecord;
  /** Each status-marker question asked (`isStatusMarker`: the text in parentheses, and the answer). */
  status: Array<[string, boolean]>;
  /** A table cell that is exactly one term (its hit). */
  wholeCell: boolean;
  /**
   * The tokens moved to the block's place in the post (`placedTokens`), kept while the block stays there: a block before an
   * edit gives the post's analysis the same objects as on the last run (nothing changes them).
   */
  placed?: PlacedTokens;
}

interface PlacedTokens {
  bs: number;
  tokens: AbbrToken[];
}

/** A block's hit placed in the post, its block at `bs` (all its fields, in the order `scanBlock` makes them). */
function placedHit(h: BlockHit, bs: number): TermHit {
  return { start: h.rs + bs, end: h.re + bs, text: h.text, form: h.form, concept: h.concept, exact: h.exact, inHeading: h.inHeading, inDefinition: h.inDefinition, chineseBlock: h.chineseBlock, quoted: h.quoted, cited: h.cited };
}

/** A hit `scanBlock` made (post offsets) relative to its block at `bs`. */
function blockHit(h: TermHit, bs: number): BlockHit {
  return { rs: h.start - bs, re: h.end - bs, text: h.text, form: h.form, concept: h.concept, exact: h.exact, inHeading: h.inHeading, inDefinition: h.inDefinition, chineseBlock: h.chineseBlock, quoted: h.quoted, cited: h.cited };
}

/** `t` moved by `by` (all its fields, as `scanBlock` makes them). */
function movedToken(t: AbbrToken, by: number): AbbrToken {
  return { start: t.start + by, end: t.end + by, text: t.text, inHeading: t.inHeading, inDefinition: t.inDefinition, linked: t.linked, cited: t.cited };
}

/** The part's tokens at post offset `bs`: the same objects as last time while the block has not moved (cf. blockCache `placedReports`). */
function placedTokens(part: BlockTerms, bs: number): PlacedTokens {
  if (part.placed?.bs !== bs) {
    // (Field by field, in the order the scan makes them: an object spread copies through a slower path.)
    const tokens: AbbrToken[] = [];
    for (let i = 0; i < part.tokens.length; i++) tokens.push(movedToken(part.tokens[i], bs));
    part.placed = { bs, tokens };
  }
  return part.placed;
}

type BlockEvent =
  /** An abbreviation defined (if the post has not defined it before); `markAt`: its token there is part of the definition then. */
  | { kind: 'abbr'; def: AbbrDefinition; markAt?: number }
  | { kind: 'tie'; concept: Concept; span: Span; forms: string[] }
  | { kind: 'sense'; def: SenseDefinition }
  | { kind: 'mark'; at: number; sense: Sense };

/** Does what `part` read beyond its window still hold in `post`? */
function readsHold(post: Post, w: BlockWindow, part: BlockTerms): boolean {
  if (!linksHold(post, w.base, w.base + w.text.length, part.links)) return false;
  for (const [inner, answer] of part.status) if (isStatusMarker(post.prose, inner, post) !== answer) return false;
  return true;
}

/**
 * The block's part of the analysis, from the run's rule cache while its key and reads hold: a function of the window, looked
 * up through one `windowPass` per pass over the post (no closures per window on each edit of a long post's thousands).
 */
function blockTermsPass(post: Post, glossary: Glossary): (w: BlockWindow) => BlockTerms {
  let id = glossaryIds.get(glossary);
  if (id === undefined) glossaryIds.set(glossary, (id = nextGlossaryId++));
  const subs = cacheTable(post, 'term/block-subs', () => new Map<number, string>());
  const ask = windowPass(post, 'term/block', (w) => scanBlock(post, glossary, w), (part: BlockTerms, w) => readsHold(post, w, part));
  return (w) => ask(w, blockSub(post, subs, id, w.base === 0 ? 0 : 1, w.base + w.text.length));
}

/**
 * `${glossary id}\u0001${0 | 1: the window starts the post or not}${the character after the window}`: the short part of
 * term/block's memo key, made once per rule cache and kept in its table (`cacheTable`) by the three, so the 5,600 windows of a
 * 1 MB post join no string each per edit (without a cache it is simply made: nothing keeps it).
 */
function blockSub(post: Post, subs: SubTable, id: number, notFirst: 0 | 1, stop: number): string {
  const code = stop < post.prose.length ? post.prose.charCodeAt(stop) : -1;
  const n = (id * 2 + notFirst) * 65537 + code + 1;
  let sub = subs?.get(n);
  if (sub === undefined) {
    sub = `${id}\u0001${notFirst}${post.prose.charAt(stop)}`;
    subs?.set(n, sub);
  }
  return sub;
}

/** Short memo-key parts by a number that determines them (`cacheTable`; undefined without a rule cache). */
type SubTable = Map<number, string> | undefined;

interface Replay {
  /** The blocks' hits as they keep them, and each one's block start. */
  hits: BlockHit[];
  bases: number[];
  tokens: AbbrToken[];
  abbrDefs: Map<string, AbbrDefinition>;
  tie: (c: Concept, span: Span, ...forms: string[]) => void;
  senseDefs: Map<Concept, SenseDefinition>;
  senseMarks: Map<number, Sense>;
  /** Table cells that are exactly one term, by row: the indices of their hits in `hits`. */
  wholeCells: Map<number, number[]>;
}

const shiftSpan = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });

/** `part` (the block at `bs`) added to the post's analysis, in the order the one pass made it. */
function replayBlock(post: Post, bs: number, part: BlockTerms, r: Replay): void {
  const from = r.hits.length;
  const at = placedTokens(part, bs);
  // Not push(...x): a 1 MB paragraph has more hits than a call may take arguments. (Indexed loops here and below: a for-of over
  // an array allocates an iterator result per item wherever V8 runs the loop unoptimised, as it does these once-per-edit passes.)
  // The hits are the part's own (relative to the block): no copy per hit when the block has moved.
  for (let i = 0; i < part.hits.length; i++) {
    r.hits.push(part.hits[i]);
    r.bases.push(bs);
  }
  // (The placed tokens are shared with later runs: one a definition marks here is copied first.)
  let tokens: AbbrToken[] | undefined;
  for (let e = 0; e < part.events.length; e++) {
    const ev = part.events[e];
    if (ev.kind === 'abbr') {
      if (r.abbrDefs.has(ev.def.abbr)) continue;
      r.abbrDefs.set(ev.def.abbr, { ...ev.def, span: shiftSpan(ev.def.span, bs) });
      if (ev.markAt !== undefined) {
        for (let i = 0; i < at.tokens.length; i++) {
          if (at.tokens[i].start !== ev.markAt + bs) continue;
          tokens ??= [...at.tokens];
          tokens[i] = { ...tokens[i], inDefinition: true };
        }
      }
    } else if (ev.kind === 'tie') r.tie(ev.concept, shiftSpan(ev.span, bs), ...ev.forms);
    else if (ev.kind === 'sense') {
      if (!r.senseDefs.has(ev.def.concept)) r.senseDefs.set(ev.def.concept, { ...ev.def, span: shiftSpan(ev.def.span, bs) });
    } else r.senseMarks.set(ev.at + bs, ev.sense);
  }
  const blockTokens = tokens ?? at.tokens;
  for (let i = 0; i < blockTokens.length; i++) r.tokens.push(blockTokens[i]);
  if (part.wholeCell) {
    const row = post.prose.lastIndexOf('\n', bs - 1);
    const arr = r.wholeCells.get(row);
    if (arr) arr.push(from);
    else r.wholeCells.set(row, [from]);
  }
}

function compute(post: Post, glossary: Glossary): PostTerms {
  const hits: BlockHit[] = [];
  const bases: number[] = [];
  const tokens: AbbrToken[] = [];
  const abbrDefs = new Map<string, AbbrDefinition>();
  const tied = new Map<Concept, Span>();
  const tiedForms = new Map<Concept, Set<string>>();
  const tie = (c: Concept, span: Span, ...forms: string[]) => {
    if (!tied.has(c)) tied.set(c, span);
    let set = tiedForms.get(c);
    if (!set) tiedForms.set(c, (set = new Set()));
    for (const f of forms) set.add(f);
  };
  const senseDefs = new Map<Concept, SenseDefinition>();
  const senseMarks = new Map<number, Sense>();
  let cjk = 0;
  let latin = 0;

  // Table cells that are exactly one term, by row (the cells' first line): a row such as
  // `| hash function | 散列函数 |` in a terms table gives the translation, it does not mix spellings.
  const wholeCells = new Map<number, number[]>();
  const replay: Replay = { hits, bases, tokens, abbrDefs, tie, senseDefs, senseMarks, wholeCells };
  const windows = blockWindows(post);
  const blockTerms = blockTermsPass(post, glossary);
  for (let k = 0; k < windows.length; k++) {
    const w = windows[k];
    const part = blockTerms(w);
    cjk += part.cjk;
    latin += part.latin;
    replayBlock(post, w.block.span.start, part, replay);
  }
  for (const at of wholeCells.values()) {
    const cells = at.map((i) => hits[i]);
    cells.forEach((x, k) => {
      const same = cells.filter((y) => y.concept === x.concept && y.text !== x.text);
      if (!same.length) return;
      // (A copy: the hit is the block's, shared with the other runs that take its part.)
      hits[at[k]] = { ...x, inDefinition: true };
      tie(x.concept, { start: bases[at[k]] + x.rs, end: bases[at[k]] + x.re }, ...same.map((y) => y.form.text), x.form.text);
    });
  }

  const conceptHits = new Map<Concept, number[]>();
  for (let i = 0; i < hits.length; i++) {
    const c = hits[i].concept;
    const arr = conceptHits.get(c);
    if (arr) arr.push(i);
    else conceptHits.set(c, [i]);
  }
  return new Terms(glossary, hits, bases, conceptHits, tokens, abbrDefs, tied, tiedForms, senseDefs, senseMarks, cjk >= latin / 3);
}

/** One block's part of the analysis (see `BlockTerms`); offsets in the body are the post's. */
function scanBlock(post: Post, glossary: Glossary, w: BlockWindow): BlockTerms {
  const { prose } = post;
  const { block } = w;
  const { start: bs, end: be } = block.span;
  const status: Array<[string, boolean]> = [];
  const asked = (inner: string) => {
    const answer = isStatusMarker(prose, inner, post);
    status.push([inner, answer]);
    return answer;
  };
  let latin = 0;
  const events: BlockEvent[] = [];
  // The post-level maps as this block sees them: it records what it adds (`replayBlock` applies it).
  const localDefs = new Set<string>();
  const abbrDefs = {
    has: (a: string) => localDefs.has(a),
    set: (a: string, def: AbbrDefinition, markAt?: number) => {
      localDefs.add(a);
      events.push({ kind: 'abbr', def: { ...def, span: shiftSpan(def.span, -bs) }, markAt: markAt === undefined ? undefined : markAt - bs });
    },
  };
  const tie = (concept: Concept, span: Span, ...forms: string[]) => events.push({ kind: 'tie', concept, span: shiftSpan(span, -bs), forms });
  const localSenses = new Set<Concept>();
  const senseDefs = {
    has: (c: Concept) => localSenses.has(c),
    set: (c: Concept, def: SenseDefinition) => {
      localSenses.add(c);
      events.push({ kind: 'sense', def: { ...def, span: shiftSpan(def.span, -bs) } });
    },
  };
  const senseMarks = { set: (s: number, sense: Sense) => events.push({ kind: 'mark', at: s - bs, sense }) };
  // Headings and table cells name things; they do not count as a first use in running text.
  const inHeading = block.type === 'heading' || block.type === 'tableCell';
  let blockCjk = 0;
  // Chinese outside parentheses: an English paragraph glossed word by word (`A leading(主要的) cause of defects(缺点)`, the
  // source text of a bilingual translation post) is English text, not the author's Chinese wording (session 15).
  let cjkOutside = 0;
  let latinOutside = 0;
  let depth = 0;
  for (let i = bs; i < be; i++) {
    const c = prose.charCodeAt(i);
    if (c === 0x28 || c === 0xff08) depth++;
    else if ((c === 0x29 || c === 0xff09) && depth > 0) depth--;
    if (isCjkCode(c)) {
      blockCjk++;
      if (!depth) cjkOutside++;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      latin++;
      if (!depth) latinOutside++;
    }
  }
  // (A note wholly in parentheses, `（其它写法见下文）`, is still Chinese.)
  const chineseBlock = cjkOutside > 0 || (blockCjk > 0 && latinOutside === 0);
  // Parentheses that may define something, found first so hits and tokens know whether they sit inside one.
  const parens: Array<{ open: number; close: number; inner: string }> = [];
  // Regular expressions run over the block's own text (offsets + bs), so the whole pass stays linear.
  const blockText = prose.slice(bs, be);
  PAREN_RE.lastIndex = 0;
  let pm: RegExpExecArray | null;
  while ((pm = PAREN_RE.exec(blockText))) {
    const open = bs + pm.index;
    const close = open + pm[0].length - 1;
    // Inline code inside counts by its content: `变更数据捕获 (`CDC`)`, `RCU（`Read-Copy-Update`，读-复制-更新）`.
    const inner = pm[1].includes(ATOM) ? unmaskInlineCode(post, open + 1, close) : pm[1];
    if (inner === undefined || !inner.trim()) continue;
    parens.push({ open, close, inner });
  }
  // The parentheses found are disjoint and in order: a binary search keeps a long paragraph linear.
  const insideParen = (s: number) => {
    let lo = 0;
    let hi = parens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (parens[mid].close <= s) lo = mid + 1;
      else if (parens[mid].open >= s) hi = mid - 1;
      else return true;
    }
    return false;
  };

  const blockHits: TermHit[] = [];
  // (The block's matches are kept relative to it, read here at the block's place.)
  for (const raw of blockMatches(post, glossary, bs, be)) {
    const start = raw.start + bs;
    const end = raw.end + bs;
    const text = prose.slice(start, end);
    const candidates = glossary.patternForms[raw.pattern];
    // Several concepts may share a spelling up to case (`React`, `ReAct`): the exact one wins.
    const form = candidates.find((f) => f.text === text) ?? candidates[0];
    if (form.latin && form.concept.lowerOk && text === text.toLowerCase() && form.text !== form.text.toLowerCase()) continue;
    if (form.latin && inIdentifier(prose, start, end)) continue;
    const exact = !form.latin || candidates.some((f) => f.text === text);
    const hit: TermHit = { start, end, text, form, concept: form.concept, exact, inHeading, inDefinition: false, chineseBlock, quoted: isQuoted(prose, start, end), cited: inCitedLink(post, start, end) };
    blockHits.push(hit);
  }
  const blockTokens: AbbrToken[] = [];
  TOKEN_RE.lastIndex = 0;
  let tm: RegExpExecArray | null;
  while ((tm = TOKEN_RE.exec(blockText))) {
    const s = bs + tm.index;
    const e = s + tm[0].length;
    if (s > 0 && (isWordCode(prose.charCodeAt(s - 1)) || /[.\-/@#$]/.test(prose[s - 1] ?? ''))) continue;
    if (e < prose.length && /[.\-/@_]/.test(prose[e]) && isWordCode(prose.charCodeAt(e + 1))) continue; // GPT-4, a.b, foo/bar
    let word = tm[0];
    if (/^[A-Z0-9]{2,}s$/.test(word) && isAbbrLike(word.slice(0, -1))) word = word.slice(0, -1); // LLMs
    if (!isAbbrLike(word)) continue;
    // Capitals for at least half the letters (`OTel`, `TiCDC`), or all capitals: a name like `OpenClaw` is no abbreviation.
    const caps = word.replace(/[^A-Z]/g, '').length;
    const letters = word.replace(/[^A-Za-z]/g, '').length;
    const glossaryAbbr = !!glossary.byText.get(word.toLowerCase())?.some((f) => f.kind === 'abbr');
    if (caps * 2 < letters && !glossaryAbbr) continue;
    // Three lower-case letters in a row make a name (`InnoDB`, `LRUCache`), unless the glossary knows it as an abbreviation (`DeComp`).
    if (/[a-z]{3}/.test(word) && !glossaryAbbr) continue;
    blockTokens.push({ start: s, end: s + word.length, text: word, inHeading, inDefinition: false, linked: isLinkText(post.text, s, s + word.length) || inNamingLink(post, s, s + word.length), cited: inCitedLink(post, s, s + word.length) });
  }

  // Definitions written out in words; each marks the abbreviation's token at `abbrAt` as part of it.
  const define = (a: string, full: string, at: number, end: number, abbrAt: number) => {
    if (!isAbbrLike(a) || abbrDefs.has(a)) return;
    // (The abbreviation's token is part of the definition if it is the post's first: see `replayBlock`.)
    abbrDefs.set(a, { abbr: a, full: full.replace(/\uE000/g, '').trim(), span: { start: at, end }, fullwidth: true }, abbrAt);
  };
  const each = (re: RegExp, f: (m: RegExpExecArray, at: number) => void) => {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(blockText))) f(m, bs + m.index);
  };
  // `DID，全称为 Decentralized Identity`, `TEE 的全称是可信执行环境`, `OTSU算法又叫**最大类间方差阈值分割算法**`.
  // (Both expressions below need 称, 叫 or 就是 in the block, and backtrack at every position: most blocks have none.)
  const naming = blockText.includes('称') || blockText.includes('叫') || blockText.includes('就是');
  if (naming) each(FULLNAME_RE, (m, at) => define(m[1], m[2], at, at + m[0].length, at));
  // `PoW 即 Proof of Work`, `AMM 为 Automated Market Maker 的简称`.
  if (/即|也就是|stands for|的(?:英文)?(?:缩写|简称|简写)/.test(blockText)) {
    each(ABBR_IS_RE, (m, at) => (m[4] || !/^[为是]$/.test(m[2])) && initialsFit(m[3], m[1]) && define(m[1], m[3], at, at + m[0].length, at));
  }
  // `RPE：Rate of Perceived Exertion，感知努力程度` (a glossary line), `hypervisor又可以称做VMM`.
  each(COLON_DEF_RE, (m, at) => initialsFit(m[2], m[1]) && define(m[1], m[2], at, at + m[0].length, at));
  if (naming) each(ALSO_CALLED_RE, (m, at) => define(m[2], m[1], at, at + m[0].length, at + m[0].length - m[2].length));
  // `去中心化交易所，简称 DEX`, `Data Migration，下称 DM` (the expression backtracks at every position:
  // most blocks have no `简称`/`下称` at all).
  if (blockText.includes('简称') || blockText.includes('下称')) each(SHORT_RE, (m, at) => define(m[2], m[1], at, at + m[0].length, at + m[0].length - m[2].length));
  // `EC 椭圆曲线`, `椭圆曲线 EC`: the abbreviation right beside a Chinese glossary term whose English name's initials spell it.
  const chineseAt = new Map<number, TermHit[]>();
  for (const h of blockHits) {
    if (h.form.latin) continue;
    for (const k of [h.start, -h.end - 1]) {
      const at = chineseAt.get(k);
      if (at) at.push(h);
      else chineseAt.set(k, [h]);
    }
  }
  for (const t of chineseAt.size ? blockTokens : []) {
    const h = appositionHit(prose, t, chineseAt);
    if (h) define(t.text, h.text, Math.min(t.start, h.start), Math.max(t.end, h.end), t.start);
  }
  for (const p of parens) {
    const innerStart = p.open + 1;
    let inner = p.inner.replace(QUOTES_RE, '');
    inner = inner.replace(DEF_PREFIX_RE, '').replace(QUOTES_RE, '');
    const parts = inner.split(/\s*[,，;；、/]\s*|\s+-\s+/).map((x) => x.replace(QUOTES_RE, '').replace(DEF_PREFIX_RE, '').replace(QUOTES_RE, '')).filter(Boolean);
    const before = wordBefore(post, p.open, bs);
    const fullwidth = prose[p.open] === '（';
    const defSpan = { start: before ? before.start : p.open, end: p.close + 1 };
    // ABBR（全称）
    const innerIsFull = parts.some((x) => /[A-Za-z]{2}/.test(x) || [...x].some((ch) => isCjkChar(ch))) &&
      parts.some((x) => [...x].some((ch) => isCjkChar(ch)) || /\s/.test(x.trim()) || (before && x.length > before.text.length + 2));
    const abbrLikeBefore = !!before && before.abbr;
    // (An abbreviation the glossary knows counts too, and one that starts with a digit: `两阶段提交 (2PC)`, `双因素认证（2FA）`.)
    const glossaryAbbr = (t: string) => !!glossary.byText.get(t.toLowerCase())?.some((f) => f.kind === 'abbr');
    const abbrParts = parts.filter((x) => isAbbrLike(x.replace(/(?<=[A-Z])s$/, '')) || DIGIT_ABBR_RE.test(x) || (/^[A-Za-z0-9]{2,12}$/.test(x) && /[A-Z].*[A-Z]|\d/.test(x) && glossaryAbbr(x)));
    const allCaps = (t: string) => /^[A-Z][A-Z0-9]+$/.test(t) || DIGIT_ABBR_RE.test(t) || !!glossary.byText.get(t.toLowerCase())?.some((f) => f.kind === 'abbr') ||
      (before?.code === true && t.replace(/[^A-Z]/g, '').length * 2 >= t.replace(/[^A-Za-z]/g, '').length);
    const adjacent = before && /^[ \uE000\uFFFC]*$/.test(prose.slice(before.end, p.open));
    if (before && abbrLikeBefore && adjacent && allCaps(before.text) && innerIsFull && !abbrParts.length) {
      // ABBR（全称）: the parentheses must read as a name for it (`AG(allocation group)`), not a remark (`CLOSE（没有走完四次挥手）`, `ECS（2核2G）`).
      const full = plausibleFull(before.text, parts, glossary);
      if (full && !abbrDefs.has(before.text)) abbrDefs.set(before.text, { abbr: before.text, full, span: defSpan, fullwidth });
    } else {
      // 全称 (ABBR), Full Name (ABBR), 全称（简称 ABBR）
      // `请求体（POST/PUT 时）`: a part mixing Chinese and Latin is a remark, not `(ABBR)` or `(Full Name, ABBR)`.
      const remark = parts.some((x) => /[A-Za-z]/.test(x) && [...x].some((ch) => isCjkChar(ch)));
      for (const part of abbrParts.length === 1 && !remark && !asked(p.inner) ? parts : []) {
        const base = /^[A-Z][A-Za-z0-9]*[A-Z]s$/.test(part) ? part.slice(0, -1) : part;
        const a = isAbbrLike(base) || DIGIT_ABBR_RE.test(base) ? base : glossaryAbbr(part) ? part : undefined;
        if (!a || !before) continue;
        // `（Minimal Multi-page PWA，或 MMPWA）`: English words beside it in the parentheses whose letters fit it.
        const inside = parts.find((x) => x !== part && /\s/.test(x) && isLatinWords(x) && initialsFit(x, a));
        const before2 = fullNameBefore(prose, p.open, bs, a, blockHits);
        const fits = !!before2 && !(isLatinWords(before2) && !initialsFit(before2, a, nameSlack(before2, a))) && !/[*”"」』]/.test(before2);
        const full = fits ? before2 : inside;
        if (!full) continue;
        if (!abbrDefs.has(a)) abbrDefs.set(a, { abbr: a, full, span: defSpan, fullwidth });
      }
    }
    // Ties and sense definitions: a hit right before the parentheses and one inside.
    const prev = hitEndingAt(blockHits, p.open, prose);
    const insideHits = blockHits.filter((h) => h.start >= innerStart && h.end <= p.close);
    for (const h of insideHits) h.inDefinition = true;
    if (prev) {
      for (const h of insideHits) if (h.concept === prev.concept) tie(prev.concept, { start: prev.start, end: p.close + 1 }, prev.form.text, h.form.text);
      const senses = prev.concept.senses;
      if (senses && !senseDefs.has(prev.concept)) {
        const s = senses.find((x) => parts.some((part) => part.toLowerCase() === x.en.toLowerCase() || (x.zh && part === x.zh)));
        if (s) senseDefs.set(prev.concept, { concept: prev.concept, sense: s, span: { start: prev.start, end: p.close + 1 } });
      }
      const named = senses?.find((x) => parts.some((part) => part.toLowerCase() === x.en.toLowerCase() || (x.zh && part === x.zh)));
      if (named) senseMarks.set(prev.start, named);
    }
    // `Inference (推理)`: the term inside, its sense word before.
    if (before && !prev) {
      for (const h of insideHits) {
        const s = h.concept.senses?.find((x) => x.en.toLowerCase() === before.text.toLowerCase());
        if (s && !senseDefs.has(h.concept)) senseDefs.set(h.concept, { concept: h.concept, sense: s, span: defSpan });
      }
    }
  }
  // `缺页异常/缺页中断`, `容器编排（Kubernetes）或 K8s`: two spellings side by side, given as synonyms.
  for (let k = 1; k < blockHits.length; k++) {
    const x = blockHits[k - 1];
    const y = blockHits[k];
    if (x.concept !== y.concept || x.text === y.text) continue;
    const between = prose.slice(x.end, y.start);
    // (`**哈希函数**（Hash Function），或者叫**散列函数**`; a list after a naming cue: `也叫哈希值、散列值或消息摘要`.)
    if (SYNONYM_BETWEEN_RE.test(between) || (LIST_BETWEEN_RE.test(between) && NAMING_CUE_BEFORE_RE.test(prose.slice(Math.max(bs, x.start - 8), x.start)))) tie(x.concept, { start: x.start, end: y.end }, x.form.text, y.form.text);
  }
  for (const t of blockTokens) if (insideParen(t.start)) t.inDefinition = true;
  const wholeCell = block.type === 'tableCell' && blockHits.length === 1 && prose.slice(bs, be).replace(/[\s\uE000]+/g, '') === blockHits[0].text.replace(/\s+/g, '');
  return {
    cjk: blockCjk,
    latin,
    hits: blockHits.map((h) => blockHit(h, bs)),
    tokens: blockTokens.map((t) => movedToken(t, -bs)),
    events,
    links: linksRecord(post, w.base, w.base + w.text.length),
    status,
    wholeCell,
    // The tokens at the block's place are the ones just made (what `placedTokens` would copy from the kept ones).
    placed: { bs, tokens: blockTokens },
  };
}

/**
 * Part of an identifier, file name, domain, path or version rather than a word of prose:
 * `tidb-server`, `config.json`, `github.com`, `linux-5.10`, `{db-name}`, `c++11`.
 */
export function inIdentifier(prose: string, start: number, end: number): boolean {
  const b = prose[start - 1];
  const a = prose[end];
  if (b !== undefined && /[-_./@:{$\\(]/.test(b) && isWordCode(prose.charCodeAt(start - 2))) return true;
  // `#tidb` is a tag.
  if (b === '{' || b === '_' || b === '#' || a === '}' || a === '_' || a === '[' || a === '#') return true;
  // An escaped underscore: `TIDB\_CHECK\_CONSTRAINTS`.
  if (((a === '\\' || a === MARK) && prose[end + 1] === '_') || (b === '_' && (prose[start - 2] === '\\' || prose[start - 2] === MARK))) return true;
  if (a !== undefined && /[-./@:]/.test(a) && (isWordCode(prose.charCodeAt(end + 1)) || prose[end + 1] === '{')) return true;
  return isWordCode(prose.charCodeAt(end)) && !/s/.test(a ?? '');
}

/** Is [start, end) the whole text of a link (`[PITR](/br/pitr.md)`)? */
function isLinkText(text: string, start: number, end: number): boolean {
  return text[start - 1] === '[' && text[end] === ']' && (text[end + 1] === '(' || text[end + 1] === '[');
}

/** A short quoted value around a name: no Chinese between the name and the quote mark. */
const QUOTE_CLOSE_AFTER_RE = new RegExp(String.raw`^[^"“”\n${CJK_RANGES}]{0,24}["”]`);
const QUOTE_OPEN_BEFORE_RE = new RegExp(String.raw`["“][^"“”\n${CJK_RANGES}]{0,24}$`);

function isQuoted(prose: string, start: number, end: number): boolean {
  const b = prose[start - 1];
  const a = prose[end];
  if ((b === '"' && a === '"') || (b === "'" && a === "'") || (b === '“' && a === '”') || (b === '「' && a === '」')) return true;
  // Opening a quoted message: `"grpc: received message …"`.
  if ((b === '"' || b === '“') && !isWordCode(prose.charCodeAt(start - 2))) return true;
  // Inside a short quoted value: `"tikv, tiflash"`.
  return QUOTE_CLOSE_AFTER_RE.test(prose.slice(end, end + 25)) && QUOTE_OPEN_BEFORE_RE.test(prose.slice(Math.max(0, start - 25), start));
}

/** The word right before an opening parenthesis (skipping spaces, markup and quotes); inline code counts by its content (`` `CDC` (…) ``). */
function wordBefore(post: Post, open: number, blockStart: number): { text: string; start: number; end: number; abbr: boolean; code?: boolean } | undefined {
  const { prose } = post;
  let i = open - 1;
  // (`*` too: `个**“最小多页 PWA”**（…）` is no emphasis to CommonMark, whose flanking rules miss CJK, but is to its author.)
  while (i >= blockStart && (prose[i] === ' ' || prose[i] === MARK || /["”’」』*]/.test(prose[i]))) i--;
  if (i < blockStart) return undefined;
  const end = i + 1;
  if (prose[i] === ATOM) {
    const c = inlineCodeBefore(post, end, blockStart);
    if (!c || !/^[A-Za-z][A-Za-z0-9]*$/.test(c.code)) return undefined;
    return { text: c.code, start: c.start, end, abbr: isAbbrLike(c.code), code: true };
  }
  if (isWordCode(prose.charCodeAt(i))) {
    while (i - 1 >= blockStart && (isWordCode(prose.charCodeAt(i - 1)) || (prose[i - 1] === '-' && isWordCode(prose.charCodeAt(i - 2))))) i--;
    const text = prose.slice(i, end);
    return { text, start: i, end, abbr: isAbbrLike(text) || DIGIT_ABBR_RE.test(text) };
  }
  if (isCjkChar(prose[i])) {
    while (i - 1 >= blockStart && isCjkChar(prose[i - 1]) && end - i < 12) i--;
    return { text: prose.slice(i, end), start: i, end, abbr: false };
  }
  return undefined;
}

/** Words that make a parenthesis a remark, not a full name: `（而不是RST）`, `（上图mark2）`, `（2.2版本新增）` (not 了解: `KYB（了解你的企业）`). */
const REMARK_RE = /不是|上面|下面|上图|下图|版本|新增|例如|比如|注意|可以|需要|没有|应该|已经|因为|所以|如果|这个|那个|这里|可能|默认|标记|了(?!解)|[吗呢吧被]|[，。；！？]/;

/**
 * The full name an `ABBR（…）` gives, if one of the parts reads as one: the glossary's name for
 * the abbreviation, English words whose initials fit (`AG(allocation group)`), or a Chinese
 * name (no digits, no remark words, at least as many characters as it takes to name something).
 */
function plausibleFull(abbr: string, parts: string[], glossary: Glossary): string | undefined {
  const concepts = (glossary.byText.get(abbr.toLowerCase()) ?? []).filter((f) => f.kind === 'abbr').map((f) => f.concept);
  for (const part of parts) {
    if (concepts.some((c) => c.zh.includes(part) || c.en.some((e) => e.toLowerCase() === part.toLowerCase()))) return part;
  }
  for (const part of parts) {
    if (/\d/.test(part) || /[a-z0-9-]\.[a-z]{2,}/i.test(part)) continue;
    if (isLatinWords(part)) {
      // The first word starts with the abbreviation's first letter, and no word is the abbreviation itself
      // (`主OSD（primary OSD）`, `OSD（secondary and tertiary OSDS）` are no expansions).
      const words = part.split(/[\s-]+/).filter(Boolean);
      if (/[A-Za-z]{2}/.test(part) && part.length > abbr.length && words[0]?.[0]?.toLowerCase() === abbr[0].toLowerCase() &&
        !words.some((w) => w.toLowerCase().startsWith(abbr.toLowerCase())) && initialsFit(part, abbr)) return part;
      continue;
    }
    const cjk = [...part].filter((ch) => isCjkChar(ch)).length;
    if (cjk >= Math.min(3, abbr.replace(/[^A-Za-z]/g, '').length) && !REMARK_RE.test(part)) return part;
  }
  return undefined;
}

/** The full name before `(ABBR)`: a glossary term ending there, else Latin words with the right initials, else the Chinese run. */
function fullNameBefore(prose: string, open: number, blockStart: number, abbr: string, hits: TermHit[]): string | undefined {
  const h = hitEndingAt(hits, open, prose);
  if (h && (h.concept.abbr.some((a) => a.toLowerCase() === abbr.toLowerCase()))) return h.text;
  let i = open - 1;
  while (i >= blockStart && (prose[i] === ' ' || prose[i] === MARK)) i--;
  // A Chinese name in quotes or emphasis (`“未花费交易输出” (Unspent Transaction Output, UTXO)`, `**零知识证明**（ZKP）`): the name inside.
  let k = i;
  while (k > blockStart && CLOSE_MARK_RE.test(prose[k])) k--;
  if (k < i && isCjkChar(prose[k])) i = k;
  const end = i + 1;
  if (i < blockStart) return undefined;
  if (isCjkChar(prose[i])) {
    if (h) return h.text;
    while (i - 1 >= blockStart && isCjkChar(prose[i - 1]) && end - i < 10) i--;
    return prose.slice(i, end);
  }
  // Latin: the shortest run of words back whose initials fit the abbreviation (`Proof of Stake` for
  // `PoS`: a mixed-case abbreviation has fewer capitals than words), else as many words as it has capitals.
  const caps = Math.min(6, (abbr.match(/[A-Z]/g) ?? []).length);
  const words = prose.slice(Math.max(blockStart, end - 80), end).split(/\s+/).filter(Boolean);
  const letters = abbr.replace(/[^A-Za-z]/g, '').length;
  for (let n = Math.max(1, caps); n <= Math.min(words.length, letters + 2, 8); n++) {
    const take = words.slice(-n).join(' ').replace(/^[^A-Za-z]+/, '');
    if (take && take[0].toLowerCase() === abbr[0].toLowerCase() && initialsFit(take, abbr)) return take;
  }
  const take = words.slice(-caps).join(' ').replace(/^[^A-Za-z]+/, '');
  return take || undefined;
}

/**
 * The Chinese glossary term written right after or before an abbreviation, with only spaces between, whose English name's
 * initials are the abbreviation's letters (`EC 椭圆曲线`: elliptic curve; `有限域 GF`: no, Galois field is not 有限域's English),
 * also after Latin words that give its first letters (`Solana 虚拟机 SVM`: Solana virtual machine).
 */
function appositionHit(prose: string, t: { start: number; end: number; text: string }, chineseAt: ReadonlyMap<number, readonly TermHit[]>): TermHit | undefined {
  // (Letters only: `可用区 AZ1` names one zone, it does not define AZ.)
  if (!/^[A-Za-z]{2,}$/.test(t.text)) return undefined;
  const letters = t.text.toLowerCase();
  let a = t.end;
  while (a < prose.length && (prose[a] === ' ' || prose[a] === '\u00a0')) a++;
  let b = t.start;
  while (b > 0 && (prose[b - 1] === ' ' || prose[b - 1] === '\u00a0')) b--;
  // (`chineseAt`: the Chinese hits by start, and by end as `-end - 1`.)
  const initials = (e: string) => e.split(/[\s-]+/).filter(Boolean).map((w) => w[0].toLowerCase()).join('');
  for (const h of [...(chineseAt.get(a) ?? []), ...(chineseAt.get(-b - 1) ?? [])]) {
    if (h.concept.en.some((e) => initials(e) === letters)) return h;
  }
  // A name of Latin words and a Chinese glossary term before it (`Solana 虚拟机 SVM`: Solana + virtual machine): the Latin
  // words' initials, then the term's English initials, spell it.
  for (const h of chineseAt.get(-b - 1) ?? []) {
    for (const e of h.concept.en) {
      const tail = initials(e);
      if (tail.length >= letters.length || !tail || !letters.endsWith(tail)) continue;
      const need = letters.length - tail.length;
      const words = /(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9]*(?:[ \u00a0]+|$))+$/.exec(prose.slice(Math.max(0, h.start - 60), h.start))?.[0].trim().split(/[ \u00a0]+/) ?? [];
      if (words.length >= need && words.slice(-need).map((w) => w[0].toLowerCase()).join('') === letters.slice(0, need)) return h;
    }
  }
  return undefined;
}

/** What may close a quoted or emphasised name before its parentheses. */
const CLOSE_MARK_RE = /["”’」』*]/;

function hitEndingAt(hits: TermHit[], open: number, prose: string): TermHit | undefined {
  let i = open - 1;
  while (i >= 0 && (prose[i] === ' ' || prose[i] === MARK || /["”’」』*]/.test(prose[i]))) i--;
  for (let k = hits.length - 1; k >= 0; k--) if (hits[k].end === i + 1) return hits[k];
  return undefined;
}

function isLatinWords(s: string): boolean {
  return /^[\x20-\x7e]+$/.test(s);
}

/** `TiDB Data Migration` fits `DM`: the abbreviation's first letter starts one of the words, and its capitals appear in order. */
function initialsFit(full: string, abbr: string, slack = 0): boolean {
  const words = full.split(/[\s-]+/).filter(Boolean);
  const first = abbr[0].toLowerCase();
  if (!words.some((w) => w[0]?.toLowerCase() === first)) return false;
  const letters = full.toLowerCase();
  let i = 0;
  for (const ch of abbr.toLowerCase()) {
    if (!/[a-z]/.test(ch)) continue;
    const j = letters.indexOf(ch, i);
    if (j < 0) {
      // (`slack` letters of the abbreviation may be missing from the name: a word the author left out.)
      if (slack-- > 0) continue;
      return false;
    }
    i = j + 1;
  }
  return true;
}

/**
 * How many letters of a long abbreviation a written-out name of three words or more may leave out
 * (`Cryptography Secure Random Number Generators(CSPRNG)`: the author dropped Pseudo): one from five letters.
 */
function nameSlack(full: string, abbr: string): number {
  return abbr.replace(/[^A-Za-z]/g, '').length >= 5 && full.split(/[\s-]+/).filter(Boolean).length >= 3 ? 1 : 0;
}

const markerMemo = new WeakMap<Post, Map<string, number>>();

/** `(GA)`, `(Beta)` written after several different things: a status label, not a definition. */
function isStatusMarker(prose: string, inner: string, post: Post): boolean {
  const key = inner.trim();
  if (/[()（）]/.test(key)) return countParenthesized(prose, key) >= 3;
  // Every parenthesised text of the post counted in one pass (a scan per key was quadratic).
  let counts = markerMemo.get(post);
  if (!counts) {
    counts = new Map();
    for (const m of prose.matchAll(/[(（]([^()（）]*)[)）]/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    markerMemo.set(post, counts);
  }
  return (counts.get(key) ?? 0) >= 3;
}

function countParenthesized(prose: string, key: string): number {
  let n = 0;
  for (const open of ['(', '（']) for (const close of [')', '）']) {
    let i = -1;
    while ((i = prose.indexOf(open + key + close, i + 1)) >= 0) n++;
  }
  return n;
}

