/**
 * The language server's host on Node: files on disk, found with `node/workspace.ts` and read
 * through `node/textFile.ts` (regular files only, the size limit, binary skipped, the encoding
 * detected), like the CLI's.
 */
import { watch } from 'node:fs';
import { URI } from 'vscode-uri';
import type { WorkspaceFiles } from '../core/index';
import type { ServerHost } from '../lsp/host';
import { listMarkdownFilesAsync, nodeFiles } from './workspace';
import { summarizeOnWorkers } from './check';
import { BUILD_ID, defaultCacheFile } from './cache';
import { readTextFile, writeRefusal } from './textFile';

/** `script`: the file index worker threads run (this bundle; a test that runs the server in its own process names dist/server.js). */
export function nodeHost(script: string = __filename): ServerHost {
  const files = new Map<string, WorkspaceFiles>();
  const fsPath = (uri: string): string | undefined => {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  };
  return {
    async readFile(uri, refused) {
      const p = fsPath(uri);
      if (!p) return undefined;
      const r = readTextFile(p);
      if (!r.ok && r.reason !== 'missing' && r.reason !== 'unreadable') refused?.(r.message);
      return r.ok ? r.text : undefined;
    },
    async editRefusal(uri) {
      // The client applies the edit to the text it decodes itself: only plain UTF-8 text that
      // the user may write is edited (the rules of the CLI's writes, textFile.ts).
      const p = fsPath(uri);
      if (!p) return undefined;
      const file = readTextFile(p);
      if (!file.ok) return file.reason === 'missing' ? undefined : file.message;
      if (file.facts.encoding !== 'UTF-8' || file.facts.invalid) return `it is not plain UTF-8 (${file.facts.encoding}${file.facts.invalid ? ' with invalid bytes' : ''}); edit it by hand`;
      return writeRefusal(p);
    },
    async findMarkdownFiles(folderUri, ignore) {
      const root = fsPath(folderUri);
      if (!root) return [];
      // Walked in slices (a .gitignore of thousands of lines, a deep tree): requests are answered meanwhile.
      return (await listMarkdownFilesAsync(root, ignore)).map((f) => URI.file(f).toString());
    },
    watchRootFiles(folderUri, names, onChange) {
      const root = fsPath(folderUri);
      if (!root) return undefined;
      try {
        const w = watch(root, { persistent: false }, (_event, name) => {
          if (name && names.includes(String(name))) onChange();
        });
        w.on('error', () => w.close());
        return () => w.close();
      } catch {
        return undefined;
      }
    },
    async summarizeFiles(folderUri, list, config, progress, cancelled) {
      const root = fsPath(folderUri);
      if (!root) return new Map();
      const files = list.flatMap((f) => {
        const abs = fsPath(f.uri);
        return abs ? [{ abs, rel: f.rel }] : [];
      });
      // This bundle (dist/server.js or dist/cli.js) started as a worker runs the summariser. The
      // index is kept between starts as the CLI keeps its cache (in a git work tree, in the user
      // cache folder; a file of its own, as the server's configuration is not the CLI's): a post
      // unchanged since is not read again.
      const path = BUILD_ID ? defaultCacheFile(root, process.env, 'server') : undefined;
      return summarizeOnWorkers(script, files, root, config, progress, cancelled, undefined, path ? { path, version: BUILD_ID! } : undefined);
    },
    workspaceFiles(folderUri) {
      const root = fsPath(folderUri);
      if (!root) return undefined;
      let f = files.get(root);
      if (!f) files.set(root, (f = nodeFiles(root, { keepTexts: true })));
      return f;
    },
  };
}
