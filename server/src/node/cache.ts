/**
 * The persisted index and findings: one JSON file per workspace (`zhen check`'s cache, and the
 * language server's index on Node). Per post: its stat signature (size, mtime, ctime, inode), the
 * hash of its bytes, its summary, and (the CLI's) its findings with what they depended on. A file
 * written by another build of Zhen, or under another configuration or site, is not used.
 */
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, siteModel, type ConfigInput, type Finding, type PostSummary, type WorkspaceFiles } from '../core/index';
import { inGitWorkTree } from './git';
import { readText, sha1 } from './textFile';

declare const ZHEN_VERSION: string;
declare const ZHEN_BUILD: string;

/**
 * This build of Zhen (version and build id), or undefined in a build that has no id (the tests'
 * bundles): a cache is only ever read by the build that wrote it.
 */
export const BUILD_ID: string | undefined = typeof ZHEN_BUILD === 'string' ? `${typeof ZHEN_VERSION === 'string' ? ZHEN_VERSION : '0.0.0-dev'}+${ZHEN_BUILD}` : undefined;

/** One dependency of a post's findings on the workspace's other files: path → exists, or content hash. */
export type FileDep = [path: string, seen: boolean | string];

export interface CacheEntry {
  hash: string;
  /** The file's size, mtime, ctime and inode when it was read: the same again means the same bytes, unread. */
  stat?: string;
  summaryHash: string;
  summary: PostSummary;
  findings?: { key: string; deps: FileDep[]; list: Finding[] };
}

export interface CacheFile {
  zhen: string;
  configHash: string;
  posts: Record<string, CacheEntry>;
}

/**
 * Where a workspace's cache lives when none was asked for: in a git work tree, a file per workspace
 * in the user cache folder (nothing is written into the blog); elsewhere, none. `kind` names a
 * second file beside the CLI's (the language server's index, whose configuration differs).
 */
export function defaultCacheFile(root: string, env: Record<string, string | undefined>, kind = ''): string | undefined {
  if (!inGitWorkTree(root)) return undefined;
  const base = env.ZHEN_CACHE_DIR
    || (process.platform === 'win32' ? join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'zhen', 'Cache')
      : process.platform === 'darwin' ? join(homedir(), 'Library', 'Caches', 'zhen')
        : join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zhen'));
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    /* the root as given */
  }
  return join(base, `${createHash('sha1').update(real).digest('hex').slice(0, 16)}${kind ? `-${kind}` : ''}.json`);
}

/**
 * What summaries and findings depend on besides the post: the configuration and the site (its
 * dialect, schema, theme and templates: the files the site model read).
 */
export function configDigest(configInput: ConfigInput, siteFiles: WorkspaceFiles): string {
  const site = siteModel(siteFiles, resolveConfig(configInput));
  const siteHash = sha1(site.reads.map((p) => `${p}\0${siteFiles.read(p) ?? ''}`).join('\0'));
  return sha1(JSON.stringify(configInput) + '\0' + siteHash);
}

/** The cache's entries (none if it is missing, broken, or another version's or configuration's), and its text. */
export function loadCache(path: string, version: string, configHash: string): { posts: Record<string, CacheEntry>; raw?: string } {
  const raw = readText(path, Number.MAX_SAFE_INTEGER);
  try {
    const c = JSON.parse(raw ?? '') as CacheFile;
    if (c && c.zhen === version && c.configHash === configHash && c.posts && typeof c.posts === 'object') return { posts: c.posts, raw };
  } catch {
    /* no cache, or not ours: start afresh */
  }
  return { posts: {}, raw };
}

/** What a file looks like without reading it (size, mtime, ctime, inode), or undefined if it cannot be stat'ed. */
export function statSignature(abs: string): string | undefined {
  try {
    const st = statSync(abs, { bigint: true });
    return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
  } catch {
    return undefined;
  }
}
