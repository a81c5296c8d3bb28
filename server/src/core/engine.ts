/** Runs the rules over a parsed post: severities, options, suppressions, containment of failures. */
import type { Config, Finding, ReportInput, Rule, RuleContext, RuleFamily, Severity, Span, Workspace } from './types';
import { ruleMatches, type Post } from './document';
import { ruleOptions, ruleSeverity } from './config';

const SEVERITY_ORDER: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function format(template: string, data?: Record<string, string | number>): string {
  if (!data) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

export function runRules(post: Post, families: readonly RuleFamily[], config: Config, workspace: Workspace): Finding[] {
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
  for (const family of families) {
    for (const rule of family.rules) {
      const setting = ruleSeverity(config, rule);
      if (setting === 'off') continue;
      runRule(rule, setting, post, config, workspace, findings);
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
  return findings;
}

function runRule(rule: Rule<any>, severity: Severity, post: Post, config: Config, workspace: Workspace, out: Finding[]): void {
  const lang = config.language;
  const t = (id: string, data?: Record<string, string | number>) => {
    const m = rule.messages[id];
    return m ? format(m[lang] ?? m.en, data) : id;
  };
  const before = out.length;
  const suppressed = suppressionLookup(post, rule.id);
  const ctx: RuleContext = {
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
      if (r.fixes?.length) f.fixes = r.fixes;
      if (r.hover) f.hover = r.hover;
      if (r.detail) f.data = r.detail;
      out.push(f);
    },
  };
  try {
    rule.check(ctx);
  } catch (err) {
    out.length = before; // a failing rule reports nothing half-done
    out.push({
      ruleId: 'internal',
      severity: 'error',
      message: `Rule ${rule.id} failed on this file: ${err instanceof Error ? err.message : String(err)}`,
      span: { start: 0, end: 0 },
      data: { rule: rule.id },
    });
  }
}

/** A finding's span widened, if needed, so that neither end falls inside a surrogate pair. */
function onCodePoints(text: string, span: Span): Span {
  let { start, end } = span;
  if (isLowSurrogateAfterHigh(text, start)) start--;
  if (isLowSurrogateAfterHigh(text, end)) end++;
  return start === span.start && end === span.end ? span : { start, end };
}

function isLowSurrogateAfterHigh(text: string, i: number): boolean {
  const lo = text.charCodeAt(i);
  const hi = text.charCodeAt(i - 1);
  return i > 0 && lo >= 0xdc00 && lo <= 0xdfff && hi >= 0xd800 && hi <= 0xdbff;
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
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && offset < ends[lo - 1];
  };
}
