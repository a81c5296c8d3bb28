/**
 * The properties the fuzzer checks on one input through the core API: analysis, hover and
 * completion providers, summaries, and fix-all. Each violated property becomes a `Problem`.
 */
import { performance } from 'node:perf_hooks';
import {
  ATOM, analyzePost, applyEdits, codePointStart, completionsAt, families, fixAll, fixAllPass, loadConfigText, parse, preferredFix,
  splitsSurrogate, summarize, toConfig, type Config, type Finding, type Post, type Span, type TextEdit, type Workspace, type WorkspaceFiles,
} from '../../server/src/core/index';
import { Rng } from './mutate';

export interface Problem {
  /** `exception`, `internal`, `span`, `fix-span`, `fix-overlap`, `fix-protected`, `fix-unsettled`, `fix-idempotent`, `prose`, `server-…` */
  kind: string;
  /** The rule id involved, when there is one. */
  rule?: string;
  message: string;
}

/** Time budget of one analysis: 1 s per 100 KB, at least 1 s. */
export function budgetMs(length: number): number {
  return Math.max(1000, (length / 100_000) * 1000);
}

export function spanProblem(text: string, s: Span | undefined): string | undefined {
  if (!s || typeof s.start !== 'number' || typeof s.end !== 'number' || !Number.isInteger(s.start) || !Number.isInteger(s.end)) return `not integer offsets: ${JSON.stringify(s)}`;
  if (s.start < 0 || s.end > text.length || s.start > s.end) return `outside the text (length ${text.length}) or reversed: ${s.start}..${s.end}`;
  if (splitsSurrogate(text, s.start)) return `start ${s.start} splits a surrogate pair`;
  if (splitsSurrogate(text, s.end)) return `end ${s.end} splits a surrogate pair`;
  return undefined;
}

function errText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 6).join('\n') : String(err);
}

/**
 * The parts fix-all must never change: every masked (non-prose) run in order, from `from` on. By
 * default the front matter is left out (front-matter rules fix it), and so is a BOM before it.
 */
export function protectedParts(post: Post, from = post.frontMatter ? post.frontMatter.span.end : 0): string[] {
  const parts: string[] = [];
  const { prose, text } = post;
  for (let i = from; i < prose.length; i++) {
    if (prose[i] !== ATOM) continue;
    let j = i;
    while (j < prose.length && (prose[j] === ATOM || prose[j] === '\n' || prose[j] === '\r')) j++;
    parts.push(text.slice(i, j).trimEnd());
    i = j - 1;
  }
  return parts;
}

/** In-memory workspace files (a site config, an authors file) for the rules that read them. */
function memoryFiles(files: Record<string, string>): WorkspaceFiles {
  return { exists: (p) => p in files, read: (p) => files[p] };
}

const SITE_CONFIGS = [
  '_config.yml', 'hugo.toml', 'config.toml', '_data/authors.yml', 'hugo.yaml',
];

export interface CoreCase {
  text: string;
  configText?: string;
  workspace: Workspace;
  /** Other posts' texts for the workspace index (cross-post rules). */
  others: string[];
}

/** Build the config and workspace of a case from its rng (so the saved input can be replayed). */
export function makeCase(rng: Rng, text: string, configText: string | undefined, other: () => string): CoreCase {
  const files: Record<string, string> = {};
  if (rng.chance(0.3)) files[rng.pick(SITE_CONFIGS)] = other().slice(0, 3000);
  if (rng.chance(0.2)) files['_config.yml'] = 'title: x\ntimezone: Asia/Shanghai\nauthors: [a]\n';
  const path = rng.pick(['_posts/2024-05-01-x.md', 'content/posts/x.md', 'source/_posts/x.md', 'x.md', '_posts/bad-name.md', '中文/帖子.md']);
  const now = rng.chance(0.8) ? Date.UTC(2025, 0, 1) : rng.int(0, 4102444800000);
  const others = rng.chance(0.3) ? [other().slice(0, 5000), other().slice(0, 5000)] : [];
  return { text, configText, workspace: { path, now, files: memoryFiles(files) }, others };
}

export interface CoreResult {
  problems: Problem[];
  /** Milliseconds of the (fastest of at most two) analyses. */
  ms: number;
  slow: boolean;
  findings: number;
}

