/** Shared by the tests that run the built CLI: a scratch workspace, and the shape of `--format json`. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../server/src/cli';
import { repoRoot as REPO } from './repo';

/** A temporary folder holding `files` (root-relative path → text). */
export function tempDir(files: Record<string, string>, prefix = 'zhen-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

export interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: Array<{ title: string; edits: Array<{ line: number; column: number; endLine: number; endColumn: number; newText: string }> }>;
}

/** `zhen check --format json`. */
export interface JsonOut {
  files: Array<{ path: string; findings: JsonFinding[] }>;
}

/** What a run of the CLI gave: exit code, stdout and stderr as text (stdout also as bytes). */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** The environment the CLI tests run with: English, no colours (plus `env`). */
export function cliEnv(env: Record<string, string> = {}): Record<string, string | undefined> {
  return { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', NO_COLOR: '1', ...env };
}

/**
 * `zhen ARGS` in this process, through the CLI's `main(argv, io)`: the same code as dist/cli.js
 * without a Node start and a bundle load per run. `--jobs` worker threads run the built
 * dist/cli.js. Tests of what only the real binary does (signals, exit codes of the process, the
 * server) spawn it instead.
 */
export async function runCli(args: string[], opts: { cwd: string; input?: string | Buffer; env?: Record<string, string> }): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) => ({ write: (d: string | Uint8Array) => into.push(Buffer.from(d)) });
  const code = await main(args, {
    stdout: sink(out),
    stderr: sink(err),
    cwd: opts.cwd,
    env: cliEnv(opts.env),
    stdin: Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]),
    script: join(REPO, 'dist', 'cli.js'),
  });
  const stdoutBytes = Buffer.concat(out);
  return { code, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes };
}
