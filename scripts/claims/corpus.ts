/**
 * The corpus the claim detector is fitted and measured on: ../shared/corpus/posts/* and
 * ../shared/corpus/sites/* (12 sites), every Markdown post, minus the 27 posts of the labelled
 * development set (../shared/corpus/labelled/expected.json), so that set stays a held-out measure.
 * Licenses come from ../shared/corpus/MANIFEST.tsv.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { markdownFiles } from '../../test/helpers/files';

export interface CorpusPost {
  /** posts/<name> → name; sites/<owner__repo> → owner__repo. */
  site: string;
  /** Path relative to the corpus folder, POSIX. */
  path: string;
  file: string;
  license: string;
}

export const DEFAULT_CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

export function devSetKeys(corpus: string): Set<string> {
  const f = join(corpus, 'labelled', 'expected.json');
  if (!existsSync(f)) return new Set();
  return new Set(Object.keys((JSON.parse(readFileSync(f, 'utf8')) as { posts: Record<string, unknown> }).posts));
}

function licenses(corpus: string): Map<string, string> {
  const m = new Map<string, string>();
  const f = join(corpus, 'MANIFEST.tsv');
  if (!existsSync(f)) return m;
  for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
    const cols = line.split('\t');
    if (cols.length < 6) continue;
    const parts = cols[0].split('/');
    const key = parts.slice(0, 2).join('/');
    if (!m.has(key)) m.set(key, cols[5].split(' (')[0]);
  }
  return m;
}

/** Every post of the 12 sites, sorted, without the development set (unless `withDev`). */
export function corpusPosts(corpus = DEFAULT_CORPUS, withDev = false): CorpusPost[] {
  const dev = withDev ? new Set<string>() : devSetKeys(corpus);
  const lic = licenses(corpus);
  const out: CorpusPost[] = [];
  for (const top of ['posts', 'sites']) {
    const dir = join(corpus, top);
    if (!existsSync(dir)) continue;
    for (const file of markdownFiles(dir)) {
      const path = relative(corpus, file).split(sep).join('/');
      if (dev.has(path)) continue;
      const parts = path.split('/');
      out.push({ site: parts[1], path, file, license: lic.get(parts.slice(0, 2).join('/')) ?? 'unknown' });
    }
  }
  return out;
}
