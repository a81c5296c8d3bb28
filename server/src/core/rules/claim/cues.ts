/**
 * Claim cues: the bundled data (data/claims/cues.json) plus `.zhen.yml` `claims:`, compiled
 * once per config. Matching runs on a sentence's "clean" text: the prose view with MARK
 * (Markdown syntax) removed, so `据 **Demandsage** 报告` reads as `据 Demandsage 报告`, and
 * an index map back to source offsets.
 */
import data from '../../../../../data/claims/cues.json';
import { MARK, type Post } from '../../document';
import type { Config, Span } from '../../types';
import { compileUserPattern, type PatternLike } from '../../userPattern';

export type CueKind = 'report' | 'statistic' | 'superlative' | 'comparison';
export const CUE_KINDS: CueKind[] = ['report', 'statistic', 'superlative', 'comparison'];

export interface Cue {
  kind: CueKind;
  /** Source span of the matched cue. */
  span: Span;
  text: string;
  /** The source a reporting phrase names (`据 X 报告`), with its source span. */
  name?: { text: string; span: Span };
}

interface UserPattern {
  pattern: string;
  kind?: CueKind;
}

/** The `claims:` key of `.zhen.yml` (see schemas/zhen.schema.json). */
export interface ClaimsConfig {
  cues?: Array<string | UserPattern>;
  ignore?: Array<string | UserPattern>;
  captionLabels?: { source?: string[]; credit?: string[] };
}

export interface CueSet {
  cues: Array<{ kind: CueKind; re: PatternLike }>;
  notClaim: PatternLike[];
  /** Cancel a sentence whose only cues are statistics (settings, thresholds, hypotheticals). */
  notStatistic: RegExp[];
  figureRef: RegExp[];
  /** Patterns whose `name` group names a source (not cues by themselves). */
  sourceName: RegExp[];
  captionSource: string[];
  captionCredit: string[];
  captionStart: RegExp[];
  genericLinkText: Set<string>;
}

const MACROS = data.macros as Record<string, string>;

function expand(src: string): string {
  let out = src;
  for (let n = 0; n < 5 && /\{[A-Z]+\}/.test(out); n++) out = out.replace(/\{([A-Z]+)\}/g, (m, k: string) => (k in MACROS ? MACROS[k] : m));
  return out;
}

function compile(src: string): RegExp | undefined {
  try {
    return new RegExp(expand(src), 'gi');
  } catch {
    return undefined; // a bad user pattern is skipped, never a crash
  }
}

/** A `.zhen.yml` pattern: linear-time engine (userPattern.ts); one it refuses is skipped (the config loader reports it). */
function compileUser(src: string): PatternLike | undefined {
  const c = compileUserPattern(src);
  return 're' in c ? c.re : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function userPattern(p: string | UserPattern): { src: string; kind?: CueKind } | undefined {
  if (typeof p === 'string') return p ? { src: escapeRe(p) } : undefined;
  if (p && typeof p === 'object' && typeof p.pattern === 'string' && p.pattern) return { src: p.pattern, kind: CUE_KINDS.includes(p.kind as CueKind) ? p.kind : undefined };
  return undefined;
}

const memo = new WeakMap<object, CueSet>();

export function cueSet(config: Readonly<Config>): CueSet {
  const key = config.claims ?? {};
  let set = memo.get(key);
  if (set) return set;
  const claims = key as ClaimsConfig;
  const cues: CueSet['cues'] = [];
  for (const kind of CUE_KINDS) {
    for (const src of (data as unknown as Record<CueKind, { patterns: string[] }>)[kind].patterns) {
      const re = compile(src);
      if (re) cues.push({ kind, re });
    }
  }
  for (const p of Array.isArray(claims.cues) ? claims.cues : []) {
    const u = userPattern(p);
    const re = u && compileUser(u.src);
    if (u && re) cues.push({ kind: u.kind ?? 'report', re });
  }
  const notClaim: PatternLike[] = data.notClaim.patterns.map(compile).filter((r): r is RegExp => !!r);
  for (const p of Array.isArray(claims.ignore) ? claims.ignore : []) {
    const u = userPattern(p);
    const re = u && compileUser(u.src);
    if (re) notClaim.push(re);
  }
  const labels = claims.captionLabels ?? {};
  set = {
    cues,
    notClaim,
    notStatistic: data.notStatistic.patterns.map(compile).filter((r): r is RegExp => !!r),
    figureRef: data.figureRef.patterns.map(compile).filter((r): r is RegExp => !!r),
    sourceName: data.sourceName.patterns.map(compile).filter((r): r is RegExp => !!r),
    captionSource: [...data.captionLabels.source, ...(Array.isArray(labels.source) ? labels.source : [])],
    captionCredit: [...data.captionLabels.credit, ...(Array.isArray(labels.credit) ? labels.credit : [])],
    captionStart: data.captionStart.patterns.map(compile).filter((r): r is RegExp => !!r),
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
  let text = '';
  const map: number[] = [];
  for (let i = span.start; i < span.end; i++) {
    const ch = post.prose[i];
    if (ch === MARK || ch === '\r') continue;
    text += ch === '\n' ? ' ' : ch;
    map.push(i);
  }
  map.push(span.end);
  return { text, map };
}

export function toSource(clean: CleanText, start: number, end: number): Span {
  return { start: clean.map[start], end: end > start ? clean.map[end - 1] + 1 : clean.map[start] };
}

/** Every cue in a sentence (overlapping matches of different patterns are kept). */
export function findCues(set: CueSet, clean: CleanText): Cue[] {
  const out: Cue[] = [];
  for (const { kind, re } of set.cues) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(clean.text))) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      let start = m.index;
      let end = m.index + m[0].length;
      // Trim spaces the pattern took at its edges.
      while (start < end && clean.text[start] === ' ') start++;
      while (end > start && clean.text[end - 1] === ' ') end--;
      const cue: Cue = { kind, span: toSource(clean, start, end), text: clean.text.slice(start, end) };
      const name = m.groups?.name;
      if (name) {
        const at = clean.text.indexOf(name, m.index);
        const n = cleanName(name);
        if (at >= 0 && n) {
          const off = at + name.indexOf(n);
          cue.name = { text: n, span: toSource(clean, off, off + n.length) };
        }
      }
      out.push(cue);
    }
  }
  out.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  return out;
}

const NAME_NOISE = /^(?:了|的|来自|最新|最近|官方|公开|初步|相关|有关|目前|当前|近期|今年|去年|一份|一项|多项|某些|一些|该|此|这些?|那些?|the\s+)+|(?:的|发布|公布|最新|等|在内)+$/gi;

/** A plausible source name: Latin letters in it, or four or more Chinese characters. */
export function cleanName(raw: string): string | undefined {
  const n = raw.replace(/\uFFFC/g, '').trim().replace(NAME_NOISE, '').trim();
  if (!n || n.length > 40) return undefined;
  if (/[A-Za-z]/.test(n)) return n;
  return /^[\u4e00-\u9fff]{4,16}$/.test(n) && !/[的了在是和与或为]/.test(n) ? n : undefined;
}

export function matchesAny(res: readonly PatternLike[], text: string): RegExpExecArray | undefined {
  for (const re of res) {
    re.lastIndex = 0;
    const m = re.exec(text);
    if (m) return m;
  }
  return undefined;
}
