/** The Markdown files under a folder, sorted (the bench scripts' inputs). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function mdFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) mdFiles(p, out);
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}
