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
import { drain, loadConfigText, pathIgnore, type ConfigInput, type ConfigProblem, type WorkspaceFiles } from '../core/index';
import picomatch from 'picomatch';
import { readText, readTextFile } from './textFile';

export const CONFIG_FILE = '.zhen.yml';
const ROOT_MARKERS = [CONFIG_FILE, '.zhen.yaml', '_config.yml', 'hugo.toml', 'hugo.yaml', 'config.toml', 'mkdocs.yml', 'docusaurus.config.js', 'docusaurus.config.ts', '.git'];
export const MARKDOWN_EXT = /\.(md|markdown|mdx)$/i;

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
/**
 * `keepTexts` (a host that lives long, the language server): a text read is kept while the file's
 * identity, size and times stay the same, and the same string is given again, so the core's look
 * at whether the site's settings changed (core `site.ts`) costs a stat, not a read of a config of
 * megabytes per keystroke. At most 256 files and 32 M characters are kept (the least recently read go).
 */
export function nodeFiles(root: string, o: { keepTexts?: boolean } = {}): WorkspaceFiles {
  let realRoot: string | undefined;
  const kept = new KeptTexts();
  /** The absolute path of `p` when it lies inside the root, lexically (`..` and absolute paths are refused). */
  const lexical = (p: string) => {
    const abs = resolve(root, p.replace(/^\/+/, ''));
    return toRootRelative(root, abs) === undefined ? undefined : abs;
  };
  const inside = (p: string) => {
    const abs = lexical(p);
    if (abs === undefined) return undefined;
    // A missing file is let through: exists() says so, read() gives undefined.
    return realInside((realRoot ??= realRootOf(root)), abs) === false ? undefined : abs;
  };
  return {
    exists(p) {
      // A missing file is answered without resolving its real path: realpathSync throws for it, an
      // error with a stack per look (front-matter/author asks for the authors files on every edit).
      const abs = lexical(p);
      return !!abs && existsSync(abs) && realInside((realRoot ??= realRootOf(root)), abs) !== false;
    },
    read(p) {
      const abs = inside(p);
      if (!abs) return undefined;
      return o.keepTexts ? kept.read(abs) : readText(abs);
    },
    list(dir) {
      const abs = inside(dir || '.');
      if (!abs) return [];
      try {
        return readdirSync(abs, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
      } catch {
        return [];
      }
    },
  };
}

class KeptTexts {
  private texts = new Map<string, { stamp: string; text: string | undefined }>();
  private chars = 0;
  read(abs: string): string | undefined {
    let stamp: string;
    try {
      const st = statSync(abs);
      stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    } catch {
      return undefined;
    }
    const hit = this.texts.get(abs);
    if (hit) {
      this.texts.delete(abs);
      this.chars -= hit.text?.length ?? 0;
      if (hit.stamp === stamp) {
        this.keep(abs, hit);
        return hit.text;
      }
    }
    const text = readText(abs);
    this.keep(abs, { stamp, text });
    return text;
  }
  private keep(abs: string, e: { stamp: string; text: string | undefined }): void {
    this.texts.set(abs, e);
    this.chars += e.text?.length ?? 0;
    while (this.texts.size > 256 || (this.chars > 32_000_000 && this.texts.size > 1)) {
      const [k, v] = this.texts.entries().next().value as [string, { text: string | undefined }];
      this.texts.delete(k);
      this.chars -= v.text?.length ?? 0;
    }
  }
}

function realRootOf(root: string): string {
  return realpathOrUndefined(root) ?? resolve(root);
}

/** Is the real place of `p` (symbolic links resolved) inside the real root? Undefined when `p` does not exist. */
function realInside(realRoot: string, p: string): boolean | undefined {
  const real = realpathOrUndefined(p);
  return real === undefined ? undefined : toRootRelative(realRoot, real) !== undefined;
}

/** The ignore matcher (core `pathIgnore`): .gitignore files (root and nested, as git reads them) plus the config's `ignore` globs. */
function makeIgnore(root: string, extra: readonly string[]): (rel: string, isDir: boolean) => boolean {
  return pathIgnore(['.git', 'node_modules', ...extra], (relDir) => {
    const f = join(root, relDir, '.gitignore');
    return existsSync(f) ? readText(f) : undefined;
  });
}

/**
 * The Markdown files named by `targets` (files, folders, or globs: picomatch's syntax with braces),
 * relative to `cwd`. Folders are walked for regular .md/.markdown files (no FIFO, device or
 * socket), honouring .gitignore. Sorted, unique. `badNames`: the paths (as bytes) of entries
 * whose names are not valid UTF-8, which cannot be checked (a notice names them).
 */
export function listMarkdownFiles(targets: readonly string[], cwd: string, root: string, extraIgnore: readonly string[] = []): { files: string[]; missing: string[]; badNames: Buffer[] } {
  return drain(listSteps(targets, cwd, root, extraIgnore));
}

/**
 * `listMarkdownFiles` without holding the event loop: the walk yields after each folder and
 * gives way (setImmediate) every few milliseconds, so the language server answers meanwhile.
 */
export async function listMarkdownFilesAsync(root: string, extraIgnore: readonly string[] = [], sliceMs = 8): Promise<string[]> {
  const steps = listSteps(['.'], root, root, extraIgnore);
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value.files;
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

function* listSteps(targets: readonly string[], cwd: string, root: string, extraIgnore: readonly string[]): Generator<void, { files: string[]; missing: string[]; badNames: Buffer[] }> {
  const isIgnored = makeIgnore(root, extraIgnore);
  const out = new Set<string>();
  const missing: string[] = [];
  const badNames: Buffer[] = [];
  // Folders already walked, by real path: a symbolic link loop (`ln -s . loop`) is walked once.
  const walked = new Set<string>();
  let realRoot: string | undefined;
  const walkDir = function* (abs: string, into: Set<string>): Generator<void, void> {
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
    yield;
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
      if (st.isDirectory()) yield* walkDir(p, into);
      else if (st.isFile() && MARKDOWN_EXT.test(name)) into.add(p);
    }
  };
  for (const t of targets) {
    const abs = resolve(cwd, t);
    let st;
    try {
      st = statSync(abs);
    } catch {
      st = undefined;
    }
    // A glob (picomatch: `*`, `**`, `?`, `[…]`, braces `{a,b}`, extglobs), relative to `cwd`,
    // unless a file or folder has that very name.
    const scan = picomatch.scan(t);
    if (!st && scan.isGlob) {
      const isMatch = picomatch(t, { windows: false });
      const found = new Set<string>();
      yield* walkDir(resolve(cwd, scan.base || '.'), found);
      let n = 0;
      for (const p of found) {
        if (isMatch(relative(cwd, p).split(sep).join('/'))) {
          out.add(p);
          n++;
        }
      }
      if (!n) missing.push(t);
      continue;
    }
    if (!st) {
      missing.push(t);
      continue;
    }
    if (st.isDirectory()) yield* walkDir(abs, out);
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

