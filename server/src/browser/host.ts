/**
 * The language server's host in a web worker (vscode.dev): no disk, so it asks the client with
 * the custom requests `zhen/readFile` and `zhen/findFiles` (answered by the web client with
 * `vscode.workspace.fs` and `vscode.workspace.findFiles`). Rules get synchronous file access
 * through what was already read or listed: `exists` knows the listed Markdown files and every
 * file read so far, `read` returns texts read so far. `.gitignore` is not read here; the
 * client's `files.exclude`/`search.exclude` apply instead.
 */
import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { WorkspaceFiles } from '../core/index';
import type { ServerHost } from '../lsp/host';
import { FindFilesRequest, ReadFileRequest, type FindFilesParams, type ReadFileParams } from '../lsp/protocol';

export function browserHost(connection: Connection): ServerHost {
  const texts = new Map<string, string | undefined>(); // uri → text (undefined: missing)
  const known = new Set<string>();
  // One files object per folder: the core keeps what it learnt about a site per files object.
  const perFolder = new Map<string, WorkspaceFiles>();
  return {
    async readFile(uri) {
      let text: string | undefined;
      try {
        const r = await connection.sendRequest<string | null>(ReadFileRequest, { uri } satisfies ReadFileParams);
        text = typeof r === 'string' ? r : undefined;
      } catch (err) {
        // Not "missing" (the client answers null for that): the request itself failed.
        connection.console.error(`[zhen] ${ReadFileRequest} ${uri} failed: ${err instanceof Error ? err.message : String(err)}`);
        text = undefined;
      }
      texts.set(uri, text);
      if (text !== undefined) known.add(uri);
      else known.delete(uri);
      return text;
    },
    async findMarkdownFiles(folderUri, ignore) {
      const params: FindFilesParams = { folderUri, include: '**/*.{md,markdown}', exclude: [...ignore] };
      const r = await connection.sendRequest<string[] | null>(FindFilesRequest, params);
      const uris = Array.isArray(r) ? r.filter((u) => typeof u === 'string') : [];
      for (const u of uris) known.add(u);
      return uris;
    },
    workspaceFiles(folderUri): WorkspaceFiles {
      const kept = perFolder.get(folderUri);
      if (kept) return kept;
      const base = URI.parse(folderUri);
      const toUri = (p: string) => {
        const clean = p.replace(/^\/+/, '');
        if (clean.split('/').includes('..')) return undefined;
        return base.with({ path: `${base.path.replace(/\/+$/, '')}/${clean}` }).toString();
      };
      const files: WorkspaceFiles = {
        exists: (p) => {
          const u = toUri(p);
          return !!u && known.has(u);
        },
        read: (p) => {
          const u = toUri(p);
          return u ? texts.get(u) : undefined;
        },
      };
      perFolder.set(folderUri, files);
      return files;
    },
  };
}
