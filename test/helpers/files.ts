/** The Markdown files (`.md`, `.markdown`) under a folder, recursively, in sorted order: the corpus, fixture and bench walks. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function markdownFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) markdownFiles(p, out);
    else if (/\.(md|markdown)$/i.test(name)) out.push(p);
  }
  return out;
}
