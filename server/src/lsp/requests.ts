/**
 * Zhen's own requests (protocol.ts): the glossary and a card, "Re-check Workspace", the fixes of
 * unlinked claims for "Cite Source…", the server's facts (pid, what it holds), the index's state,
 * and the notification that the workspace is trusted now.
 */
import { glossaryCard, glossaryList, parse } from '../core/index';
import { quickFixes } from './codeActions';
import { analysisOf, safe, type Ctx } from './context';
import { toSpan } from './convert';
import { diagnosticsOf } from './diagnostics';
import type { Indexer } from './indexing';
import {
  CiteChoicesRequest,
  DidGrantWorkspaceTrustNotification,
  GlossaryCardRequest,
  GlossaryRequest,
  IndexStatusRequest,
  RecheckWorkspaceRequest,
  ServerInfoRequest,
  type CiteChoicesParams,
  type CiteChoicesResult,
  type GlossaryCardParams,
  type GlossaryCardResult,
  type GlossaryParams,
  type GlossaryResult,
  type IndexStatus,
  type RecheckWorkspaceResult,
  type ServerInfo,
} from './protocol';
import { INTERACTIVE } from './scheduler';
import { URI, Utils } from 'vscode-uri';

export interface RequestDeps {
  indexer: Indexer;
  /** Settings, trust or a config changed: every analysis is stale and diagnostics are refreshed. */
  reconfigure(): Promise<void>;
  refresh(): void;
  /** Every post of the workspace is read again (Re-check Workspace). */
  reread(): void;
  held(): number;
}

export function registerRequests(s: Ctx, d: RequestDeps): void {
  const { connection, documents, host, configs } = s;
  const client = configs.client;

  /** What a glossary request sees: an open document's analysis, else an empty post under its folder's config. */
  const contextFor = async (uri: string | undefined) => {
    const doc = uri ? documents.get(uri) : undefined;
    if (doc) {
      const a = await analysisOf(s, doc, { priority: INTERACTIVE });
      return { post: a.post, config: a.config, workspace: a.workspace, folder: configs.folderOf(doc.uri) };
    }
    const c = await configs.contextOfFolder(uri);
    const workspace = c.folder ? { now: Date.now(), files: host.workspaceFiles(c.folder.uri), index: c.folder.index } : { now: Date.now() };
    return { post: parse('', c.config, undefined, workspace), config: c.config, workspace, folder: c.folder };
  };

  connection.onRequest(
    GlossaryRequest,
    safe(s, 'zhen/glossary', { language: client.language, entries: [] } as GlossaryResult, async (params?: GlossaryParams): Promise<GlossaryResult> => {
      const { config, folder } = await contextFor(params?.uri);
      const result: GlossaryResult = { language: config.language, entries: glossaryList(config) };
      if (folder?.config.exists) result.configUri = folder.config.uri;
      return result;
    }),
  );

  connection.onRequest(
    GlossaryCardRequest,
    safe(s, 'zhen/glossaryCard', null as GlossaryCardResult, async (params: GlossaryCardParams): Promise<GlossaryCardResult> => {
      if (!params || typeof params.term !== 'string') return null;
      const { post, config, workspace } = await contextFor(params.uri);
      return glossaryCard(params.term, post, config, workspace) ?? null;
    }),
  );

  connection.onRequest(
    CiteChoicesRequest,
    safe(s, 'zhen/citeChoices', { atRange: false, choices: [] } as CiteChoicesResult, async (params: CiteChoicesParams): Promise<CiteChoicesResult> => {
      const doc = params && typeof params.uri === 'string' ? documents.get(params.uri) : undefined;
      if (!doc) return { atRange: false, choices: [] };
      const a = await analysisOf(s, doc, { priority: INTERACTIVE });
      if (!a.enabled) return { atRange: false, choices: [] };
      const claims = diagnosticsOf(a).filter((x) => typeof x.code === 'string' && x.code.startsWith('claim/'));
      const span = params.range ? toSpan(a.map, params.range) : undefined;
      const touched = span ? claims.filter((x) => {
        const c = toSpan(a.map, x.range);
        return c.start <= span.end && span.start <= c.end;
      }) : [];
      const chosen = touched.length ? touched : claims;
      const folder = configs.folderOf(doc.uri);
      const resolvePath = (rel: string) => (folder ? Utils.joinPath(URI.parse(folder.uri), ...rel.split('/')).toString() : undefined);
      const t = { uri: doc.uri, version: doc.version, hash: a.hash, map: a.map, findings: a.findings };
      const choices = chosen.flatMap((diag) =>
        quickFixes(t, [diag], s.caps.edit, resolvePath).map((action) => ({ title: action.title, rule: String(diag.code), line: diag.range.start.line, message: typeof diag.message === "string" ? diag.message : diag.message.value, action: { ...action, diagnostics: [] } })),
      );
      return { atRange: touched.length > 0, choices };
    }),
  );

  connection.onRequest(
    RecheckWorkspaceRequest,
    safe(s, 'zhen/recheckWorkspace', { folders: 0, files: 0, documents: 0 } as RecheckWorkspaceResult, async (params?: { workDoneToken?: string | number }): Promise<RecheckWorkspaceResult> => {
      const reporter = params?.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken) : undefined;
      await d.reconfigure();
      d.reread();
      // A build started meanwhile (a file changed) supersedes this one: wait for the newest.
      let p = d.indexer.buildAll(reporter);
      while (!(await p)) p = d.indexer.latest;
      d.refresh();
      return { folders: configs.folders.length, files: configs.folders.reduce((n, f) => n + f.index.posts.size, 0), documents: documents.all().length };
    }),
  );

  connection.onRequest(
    ServerInfoRequest,
    safe(s, 'zhen/serverInfo', { trusted: client.trusted } as ServerInfo, (): ServerInfo => {
      // On Node, the process to kill in the restart test; a web worker has none.
      const g = globalThis as { process?: { pid?: unknown; memoryUsage?: () => { heapUsed: number } }; gc?: () => void };
      g.gc?.();
      const info: ServerInfo = { trusted: client.trusted, held: d.held() };
      if (typeof g.process?.pid === 'number') info.pid = g.process.pid;
      if (g.process?.memoryUsage) info.heapUsed = g.process.memoryUsage().heapUsed;
      return info;
    }),
  );

  connection.onNotification(
    DidGrantWorkspaceTrustNotification,
    safe(s, 'zhen/didGrantWorkspaceTrust', undefined, async () => {
      if (client.trusted) return;
      client.trusted = true;
      s.log('the workspace is trusted now: its whole config applies');
      await d.reconfigure();
      d.indexer.rebuild();
    }),
  );

  connection.onRequest(
    IndexStatusRequest,
    safe(s, 'zhen/indexStatus', { folders: [] } as IndexStatus, (): IndexStatus => ({
      folders: configs.folders.map((f) => ({ uri: f.uri, posts: [...f.index.posts.keys()].sort(), version: f.index.version, configVersion: f.configGeneration })),
    })),
  );
}

