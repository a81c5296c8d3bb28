/**
 * Fix-all over every post of ../shared/corpus/posts (1,408 real posts): no byte changes inside
 * code, inline code, HTML, math, Liquid, IAL, front matter, link and image targets, and a second
 * run changes nothing. The parsed structure is compared before and after: the source text of
 * every masked (non-prose) run of the prose view in order, and the targets of every link, image
 * and definition, and the parsed structure (every node but prose text and emphasis, with its depth).
 * Skipped, with a message, when the corpus is not there.
 *
 * Fix-all goes through core `fixAllPass`, which holds back fixes that would change non-prose
 * text; on these real posts it must hold back none (the rules' own fixes are right here).
 *
 * The posts, posts changed and edits per site are those of test/baselines/corpus-typo.json
 * (`npm run baselines` rewrites it).
 *
 * Runtime: one parse per unchanged post, one more per fix-all pass of a changed post (most
 * settle in one pass); about 100 s of CPU, spread over two worker threads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyzePost, applyEdits, fixAllPass, parse, toConfig } from '../server/src/core/index';
import { markdownFiles } from './helpers/files';
import { assertBaseline, corpusRoot, corpusSkip, sumCounts, type Counts } from './helpers/corpus';
import { protectedParts, structure } from './helpers/fixall-oracle';

const corpus = join(corpusRoot, 'posts');
/** `ZHEN_SKIP_CORPUS=1 npm test` leaves this (slow: about 100 s of CPU) test out. */
const skip = corpusSkip('posts');

interface Result { changed: number; edits: number; problems: string[]; sites: Counts }

/** Fix-all one post to a fixed point; compare what must not change. */
function checkFile(file: string, config: ReturnType<typeof toConfig>, out: Result): void {
  const original = readFileSync(file, 'utf8');
  const edits0 = out.edits;
  const before = parse(original, config);
  let post = before;
  let text = original;
  let passes = 0;
  for (;;) {
    // The product's pass (it would hold back fixes that change non-prose text: on real posts
    // none should need to be, so that count must be 0). What must not change is checked here on its own terms.
    const step = fixAllPass(post, analyzePost(post, config, {}), (t) => parse(t, config));
    if (!step) break; // this analysis is also the "second run": it finds nothing to fix
    if (++passes > 10) { out.problems.push(`${relative(corpus, file)}: fix-all does not settle after 10 passes`); break; }
    out.edits += step.edits.length;
    if (step.withheld) out.problems.push(`${relative(corpus, file)}: ${step.withheld} fixes held back as they would change non-prose text`);
    text = applyEdits(text, step.edits);
    if (text !== step.post.text) out.problems.push(`${relative(corpus, file)}: fixAllPass parsed another text than its edits give`);
    post = step.post;
  }
  const site = (out.sites[relative(corpus, file).split(/[\\/]/)[0]] ??= { posts: 0, changed: 0, edits: 0 });
  site.posts++;
  site.edits += out.edits - edits0;
  if (text === original) return;
  site.changed++;
  out.changed++;
  // The parsed structure outside the edited prose is the same (#9).
  const sa = structure(before);
  const sb = structure(post);
  if (sa.length !== sb.length || sa.some((x, i) => x !== sb[i])) {
    const i = sa.findIndex((x, k) => x !== sb[k]);
    out.problems.push(`${relative(corpus, file)}: structure changed at node ${i}: ${sa[i]} → ${sb[i]}`);
  }
  const a = protectedParts(before);
  const b = protectedParts(post);
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
    const i = a.findIndex((x, k) => x !== b[k]);
    out.problems.push(`${relative(corpus, file)}: protected content changed: ${JSON.stringify(a[i])?.slice(0, 160)} → ${JSON.stringify(b[i])?.slice(0, 160)}`);
  }
}

if (!isMainThread && workerData?.typoCorpus) {
  const out: Result = { changed: 0, edits: 0, problems: [], sites: {} };
  const config = toConfig({});
  for (const f of workerData.files as string[]) checkFile(f, config, out);
  parentPort!.postMessage(out);
} else {
  test('fix-all over the corpus keeps code, URLs, front matter, HTML, math, Liquid and IAL byte for byte and the parsed structure; a second run changes nothing', { skip }, async () => {
    const files = markdownFiles(corpus);
    assert.ok(files.length > 1000, `expected the 1,408 corpus posts, found ${files.length}`);
    const t0 = Date.now();
    // Two workers (the machine has two cores); files dealt round-robin so both get a mix.
    const n = Math.max(1, Math.min(2, availableParallelism()));
    const results = await Promise.all(Array.from({ length: n }, (_, k) => new Promise<Result>((resolve, reject) => {
      const w = new Worker(__filename, { workerData: { typoCorpus: true, files: files.filter((_, i) => i % n === k) } });
      w.once('message', resolve);
      w.once('error', reject);
    })));
    const total = results.reduce((a, r) => ({ changed: a.changed + r.changed, edits: a.edits + r.edits, problems: [...a.problems, ...r.problems], sites: sumCounts(a.sites, r.sites) }), { changed: 0, edits: 0, problems: [] as string[], sites: {} as Counts });
    console.log(`corpus fix-all: ${files.length} posts, ${total.changed} changed, ${total.edits} edits, ${((Date.now() - t0) / 1000).toFixed(1)} s on ${n} workers`);
    assert.deepEqual(total.problems, []);
    assertBaseline('typo', 'fix-all (default configuration) over ../shared/corpus/posts: posts, posts changed, edits per site', total.sites);
  });
}
