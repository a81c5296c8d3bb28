/** Shared by the tests that run the built CLI: a scratch workspace, and the shape of `--format json`. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
