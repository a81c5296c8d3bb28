/**
 * Findings snapshot: every finding of analyze() over every corpus post (../shared/corpus/posts),
 * every fixture (with its own config and workspace) and the examples, as canonical JSON, one
 * line per file. Run before and after a speed change and diff: an optimisation changes no byte.
 *
 *   node esbuild.mjs --bench && node out/bench/snapshot.js OUT.jsonl [--alt]
 *
 * `--alt` adds a second pass over the corpus and examples with non-default options (claim/unlinked
 * on headings and tables, other typography house styles) so more branches are covered.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, type ConfigInput, type Finding } from '../server/src/core/index';
import { loadFixture } from '../test/helpers/fixtures';
import { markdownFiles as mdFiles } from '../test/helpers/files';

const repo = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--')) ?? join(repo, 'out', 'bench', 'snapshot.jsonl');


/** Every field of a finding, keys in a fixed order. */
function canonical(f: Finding): unknown {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    span: [f.span.start, f.span.end],
    message: f.message,
    fixes: f.fixes?.map((x) => ({
      title: x.title,
      edits: x.edits.map((e) => [e.span.start, e.span.end, e.newText]),
      isPreferred: x.isPreferred ?? false,
      input: x.input ?? null,
      configEdit: x.configEdit ?? null,
      rename: x.rename ?? null,
    })) ?? null,
    hover: f.hover ?? null,
    data: f.data ?? null,
  };
}

const ALT: ConfigInput = {
  rules: { 'claim/unlinked': { tables: true, headings: true }, 'typo/cjk-latin-spacing': { digits: false } },
  typography: { quotes: 'corner', latinParentheses: 'fullwidth', cjkParentheses: 'keep', spaceAroundCode: false },
  language: 'zh-cn',
};

const lines: string[] = [];
const t0 = performance.now();
let count = 0;
let findings = 0;
const corpus = mdFiles(join(repo, '..', 'shared', 'corpus', 'posts'));
const examples = mdFiles(join(repo, 'examples'));
const record = (label: string, fs: Finding[]) => {
  count++;
  findings += fs.length;
  lines.push(JSON.stringify([label, fs.map(canonical)]));
};
for (const file of [...corpus, ...examples]) record(relative(repo, file), analyze(readFileSync(file, 'utf8')));
for (const file of mdFiles(join(repo, 'test', 'fixtures'))) {
  const fx = loadFixture(file, repo);
  record(relative(repo, file), analyze(fx.text, fx.config, fx.workspace));
}
if (args.includes('--alt')) {
  for (const file of [...corpus, ...examples]) record('alt:' + relative(repo, file), analyze(readFileSync(file, 'utf8'), ALT));
}
writeFileSync(out, lines.join('\n') + '\n');
process.stderr.write(`${count} files, ${findings} findings, ${((performance.now() - t0) / 1000).toFixed(1)} s → ${out}\n`);
