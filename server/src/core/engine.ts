/** Runs the rules over a parsed post: severities, options, suppressions, containment of failures. */
import type { BlockResult, Config, Finding, Fix, ReportInput, Rule, RuleContext, RuleFamily, Severity, TextEdit, Workspace } from './types';
import { ruleMatches, walk, type Post } from './document';
import { dialectKey } from './dialect';
import { analysing, blockWindows, placedReports, type BlockEntry, type BlockWindow, type RuleCache } from './blockCache';
import { lastAtOrBefore, onCodePoints } from './text';
import { ruleOptions, ruleSeverity } from './config';
import { BudgetExceeded, withBudget } from './userPattern';
import { drain } from './steps';
import { markRepeats } from './repeats';

const SEVERITY_ORDER: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/**
 * `template` with each `{name}` that `data` has replaced by its value (others left as written). A
 * template is split once into its literal parts and names (rules format thousands of messages,
 * hovers and fix titles per edit of a long post).
 */
export function format(template: string, data?: Record<string, string | number>): string {
  if (!data) return template;
  const parts = templateParts(template);
  if (parts.length === 1) return template;
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    out += (k in data ? String(data[k]) : `{${k}}`) + parts[i + 1];
  }
  return out;
}

const PLACEHOLDER_RE = /\{(\w+)\}/g;
const templates = new Map<string, string[]>();

/** A template's literal parts with the placeholder names between them: [text, name, text, …, text]. */
function templateParts(template: string): string[] {
  let parts = templates.get(template);
  if (parts) return parts;
  parts = [];
  let at = 0;
  PLACEHOLDER_RE.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = PLACEHOLDER_RE.exec(template)); at = m.index + m[0].length) parts.push(template.slice(at, m.index), m[1]);
  parts.push(template.slice(at));
  // The templates are the rules' messages (a fixed set); a template made at run time is not kept past a bound.
  if (templates.size >= 4096) templates.clear();
  templates.set(template, parts);
  return parts;
}

export function runRules(post: Post, families: readonly RuleFamily[], config: Config, workspace: Workspace, cache?: RuleCache): Finding[] {
  return drain(ruleSteps(post, families, config, workspace, cache));
}

/**
 * `runRules` one rule at a time: the generator yields after each rule, so a host can answer other
 * requests, honour a cancellation or stop between rules (the language server's scheduler). Once
 * `workspace.overBudget` says so, the rules left are not run: one `internal` finding names them.
 */
export function* ruleSteps(post: Post, families: readonly RuleFamily[], config: Config, workspace: Workspace, cache?: RuleCache): Generator<void, Finding[]> {
  cache?.begin(config, dialectKey(post.dialect));
  analysing(post, cache);
  try {
    return yield* stepRules(post, families, config, workspace, { post, cache });
  } finally {
    // Also when the host drops the run between rules (a newer edit): the post is no longer being
    // analysed with the cache. An unfinished run does not `turn` it (it has not seen every block).
    analysing(post, undefined);
  }
}

function* stepRules(post: Post, families: readonly RuleFamily[], config: Config, workspace: Workspace, run: BlockRun): Generator<void, Finding[]> {
  const findings: Finding[] = [];
  if (post.parseError) {
    findings.push({
      ruleId: 'internal',
      severity: 'error',
      message: `The Markdown parser failed, so this file was not checked: ${post.parseError}`,
      span: { start: 0, end: 0 },
      data: { rule: 'parser' },
    });
  }
  const skipped: string[] = [];
  for (const family of families) {
    for (const rule of family.rules) {
      const setting = ruleSeverity(config, rule);
      if (setting === 'off') continue;
      if (workspace.overBudget?.()) {
        skipped.push(rule.id);
        continue;
      }
      runRule(rule, setting, post, config, workspace, findings, run);
      yield;
    }
  }
  if (skipped.length) {
    findings.push({
      ruleId: 'internal',
      severity: 'error',
      message: `The analysis ran out of time, so these rules did not check this file: ${skipped.join(', ')}`,
      span: { start: 0, end: 0 },
      data: { rule: skipped[0], skipped },
    });
  }
  run.cache?.turn();
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
  return findings;
}

