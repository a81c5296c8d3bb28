/**
 * Findings snapshot: every finding of analyze() over every corpus post (../shared/corpus/posts),
 * every fixture (with its own config and workspace) and the examples, as canonical JSON, one
 * line per file. Run before and after a speed change and diff: an optimisation changes no byte.
 *
 *   node esbuild.mjs --bench && node out/bench/snapshot.js OUT.jsonl [--alt]
 *
 * `--alt` adds a second pass over the corpus and examples with non-default options (claim/unlinked
 * on headings and tables, other typography house styles) so more branches are covered.
 *
 * `--cached` takes each file's findings the way the language server does after an edit: the file
 * with `新` inserted at the start of its middle line is analysed with a `ParseCache` and a
 * `RuleCache`, then the file itself through the same caches (every block but the edited one is
 * taken from them). Its output must equal the plain snapshot's, byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, analyzePost, parse, ParseCache, RuleCache, toConfig, type ConfigInput, type Finding, type Workspace } from '../server/src/core/index';
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

/** `analyze`, or with `--cached` the language server's path after an edit (see the header). */
const cached = args.includes('--cached');
function findingsOf(text: string, input?: ConfigInput, workspace: Workspace = {}): Finding[] {
  if (!cached) return analyze(text, input, workspace);
  const config = toConfig(input);
  const parseCache = new ParseCache();
  const ruleCache = new RuleCache();
  let at = 0;
  for (let i = 0, n = text.split('\n').length >> 1; i < n; i++) at = text.indexOf('\n', at) + 1;
  analyzePost(parse(text.slice(0, at) + '新' + text.slice(at), config, parseCache, workspace), config, workspace, ruleCache);
  return analyzePost(parse(text, config, parseCache, workspace), config, workspace, ruleCache);
}

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
for (const file of [...corpus, ...examples]) record(relative(repo, file), findingsOf(readFileSync(file, 'utf8')));
for (const file of mdFiles(join(repo, 'test', 'fixtures'))) {
  const fx = loadFixture(file, repo);
  record(relative(repo, file), findingsOf(fx.text, fx.config, fx.workspace));
}
if (args.includes('--alt')) {
  for (const file of [...corpus, ...examples]) record('alt:' + relative(repo, file), findingsOf(readFileSync(file, 'utf8'), ALT));
}
writeFileSync(out, lines.join('\n') + '\n');
process.stderr.write(`${count} files, ${findings} findings, ${((performance.now() - t0) / 1000).toFixed(1)} s → ${out}\n`);
