/**
 * Core ↔ LSP conversion: findings to diagnostics, spans to ranges, positions to offsets.
 * The ONE place that turns UTF-16 offsets into LSP positions (via core `positionAt`), so a
 * line/character never gets computed twice in two ways.
 */
import { DiagnosticSeverity, CompletionItemKind, type CompletionItem as LspCompletionItem, type Diagnostic, type Position, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { computeLineStarts, offsetAt, positionAt, type CompletionItem, type ConfigProblem, type Finding, type Fix, type Severity, type Span, type TextEdit } from '../core/index';

/** A text with its line starts: enough to convert in both directions. */
export interface LineMap {
  text: string;
  lineStarts: readonly number[];
}

export function lineMap(text: string): LineMap {
  return { text, lineStarts: computeLineStarts(text) };
}

export function toPosition(m: LineMap, offset: number): Position {
  return positionAt(m.lineStarts, offset, m.text.length);
}

export function toRange(m: LineMap, span: Span): Range {
  return { start: toPosition(m, span.start), end: toPosition(m, span.end) };
}

export function toOffset(m: LineMap, p: Position): number {
  return offsetAt(m.text, m.lineStarts, p.line, p.character);
}

export function toSpan(m: LineMap, r: Range): Span {
  return { start: toOffset(m, r.start), end: toOffset(m, r.end) };
}

export function toTextEdit(m: LineMap, e: TextEdit): LspTextEdit {
  return { range: toRange(m, e.span), newText: e.newText };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A fix as carried in `Diagnostic.data`: edits already in LSP ranges of the analysed text. */
export interface LspFix {
  title: string;
  edits: LspTextEdit[];
  isPreferred?: boolean;
  input?: Fix['input'];
  configEdit?: Fix['configEdit'];
  rename?: Fix['rename'];
  /**
   * A fix too big to carry ("replace all N"): its edits are left out and computed when the action
   * is chosen (`codeAction/resolve` or the command `zhen.applyFix`). The number of edits.
   */
  lazy?: number;
}

/**
 * `Diagnostic.data` of a Zhen finding: the hash of the text the ranges refer to (analyses.ts
 * `hashText`) and the finding's place in that analysis's findings. Its fixes do not travel: on
 * `codeAction` the server finds the finding again in its analysis of the same text (`findingOf`)
 * and builds the actions from it (on the 1 MB post the fixes' edits were 61 % of each publish).
 */
export interface DiagnosticData {
  hash: string;
  i: number;
}

/** `Diagnostic.data` of a `.zhen.yml` problem: its few fixes travel with it (no analysis holds them). */
export interface ConfigDiagnosticData {
  hash: string;
  fixes: LspFix[];
}

export const SOURCE = 'zhen';

/** Bounds of what one diagnostic carries: more edits or text than this make a fix lazy. */
export const MAX_INLINE_EDITS = 4;
export const MAX_INLINE_TEXT = 1000;

export function toLspFix(m: LineMap, f: Fix): LspFix {
  const big = f.edits.length > MAX_INLINE_EDITS || f.edits.reduce((n, e) => n + e.newText.length, 0) > MAX_INLINE_TEXT;
  if (big && !f.input && !f.rename) {
    const out: LspFix = { title: f.title, edits: [], lazy: f.edits.length };
    if (f.configEdit) out.configEdit = f.configEdit;
    return out;
  }
  const out: LspFix = { title: f.title, edits: f.edits.map((e) => toTextEdit(m, e)) };
  if (f.isPreferred) out.isPreferred = true;
  if (f.input) out.input = f.input;
  if (f.configEdit) out.configEdit = f.configEdit;
  if (f.rename) out.rename = f.rename;
  return out;
}

/** The fixes of a finding as code actions carry them (edits in LSP ranges of the analysed text). */
export function lspFixesOf(m: LineMap, f: Finding): LspFix[] {
  return (f.fixes ?? []).map((x) => toLspFix(m, x));
}

/** The finding `i` of `findings` (the analysis of the same text), when it is the one the diagnostic shows. */
export function findingOf(m: LineMap, findings: readonly Finding[], d: Diagnostic, i: number): Finding | undefined {
  const same = (f: Finding | undefined) => {
    if (!f || f.ruleId !== d.code) return false;
    const r = toRange(m, f.span);
    return r.start.line === d.range.start.line && r.start.character === d.range.start.character && r.end.line === d.range.end.line && r.end.character === d.range.end.character;
  };
  if (same(findings[i])) return findings[i];
  // Another analysis of the same text (the workspace's of a post now open) may order differently.
  const byRange = findings.find(same);
  if (byRange) return byRange;
  // A client that sends the diagnostic back with its range in other units (Neovim 0.7 rebuilds it
  // from byte columns): the text is the same (the hash), so the finding at the index is the one,
  // if its rule and line agree.
  const f = findings[i];
  return f && f.ruleId === d.code && toRange(m, f.span).start.line === d.range.start.line ? f : undefined;
}

export function toDiagnostic(m: LineMap, f: Finding, hash: string, i: number): Diagnostic {
  const data: DiagnosticData = { hash, i };
  return {
    range: toRange(m, f.span),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    source: SOURCE,
    message: f.message,
    data,
  };
}

/**
 * Where a repeat's problem was first reported, for clients that declare `relatedInformation`: the
 * document's URI, the repeat's entry ("First reported here") and the first finding's entries for
 * the other places ("Also here").
 */
export interface Related {
  uri: string;
  message: string;
  also: string;
}

/** The most "Also here" entries one diagnostic carries (a transcript's 86 repeats: the payload stays small). */
export const RELATED_MAX = 20;

/**
 * A document's findings as diagnostics. With `related`, a repeat (core repeats.ts, and typo/style's
 * slips from its own style: a hint whose `data.firstAt` holds the 1-based line and column of its
 * problem's first finding) points there in `relatedInformation`, with the first finding's range
 * (found among the diagnostics) or its position; and the first finding lists the others, up to
 * RELATED_MAX (the Problems panel shows them as its children, though hints are not listed there).
 */
export function toDiagnostics(m: LineMap, findings: readonly Finding[], hash: string, related?: Related): Diagnostic[] {
  const out = findings.map((f, i) => toDiagnostic(m, f, hash, i));
  if (!related) return out;
  const heads = new Map<string, number>();
  out.forEach((d, i) => {
    if (d.severity !== DiagnosticSeverity.Hint) heads.set(`${d.code}\u0000${d.range.start.line}\u0000${d.range.start.character}`, i);
  });
  findings.forEach((f, i) => {
    const at = f.data?.firstAt as { line?: unknown; column?: unknown; rule?: unknown } | undefined;
    if (typeof at?.line !== 'number' || typeof at.column !== 'number') return;
    const start = toPosition(m, toOffset(m, { line: at.line - 1, character: at.column - 1 }));
    // (`firstAt.rule`: the first finding is another rule's, e.g. typo/house-style's or typo/punctuation's for a spacing slip)
    const head = heads.get(`${typeof at.rule === 'string' ? at.rule : f.ruleId}\u0000${start.line}\u0000${start.character}`);
    const range = head === undefined ? { start, end: start } : out[head].range;
    out[i].relatedInformation = [{ location: { uri: related.uri, range }, message: related.message }];
    if (head === undefined) return;
    const list = (out[head].relatedInformation ??= []);
    if (list.length < RELATED_MAX) list.push({ location: { uri: related.uri, range: out[i].range }, message: related.also });
  });
  return out;
}

/** The notice on a document that is not checked (binary or huge, see limits.ts), in the message language. */
export function skippedDiagnostic(message: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, code: 'skipped', source: SOURCE, message };
}

/** A `.zhen.yml` problem on that file; its fixes (did-you-mean, a closing bracket) travel in its `data` (no analysis holds them). */
export function configProblemToDiagnostic(m: LineMap, p: ConfigProblem, hash?: string): Diagnostic {
  const d: Diagnostic = { range: toRange(m, p.span), severity: SEVERITY[p.severity], source: SOURCE, code: 'config', message: p.message };
  if (hash !== undefined) d.data = { hash, fixes: (p.fixes ?? []).map((x) => toLspFix(m, x)) } satisfies ConfigDiagnosticData;
  return d;
}

const COMPLETION_KIND: Record<CompletionItem['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  text: CompletionItemKind.Text,
  reference: CompletionItemKind.Reference,
};

export function toCompletionItem(m: LineMap, c: CompletionItem): LspCompletionItem {
  const item: LspCompletionItem = { label: c.label, kind: COMPLETION_KIND[c.kind] };
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = { kind: 'markdown', value: c.documentation };
  if (c.sortText) item.sortText = c.sortText;
  if (c.span) item.textEdit = { range: toRange(m, c.span), newText: c.insertText ?? c.label };
  else if (c.insertText) item.insertText = c.insertText;
  return item;
}
