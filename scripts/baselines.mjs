// `npm run baselines`: rewrites the corpus tests' baselines (test/baselines/corpus-*.json) from a run
// of every `*.corpus.test.ts` over ../shared/corpus, on purpose: after a change of judgement, review
// `git diff test/baselines/` (and out/corpus/*.tsv) and commit. The files hold counts only, keys
// sorted, so the same code and corpus give the same bytes. Extra arguments go to `npm run test:one`
// (e.g. `npm run baselines -- term` for one family: a PATTERN narrows the test files).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = fileURLToPath(new URL('../../shared/corpus', import.meta.url));
if (!existsSync(corpus)) {
  console.error(`baselines: the corpus is not at ${corpus}; nothing written`);
  process.exit(2);
}
const narrow = process.argv.slice(2);
const pattern = narrow.length ? narrow.map((p) => `${p}[^/]*\\.corpus\\.test`).join('|') : '\\.corpus\\.test\\.ts$';
const env = { ...process.env, ZHEN_WRITE_BASELINES: '1' };
delete env.ZHEN_SKIP_CORPUS;
const r = spawnSync(process.execPath, ['scripts/test-one.mjs', pattern], { cwd: root, env, stdio: 'inherit' });
if (r.status === 0) console.log('baselines: written; review `git diff test/baselines/` and commit');
process.exit(r.status ?? 1);