/** Run every core property over one case. Never throws. */
export function checkCore(c: CoreCase, rng: Rng): CoreResult {
  const problems: Problem[] = [];
  const { text } = c;
  let config: Config;
  try {
    const loaded = c.configText !== undefined ? loadConfigText(c.configText) : { config: {}, problems: [] };
    for (const p of loaded.problems) {
      const bad = spanProblem(c.configText ?? '', p.span);
      if (bad) problems.push({ kind: 'config-span', message: `config problem "${p.message}": ${bad}` });
    }
    config = toConfig(loaded.config);
  } catch (err) {
    problems.push({ kind: 'exception', rule: 'config', message: `loadConfigText threw: ${errText(err)}` });
    config = toConfig({});
  }
  const workspace: Workspace = { ...c.workspace };
  try {
    if (c.others.length) {
      const posts = new Map();
      c.others.forEach((t, i) => posts.set(`_posts/2024-01-0${i + 1}-other.md`, summarize(t, `_posts/2024-01-0${i + 1}-other.md`, config)));
      if (workspace.path) posts.set(workspace.path, summarize(text, workspace.path, config));
      workspace.index = { posts, version: 1 };
    }
  } catch (err) {
    problems.push({ kind: 'exception', rule: 'summarize', message: `summarize threw: ${errText(err)}` });
  }

  // Analysis, timed (re-timed once when over budget: the machine is shared).
  let post: Post | undefined;
  let findings: Finding[] = [];
  let ms = Infinity;
  for (let attempt = 0; attempt < 2; attempt++) {
    const t0 = performance.now();
    try {
      post = parse(text, config);
      findings = analyzePost(post, config, workspace);
    } catch (err) {
      problems.push({ kind: 'exception', rule: 'analyze', message: `analyze threw: ${errText(err)}` });
      return { problems, ms: performance.now() - t0, slow: false, findings: 0 };
    }
    ms = Math.min(ms, performance.now() - t0);
    if (ms <= budgetMs(text.length)) break;
  }
  const slow = ms > budgetMs(text.length);
  if (!post) return { problems, ms, slow, findings: 0 };

  if (post.prose.length !== text.length) problems.push({ kind: 'prose', message: `prose view has length ${post.prose.length}, text ${text.length}` });

  for (const f of findings) {
    if (f.ruleId === 'internal') {
      problems.push({ kind: 'internal', rule: String(f.data?.rule ?? 'internal'), message: f.message });
      continue;
    }
    const bad = spanProblem(text, f.span);
    if (bad) problems.push({ kind: 'span', rule: f.ruleId, message: `finding "${f.message}": ${bad}` });
    for (const fix of f.fixes ?? []) {
      for (const e of fix.edits) {
        const b = spanProblem(text, e.span);
        if (b) problems.push({ kind: 'fix-span', rule: f.ruleId, message: `fix "${fix.title}": ${b}` });
        if (typeof e.newText !== 'string') problems.push({ kind: 'fix-span', rule: f.ruleId, message: `fix "${fix.title}": newText is not a string` });
      }
    }
  }

  // Hover and completion providers, called directly (the API swallows their exceptions).
  // Providers get offsets on whole characters (core hoverAt/completionsAt move an offset inside a
  // surrogate pair to its start), so these are moved the same way.
  const offsets = [0, text.length, ...Array.from({ length: 4 }, () => rng.int(0, text.length)), ...findings.slice(0, 3).map((f) => f.span.start)].map((o) => codePointStart(text, o));
  for (const fam of families) {
    for (const h of fam.hovers ?? []) {
      for (const offset of offsets) {
        try {
          const r = h({ post, offset, config, workspace });
          const bad = r && spanProblem(text, r.span);
          if (bad) problems.push({ kind: 'hover-span', rule: fam.name, message: `hover at ${offset}: ${bad}` });
        } catch (err) {
          problems.push({ kind: 'exception', rule: `${fam.name} hover`, message: `hover at ${offset} threw: ${errText(err)}` });
        }
      }
    }
    for (const p of fam.completions ?? []) {
      for (const offset of offsets.slice(0, 4)) {
        try {
          for (const item of p({ post, offset, config, workspace })) {
            const bad = item.span && spanProblem(text, item.span);
            if (bad) problems.push({ kind: 'completion-span', rule: fam.name, message: `completion "${item.label}" at ${offset}: ${bad}` });
          }
        } catch (err) {
          problems.push({ kind: 'exception', rule: `${fam.name} completion`, message: `completion at ${offset} threw: ${errText(err)}` });
        }
      }
    }
    if (fam.summarize) {
      try {
        fam.summarize(post, config);
      } catch (err) {
        problems.push({ kind: 'exception', rule: `${fam.name} summarize`, message: `summarize threw: ${errText(err)}` });
      }
    }
  }
  try {
    completionsAt(post, rng.int(0, text.length), config, workspace);
  } catch (err) {
    problems.push({ kind: 'exception', rule: 'completionsAt', message: errText(err) });
  }

  // The API's fixAll is compared on one input in ten (it repeats the whole fix-all twice).
  if (!problems.length) problems.push(...checkFixAll(text, post, findings, config, workspace, rng.chance(0.1)));
  return { problems, ms, slow, findings: findings.length };
}

