/**
 * Claim data shared by the claim rules: the caption labels, source-name patterns and generic link
 * texts of data/claims/cues.json plus `.zhen.yml` `claims:`, compiled once per config; the one
 * function that compiles a pattern (bundled or the user's); and the "clean" text of a span: the
 * prose view with MARK (Markdown syntax) removed, so `据 **Demandsage** 报告` reads as
 * `据 Demandsage 报告`, and an index map back to source offsets. The sentence detector's features
 * live in data/claims/detector.json (see detector.ts).
 */
import data from '../../../../../data/claims/cues.json';
import { MARK, type Post } from '../../document';
import { memoized } from '../../blockCache';
import { groupPass, sentencesByBlock, type BlockSentences } from './claimSentences';
import type { Config, Span } from '../../types';
import { CJK_RANGES } from '../../cjk';
import { compileUserPattern, userPatternProblem, type PatternLike } from '../../userPattern';

export type CueKind = 'report' | 'statistic' | 'superlative' | 'comparison';
export const CUE_KINDS: CueKind[] = ['report', 'statistic', 'superlative', 'comparison'];

interface UserPattern {
  pattern: string;
  kind?: CueKind;
}

/** A feature a user adds (or extends) in `.zhen.yml` `claims.features`. */
export interface UserFeature {
  id: string;
  patterns?: string[];
  weight?: number;
  group?: string;
  kind?: string;
  label?: string;
  on?: 'text' | 'masked';
}

/** The `claims:` key of `.zhen.yml` (see schemas/zhen.schema.json). */
export interface ClaimsConfig {
  cues?: Array<string | UserPattern>;
  ignore?: Array<string | UserPattern>;
  captionLabels?: { source?: string[]; credit?: string[] };
  features?: UserFeature[];
  weights?: Record<string, number>;
  threshold?: number;
  strong?: number;
}

export interface CueSet {
  /** Patterns whose `name` group names a source (not cues by themselves). */
  sourceName: RegExp[];
  captionSource: string[];
  captionCredit: string[];
  captionStart: RegExp[];
  /** Caption sources that have nothing to link (a chat group, the author). */
  unlinkableSource: RegExp[];
  genericLinkText: Set<string>;
}

/** `{NAME}` in a pattern replaced by the macro of that name (nested up to five deep). */
export function expandMacros(src: string, macros: Record<string, string>): string {
  let out = src;
  for (let n = 0; n < 5 && /\{[A-Z]+\}/.test(out); n++) out = out.replace(/\{([A-Z]+)\}/g, (m, k: string) => (k in macros ? macros[k] : m));
  return out;
}

/**
 * THE one place a bundled claim pattern (data/claims/*.json) becomes a RegExp: everything else
 * goes through `compilePattern`. A pattern that does not compile gives undefined (never a crash).
 */
export function compilePattern(src: string, flags = 'gi'): RegExp | undefined {
  try {
    return new RegExp(src, flags);
  } catch {
    return undefined;
  }
}

/**
 * THE one place a `.zhen.yml` claim pattern (`claims.cues`, `claims.ignore`,
 * `claims.features[].patterns`, after macro expansion) is compiled: the linear-time engine of
 * userPattern.ts (case-insensitive). One it refuses gives undefined; the config reader reports it.
 */
export function compileUser(src: string): PatternLike | undefined {
  const c = compileUserPattern(src);
  return 're' in c ? c.re : undefined;
}

