/**
 * Code actions and commands: quick fixes and "Disable RULE for this line" from the diagnostics'
 * data, `source.fixAll.zhen` (on the scheduler, cancellable between passes), the edit of a lazy
 * fix (`codeAction/resolve`, or the command `zhen.applyFix`), and `zhen.applyConfigEdit`, whose
 * key and item are checked against `schemas/zhen.schema.json` before anything is written.
 */
import { CodeActionKind, ErrorCodes, ResponseError, type CancellationToken, type CodeAction, type CodeActionParams, type ExecuteCommandParams } from 'vscode-languageserver';
import { URI, Utils } from 'vscode-uri';
import zhenSchema from '../../../schemas/zhen.schema.json';
import type { Analysis } from './analyses';
import { analysisOf, isConfigDocument, type Ctx } from './context';
import { configFileActions } from './configFile';
import { fixAllOf, fixAllQuickAction, serverFixAll } from './fixAll';
import { say } from './messages';
import { configEditWorkspaceEdit, disableActions, isLazyFixRef, lazyFixEdits, quickFixes, textEdit, type FixTarget } from './codeActions';
import { lineMap, toTextEdit } from './convert';
import { APPLY_CONFIG_EDIT, APPLY_FIX, FIX_ALL_KIND, SERVER_FIX_ALL, type ApplyConfigEditArgs, type LazyFixRef } from './protocol';
import { INTERACTIVE } from './scheduler';

function target(s: Ctx, uri: string, a: Analysis): FixTarget {
  return { uri, version: s.documents.get(uri)?.version ?? 0, hash: a.hash, map: a.map, findings: a.findings };
}

/** `textDocument/codeAction`. */
export async function codeActions(s: Ctx, params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
  const doc = s.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  if (isConfigDocument(s, doc.uri)) return wants(CodeActionKind.QuickFix) ? configFileActions(s, doc, params.context.diagnostics) : [];
  const a = await analysisOf(s, doc, { priority: INTERACTIVE, token });
  if (!a.enabled) return [];
  const t = target(s, doc.uri, a);
  const out: CodeAction[] = [];
  const lang = a.config.language;
  if (wants(CodeActionKind.QuickFix)) {
    const folder = s.configs.folderOf(doc.uri);
    const resolvePath = (rel: string) => (folder ? Utils.joinPath(URI.parse(folder.uri), ...rel.split('/')).toString() : undefined);
    out.push(...quickFixes(t, params.context.diagnostics, s.caps.edit, resolvePath));
    const all = fixAllQuickAction(s, doc.uri, a, params.context.diagnostics, lang);
    if (all) out.push(all);
    out.push(...disableActions(t, params.context.diagnostics, a.post, s.caps.edit, lang));
  }
  // Only when asked for by kind (fix on save, "Fix all"): not on every lightbulb request, as it re-analyses.
  if (only && wants(FIX_ALL_KIND)) {
    const { action } = await fixAllOf(s, doc.uri, a, token);
    if (action) out.push(action);
  }
  return out;
}

/** The edit of a lazy fix, when the text is still the one it was offered for. */
async function lazyEdit(s: Ctx, ref: LazyFixRef) {
  const doc = s.documents.get(ref.uri);
  if (!doc) return undefined;
  const a = await analysisOf(s, doc, { priority: INTERACTIVE });
  const edits = a.hash === ref.hash ? lazyFixEdits(ref, a.findings) : undefined;
  return edits && textEdit(s.caps.edit, ref.uri, doc.version, edits.map((e) => toTextEdit(a.map, e)));
}

/** `codeAction/resolve`: the edit of a lazy fix. */
export async function resolveCodeAction(s: Ctx, action: CodeAction): Promise<CodeAction> {
  if (!action.edit && isLazyFixRef(action.data)) {
    const edit = await lazyEdit(s, action.data);
    if (edit) action.edit = edit;
  }
  return action;
}

/** Every key of a value, at any depth. */
function keysOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(keysOf);
  if (!v || typeof v !== 'object') return [];
  return Object.keys(v).flatMap((k) => [k, ...keysOf((v as Record<string, unknown>)[k])]);
}

