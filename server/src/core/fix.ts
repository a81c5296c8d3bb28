/** Applying fixes to text: fix-all (`zhen check --fix`, `source.fixAll.zhen`) and single edits. */
import type { Nodes } from 'mdast';
import { ATOM, type Post } from './document';
import type { Finding, Fix, TextEdit } from './types';
import { drain, once } from './steps';

/** Apply non-overlapping edits. Edits must not overlap; later ones in `edits` order are dropped if they do. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.span.start < pos) continue;
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
  }
  return out + text.slice(pos);
}

/** The fix that fix-all applies for a finding: its preferred fix, if it needs no input. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes?.find((x) => x.isPreferred && !x.input && !x.configEdit && !x.rename);
}

/**
 * The edits of all preferred fixes that do not collide. A fix is taken whole or not at
 * all; two edits collide when their ranges intersect or they start at the same offset.
 * Linear in the total size of the edits (a 1 MB line with 500,000 fixes is routine).
 */
export function collectFixAllEdits(findings: readonly Finding[]): TextEdit[] {
  return takeEdits(preferredFixes(findings));
}

function preferredFixes(findings: readonly Finding[]): Fix[] {
  return findings.map(preferredFix).filter((x): x is Fix => !!x);
}

/** The edits of `fixes` that do not collide, in order (see `collectFixAllEdits`). */
function takeEdits(fixes: readonly Fix[]): TextEdit[] {
  let size = 0;
  for (const f of fixes) for (const e of f.edits) size = Math.max(size, e.span.end + 1);
  const inside = new Uint8Array(size); // offset i lies in a taken range [start, end)
  const starts = new Uint8Array(size); // a taken edit starts at offset i
  const collides = (e: TextEdit) => {
    const { start, end } = e.span;
    if (starts[start] || inside[start]) return true;
    for (let i = start + 1; i < end; i++) if (inside[i] || starts[i]) return true;
    return false;
  };
  const taken: TextEdit[] = [];
  for (const fix of fixes) {
    if (fix.edits.some(collides)) continue;
    // Edits of one fix must not collide with each other either.
    const own = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
    if (own.some((e, i) => i > 0 && (e.span.start === own[i - 1].span.start || e.span.start < own[i - 1].span.end))) continue;
    for (const e of fix.edits) {
      starts[e.span.start] = 1;
      for (let i = e.span.start; i < e.span.end; i++) inside[i] = 1;
      taken.push(e);
    }
  }
  return taken;
}

/** A run of non-prose text (code, HTML, URLs, images…; ATOM in the prose view) and where it lies. */
interface Run {
  start: number;
  end: number;
}

/**
 * The non-prose runs after the front matter, in order: ATOM runs of the prose view and the
 * dialect's syntax (`!!! note "…"` lines, `:::` fences, callout markers: MARK in the prose view,
 * see dialect.ts), overlapping ones joined. Line breaks between two atoms join them into one run;
 * trailing blanks are not part of a run (a spacing fix may touch them).
 */
