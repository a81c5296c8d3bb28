/**
 * Code actions, built from the diagnostic's finding in the analysis of the same text (its
 * `Diagnostic.data` names the text and the finding, see convert.ts): one quick fix per
 * fix of a finding (the first preferred one `isPreferred`), "Disable RULE for this line", and
 * `source.fixAll.zhen`. Fixes that need more than a text edit:
 *   - `input`: the command `zhen.applyFixWithInput`, answered by the VS Code client (an input
 *     box); a client that did not say it can gets the edit with the placeholder text instead;
 *   - `configEdit`: the server command `zhen.applyConfigEdit`, which edits `.zhen.yml` with
 *     `workspace/applyEdit` (see `configEditWorkspaceEdit`);
 *   - `rename`: a WorkspaceEdit with a RenameFile operation, when the client supports it;
 *   - `lazy` ("replace all N"): no edits in the diagnostic; the action carries a `LazyFixRef` and
 *     its edit is made when chosen, by `codeAction/resolve` or, for clients that cannot resolve
 *     edits, the server command `zhen.applyFix` (`lazyFixEdit`).
 */
import { CodeActionKind, type CodeAction, type Command, type Diagnostic, type TextDocumentEdit, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { addToConfigList, disableNextLineEdit, fixPostSteps, type Finding, type Language, type Post, type Span } from '../core/index';
import { countList, say, sayN } from './messages';
import { SOURCE, findingOf, lspFixesOf, toOffset, toSpan, toTextEdit, type ConfigDiagnosticData, type DiagnosticData, type LineMap, type LspFix } from './convert';
import { APPLY_CONFIG_EDIT, APPLY_FIX, APPLY_FIX_WITH_INPUT, FIX_ALL_KIND, fillInput, type ApplyConfigEditArgs, type ApplyFixWithInputArgs, type FixAllReport, type LazyFixRef } from './protocol';

/** What the client can do, from its initialize capabilities and options. */
export interface ClientEditCaps {
  documentChanges: boolean;
  resourceOperations: ReadonlySet<string>;
  /** The client implements `zhen.applyFixWithInput` (initializationOptions.applyFixWithInput). */
  inputCommand: boolean;
  /** The client resolves a code action's edit lazily (`codeAction/resolve` with `edit`). */
  resolveEdit?: boolean;
}

export function textEdit(caps: ClientEditCaps, uri: string, version: number | null, edits: LspTextEdit[]): WorkspaceEdit {
  return caps.documentChanges ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
}

type ZhenData = Partial<DiagnosticData & ConfigDiagnosticData> & { hash: string };

function isZhenDiagnostic(d: Diagnostic): d is Diagnostic & { data: ZhenData; code: string } {
  const data = d.data as ZhenData | undefined;
  return d.source === SOURCE && typeof d.code === 'string' && !!data && typeof data.hash === 'string' && (Array.isArray(data.fixes) || Number.isInteger(data.i));
}

/** The current text of the document a quick fix is for: its version, its text hash and line map, and its analysis's findings. */
export interface FixTarget {
  uri: string;
  version: number;
  hash: string;
  map: LineMap;
  /** The findings of the analysis of this text (a post's diagnostics carry no fixes: they are looked up here). */
  findings?: readonly Finding[];
}

/**
 * The fixes of a Zhen diagnostic: those it carries (a `.zhen.yml` problem), else those of its
 * finding in `t.findings` (undefined when the finding is not there). Callers check the hash.
 */
export function fixesOf(t: Pick<FixTarget, 'map' | 'findings'>, d: Diagnostic): LspFix[] | undefined {
  if (!isZhenDiagnostic(d)) return undefined;
  if (Array.isArray(d.data.fixes)) return d.data.fixes;
  const f = t.findings && Number.isInteger(d.data.i) ? findingOf(t.map, t.findings, d, d.data.i!) : undefined;
  return f && lspFixesOf(t.map, f);
}

/**
 * Quick fixes for the diagnostics the client sent back. Diagnostics computed for another text of
 * the document (their hash differs) are skipped: their ranges may no longer be right.
 */
export function quickFixes(t: FixTarget, diagnostics: readonly Diagnostic[], caps: ClientEditCaps, resolvePath: (rel: string) => string | undefined): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (!isZhenDiagnostic(d) || d.data.hash !== t.hash) continue;
    let preferredGiven = false;
    (fixesOf(t, d) ?? []).forEach((fix: LspFix, index: number) => {
      if (!fix || typeof fix.title !== 'string' || !Array.isArray(fix.edits)) return;
      const action = fix.lazy ? lazyFix(t, d, fix, index, caps) : quickFix(t.uri, t.version, d, fix, caps, resolvePath);
      if (!action) return;
      if (fix.isPreferred && !preferredGiven) {
        action.isPreferred = true;
        preferredGiven = true;
      }
      out.push(action);
    });
  }
  return out;
}