/** Fix-all properties: edits inside the text, no collisions, protected text kept, settles, idempotent, matches the API. */
function checkFixAll(original: string, firstPost: Post, firstFindings: Finding[], config: Config, workspace: Workspace, crossCheck: boolean): Problem[] {
  const problems: Problem[] = [];
  let text = original;
  let post = firstPost;
  let findings = firstFindings;
  let passes = 0;
  try {
    for (;;) {
      // The product's pass (it holds back fixes that would change non-prose text); what it
      // applies is then checked here on its own terms.
      const step = fixAllPass(post, findings, (t) => parse(t, config));
      if (!step) break;
      const { edits } = step;
      if (++passes > 10) {
        const rules = [...new Set(findings.filter((f) => preferredFix(f)).map((f) => f.ruleId))];
        problems.push({ kind: 'fix-unsettled', rule: rules.join(','), message: `fix-all does not settle after 10 passes; still fixable: ${rules.join(', ')}` });
        return problems;
      }
      const bad = editsProblem(text, edits, findings);
      if (bad) {
        problems.push(bad);
        return problems;
      }
      const next = applyEdits(text, edits);
      if (next !== step.post.text) {
        problems.push({ kind: 'fix-outside', message: 'fixAllPass() parsed another text than its edits give' });
        return problems;
      }
      // Check byte by byte that nothing outside the edits changed.
      const outside = outsideEditsChanged(text, next, edits);
      if (outside) {
        problems.push({ kind: 'fix-outside', message: outside });
        return problems;
      }
      const fmFix = findings.some((f) => f.ruleId.startsWith('front-matter/') && preferredFix(f)?.edits.some((e) => edits.includes(e)));
      text = next;
      const prevPost = post;
      post = step.post;
      // Non-prose text is compared pass by pass; a pass that fixed the front matter (which may
      // turn a `---` block into front matter) starts a new baseline.
      if (!fmFix) {
        const a = protectedParts(prevPost);
        const b = protectedParts(post);
        if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
          const i = a.findIndex((x, k) => x !== b[k]);
          const rules = [...new Set(findings.filter((f) => preferredFix(f)?.edits.some((e) => edits.includes(e))).map((f) => f.ruleId))];
          problems.push({ kind: 'fix-protected', rule: rules.join(','), message: `fix-all pass ${passes} changed non-prose text: ${JSON.stringify(a[i])?.slice(0, 200)} → ${JSON.stringify(b[i])?.slice(0, 200)}` });
          return problems;
        }
      }
      findings = analyzePost(post, config, workspace);
      for (const f of findings) {
        if (f.ruleId === 'internal') {
          problems.push({ kind: 'internal', rule: String(f.data?.rule ?? 'internal'), message: `after fix-all pass ${passes}: ${f.message}` });
          return problems;
        }
      }
    }
  } catch (err) {
    problems.push({ kind: 'exception', rule: 'fix-all', message: errText(err) });
    return problems;
  }
  if (text === original || !crossCheck) return problems;
  try {
    const api = fixAll(original, config, workspace).text;
    if (api !== text) problems.push({ kind: 'fix-api', message: 'fixAll() gives another text than the pass-by-pass fix-all' });
    else if (fixAll(api, config, workspace).text !== api) problems.push({ kind: 'fix-idempotent', message: 'a second fix-all changes the text' });
  } catch (err) {
    problems.push({ kind: 'exception', rule: 'fixAll', message: errText(err) });
  }
  return problems;
}

function editsProblem(text: string, edits: readonly TextEdit[], findings: readonly Finding[]): Problem | undefined {
  const ruleOf = (e: TextEdit) => findings.find((f) => preferredFix(f)?.edits.includes(e))?.ruleId;
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    const bad = spanProblem(text, e.span);
    if (bad) return { kind: 'fix-span', rule: ruleOf(e), message: `fix-all edit: ${bad}` };
    if (i && (e.span.start < sorted[i - 1].span.end || e.span.start === sorted[i - 1].span.start)) return { kind: 'fix-overlap', rule: ruleOf(e), message: `fix-all edits collide at ${e.span.start}` };
    // The edit must not make lone surrogate halves (it may carry over ones the text had).
    const lone = (x: string) => (x.match(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g) ?? []).length;
    const ctxBefore = text.slice(Math.max(0, e.span.start - 1), Math.min(text.length, e.span.end + 1));
    const ctxAfter = text.slice(Math.max(0, e.span.start - 1), e.span.start) + e.newText + text.slice(e.span.end, e.span.end + 1);
    if (lone(ctxAfter) > lone(ctxBefore)) return { kind: 'fix-span', rule: ruleOf(e), message: `fix-all edit makes a lone surrogate: ${JSON.stringify(ctxAfter)}` };
  }
  return undefined;
}

/** Compare `before` and `after` outside the edits (which are sorted and disjoint). */
function outsideEditsChanged(before: string, after: string, edits: readonly TextEdit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  let pb = 0;
  let pa = 0;
  for (const e of sorted) {
    const len = e.span.start - pb;
    if (before.slice(pb, e.span.start) !== after.slice(pa, pa + len)) return `text before offset ${e.span.start} changed`;
    pa += len;
    if (after.slice(pa, pa + e.newText.length) !== e.newText) return `edit at ${e.span.start} not applied as given`;
    pa += e.newText.length;
    pb = e.span.end;
  }
  if (before.slice(pb) !== after.slice(pa)) return 'text after the last edit changed';
  return undefined;
}