/** Why a `.zhen.yml` claim pattern is refused (undefined when it compiles). */
export function userPatternError(src: string): string | undefined {
  return userPatternProblem(src);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A `claims.cues` / `claims.ignore` item as a pattern source: a phrase is matched literally. */
export function userPatternSource(p: unknown): { src: string; kind?: CueKind } | undefined {
  if (typeof p === 'string') return p ? { src: escapeRe(p) } : undefined;
  const u = p as UserPattern | null;
  if (u && typeof u === 'object' && typeof u.pattern === 'string' && u.pattern) return { src: u.pattern, kind: CUE_KINDS.includes(u.kind as CueKind) ? u.kind : undefined };
  return undefined;
}

const memo = new WeakMap<object, CueSet>();

export function cueSet(config: Readonly<Config>): CueSet {
  const key = config.claims ?? {};
  let set = memo.get(key);
  if (set) return set;
  const claims = key as ClaimsConfig;
  const compileList = (list: string[]) => list.map((p) => compilePattern(p)).filter((r): r is RegExp => !!r);
  const labels = claims.captionLabels ?? {};
  set = {
    sourceName: compileList(data.sourceName.patterns),
    captionSource: [...data.captionLabels.source, ...(Array.isArray(labels.source) ? labels.source : [])],
    captionCredit: [...data.captionLabels.credit, ...(Array.isArray(labels.credit) ? labels.credit : [])],
    captionStart: compileList(data.captionStart.patterns),
    unlinkableSource: compileList(data.unlinkableSource.patterns),
    genericLinkText: new Set(data.genericLinkText.words.map((w) => w.toLowerCase())),
  };
  memo.set(key, set);
  return set;
}

/** A span's prose with MARK removed, and where each character came from. */
export interface CleanText {
  text: string;
  /** map[i] = source offset of text[i]; map[text.length] = end of the span. */
  map: number[];
}

export function cleanText(post: Post, span: Span): CleanText {
  // Built from slices of the prose between the characters dropped or replaced (one flat string,
  // not a chain of one-character concatenations that every regular expression and hash flattens).
  const { prose } = post;
  const parts: string[] = [];
  const map: number[] = [];
  let from = span.start;
  for (let i = span.start; i < span.end; i++) {
    const c = prose.charCodeAt(i);
    if (c !== MARK_CODE && c !== 13 && c !== 10) {
      map.push(i);
      continue;
    }
    if (i > from) parts.push(prose.slice(from, i));
    from = i + 1;
    if (c === 10) {
      parts.push(' ');
      map.push(i);
    }
  }
  if (span.end > from) parts.push(prose.slice(from, span.end));
  map.push(span.end);
  return { text: parts.length === 1 ? parts[0] : parts.join(''), map };
}

const MARK_CODE = MARK.charCodeAt(0);

export function toSource(clean: CleanText, start: number, end: number): Span {
  return { start: clean.map[start], end: end > start ? clean.map[end - 1] + 1 : clean.map[start] };
}

const NAME_NOISE = /^(?:了|的|来自|最新|最近|官方|公开|初步|相关|有关|目前|当前|近期|今年|去年|一份|一项|多项|某些|一些|该|此|这些?|那些?|the\s+)+|(?:的|发布|公布|最新|等|在内)+$/gi;

const CJK_NAME_RE = new RegExp(`^[${CJK_RANGES}]{4,16}$`);
/** A plausible source name: Latin letters in it, or four or more Chinese characters. */
export function cleanName(raw: string): string | undefined {
  const n = raw.replace(/\uFFFC/g, '').trim().replace(NAME_NOISE, '').trim();
  if (!n || n.length > 40) return undefined;
  if (/[A-Za-z]/.test(n)) return n;
  return CJK_NAME_RE.test(n) && !/[的了在是和与或为]/.test(n) ? n : undefined;
}

export function matchesAny(res: RegExp[], text: string): RegExpExecArray | undefined {
  for (const re of res) {
    re.lastIndex = 0;
    const m = re.exec(text);
    if (m) return m;
  }
  return undefined;
}

const testIds = new WeakMap<(text: string) => boolean, string>();
let nextTestId = 0;

/**
 * `test` on the clean text of `span` (a sentence), kept by the run's rule cache (blockCache.ts
 * `memoized`) by the span's prose (its clean text is a function of it) and the test (a detector's
 * first-person or own-data test: one per config), so an edit runs it again only on the sentences it
 * changed, and an unchanged sentence is not even cleaned.
 */
export function testText(post: Post, test: (text: string) => boolean, span: Span): boolean {
  return memoized(post, 'claim/text-test', () => post.prose.slice(span.start, span.end), () => test(cleanText(post, span).text), testId(test));
}

function testId(test: (text: string) => boolean): string {
  let id = testIds.get(test);
  if (id === undefined) testIds.set(test, (id = String(nextTestId++)));
  return id;
}

/**
 * How many of the post's claim sentences pass `test` on their clean text: counted per block and
 * kept by the run's rule cache by the block's window (and the test), so after an edit only the
 * edited block is counted again.
 */
export function countPassing(post: Post, test: (text: string) => boolean): number {
  const id = testId(test);
  const count = groupPass(post, 'claim/text-count', (g) => g.sentences.reduce((k, x) => k + (test(cleanText(post, x).text) ? 1 : 0), 0));
  let n = 0;
  for (const g of sentencesByBlock(post)) n += count(g, `${id}\u0000${g.sub}`);
  return n;
}

/** `test` on the clean text of a block's first claim sentence: kept by the run's rule cache by the block's window (and the test). */
export function firstPasses(post: Post, test: (text: string) => boolean, g: BlockSentences): boolean {
  return memoized(post, 'claim/text-first', () => g.window.key, () => test(cleanText(post, g.sentences[0]).text), `${testId(test)}\u0000${g.sub}`);
}
