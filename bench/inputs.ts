/** Inputs shared by the benchmarks (bench/run.ts, bench/edits.ts). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownFiles as mdFiles } from '../test/helpers/files';

/** The example post of the repository at `repo`. */
export function examplePathIn(repo: string): string {
  return join(repo, 'examples', '2024-05-22-ai-crypto.md');
}

/** A post of at least `bytes` from real corpus posts (bodies, front matter dropped); the example post repeated without the corpus. */
export function bigPost(repo: string, bytes: number): string {
  const corpus = join(repo, '..', 'shared', 'corpus', 'posts');
  const examplePath = examplePathIn(repo);
  let text = '---\ntitle: 长文\n---\n\n';
  for (const f of existsSync(corpus) ? mdFiles(corpus) : [examplePath]) {
    text += readFileSync(f, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '') + '\n\n';
    if (Buffer.byteLength(text) >= bytes) break;
  }
  const example = readFileSync(examplePath, 'utf8');
  while (Buffer.byteLength(text) < bytes) text += example.replace(/^---\n[\s\S]*?\n---\n/, '');
  return text;
}
