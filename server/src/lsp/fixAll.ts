/**
 * Fix-all, wherever a user reaches for it: `source.fixAll.zhen` (fix on save, "Fix all"), the
 * server command `zhen.server.fixAll` (applied with `workspace/applyEdit`, and it says what it
 * changed), a code lens "Fix N typesetting problems" at the top of a post with fixable findings,
 * and an entry in the Ctrl+. menu on a fixable finding. The lens and the menu entry run the VS Code
 * client's `zhen.fixAll` (it shows the report) when the client has it, else the server command.
 */
import { CodeActionKind, type CancellationToken, type CodeAction, type CodeLens, type CodeLensParams, type Command, type Diagnostic } from 'vscode-languageserver';
import { analyzePostSteps, parse, preferredFix, type Finding, type Language } from '../core/index';
import type { Analysis } from './analyses';
import { analysisOf, isConfigDocument, type Ctx } from './context';
import { fixAllActionSteps, fixesOf, type FixTarget } from './codeActions';
import { say, sayN } from './messages';
import { CLIENT_FIX_ALL, SERVER_FIX_ALL, type FixAllReport } from './protocol';
import { INTERACTIVE } from './scheduler';

/** Findings fix-all would take on (a preferred fix that needs no input). */
export function fixableFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => preferredFix(f));
}

function target(s: Ctx, uri: string, a: Analysis): FixTarget {
  return { uri, version: s.documents.get(uri)?.version ?? 0, hash: a.hash, map: a.map };
}

/** Fix-all of an open document's current text, on the scheduler: the action (its edit) and the report. */
export async function fixAllOf(s: Ctx, uri: string, a: Analysis, token?: CancellationToken): Promise<{ action?: CodeAction; report: FixAllReport }> {
  const t = target(s, uri, a);
  const steps = () => fixAllActionSteps(t, a.post, a.findings, (text) => parse(text, a.config, undefined, a.workspace), (post) => analyzePostSteps(post, a.config, a.workspace), s.caps.edit, a.config.language);
  return s.scheduler.schedule(steps, { priority: INTERACTIVE, cancelled: () => !!token?.isCancellationRequested }).promise;
}

/** The command that fixes a post: the client's (it reports in a notification) or the server's. */
function fixAllCommand(s: Ctx, title: string, uri: string): Command {
  return { title, command: s.caps.edit.inputCommand ? CLIENT_FIX_ALL : SERVER_FIX_ALL, arguments: [{ uri }] };
}

/** `zhen.server.fixAll`: fix the post and apply the edit; the report says what changed. */
export async function serverFixAll(s: Ctx, args: { uri?: unknown } | undefined): Promise<FixAllReport | undefined> {
  const uri = typeof args?.uri === 'string' ? args.uri : undefined;
  const doc = uri ? s.documents.get(uri) : undefined;
  if (!doc || isConfigDocument(s, doc.uri)) return undefined;
  const a = await analysisOf(s, doc, { priority: INTERACTIVE });
  if (!a.enabled) return { uri: doc.uri, fixed: 0, byFamily: {}, left: 0, message: say(a.config.language, 'fixedNothing') };
  const { action, report } = await fixAllOf(s, doc.uri, a);
  if (!action?.edit) return report;
  const r = await s.connection.workspace.applyEdit({ label: say(a.config.language, 'editLabelFixAll'), edit: action.edit });
  if (!r.applied) return { ...report, applied: false, fixed: 0, byFamily: {}, message: say(a.config.language, 'fixedChanged') };
  return { ...report, applied: true };
}

/** `textDocument/codeLens`: "Fix N typesetting problems" on the first line of a post with fixable findings. */
export async function codeLenses(s: Ctx, params: CodeLensParams, token: CancellationToken): Promise<CodeLens[]> {
  const doc = s.documents.get(params.textDocument.uri);
  if (!doc || isConfigDocument(s, doc.uri)) return [];
  const a = await analysisOf(s, doc, { priority: INTERACTIVE, token });
  const fixable = a.enabled ? fixableFindings(a.findings) : [];
  if (!fixable.length) return [];
  const typesetting = fixable.every((f) => f.ruleId.startsWith('typo/'));
  const title = sayN(a.config.language, typesetting ? 'lensTypesetting' : 'lensProblems', fixable.length);
  return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: fixAllCommand(s, title, doc.uri) }];
}

/**
 * The Ctrl+. entry "Fix all N auto-fixable problems in this file", offered with the quick fixes of a
 * finding that has a preferred fix (the source action is not in that menu). It carries a command,
 * not an edit: fix-all is computed when chosen.
 */
export function fixAllQuickAction(s: Ctx, uri: string, a: Analysis, diagnostics: readonly Diagnostic[], lang: Language): CodeAction | undefined {
  const onFixable = diagnostics.some((d) => fixesOf(a, d)?.some((f) => f.isPreferred && !f.input && !f.configEdit && !f.rename));
  if (!onFixable) return undefined;
  const n = fixableFindings(a.findings).length;
  if (!n) return undefined;
  const title = sayN(lang, 'fixAllQuick', n);
  return { title, kind: CodeActionKind.QuickFix, command: fixAllCommand(s, title, uri) };
}