/** One run's shared state for the block parts: the post's windows (made once, when a rule first needs them) and the cache. */
interface BlockRun {
  post: Post;
  cache?: RuleCache;
  windows?: BlockWindow[];
}

function runRule<O>(rule: Rule<O>, severity: Severity, post: Post, config: Config, workspace: Workspace, out: Finding[], run: BlockRun = { post }): void {
  const lang = config.language;
  const t = (id: string, data?: Record<string, string | number>) => {
    const m = rule.messages[id];
    return m ? format(m[lang] ?? m.en, data) : id;
  };
  const before = out.length;
  const suppressed = suppressionLookup(post, rule.id);
  const ctx: RuleContext<O> = {
    post,
    options: ruleOptions(config, rule),
    config,
    workspace,
    severity,
    t,
    report(r: ReportInput) {
      if (suppressed && suppressed(r.span.start)) return;
      const sev = r.severity && SEVERITY_ORDER[r.severity] < SEVERITY_ORDER[severity] ? r.severity : severity;
      const f: Finding = { ruleId: rule.id, severity: sev, message: t(r.messageId, r.data), span: onCodePoints(post.text, r.span) };
      const fixes = r.fixes?.filter((x) => fixIsOffered(post, x));
      if (fixes?.length) f.fixes = fixes;
      if (r.hover) f.hover = r.hover;
      if (r.detail) f.data = r.detail;
      out.push(f);
    },
  };
  try {
    withBudget(workspace.overBudget, () => {
      if (rule.block) ctx.blocks = runBlocks(rule, ctx, run);
      rule.check?.(ctx);
    });
  } catch (err) {
    out.length = before; // a failing rule reports nothing half-done
    out.push({
      ruleId: 'internal',
      severity: 'error',
      message: err instanceof BudgetExceeded
        ? `Rule ${rule.id} ran out of time on this file (a slow pattern in .zhen.yml?) and was stopped`
        : `Rule ${rule.id} failed on this file: ${err instanceof Error ? err.message : String(err)}`,
      span: { start: 0, end: 0 },
      data: { rule: rule.id },
    });
    return;
  }
  markRepeats(rule, out, before, post.lineStarts, lang);
}

/**
 * A rule's block-level part over every prose block: each block's entry is taken from the cache when
 * the block's window is unchanged, else computed (and kept); its reports are moved to the block's
 * place and reported through `ctx` (suppressions, severity and fix checks apply as for `check`).
 */
function runBlocks<O>(rule: Rule<O>, ctx: RuleContext<O>, run: BlockRun): BlockResult[] {
  const { cache } = run;
  if (!run.windows) {
    run.windows = blockWindows(run.post);
    cache?.madeWindows(run.windows); // (made before the run, e.g. by a host: still this run's windows)
  }
  const windows = run.windows;
  const results: BlockResult[] = [];
  // Indexed loops: this pass runs once per rule and edit, unoptimised, where a `for…of` makes an iterator and a result per item.
  for (let k = 0; k < windows.length; k++) {
    const w = windows[k];
    let entry = cache?.take(w.key, rule.id);
    if (!entry) {
      const reports: ReportInput[] = [];
      const value = rule.block!({
        kind: w.block.type,
        text: w.text,
        prose: w.prose,
        from: w.from,
        to: w.to,
        options: ctx.options,
        config: ctx.config,
        dialect: run.post.dialect,
        report: (r) => reports.push(r),
        t: ctx.t,
      });
      entry = { reports, value } satisfies BlockEntry;
      if (cache) {
        cache.keep(w.key, rule.id, entry);
        cache.stats.computed++;
        cache.stats.computedAt.push(w.block.span.start);
      }
    }
    const placed = placedReports(entry, w.base);
    for (let q = 0; q < placed.length; q++) ctx.report(placed[q]);
    results.push({ block: w.block, base: w.base, value: entry.value });
  }
  return results;
}