function quickFix(uri: string, version: number, d: Diagnostic, fix: LspFix, caps: ClientEditCaps, resolvePath: (rel: string) => string | undefined): CodeAction | undefined {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d] };
  if (fix.input) {
    if (caps.inputCommand) {
      const args: ApplyFixWithInputArgs = { uri, version, title: fix.title, input: fix.input, edits: fix.edits };
      if (fix.configEdit) args.configEdit = fix.configEdit;
      action.command = { title: fix.title, command: APPLY_FIX_WITH_INPUT, arguments: [args] };
      return action;
    }
    // The client cannot ask: leave the placeholder text for the user to replace.
    fix = fillInput({ ...fix, input: undefined }, fix.input.placeholder);
  }
  if (fix.rename) {
    const newUri = resolvePath(fix.rename.to);
    if (!newUri || !caps.documentChanges || !caps.resourceOperations.has('rename')) return undefined;
    const changes: WorkspaceEdit['documentChanges'] = [];
    if (fix.edits.length) changes.push({ textDocument: { uri, version }, edits: fix.edits } satisfies TextDocumentEdit);
    changes.push({ kind: 'rename', oldUri: uri, newUri, options: { overwrite: false, ignoreIfExists: false } });
    action.edit = { documentChanges: changes };
  } else if (fix.edits.length) {
    action.edit = textEdit(caps, uri, version, fix.edits);
  }
  if (fix.configEdit) {
    const args: ApplyConfigEditArgs = { uri, key: fix.configEdit.key, item: fix.configEdit.item };
    action.command = { title: fix.title, command: APPLY_CONFIG_EDIT, arguments: [args] } satisfies Command;
  }
  return action.edit || action.command ? action : undefined;
}

/** A fix whose edits are made when chosen: resolved by `codeAction/resolve`, or the command `zhen.applyFix`. */
function lazyFix(t: FixTarget, d: Diagnostic & { code: string }, fix: LspFix, index: number, caps: ClientEditCaps): CodeAction {
  const span = toSpan(t.map, d.range);
  const ref: LazyFixRef = { uri: t.uri, hash: t.hash, rule: d.code, start: span.start, end: span.end, fix: index };
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d] };
  if (caps.resolveEdit) action.data = ref;
  else action.command = { title: fix.title, command: APPLY_FIX, arguments: [ref] };
  return action;
}

/** The finding a lazy fix came from, in the analysis `findings` of the same text. */
export function lazyFixEdits(ref: LazyFixRef, findings: readonly Finding[]): Array<{ span: Span; newText: string }> | undefined {
  const f = findings.find((x) => x.ruleId === ref.rule && x.span.start === ref.start && x.span.end === ref.end && x.fixes?.[ref.fix]);
  return f?.fixes?.[ref.fix]?.edits;
}

export function isLazyFixRef(v: unknown): v is LazyFixRef {
  const r = v as LazyFixRef;
  return !!r && typeof r === 'object' && typeof r.uri === 'string' && typeof r.hash === 'string' && typeof r.rule === 'string' && Number.isInteger(r.start) && Number.isInteger(r.end) && Number.isInteger(r.fix);
}

/**
 * "Disable RULE for this line": a `<!-- zhen-disable-next-line RULE -->` line above the
 * paragraph (or heading, or table) that holds the finding, built by the core
 * (`disableNextLineEdit`). None inside front matter, none where the finding already carries
 * the same fix (the claim rules' "mark as checked"). One action per rule and paragraph.
 */
