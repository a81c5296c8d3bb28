// What esbuild.mjs and scripts/test-one.mjs share: the options of every bundle, and the unit tests'
// entry points (every `*.test.ts` under test/ outside fixtures/ and e2e/; the e2e suites build
// themselves).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ruleDocsPlugin } from '../server/src/mcp/rule-docs.plugin.mjs';
import { fromMarkdownPlugin } from './from-markdown.plugin.mjs';

export function commonOptions(production = false) {
  return {
    bundle: true,
    sourcemap: !production,
    minify: production,
    external: ['vscode'],
    logLevel: 'warning',
    target: 'es2022',
    // `zhen:rule-docs`: the rules' header comments, for `zhen explain`, `zhen mcp` and the SARIF help;
    // the mdast compiler's handlers on one context (scripts/from-markdown.plugin.mjs: speed only)
    plugins: [ruleDocsPlugin(), fromMarkdownPlugin()],
  };
}

/** The unit tests' bundle options for the given entries (out/test/, as `node --test out/test/` runs them). */
export function testBuild(common, entries) {
  return { ...common, entryPoints: entries, outdir: 'out/test', outbase: 'test', platform: 'node', format: 'cjs' };
}

/** A server with a rule that throws, for the containment test (test/lsp/containment.test.ts); outside out/test, where `node --test` would run it as a test file. */
export function throwingServerBuild(common) {
  return { ...common, entryPoints: ['test/lsp/throwing-server.ts'], outfile: 'out/test-servers/throwing-server.js', platform: 'node', format: 'cjs' };
}

/** Test sources, as `test/…/x.test.ts`; with patterns, only those whose path matches one (a regular expression, or a plain substring). */
export function testEntries(patterns = [], dir = 'test') {
  const entries = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === 'fixtures' || name === 'e2e') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) entries.push(p);
    }
  };
  walk(dir);
  if (!patterns.length) return entries;
  const res = patterns.map((p) => {
    try {
      return new RegExp(p);
    } catch {
      return { test: (s) => s.includes(p) };
    }
  });
  return entries.filter((e) => res.some((r) => r.test(e)));
}

/** What tests need built besides themselves, from their sources (the test files and their helpers under test/): the bundles in dist/ they run, the throwing server. */
export function testNeeds(sources) {
  const src = sources.map((f) => readFileSync(f, 'utf8')).join('\n');
  return { dist: /['"`/]dist\//.test(src) || /\bdist['"`]/.test(src), throwingServer: /throwing-server/.test(src) };
}
