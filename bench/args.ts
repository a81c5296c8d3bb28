/** What every bench script reads first: the repository, the corpus's first sites, and its command-line options. */
import { join } from 'node:path';

/** The repository (a bench script runs from out/bench/, bundled). */
export const repo = join(__dirname, '..', '..');
/** The three first corpora (`../shared/corpus/posts`). */
export const corpus = join(repo, '..', 'shared', 'corpus', 'posts');
export const args = process.argv.slice(2);
/** The value after `--name`, if given. */
export const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