/**
 * Why a config edit is refused, or undefined: the key must name a list or a mapping of `.zhen.yml`
 * in the schema, the item's keys must be that list's item properties (or the mapping's keys), and nested keys plain names (no `__proto__`,
 * no line breaks). Values are not judged here: a wrong one is written and gets its diagnostic there.
 */
export function configEditProblem(args: Partial<ApplyConfigEditArgs> | undefined): string | undefined {
  if (!args || typeof args.uri !== 'string' || typeof args.key !== 'string' || !args.item || typeof args.item !== 'object' || Array.isArray(args.item)) return 'expected { uri, key, item }';
  const props = zhenSchema.properties as unknown as Record<string, { type?: string | string[]; items?: { properties?: Record<string, unknown> }; properties?: Record<string, unknown> }>;
  const list = Object.prototype.hasOwnProperty.call(props, args.key) ? props[args.key] : undefined;
  // A list gets an item; a mapping (`typography:`, typo/house-style's "Keep this style") gets its keys set.
  const mapping = [list?.type].flat().includes('object') && list?.properties;
  if (!mapping && (list?.type !== 'array' || !list.items?.properties)) return `${JSON.stringify(args.key)} is not a list or mapping of .zhen.yml`;
  const known = (mapping || list!.items!.properties)!;
  const unknown = Object.keys(args.item).find((k) => !Object.prototype.hasOwnProperty.call(known, k));
  if (unknown !== undefined) return `${JSON.stringify(unknown)} is not a key of a ${args.key} item`;
  const odd = keysOf(args.item).find((k) => !/^[A-Za-z][A-Za-z0-9_-]*$/.test(k) || k === '__proto__');
  return odd !== undefined ? `${JSON.stringify(odd)} is not a key name` : undefined;
}

/** `workspace/executeCommand`. */
export async function executeCommand(s: Ctx, params: ExecuteCommandParams): Promise<unknown> {
  const arg = params.arguments?.[0];
  if (params.command === APPLY_FIX) {
    if (!isLazyFixRef(arg)) throw new ResponseError(ErrorCodes.InvalidParams, `${APPLY_FIX}: expected a fix reference`);
    const edit = await lazyEdit(s, arg);
    if (!edit) return false;
    return (await s.connection.workspace.applyEdit({ label: say(s.configs.client.language, 'editLabelFix'), edit })).applied;
  }
  if (params.command === SERVER_FIX_ALL) return serverFixAll(s, arg as { uri?: unknown } | undefined);
  if (params.command !== APPLY_CONFIG_EDIT) return undefined;
  const args = arg as ApplyConfigEditArgs | undefined;
  const problem = configEditProblem(args);
  if (problem) {
    s.log(`${APPLY_CONFIG_EDIT} refused: ${problem}`);
    throw new ResponseError(ErrorCodes.InvalidParams, `${APPLY_CONFIG_EDIT}: ${problem}`);
  }
  const folder = s.configs.folderOf(args!.uri) ?? s.configs.folders[0];
  const ymlUri = folder ? folder.config.uri : Utils.joinPath(Utils.dirname(URI.parse(args!.uri)), '.zhen.yml').toString();
  const refusal = await s.host.editRefusal?.(ymlUri);
  if (refusal) {
    s.log(`did not change ${ymlUri}: ${refusal}`);
    void s.connection.sendNotification('window/showMessage', { type: 2 /* Warning */, message: say(s.configs.client.language, 'editRefused', { file: ymlUri, reason: refusal }) });
    return false;
  }
  const existing = await s.host.readFile(ymlUri);
  const edit = configEditWorkspaceEdit(ymlUri, existing, args!.key, args!.item, s.caps.edit, lineMap);
  const r = await s.connection.workspace.applyEdit({ label: say(s.configs.client.language, 'editLabelConfig', { key: args!.key }), edit });
  if (!r.applied) s.log(`the client did not apply the edit to ${ymlUri}${r.failureReason ? `: ${r.failureReason}` : ''}`);
  return r.applied;
}
