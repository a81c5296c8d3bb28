/**
 * What the language server needs from the place it runs in: reading files and listing the
 * Markdown files of a workspace folder. The Node host reads the disk (`node/nodeHost.ts`);
 * the web-worker host asks the client (`browser/browserHost.ts`), which answers with
 * `vscode.workspace.fs` and `vscode.workspace.findFiles`. Everything is addressed by URI string.
 */
import type { ConfigInput, PostSummary, WorkspaceFiles } from '../core/index';

export interface ServerHost {
  /**
   * The text of a file, or undefined when it does not exist or cannot be read. `refused` is told
   * why a file that exists is not read (binary, too large, not a regular file), for a notice.
   */
  readFile(uri: string, refused?: (reason: string) => void): Promise<string | undefined>;
  /**
   * The Markdown files (`.md`, `.markdown`) under a workspace folder, as URIs, honouring
   * `.gitignore` where the host can and the config's `ignore` globs (root-relative).
   */
  findMarkdownFiles(folderUri: string, ignore: readonly string[]): Promise<string[]>;
  /**
   * Optional: why the server must not ask the client to edit this file (`.zhen.yml`), e.g. it is
   * not UTF-8 text, is read-only or not a regular file; undefined when it may (or does not exist).
   */
  editRefusal?(uri: string): Promise<string | undefined>;
  /** Synchronous, read-only access for rules to the files of a folder (root-relative paths). */
  workspaceFiles(folderUri: string): WorkspaceFiles | undefined;
  /**
   * Optional: watch the named files at a folder's root, for clients that cannot watch files
   * for the server (no dynamic `workspace/didChangeWatchedFiles`). Returns a stop function.
   */
  watchRootFiles?(folderUri: string, names: readonly string[], onChange: () => void): (() => void) | undefined;
  /**
   * Optional: read and summarise many files of a folder for the workspace index off this thread
   * (the Node host uses worker threads over the cores). Keyed by root-relative path; undefined
   * when `cancelled()` became true.
   */
  summarizeFiles?(
    folderUri: string,
    files: Array<{ uri: string; rel: string }>,
    config: ConfigInput,
    progress: (done: number, total: number) => void,
    cancelled: () => boolean,
  ): Promise<Map<string, PostSummary> | undefined>;
}

