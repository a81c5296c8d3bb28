/**
 * The one corpus switch, and the corpus tests' baselines.
 *
 * Corpus tests read whole folders of ../shared/corpus (posts/, sites/): the `*.corpus.test.ts` files
 * and the corpus parts of core.pieces and core.hostile. They run whenever the corpus is there.
 * `ZHEN_SKIP_CORPUS=1` (any value but empty or `0`) skips every one of them, with that reason;
 * without the corpus they skip and say where it was looked for. Nothing else turns them on or off.
 *
 * Baselines: a corpus test measures counts (findings per site and per rule, or fixes per site)
 * and compares them with test/baselines/corpus-<name>.json; a failure lists every count that
 * changed. `npm run baselines` (scripts/baselines.mjs) runs the corpus tests with
 * ZHEN_WRITE_BASELINES=1, which writes the files instead of comparing (keys sorted: the same
 * corpus and code give the same bytes). Each test also writes what it found, for review, to
 * out/corpus/<name>.tsv.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo';

/** The repository (test/helpers/repo.ts). */
const repo = repoRoot;

/** ../shared/corpus beside the repository. */
export const corpusRoot = join(repo, '..', 'shared', 'corpus');

/** Whether ZHEN_SKIP_CORPUS asks to skip the corpus tests. */
export function corpusSkipped(): boolean {
  const v = process.env.ZHEN_SKIP_CORPUS;
  return !!v && v !== '0';
}

/** The `skip` option of a corpus test reading `sub` of the corpus (e.g. 'posts'): a reason, or false when it runs. */
export function corpusSkip(sub = ''): string | false {
  if (corpusSkipped()) return 'ZHEN_SKIP_CORPUS is set';
  const dir = join(corpusRoot, sub);
  return existsSync(dir) ? false : `corpus not found at ${dir}`;
}

/** Counts: group (a site) → key (a rule, or a measure) → number. */
export type Counts = Record<string, Record<string, number>>;

function sorted(counts: Counts): Counts {
  const out: Counts = {};
  for (const g of Object.keys(counts).sort()) {
    out[g] = {};
    for (const k of Object.keys(counts[g]).sort()) out[g][k] = counts[g][k];
  }
  return out;
}

/** The sum of two count tables (the parts of workers). */
export function sumCounts(a: Counts, b: Counts): Counts {
  const out: Counts = {};
  for (const t of [a, b]) for (const [g, row] of Object.entries(t)) for (const [k, n] of Object.entries(row)) (out[g] ??= {})[k] = (out[g][k] ?? 0) + n;
  return out;
}

export function baselinePath(name: string): string {
  return join(repo, 'test', 'baselines', `corpus-${name}.json`);
}

/** The differences between a baseline and what was measured, one line each (`site  rule  before → after`). */
export function countChanges(before: Counts, after: Counts): string[] {
  const lines: string[] = [];
  for (const g of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const b = before[g] ?? {};
    const a = after[g] ?? {};
    for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      if (b[k] !== a[k]) lines.push(`${g}  ${k}  ${b[k] ?? '–'} → ${a[k] ?? '–'}`);
    }
  }
  return lines;
}

/**
 * Compare `counts` with test/baselines/corpus-<name>.json; with ZHEN_WRITE_BASELINES=1, write it instead.
 * `describe` says in one line what the counts are (kept in the file).
 */
export function assertBaseline(name: string, describe: string, counts: Counts): void {
  const file = baselinePath(name);
  const now = sorted(counts);
  if (process.env.ZHEN_WRITE_BASELINES === '1') {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify({ what: describe, rewrite: 'npm run baselines', counts: now }, null, 2) + '\n');
    return;
  }
  assert.ok(existsSync(file), `no baseline ${file}: run \`npm run baselines\` to write it`);
  const base = (JSON.parse(readFileSync(file, 'utf8')) as { counts: Counts }).counts;
  const changes = countChanges(base, now);
  assert.ok(!changes.length, `${changes.length} count(s) differ from ${file} (site  rule  baseline → now):\n  ${changes.join('\n  ')}\nIf the change is meant, run \`npm run baselines\` and commit the file.`);
}

/** Write rows (tab-separated) for review to out/corpus/<name>.tsv; returns the path. */
export function writeReview(name: string, rows: string[]): string {
  const dir = join(repo, 'out', 'corpus');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.tsv`);
  writeFileSync(file, rows.join('\n') + (rows.length ? '\n' : ''));
  return file;
}
