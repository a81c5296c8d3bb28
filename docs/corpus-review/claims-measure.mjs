// Measures the claim rules on ../shared/corpus/posts: findings per 1,000 characters of prose per
// folder, and a reproducible random sample of findings to judge by hand (docs/corpus-review/claims.md).
// Usage: node esbuild.mjs && node docs/corpus-review/claims-measure.mjs [corpusDir] [--sample N] [--seed S] [--json out.jsonl]
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const corpus = args[0] && !args[0].startsWith('--') ? args[0] : join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'posts');
const sampleSize = Number(opt('--sample', 40));
let seed = Number(opt('--seed', 4));
const jsonOut = opt('--json', undefined);
const core = await import(pathToFileURL(join(import.meta.dirname, '..', '..', 'out', 'core.neutral.js')).href);
void createRequire;

function mdFiles(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? mdFiles(p) : /\.(md|markdown)$/.test(n) ? [p] : [];
  }).sort();
}
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const all = [];
const rows = [];
for (const folder of readdirSync(corpus).sort()) {
  const files = mdFiles(join(corpus, folder));
  let chars = 0;
  const byRule = {};
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const post = core.parse(text);
    for (const ch of post.prose) if (ch !== core.ATOM && ch !== core.MARK && !/\s/.test(ch)) chars++;
    const ls = core.computeLineStarts(text);
    for (const f of core.analyzePost(post, {})) {
      if (!f.ruleId.startsWith('claim/') && f.ruleId !== 'internal') continue;
      byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
      const line = core.positionAt(ls, f.span.start).line;
      all.push({ folder, file: relative(corpus, file), line: line + 1, rule: f.ruleId, severity: f.severity, text: text.slice(f.span.start, f.span.end), lineText: text.slice(ls[line], ls[line + 1] ?? text.length).trim().slice(0, 400), message: f.message });
    }
  }
  const total = Object.values(byRule).reduce((a, b) => a + b, 0);
  rows.push({ folder, files: files.length, chars, total, byRule, per1k: (total / chars) * 1000 });
}
for (const r of rows) {
  console.log(`${r.folder}: ${r.files} files, ${r.chars} prose chars, ${r.total} findings, ${r.per1k.toFixed(3)} per 1,000 chars`, JSON.stringify(r.byRule));
}
if (jsonOut) writeFileSync(jsonOut, all.map((x) => JSON.stringify(x)).join('\n') + '\n');
// Sample spread across folders: an equal share per folder (or all of a folder's findings if fewer).
const folders = rows.map((r) => r.folder);
const per = Math.ceil(sampleSize / folders.length);
const sample = [];
for (const folder of folders) {
  const pool = all.filter((x) => x.folder === folder && x.rule !== 'internal');
  for (let i = pool.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [pool[i], pool[j]] = [pool[j], pool[i]]; }
  sample.push(...pool.slice(0, per));
}
const extra = all.filter((x) => !sample.includes(x));
while (sample.length < sampleSize && extra.length) sample.push(extra.splice(Math.floor(rand() * extra.length), 1)[0]);
console.log(`\nSAMPLE (${Math.min(sample.length, sampleSize)})`);
for (const s of sample.slice(0, sampleSize)) console.log(JSON.stringify({ folder: s.folder, file: s.file, line: s.line, rule: s.rule, text: s.text, lineText: s.lineText }));
