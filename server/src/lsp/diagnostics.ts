/**
 * Diagnostics out: pulled by the client (`textDocument/diagnostic`, with content-keyed result ids
 * so "unchanged" is only ever said of the same text under the same config) or pushed to clients
 * without pull (debounced; a push whose text is no longer the document's is dropped), refreshed
 * when something they depend on changes, and the problems of a site or theme config the site model could not read (core `site.ts`).
 * Per-document state lives until the document is closed (`forget`).
 */
import { DocumentDiagnosticReportKind, type CancellationToken, type Diagnostic, type DocumentDiagnosticParams, type DocumentDiagnosticReport } from 'vscode-languageserver';
import { URI, Utils } from 'vscode-uri';
import { resolveConfig, siteModel } from '../core/index';
import type { Analysis } from './analyses';
import { analysisOf, isConfigDocument, safe, type Ctx } from './context';
import { configProblemToDiagnostic, lineMap, skippedDiagnostic, toDiagnostics, type Related } from './convert';
import type { Folder } from './folders';
import { say } from './messages';
import { Cancelled, DIAGNOSTICS } from './scheduler';

/** Delay between the last keystroke and pushed diagnostics (clients without pull). */
export const PUSH_DEBOUNCE_MS = 150;

const items = new WeakMap<Analysis, Diagnostic[]>();
const itemsRelated = new WeakMap<Analysis, Diagnostic[]>();

/** An analysis as diagnostics (converted once per analysis); with `related`, repeats point to their first finding. */
export function diagnosticsOf(a: Analysis, related?: Related): Diagnostic[] {
  const cache = related ? itemsRelated : items;
  let d = cache.get(a);
  if (!d) {
    d = a.skipped ? [skippedDiagnostic(say(a.config.language, 'skipped', { reason: a.skipped }))] : toDiagnostics(a.map, a.findings, a.hash, related);
    cache.set(a, d);
  }
  return d;
}

/** `relatedInformation` for a client that declares it: "first reported here" and "also here", in the analysis's language. */
export function relatedFor(s: Pick<Ctx, 'caps'>, uri: string, language: Analysis['config']['language']): Related | undefined {
  return s.caps.relatedInformation ? { uri, message: say(language, 'firstReported'), also: say(language, 'alsoHere') } : undefined;
}

export class Publisher {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The push each document waits for (a number unique in this process): older pushes are stale. */
  private readonly latest = new Map<string, number>();
  private pushes = 0;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  /** Per folder: the site and theme config files that have site problems shown. */
  private readonly siteShown = new Map<string, Set<string>>();
  private readonly skipLogged = new Set<string>();

  /** Told after each refresh (the workspace's diagnostics follow). */
  onRefresh?: () => void;

  constructor(private readonly s: Ctx) {}

  /** `textDocument/diagnostic`. */
  async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const doc = this.s.documents.get(params.textDocument.uri);
    // A `.zhen.yml` open in the editor: its problems are pushed (configFile.ts), it is no post.
    if (!doc || isConfigDocument(this.s, doc.uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const a = await analysisOf(this.s, doc, { priority: DIAGNOSTICS, token });
    if (token.isCancellationRequested) throw new Cancelled();
    this.noteSkipped(doc.uri, a);
    if (params.previousResultId === a.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: a.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: a.resultId, items: diagnosticsOf(a, relatedFor(this.s, doc.uri, a.config.language)) };
  }

  /** Push the document's diagnostics after `delay` ms (clients without pull). */
  schedule(uri: string, delay: number): void {
    if (this.s.caps.pull || isConfigDocument(this.s, uri)) return;
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.push(uri);
      }, delay),
    );
  }

  private push(uri: string): Promise<void> {
    // A push for a document closed meanwhile is dropped (Cancelled); anything else is logged.
    return safe(this.s, 'publishDiagnostics', undefined, () => this.pushNow(uri))().catch(() => undefined);
  }

  private async pushNow(uri: string): Promise<void> {
    const doc = this.s.documents.get(uri);
    if (!doc) return;
    const n = ++this.pushes;
    this.latest.set(uri, n);
    const a = await analysisOf(this.s, doc);
    const now = this.s.documents.get(uri);
    // Stale: the text changed or another push started meanwhile.
    if (this.latest.get(uri) !== n || !now || now.getText() !== a.text) return;
    this.latest.delete(uri);
    this.noteSkipped(uri, a);
    await this.s.connection.sendDiagnostics({ uri, version: now.version, diagnostics: diagnosticsOf(a, relatedFor(this.s, uri, a.config.language)) });
  }

  /** Everything a diagnostic depends on may have changed: re-pull or re-push. */
  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.s.caps.pull) {
        if (this.s.caps.refreshSupport) this.s.connection.languages.diagnostics.refresh().catch((err) => this.s.logError('workspace/diagnostic/refresh', err));
      } else {
        for (const d of this.s.documents.all()) this.schedule(d.uri, 0);
      }
      this.onRefresh?.();
    }, 50);
  }

  /** A closed document: its timers and marks go, and pushed diagnostics are cleared. */
  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.latest.delete(uri);
    this.skipLogged.delete(uri);
    if (!this.s.caps.pull && !isConfigDocument(this.s, uri)) void this.s.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  /** A site or theme config the site model could not read (core `site.ts`): a diagnostic on that file (cleared when fixed). */
  publishSiteProblems(folder: Folder): void {
    const files = this.s.host.workspaceFiles(folder.uri);
    const problems = files ? siteModel(files, resolveConfig(folder.config.config), folder.index.version).problems : [];
    const byUri = new Map<string, Diagnostic[]>();
    for (const p of problems) {
      const uri = Utils.joinPath(URI.parse(folder.uri), ...p.path.split('/')).toString();
      const list = byUri.get(uri) ?? [];
      list.push(configProblemToDiagnostic(lineMap(files?.read(p.path) ?? ''), { message: p.message, span: p.span, severity: 'warning' }));
      byUri.set(uri, list);
    }
    const shown = this.siteShown.get(folder.uri) ?? new Set<string>();
    for (const uri of shown) if (!byUri.has(uri)) this.send(uri, []);
    for (const [uri, diagnostics] of byUri) this.send(uri, diagnostics);
    if (byUri.size) this.siteShown.set(folder.uri, new Set(byUri.keys()));
    else this.siteShown.delete(folder.uri);
  }

  private send(uri: string, diagnostics: Diagnostic[]): void {
    this.s.connection.sendDiagnostics({ uri, diagnostics }).catch((err) => this.s.logError('publishDiagnostics', err));
  }

  private noteSkipped(uri: string, a: Analysis): void {
    if (!a.skipped || this.skipLogged.has(uri)) return;
    this.skipLogged.add(uri);
    this.s.log(`${uri}: not checked: ${a.skipped}`);
  }

  /** Per-document entries held (for the leak test). */
  get held(): number {
    return this.timers.size + this.latest.size + this.skipLogged.size;
  }
}