export function disableActions(t: FixTarget, diagnostics: readonly Diagnostic[], post: Post, caps: ClientEditCaps, lang: Language = 'en'): CodeAction[] {
  const { uri, version, map: m } = t;
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (!isZhenDiagnostic(d) || d.data.hash !== t.hash || d.code === 'internal') continue;
    const edit = disableNextLineEdit(post, String(d.code), toOffset(m, d.range.start));
    if (!edit) continue;
    const key = `${d.code}@${edit.span.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if ((fixesOf(t, d) ?? []).some((f: LspFix) => f.edits.some((e) => e.newText === edit.newText))) continue;
    out.push({ title: say(lang, 'disable', { rule: d.code }), kind: CodeActionKind.QuickFix, diagnostics: [d], edit: textEdit(caps, uri, version, [toTextEdit(m, edit)]) });
  }
  return out;
}

/**
 * `source.fixAll.zhen`: the edits of every preferred fix of the current findings that keeps the
 * non-prose text as it is (core `fixAllPass`). If fixing exposes more (rare), the fixed-point
 * text of core fix-all is given as one edit over the changed region instead. In steps (core
 * `fixPostSteps`): the scheduler stops it between passes and rules when the request is cancelled.
 * Also says what it changed: the findings gone, by rule family, and how many are left.
 */
export function* fixAllActionSteps(
  t: FixTarget,
  post: Post,
  findings: readonly Finding[],
  parse: (text: string) => Post,
  analyze: (post: Post) => Generator<void, Finding[]>,
  caps: ClientEditCaps,
  lang: Language = 'en',
): Generator<void, { action?: CodeAction; report: FixAllReport }> {
  const r = yield* fixPostSteps(post, parse, analyze, 10, findings);
  if (!r.passes.length) return { report: { uri: t.uri, fixed: 0, byFamily: {}, left: findings.length, message: say(lang, 'fixedNothing') } };
  const after = r.findings ?? (yield* analyze(r.post));
  const m = t.map;
  const edits = r.passes.length > 1 ? [toTextEdit(m, changedRegion(m.text, r.post.text))] : r.passes[0].edits.map((e) => toTextEdit(m, e));
  const action: CodeAction = { title: say(lang, 'fixAllSource'), kind: FIX_ALL_KIND, edit: textEdit(caps, t.uri, t.version, edits) };
  return { action, report: fixAllReport(t.uri, findings, after, lang) };
}

/** What fix-all changed: the findings gone, by family (before minus after, never below 0), and what is left. */
export function fixAllReport(uri: string, before: readonly Finding[], after: readonly Finding[], lang: Language): FixAllReport {
  const count = (fs: readonly Finding[]) => {
    const m = new Map<string, number>();
    for (const f of fs) m.set(f.ruleId.split('/')[0], (m.get(f.ruleId.split('/')[0]) ?? 0) + 1);
    return m;
  };
  const b = count(before);
  const a = count(after);
  const gone = new Map<string, number>();
  for (const [family, n] of b) if (n > (a.get(family) ?? 0)) gone.set(family, n - (a.get(family) ?? 0));
  const fixed = [...gone.values()].reduce((x, y) => x + y, 0);
  if (!fixed) return { uri, fixed: 0, byFamily: {}, left: after.length, message: say(lang, 'fixedNothing') };
  let message = sayN(lang, 'fixedReport', fixed, { list: countList(gone, lang) });
  if (after.length) message += sayN(lang, 'fixedLeft', after.length);
  return { uri, fixed, byFamily: Object.fromEntries(gone), left: after.length, message };
}

/** One edit that turns `a` into `b`: the span between their common prefix and suffix. */
export function changedRegion(a: string, b: string): { span: Span; newText: string } {
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  // Never split a surrogate pair.
  if (p > 0 && /[\uD800-\uDBFF]/.test(a[p - 1])) p--;
  if (s > 0 && /[\uDC00-\uDFFF]/.test(a[a.length - s])) s--;
  return { span: { start: p, end: a.length - s }, newText: b.slice(p, b.length - s) };
}

/**
 * The WorkspaceEdit that appends `item` to the list `key` of a `.zhen.yml` (core
 * `addToConfigList`), creating the file when `existing` is undefined.
 */
export function configEditWorkspaceEdit(ymlUri: string, existing: string | undefined, key: string, item: Record<string, unknown>, caps: ClientEditCaps, ymlMap: (text: string) => LineMap): WorkspaceEdit {
  const text = existing ?? '';
  const edit = addToConfigList(text, key, item);
  const lsp = toTextEdit(ymlMap(text), edit);
  if (existing === undefined && caps.documentChanges && caps.resourceOperations.has('create')) {
    return { documentChanges: [{ kind: 'create', uri: ymlUri, options: { ignoreIfExists: true } }, { textDocument: { uri: ymlUri, version: null }, edits: [lsp] }] };
  }
  return textEdit(caps, ymlUri, null, [lsp]);
}
