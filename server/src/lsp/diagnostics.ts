/**
 * Diagnostics out: pulled by the client (`textDocument/diagnostic`, with content-keyed result ids
 * so "unchanged" is only ever said of the same text under the same config) or pushed to clients
 * without pull (debounced; a push whose text is no longer the document's is dropped), refreshed
 * when something they depend on changes, and the `.zhen.yml` problems published on that file.
 * Per-document state lives until the document is closed (`forget`).
 */
import { DocumentDiagnosticReportKind, type CancellationToken, type Diagnostic, type DocumentDiagnosticParams, type DocumentDiagnosticReport } from 'vscode-languageserver';
import type { Analysis } from './analyses';
import { analysisOf, isConfigDocument, safe, type Ctx } from './context';
import { skippedDiagnostic, toDiagnostic } from './convert';
import { say } from './messages';
import { Cancelled, DIAGNOSTICS } from './scheduler';

/** Delay between the last keystroke and pushed diagnostics (clients without pull). */
export const PUSH_DEBOUNCE_MS = 150;

const items = new WeakMap<Analysis, Diagnostic[]>();

/** An analysis as diagnostics (converted once per analysis). */
export function diagnosticsOf(a: Analysis): Diagnostic[] {
  let d = items.get(a);
  if (!d) {
    d = a.skipped ? [skippedDiagnostic(say(a.config.language, 'skipped', { reason: a.skipped }))] : a.findings.map((f) => toDiagnostic(a.map, f, a.hash));
    items.set(a, d);
  }
  return d;
}

export class Publisher {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The push each document waits for (a number unique in this process): older pushes are stale. */
  private readonly latest = new Map<string, number>();
  private pushes = 0;
  private refreshTimer?: ReturnType<typeof setTimeout>;
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
    return { kind: DocumentDiagnosticReportKind.Full, resultId: a.resultId, items: diagnosticsOf(a) };
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
    await this.s.connection.sendDiagnostics({ uri, version: now.version, diagnostics: diagnosticsOf(a) });
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
    if (!this.s.caps.pull) void this.s.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
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