/** Is a rule's fix offered (see `changesNothing` and `gluedToBareUrl`)? */
export function fixIsOffered(post: Post, fix: Fix): boolean {
  return editsUsable(post, fix.edits) && !changesNothing(post.text, fix);
}

/** A fix whose every edit puts back the text it replaces (and that does nothing else): never offered. */
function changesNothing(text: string, fix: Fix): boolean {
  return !fix.input && !fix.configEdit && !fix.rename && editsNoop(text, fix.edits);
}

// Per edit list (a rule may share one list among the findings of a group, as "replace all N" does,
// so N findings cost N checks, not N²).
const usable = new WeakMap<readonly TextEdit[], { post: Post; ok: boolean }>();
const noop = new WeakMap<readonly TextEdit[], { text: string; noop: boolean }>();

/** No edit glued to a bare URL (see `gluedToBareUrl`). */
function editsUsable(post: Post, edits: readonly TextEdit[]): boolean {
  const m = usable.get(edits);
  if (m && m.post === post) return m.ok;
  const ok = !edits.some((e) => gluedToBareUrl(post, e.span.start));
  usable.set(edits, { post, ok });
  return ok;
}

function editsNoop(text: string, edits: readonly TextEdit[]): boolean {
  const m = noop.get(edits);
  if (m && m.text === text) return m.noop;
  const v = edits.every((e) => text.slice(e.span.start, e.span.end) === e.newText);
  noop.set(edits, { text, noop: v });
  return v;
}

const bareUrlEnds = new WeakMap<Post, number[]>();

/**
 * Is `at` in the run of non-blank text right after a bare URL (`https://x.org/a—](here`)? GFM
 * links a bare URL up to the next blank, so an edit there can move where the link ends: such
 * fixes are not offered (the finding still is). The bare URLs are the parse tree's literal
 * autolinks; a URL in `[text](url)` or `<url>` ends where its syntax says.
 */
function gluedToBareUrl(post: Post, at: number): boolean {
  let ends = bareUrlEnds.get(post);
  if (!ends) {
    ends = [];
    walk(post.root, (n) => {
      if (n.type !== 'link') return;
      const s = n.position?.start.offset;
      const e = n.position?.end.offset;
      const c = s === undefined ? '' : post.text[s];
      if (e !== undefined && c !== '[' && c !== '<') ends!.push(e);
      return 'skip';
    });
    ends.sort((a, b) => a - b);
    bareUrlEnds.set(post, ends);
  }
  const k = lastAtOrBefore(ends, at);
  if (k < 0) return false;
  const end = ends[k];
  if (at - end > 300) return false;
  for (let i = end; i < at; i++) {
    const c = post.text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000) return false;
  }
  return true;
}

/**
 * The same answer as document.ts `isSuppressed(post, ruleId, span)` for every span, in
 * O(log n): the suppressions that cover the rule, merged into disjoint sorted ranges
 * (a span is suppressed when its start falls in one). Undefined when nothing is suppressed.
 */
function suppressionLookup(post: Post, ruleId: string): ((offset: number) => boolean) | undefined {
  const ranges: Array<[number, number]> = [];
  for (const s of post.suppressions) {
    if (s.span.start < s.span.end && (s.rules.length === 0 || s.rules.some((r) => ruleMatches(r, ruleId)))) ranges.push([s.span.start, s.span.end]);
  }
  if (!ranges.length) return undefined;
  ranges.sort((a, b) => a[0] - b[0]);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const [a, b] of ranges) {
    if (ends.length && a <= ends[ends.length - 1]) ends[ends.length - 1] = Math.max(ends[ends.length - 1], b);
    else {
      starts.push(a);
      ends.push(b);
    }
  }
  return (offset) => {
    const k = lastAtOrBefore(starts, offset);
    return k >= 0 && offset < ends[k];
  };
}
