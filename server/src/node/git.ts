/**
 * What git knows that the CLI asks: whether a folder is in a work tree (the cache is on there by
 * default), and which lines changed since a ref (`zhen check --since REF`).
 *
 * git is run with a fixed argument list and no shell; external diff drivers, textconv filters and
 * fsmonitor hooks are turned off, so nothing in the repository is executed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Is `dir` (or a folder above it) a git work tree? A `.git` folder or file is looked for; git is not run. */
export function inGitWorkTree(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

/** The lines (1-based) changed since a ref, per absolute path; `all` for a file git does not track (new). */
export type ChangedLines = Map<string, Set<number> | 'all'>;

export class GitError extends Error {}

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=true', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new GitError(`cannot run git: ${r.error.message}`);
  if (r.status !== 0) throw new GitError((r.stderr || `git ${args[0]} failed`).trim().split('\n')[0]);
  return r.stdout;
}

/** A path as git prints it: plain, or in double quotes with C escapes (`\t`, `\"`, `\\`, octal bytes of UTF-8). */
export function unquoteGitPath(s: string): string {
  if (!s.startsWith('"')) return s;
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 1; i < s.length - 1; i++) {
    const c = s[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = s[++i];
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(simple[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The lines of the work tree (committed or not) that differ from `ref`: added or changed lines of
 * tracked files (a renamed file counts only its changed lines), and every line of untracked files
 * that are not ignored. Deleted lines have no line to report on and count for nothing.
 */
export function changedLinesSince(cwd: string, ref: string): ChangedLines {
  if (ref.startsWith('-')) throw new GitError(`not a git revision: ${ref}`);
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  const out: ChangedLines = new Map();
  const diff = git(top, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '--unified=0', ref, '--']);
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      current = undefined;
      if (name === '/dev/null') continue;
      const path = unquoteGitPath(name).replace(/^b\//, '');
      current = new Set();
      out.set(join(top, path), current);
    } else if (line.startsWith('@@ ') && current) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let k = 0; k < count; k++) current.add(start + k);
    }
  }
  const untracked = git(top, ['ls-files', '-z', '--others', '--exclude-standard']);
  for (const rel of untracked.split('\0')) if (rel) out.set(join(top, rel), 'all');
  return out;
}