function nonProseRuns(post: Post): Run[] {
  const { prose } = post;
  const runs: Run[] = [];
  const from = post.frontMatter ? post.frontMatter.span.end : 0;
  let i = from;
  for (;;) {
    i = prose.indexOf(ATOM, i);
    if (i < 0) break;
    let j = i + 1;
    for (let c = prose[j]; c === ATOM || c === '\n' || c === '\r'; c = prose[++j]);
    let end = j;
    while (end > i && /\s/.test(post.text[end - 1])) end--;
    runs.push({ start: i, end });
    i = j;
  }
  if (!post.syntax.length) return runs;
  const all = [...runs, ...post.syntax.filter((s) => s.start >= from).map((s) => ({ start: s.start, end: s.end }))].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Run[] = [];
  for (const r of all) {
    const last = merged[merged.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** Does the fix edit the dialect's syntax (inside a construct, or replacing any of it)? Such fixes are never applied. */
function touchesSyntax(post: Post, fix: Fix): boolean {
  if (!post.syntax.length) return false;
  return fix.edits.some((e) => post.syntax.some((s) => (e.span.start < s.end && e.span.end > s.start) || (e.span.start === e.span.end && e.span.start > s.start && e.span.start < s.end)));
}

/** A node of the parsed structure: its kind and depth, and where it (or its nearest placed ancestor) starts. */
interface Shape {
  sig: string;
  at: number;
}

const shapes = new WeakMap<Post, Shape[]>();

/**
 * The structure of a post in document order: every node but prose text, emphasis (fixes edit
 * prose; typo/emphasis-cjk makes an unrendered `**` render) and paragraphs (a block over 32 KB is
 * cut into pieces by content, so its paragraphs can split differently after an edit), with its
 * depth. A fix that turns a reference into text or text into a link changes it even when no masked
 * run moves (nodes that autolink literals make after parsing have no place of their own).
 */
function structureOf(post: Post): Shape[] {
  let out = shapes.get(post);
  if (out) return out;
  out = [];
  const stack: Array<[Nodes, number, number]> = [[post.root as Nodes, 0, 0]];
  while (stack.length) {
    const [n, depth, parentAt] = stack.pop()!;
    const at = n.position?.start.offset ?? parentAt;
    const flat = n.type === 'text' || n.type === 'strong' || n.type === 'emphasis';
    if (!flat && n.type !== 'paragraph') out.push({ sig: `${depth}:${n.type}`, at });
    const children = (n as { children?: Nodes[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], flat ? depth : depth + 1, at]);
  }
  shapes.set(post, out);
  return out;
}

/** The index of the first run whose text differs between two posts (-1 when all are the same). */
function firstChangedRun(a: Post, ra: Run[], b: Post, rb: Run[]): number {
  const n = Math.max(ra.length, rb.length);
  for (let k = 0; k < n; k++) {
    const x = ra[k];
    const y = rb[k];
    if (!x || !y || x.end - x.start !== y.end - y.start || a.text.slice(x.start, x.end) !== b.text.slice(y.start, y.end)) return k;
  }
  return -1;
}

export interface FixPass {
  /** The edits applied (some fixes may have been held back, see `withheld`). */
  edits: TextEdit[];
  /** The post after the edits, parsed. */
  post: Post;
  /** How many fixes were held back because they would have changed non-prose text. */
  withheld: number;
}

/** How many times a pass narrows its fixes down before it gives up on the rest of them. */
const NARROWING_ROUNDS = 8;

/**
 * One pass of fix-all that never changes what is not prose. Fixes edit prose, but on broken
 * Markdown an edit can change how the text around it parses: a `]` that completes a link, a
 * space that ends a bare URL elsewhere, a line that stops a fence. After applying the preferred
 * fixes the text is parsed again and its non-prose runs compared with the post's; when one
 * differs, the fixes that edit its paragraph (or, failing that, anything between the runs
 * around it) are held back and the rest is tried again; after a few rounds, or when no fix is
 * near the change, the pass applies nothing. A pass in which a front-matter fix adds or removes
 * the front matter is taken as it is (that fix did it on purpose). A fix that edits the dialect's
 * syntax is never applied (`Post.syntax`). Returns undefined when there is nothing left to apply.
 */
export function fixAllPass(post: Post, findings: readonly Finding[], parse: (text: string) => Post): FixPass | undefined {
  const all = preferredFixes(findings);
  const total = all.length;
  let fixes = all.filter((f) => !touchesSyntax(post, f));
  const frontMatterFixes = new Set(preferredFixes(findings.filter((f) => f.ruleId.startsWith('front-matter/'))));
  const before = nonProseRuns(post);
  for (let round = 0; round <= NARROWING_ROUNDS && fixes.length; round++) {
    const edits = takeEdits(fixes);
    if (!edits.length) return undefined;
    const next = parse(applyEdits(post.text, edits));
    if (!post.frontMatter !== !next.frontMatter) {
      const taken = new Set(edits);
      if (fixes.some((fix) => frontMatterFixes.has(fix) && taken.has(fix.edits[0]))) return { edits, post: next, withheld: total - fixes.length };
    }
    const after = nonProseRuns(next);
    const k = firstChangedRun(post, before, next, after);
    if (k < 0) {
      if (!post.frontMatter !== !next.frontMatter) return undefined; // front matter came or went, and no front-matter fix did it
      // The masked runs are the same: so must the structure be (a reference that became text…).
      const sa = structureOf(post);
      const sb = structureOf(next);
      let s = 0;
      while (s < sa.length && s < sb.length && sa[s].sig === sb[s].sig) s++;
      if (s === sa.length && s === sb.length) return { edits, post: next, withheld: total - fixes.length };
      const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
      const spot = Math.min(sa[s]?.at ?? post.text.length, sb[s] ? oldOffset(sorted, sb[s].at) : post.text.length);
      const narrowed = holdBack(fixes, blankLineBefore(post.text, spot), blankLineAfter(post.text, spot));
      if (narrowed.length === fixes.length) return undefined;
      fixes = narrowed;
      continue;
    }
    // Hold back the fixes that edit the paragraph(s) where the run changed, between the runs
    // before and after it; if none does, every fix between those runs.
    const lo = k > 0 ? before[k - 1].end : post.frontMatter ? post.frontMatter.span.end : 0;
    const hi = k + 1 < before.length ? before[k + 1].start : post.text.length;
    // Where the change is: a run that appeared (it ends before the old run k starts) is held
    // back alone, as is a run that went away (it ends before the new run k starts); a run that
    // changed spans both.
    const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
    const was = before[k] ? [before[k].start, before[k].end] : [];
    const now = after[k] ? [oldOffset(sorted, after[k].start), oldOffset(sorted, after[k].end)] : [];
    const spots = was.length && now.length && now[1] <= was[0] ? now : was.length && now.length && was[1] <= now[0] ? was : [...was, ...now];
    const near = holdBack(fixes, Math.max(lo, blankLineBefore(post.text, Math.min(...spots))), Math.min(hi, blankLineAfter(post.text, Math.max(...spots))));
    const narrowed = near.length < fixes.length ? near : holdBack(fixes, lo, hi);
    if (narrowed.length === fixes.length) return undefined; // no fix near the change: apply none
    fixes = narrowed;
  }
  return undefined;
}

/** The fixes without an edit that touches [from, to]. */
function holdBack(fixes: readonly Fix[], from: number, to: number): Fix[] {
  return fixes.filter((fix) => !fix.edits.some((e) => e.span.end >= from && e.span.start <= to));
}

/** Where an offset of the text after `edits` (sorted by start, disjoint) was in the text before them. */
function oldOffset(edits: readonly TextEdit[], offset: number): number {
  let delta = 0;
  for (const e of edits) {
    const start = e.span.start + delta;
    if (offset < start) break;
    if (offset < start + e.newText.length) return e.span.start;
    delta += e.newText.length - (e.span.end - e.span.start);
  }
  return offset - delta;
}

/** The start of the blank line before `i` (or 0): where the paragraph holding `i` begins. */
function blankLineBefore(text: string, i: number): number {
  let end = text.lastIndexOf('\n', i - 1);
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1);
    if (!text.slice(start + 1, end).trim()) return start + 1;
    end = start;
  }
  return 0;
}

/** The end of the blank line after `i` (or the text's length): where the paragraph holding `i` ends. */
function blankLineAfter(text: string, i: number): number {
  let start = text.indexOf('\n', i);
  while (start >= 0) {
    const end = text.indexOf('\n', start + 1);
    if (end < 0) break;
    if (!text.slice(start + 1, end).trim()) return end;
    start = end;
  }
  return text.length;
}

/**
 * Fix-all to a fixed point from a parsed post: pass after pass (see `fixAllPass`), re-analysing
 * after each, at most `maxPasses`. The first pass uses `findings` when given (the host's current
 * analysis of `post`). Returns the last post, how many edits were applied, and the edits of all
 * passes as one list over the first post's text (`composeEdits`).
 */
export function fixPost(post: Post, parse: (text: string) => Post, analyze: (post: Post) => Finding[], maxPasses = 10, findings?: readonly Finding[]): FixResult & { post: Post } {
  return drain(fixPostSteps(post, parse, (p) => once(() => analyze(p)), maxPasses, findings));
}

/** What fix-all did: how many edits it applied, the edits over the original text, and the findings fixed per rule. */
export interface FixResult {
  applied: number;
  edits: TextEdit[];
  byRule: Record<string, number>;
}

/**
 * `fixPost` in steps: it yields between passes and wherever `analyze` yields (between rules), so
 * a host can stop it on a cancellation. Also returns the passes made (their edits and posts).
 */
export function* fixPostSteps(
  post: Post,
  parse: (text: string) => Post,
  analyze: (post: Post) => Generator<void, Finding[]>,
  maxPasses = 10,
  findings?: readonly Finding[],
): Generator<void, FixResult & { post: Post; passes: FixPass[]; findings?: Finding[] }> {
  let applied = 0;
  const passes: FixPass[] = [];
  const byRule: Record<string, number> = {};
  const length = post.text.length;
  /** The findings of the last post, when the last pass found nothing more to fix in them. */
  let last: Finding[] | undefined;
  for (let pass = 0; pass < maxPasses; pass++) {
    const current = pass === 0 && findings ? findings : yield* analyze(post);
    const step = fixAllPass(post, current, parse);
    if (!step) break;
    // The findings whose fix was applied in this pass, by rule.
    const taken = new Set(step.edits);
    for (const f of current) if (preferredFix(f)?.edits.some((e) => taken.has(e))) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    passes.push(step);
    post = step.post;
    applied += step.edits.length;
    yield;
  }
  return { post, applied, edits: composeEdits(length, passes.map((x) => x.edits)), passes, byRule, ...(last ? { findings: last } : {}) };
}

/** Fix-all of a text to a fixed point (`fixPost`): the new text, how many edits were applied, the edits over `text`, and the findings fixed per rule. */
export function fixAll(text: string, parse: (text: string) => Post, analyze: (post: Post) => Finding[], maxPasses = 10): FixResult & { text: string } {
  const { post, applied, edits, byRule } = fixPost(parse(text), parse, analyze, maxPasses);
  return { text: post.text, applied, edits, byRule };
}

/** A piece of the text after some passes: a range of the original text, or new text. */
type Piece = { start: number; end: number } | string;

/**
 * Several passes of edits (each pass over the text the passes before it made) as one list of
 * disjoint edits over the original text of `length` characters, sorted. Every character outside
 * them is a character of the original that no pass touched, so a host can copy the original's
 * bytes there and encode only the new text (nothing outside a fix changes on disk). Each pass's
 * edits must be disjoint (as `applyEdits` takes them).
 */
export function composeEdits(length: number, passes: ReadonlyArray<readonly TextEdit[]>): TextEdit[] {
  let pieces: Piece[] = length ? [{ start: 0, end: length }] : [];
  for (const pass of passes) {
    const sorted = [...pass].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    const next: Piece[] = [];
    let k = 0; // the piece being walked
    let at = 0; // where pieces[k] starts in the current text
    let used = 0; // how much of pieces[k] is already taken or dropped
    const sizeOf = (p: Piece) => (typeof p === 'string' ? p.length : p.end - p.start);
    const part = (p: Piece, from: number, to: number): Piece => (typeof p === 'string' ? p.slice(from, to) : { start: p.start + from, end: p.start + to });
    /** Copy (keep) or skip the current text up to offset `to`. */
    const advance = (to: number, keep: boolean) => {
      while (k < pieces.length && at + used < to) {
        const p = pieces[k];
        const size = sizeOf(p);
        const take = Math.min(size, to - at);
        if (keep && take > used) next.push(part(p, used, take));
        if (take < size) {
          used = take;
          return;
        }
        at += size;
        used = 0;
        k++;
      }
    };
    let pos = 0;
    for (const e of sorted) {
      if (e.span.start < pos) continue; // overlapping: dropped, as applyEdits does
      advance(e.span.start, true);
      if (e.newText) next.push(e.newText);
      advance(e.span.end, false);
      pos = e.span.end;
    }
    advance(Infinity, true);
    pieces = next.filter((p) => sizeOf(p) > 0);
  }
  // Ranges of the original that are kept, with the new text between them, become edits.
  const edits: TextEdit[] = [];
  let origAt = 0;
  let added = '';
  const flush = (until: number) => {
    if (until > origAt || added) edits.push({ span: { start: origAt, end: until }, newText: added });
    added = '';
  };
  for (const p of pieces) {
    if (typeof p === 'string') added += p;
    else {
      flush(p.start);
      origAt = p.end;
    }
  }
  flush(length);
  return edits;
}
