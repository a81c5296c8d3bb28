/**
 * The front-matter rules over the real corpus (../shared/corpus/posts: 1,408 posts in three sites).
 * Each site's workspace is built from the corpus folder's own files (nodeFiles, listMarkdownFiles), as
 * the CLI would; the index is summarised from each post's header only (the front-matter slice of the
 * summary depends on nothing else, and parsing 1,400 bodies twice would double the test's time).
 * Asserts that no rule fails or throws, and that the findings per site (and pass) and rule are those
 * of test/baselines/corpus-front-matter.json (`npm run baselines` rewrites it; see test/helpers/corpus.ts).
 * Every finding goes to out/corpus/front-matter.tsv for review (docs/corpus-review/front-matter.md).
 * Skipped with ZHEN_SKIP_CORPUS=1 or without the corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, computeLineStarts, positionAt, summarize, toConfig, type ConfigInput, type PostSummary, type WorkspaceFiles, type WorkspaceIndex } from '../server/src/core/index';
import { listMarkdownFiles, nodeFiles, toRootRelative } from '../server/src/node/workspace';
import { assertBaseline, corpusRoot, corpusSkip, writeReview, type Counts } from './helpers/corpus';

const corpus = join(corpusRoot, 'posts');
/** The clock of the corpus snapshot (fan-wb was taken on 2026-04-17; xiaodongq has posts dated up to 2026-06). */
const NOW = Date.parse('2026-07-01T00:00:00Z');
/** Only the front-matter family: its rules at their default severities. */
const ONLY_FRONT_MATTER: ConfigInput = { rules: { '*': 'off', 'front-matter': {} } };

/** The two Chirpy sites' real `_config.yml` settings that matter here (theme, timezone), read from their repositories. */
const SITE_CONFIG: Record<string, string> = {
  'fan-wb.github.io': 'theme: jekyll-theme-chirpy\ntimezone: Asia/Shanghai\n',
  'xiaodongq.github.io': 'theme: jekyll-theme-chirpy\ntimezone: Asia/Shanghai\n',
};

interface Row { site: string; pass: string; path: string; line: number; rule: string; severity: string; message: string; text: string }

function run(site: string, pass: string, files: WorkspaceFiles, rows: Row[]): { posts: number; counts: Record<string, number> } {
  const root = join(corpus, site);
  const config = toConfig(ONLY_FRONT_MATTER);
  const { files: list } = listMarkdownFiles(['.'], root, root);
  const texts = new Map(list.map((abs) => [toRootRelative(root, abs)!, readFileSync(abs, 'utf8')]));
  const posts = new Map<string, PostSummary>();
  for (const [path, text] of texts) posts.set(path, summarize(headerOnly(text), path, config));
  const index: WorkspaceIndex = { posts, version: 1 };
  const counts: Record<string, number> = {};
  for (const abs of list) {
    const path = toRootRelative(root, abs)!;
    const text = texts.get(path)!;
    let findings;
    try {
      findings = analyze(text, config, { path, now: NOW, files, index });
    } catch (err) {
      assert.fail(`${site}/${path}: analyze threw ${String(err)}`);
    }
    const internal = findings.filter((f) => f.ruleId === 'internal');
    assert.deepEqual(internal.map((f) => f.message), [], `${site}/${path}`);
    const ls = computeLineStarts(text);
    for (const f of findings) {
      counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
      rows.push({ site, pass, path, line: positionAt(ls, f.span.start).line + 1, rule: f.ruleId, severity: f.severity, message: f.message, text: text.slice(f.span.start, f.span.end) });
    }
  }
  return { posts: list.length, counts };
}

test('front-matter rules over the corpus: no rule fails; findings per site and rule as in the baseline', { skip: corpusSkip('posts') }, (t) => {
  const rows: Row[] = [];
  const counts: Counts = {};
  let total = 0;
  for (const site of readdirSync(corpus).sort()) {
    const root = join(corpus, site);
    const files = nodeFiles(root);
    const own = run(site, 'own files', files, rows);
    total += own.posts;
    counts[site] = { posts: own.posts, ...own.counts };
    t.diagnostic(`${site}: ${own.posts} posts, own files only: ${JSON.stringify(own.counts)}`);
    const extra = SITE_CONFIG[site];
    if (extra) {
      // Second pass: the site's real theme and time zone, as its repository's _config.yml sets them.
      const withConfig: WorkspaceFiles = { exists: (p) => p === '_config.yml' || files.exists(p), read: (p) => (p === '_config.yml' ? extra : files.read(p)) };
      const cfg = run(site, 'with _config.yml', withConfig, rows);
      counts[`${site} (with _config.yml)`] = { posts: cfg.posts, ...cfg.counts };
      t.diagnostic(`${site}: with its _config.yml (Chirpy, Asia/Shanghai): ${JSON.stringify(cfg.counts)}`);
    }
  }
  assert.ok(total >= 1400, `expected the 1,408 corpus posts, found ${total}`);
  const review = writeReview('front-matter', rows.map((r) => [r.site, r.pass, `${r.path}:${r.line}`, r.rule, r.severity, r.text.replace(/\s+/g, ' ').slice(0, 80), r.message].join('\t')));
  t.diagnostic(`every finding: ${review}`);
  assertBaseline('front-matter', 'front-matter rules over ../shared/corpus/posts: posts and findings per site (and pass) and rule', counts);
});

/** The text up to the end of its front matter (`---`/`+++` … closing fence), or nothing. */
function headerOnly(text: string): string {
  const m = /^\uFEFF?(---|\+\+\+)[ \t]*\r?\n[\s\S]*?\r?\n\1[ \t]*(\r?\n|$)/.exec(text);
  return m ? m[0] : '';
}
