/**
 * Fix-all over every post of all twelve corpus sites (../shared/corpus/posts/* and sites/*), each
 * with its own site as the workspace, so each post is read in its generator's dialect (core
 * site.ts, dialect.ts): no byte of any dialect construct changes (`Post.syntax`: admonition and
 * tab lines, `:::` fences, callout markers, shortcodes, Hexo tags, MDX ESM and comments, Liquid
 * code blocks), nor any other masked run (code, HTML, math, front matter, URLs) or link target,
 * and the result parses to the same structure (every node but prose text and emphasis, with its
 * depth). The front matter is left out: front-matter fixes edit it on purpose. A second run finds nothing left to fix. Skipped with ZHEN_SKIP_CORPUS or without the
 * corpus.
 *
 * The posts, posts with dialect syntax, posts changed and edits per site are those of
 * test/baselines/corpus-sites.json (`npm run baselines` rewrites it).
 *
 * Runtime: about 200 s of CPU for the 2,800 posts, on two worker threads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyzePost, applyEdits, fixAllPass, parse, toConfig, type Workspace } from '../server/src/core/index';
import { nodeFiles } from '../server/src/node/workspace';
import { protectedParts, structure } from './helpers/fixall-oracle';
import { assertBaseline, corpusRoot, corpusSkip, type Counts } from './helpers/corpus';

const corpus = corpusRoot;
const skip = corpusSkip('sites');

/** The Markdown files of a site (`.md`, `.markdown`, `.mdx`), except the corpus's own notes. */
function posts(dir: string, root = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) posts(p, root, out);
    else if (/\.(md|markdown|mdx)$/i.test(name) && relative(root, p) !== 'NOTES.md') out.push(p);
  }
  return out;
}

interface Result { posts: number; changed: number; edits: number; withDialect: number; problems: string[]; sites: Counts }

function checkSite(site: string, out: Result): void {
  const root = join(corpus, site);
  const files = nodeFiles(root);
  const config = toConfig({});
  for (const file of posts(root)) {
    const path = relative(root, file).split('\\').join('/');
    const workspace: Workspace = { path, files };
    const original = readFileSync(file, 'utf8');
    const before = parse(original, config, undefined, workspace);
    out.posts++;
    if (before.syntax.length) out.withDialect++;
    let post = before;
    let text = original;
    let passes = 0;
    const name = `${site}/${path}`;
    for (;;) {
      const step = fixAllPass(post, analyzePost(post, config, workspace), (t) => parse(t, config, undefined, workspace));
      if (!step) break;
      if (++passes > 10) { out.problems.push(`${name}: fix-all does not settle after 10 passes`); break; }
      out.edits += step.edits.length;
      text = applyEdits(text, step.edits);
      post = step.post;
    }
    if (text === original) continue;
    out.changed++;
    const sa = structure(before);
    const sb = structure(post);
    if (sa.length !== sb.length || sa.some((x, i) => x !== sb[i])) {
      const i = sa.findIndex((x, k) => x !== sb[k]);
      out.problems.push(`${name}: structure changed at node ${i}: ${sa[i]} → ${sb[i]}`);
    }
    const a = protectedParts(before, { frontMatter: false });
    const b = protectedParts(post, { frontMatter: false });
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
      const i = a.findIndex((x, k) => x !== b[k]);
      out.problems.push(`${name}: protected content changed: ${JSON.stringify(a[i])?.slice(0, 160)} → ${JSON.stringify(b[i])?.slice(0, 160)}`);
    }
  }
}

if (!isMainThread && workerData?.sitesCorpus) {
  const out: Result = { posts: 0, changed: 0, edits: 0, withDialect: 0, problems: [], sites: {} };
  for (const site of workerData.sites as string[]) {
    const one: Result = { posts: 0, changed: 0, edits: 0, withDialect: 0, problems: out.problems, sites: {} };
    checkSite(site, one);
    out.sites[site] = { posts: one.posts, withDialect: one.withDialect, changed: one.changed, edits: one.edits };
    out.posts += one.posts;
    out.changed += one.changed;
    out.edits += one.edits;
    out.withDialect += one.withDialect;
  }
  parentPort!.postMessage(out);
} else {
  test('fix-all over the twelve corpus sites, each in its own dialect, keeps every dialect construct, every masked run and the parsed structure', { skip }, async () => {
    const sites = [...readdirSync(join(corpus, 'posts')).map((s) => `posts/${s}`), ...readdirSync(join(corpus, 'sites')).map((s) => `sites/${s}`)].sort();
    assert.equal(sites.length, 12);
    const t0 = Date.now();
    const n = Math.max(1, Math.min(2, availableParallelism()));
    // The big pingcap corpus on its own lane, the others dealt round-robin.
    const lanes: string[][] = Array.from({ length: n }, () => []);
    sites.filter((s) => !s.includes('pingcap')).forEach((s, i) => lanes[(i + 1) % n].push(s));
    lanes[0].unshift(...sites.filter((s) => s.includes('pingcap')));
    const results = await Promise.all(lanes.map((mine) => new Promise<Result>((resolve, reject) => {
      const w = new Worker(__filename, { workerData: { sitesCorpus: true, sites: mine } });
      w.once('message', resolve);
      w.once('error', reject);
    })));
    const total = results.reduce((a, r) => ({ posts: a.posts + r.posts, changed: a.changed + r.changed, edits: a.edits + r.edits, withDialect: a.withDialect + r.withDialect, problems: [...a.problems, ...r.problems], sites: { ...a.sites, ...r.sites } }));
    console.log(`sites fix-all: ${total.posts} posts (${total.withDialect} with dialect syntax), ${total.changed} changed, ${total.edits} edits, ${((Date.now() - t0) / 1000).toFixed(1)} s on ${n} workers`);
    assert.ok(total.posts > 2700, `expected the 2,800 posts of the twelve sites, found ${total.posts}`);
    assert.deepEqual(total.problems, []);
    assertBaseline('sites', 'fix-all over the twelve corpus sites: posts, posts with dialect syntax, posts changed, edits per site', total.sites);
  });
}
