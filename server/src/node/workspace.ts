/**
 * The Node host's view of a workspace on disk: its root, its `.zhen.yml`, read-only file
 * access confined to the root, the Markdown files in it (honouring .gitignore and the
 * config's `ignore`), and the workspace index. Used by the CLI and the Node server.
 * Nothing here executes workspace content; config is data only. Every file is read through
 * textFile.ts (regular files only, bounded, decoded): a FIFO named `*.md` or `.gitignore` never
 * blocks a listing or a read.
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { loadConfigText, summarize, type ConfigInput, type ConfigProblem, type PostSummary, type WorkspaceFiles, type WorkspaceIndex } from '../core/index';
import { readText, readTextFile } from './textFile';

export const CONFIG_FILE = '.zhen.yml';
const ROOT_MARKERS = [CONFIG_FILE, '.zhen.yaml', '_config.yml', 'hugo.toml', 'hugo.yaml', 'config.toml', '.git'];
export const MARKDOWN_EXT = /\.(md|markdown)$/i;

/** The nearest folder at or above `start` that holds a .zhen.yml, a site config or .git; else `start`. */
export function findWorkspaceRoot(start: string): string {
  let dir = resolve(start);
  try {
    if (statSync(dir).isFile()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (let d = dir; ; d = dirname(d)) {
    if (ROOT_MARKERS.some((m) => existsSync(join(d, m)))) return d;
    if (dirname(d) === d) return dir;
  }
}

export interface LoadedWorkspaceConfig {
  path?: string;
  text?: string;
  config: ConfigInput;
  problems: ConfigProblem[];
}

/** Read `<root>/.zhen.yml` (or an explicit file). A missing file is no problem; a broken one gives problems and the valid rest. */
export function loadWorkspaceConfig(root: string, explicit?: string): LoadedWorkspaceConfig {
  const path = explicit ? resolve(explicit) : [CONFIG_FILE, '.zhen.yaml'].map((f) => join(root, f)).find((p) => existsSync(p));
  if (!path) return { config: {}, problems: [] };
  const file = readTextFile(path);
  if (!file.ok) return { path, config: {}, problems: [{ message: `Cannot read ${path}: ${file.message}`, span: { start: 0, end: 0 }, severity: 'error' }] };
  const { text } = file;
  const { config, problems } = loadConfigText(text);
  return { path, text, config, problems };
}

/** Root-relative POSIX path, or undefined when `abs` lies outside the root. */
export function toRootRelative(root: string, abs: string): string | undefined {
  const rel = relative(root, abs);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Read-only access to files under the root. Paths that escape it are refused: `../../etc/passwd`,
 * and symbolic links (of the file or of a folder on its way) that lead out of the root.
 */
export function nodeFiles(root: string): WorkspaceFiles {
  let realRoot: string | undefined;
  const inside = (p: string) => {
    const clean = p.replace(/^\/+/, '');
    const abs = resolve(root, clean);
    if (toRootRelative(root, abs) === undefined) return undefined;
    // A missing file is let through: exists() says so, read() gives undefined.
    return realInside((realRoot ??= realRootOf(root)), abs) === false ? undefined : abs;
  };
  return {
    exists(p) {
      const abs = inside(p);
      return !!abs && existsSync(abs);
    },
    read(p) {
      const abs = inside(p);
      return abs ? readText(abs) : undefined;
    },
  };
}

function realRootOf(root: string): string {
  return realpathOrUndefined(root) ?? resolve(root);
}

/** Is the real place of `p` (symbolic links resolved) inside the real root? Undefined when `p` does not exist. */
function realInside(realRoot: string, p: string): boolean | undefined {
  const real = realpathOrUndefined(p);
  return real === undefined ? undefined : toRootRelative(realRoot, real) !== undefined;
}

/** The ignore matcher: .gitignore files (root and nested, as git reads them) plus the config's `ignore` globs. */
function makeIgnore(root: string, extra: readonly string[]): (rel: string, isDir: boolean) => boolean {
  const perDir = new Map<string, Ignore | undefined>();
  const base = ignore().add(['.git', 'node_modules']).add([...extra]);
  const forDir = (relDir: string): Ignore | undefined => {
    if (perDir.has(relDir)) return perDir.get(relDir);
    const f = join(root, relDir, '.gitignore');
    const text = existsSync(f) ? readText(f) : undefined;
    const ig = text === undefined ? undefined : ignore().add(text);
    perDir.set(relDir, ig);
    return ig;
  };
  return (rel, isDir) => {
    const p = isDir ? rel + '/' : rel;
    if (base.ignores(p)) return true;
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const ig = forDir(dir);
      const sub = parts.slice(i).join('/') + (isDir ? '/' : '');
      if (ig && ig.ignores(sub)) return true;
    }
    return false;
  };
}

/**
 * The Markdown files named by `targets` (files, folders, or simple globs with `*`/`**`),
 * relative to `cwd`. Folders are walked for regular .md/.markdown files (no FIFO, device or
 * socket), honouring .gitignore. Sorted, unique. `badNames`: the paths (as bytes) of entries
 * whose names are not valid UTF-8, which cannot be checked (a notice names them).
 */
export function listMarkdownFiles(targets: readonly string[], cwd: string, root: string, extraIgnore: readonly string[] = []): { files: string[]; missing: string[]; badNames: Buffer[] } {
  const isIgnored = makeIgnore(root, extraIgnore);
  const out = new Set<string>();
  const missing: string[] = [];
  const badNames: Buffer[] = [];
  // Folders already walked, by real path: a symbolic link loop (`ln -s . loop`) is walked once.
  const walked = new Set<string>();
  let realRoot: string | undefined;
  const walkDir = (abs: string, into: Set<string>) => {
    const real = realpathOrUndefined(abs);
    if (real === undefined || walked.has(real)) return;
    walked.add(real);
    let raw: Buffer[];
    try {
      raw = readdirSync(abs, { encoding: 'buffer' });
    } catch {
      return;
    }
    const names: string[] = [];
    for (const b of raw) {
      const name = b.toString('utf8');
      if (Buffer.from(name, 'utf8').equals(b)) names.push(name);
      else if (MARKDOWN_EXT.test(name) || isFolder(Buffer.concat([Buffer.from(join(abs, '/')), b]))) badNames.push(Buffer.concat([Buffer.from(join(abs, '/')), b]));
    }
    for (const name of names.sort()) {
      const p = join(abs, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      const rel = toRootRelative(root, p);
      if (rel && isIgnored(rel, st.isDirectory())) continue;
      // A symbolic link inside the workspace that leads out of it is not followed.
      if (rel && lstatSync(p).isSymbolicLink() && realInside((realRoot ??= realRootOf(root)), p) !== true) continue;
      if (st.isDirectory()) walkDir(p, into);
      else if (st.isFile() && MARKDOWN_EXT.test(name)) into.add(p);
    }
  };
  for (const t of targets) {
    if (/[*?[]/.test(t)) {
      const re = globToRegExp(t);
      const parts = t.split('/');
      const fixed = parts.findIndex((s) => /[*?[]/.test(s));
      const found = new Set<string>();
      walkDir(resolve(cwd, parts.slice(0, fixed).join('/') || '.'), found);
      let n = 0;
      for (const p of found) {
        if (re.test(relative(cwd, p).split(sep).join('/'))) {
          out.add(p);
          n++;
        }
      }
      if (!n) missing.push(t);
      continue;
    }
    const abs = resolve(cwd, t);
    let st;
    try {
      st = statSync(abs);
    } catch {
      missing.push(t);
      continue;
    }
    if (st.isDirectory()) walkDir(abs, out);
    else out.add(abs); // a file named explicitly is checked whatever its extension or ignore status
  }
  return { files: [...out].sort(), missing, badNames };
}

function isFolder(p: Buffer): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A simple glob: `**` any folders, `*` any characters but `/`, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^(?:\\./)?${re}$`);
}

/** Build the workspace index by reading and summarising every Markdown file under the root. */
export function buildIndex(root: string, config: ConfigInput, onProgress?: (done: number, total: number) => void): WorkspaceIndex {
  const { files } = listMarkdownFiles(['.'], root, root, config.ignore ?? []);
  const posts = new Map<string, PostSummary>();
  files.forEach((abs, i) => {
    const rel = toRootRelative(root, abs);
    if (!rel) return;
    const text = readText(abs);
    if (text !== undefined) posts.set(rel, summarize(text, rel, config)); // an unreadable file is left out
    onProgress?.(i + 1, files.length);
  });
  return { posts, version: 1 };
}
