/**
 * What the server's modules share: the connection, the open documents, the host, config
 * resolution, the analysis cache and the scheduler, the client's capabilities and the log. Built
 * once by `server.ts`; each module (diagnostics, indexing, commands, actions) gets it.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyses, Analysis } from './analyses';
import type { ClientEditCaps } from './codeActions';
import type { Configs } from './configs';
import type { ServerHost } from './host';
import { Cancelled, DIAGNOSTICS, type Priority, type Scheduler } from './scheduler';

export interface ClientCaps {
  pull: boolean;
  refreshSupport: boolean;
  progressSupport: boolean;
  configRegistration: boolean;
  watcherRegistration: boolean;
  workspaceFoldersSupport: boolean;
  /** `window/showDocument`: a notification may offer to open a file. */
  showDocument: boolean;
  /** `publishDiagnostics.relatedInformation`: a repeat's diagnostic points to its first finding. */
  relatedInformation?: boolean;
  edit: ClientEditCaps;
}

export interface Ctx {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  host: ServerHost;
  configs: Configs;
  analyses: Analyses;
  scheduler: Scheduler;
  caps: ClientCaps;
  log(msg: string): void;
  logError(where: string, err: unknown): void;
}

/** The analysis of an open document's current text (cached by content; scheduled when new). */
export async function analysisOf(s: Ctx, doc: TextDocument, o: { priority?: Priority; token?: CancellationToken } = {}): Promise<Analysis> {
  const ctx = await s.configs.contextOf(doc.uri);
  if (o.token?.isCancellationRequested) throw new Cancelled();
  // Closed meanwhile: nothing is cached for a document that is not open.
  const current = s.documents.get(doc.uri);
  if (!current) throw new Cancelled();
  return s.analyses.get(doc.uri, current.getText(), ctx, { priority: o.priority ?? DIAGNOSTICS, token: o.token });
}

/** A `.zhen.yml` (the VS Code client opens it with the server for its problems and quick fixes): never analysed as a post. */
export function isConfigDocument(s: Pick<Ctx, 'configs'>, uri: string): boolean {
  return /\/\.zhen\.ya?ml$/i.test(uri) || !!s.configs.folderOf(uri)?.isConfigFile(uri);
}

/** Run a handler; on error log it and answer `fallback`. A cancellation is answered as one. */
export function safe<P extends unknown[], R>(s: Pick<Ctx, 'logError'>, where: string, fallback: R, fn: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (err instanceof Cancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      if (err instanceof ResponseError) throw err; // deliberate protocol answers
      s.logError(where, err);
      return fallback;
    }
  };
}
