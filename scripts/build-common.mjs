// What esbuild.mjs and scripts/test-one.mjs share: the options of every bundle, and the unit tests'
// entry points (every `*.test.ts` under test/ outside fixtures/ and e2e/; the e2e suites build
// themselves).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

/**
 * The unit tests' bundle options for the given entries (out/test/, as `node --test out/test/` runs
 * them). ES modules with code splitting: what several test files share (the core, the server, the
 * parsers) is written once, as chunks in out/test-chunks/ (outside out/test/, where `node --test`
 * would run every file as a test), not bundled into each of 56 files (that was 440 MB of bundles
 * and source maps, and most of the build's time: issue #20). A `package.json` of `"type": "module"`
 * in both folders makes Node load the `.js` files as ES modules, and a banner gives each module the
 * CommonJS names the tests and the bundled CommonJS packages use (`require`, `__dirname`,
 * `__filename`; a chunk's `__dirname` is out/test-chunks/, so code shared between test files finds
 * the repository by walking up, as test/helpers/repo.ts `repoRoot` does). `prune`: remove the chunks
 * this build did not write (for a build of every test file; a build of some of them, as
 * `npm run test:one` makes, leaves the others' chunks in place).
 */
export function testBuild(common, entries, { prune = false } = {}) {
  return {
    ...common,
    entryPoints: entries,
    outdir: 'out/test',
    outbase: 'test',
    platform: 'node',
    format: 'esm',
    splitting: true,
    chunkNames: `../${TEST_CHUNKS}/[name]-[hash]`,
    metafile: true,
    banner: { js: TEST_BANNER },
    plugins: [...(common.plugins ?? []), assertThroughRequire, esmFolders(prune)],
  };
}

const TEST_CHUNKS = 'test-chunks';
const TEST_BANNER = [
  "import { createRequire as __zhenCreateRequire } from 'node:module';",
  "import { fileURLToPath as __zhenFileURLToPath } from 'node:url';",
  "import { dirname as __zhenDirname } from 'node:path';",
  'const require = __zhenCreateRequire(import.meta.url);',
  'const __filename = __zhenFileURLToPath(import.meta.url);',
  'const __dirname = __zhenDirname(__filename);',
].join(' ');

/**
 * `node:assert` (and `/strict`) loaded through `require` (the banner's), as the CommonJS test
 * bundles loaded it: scripts/suite-stats.mjs counts the assertions a test file executes by
 * wrapping what `require` gives (scripts/count-asserts.cjs). The same module either way.
 */
const assertThroughRequire = {
  name: 'zhen-assert-through-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?assert(\/strict)?$/ }, (args) => (args.namespace === 'zhen-assert' ? { path: args.path, external: true } : { path: args.path, namespace: 'zhen-assert' }));
    build.onLoad({ filter: /.*/, namespace: 'zhen-assert' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

/** After a test build: the `"type": "module"` markers of out/test/ and out/test-chunks/, and (with `prune`) the stale chunks removed. */
function esmFolders(prune) {
  return {
    name: 'zhen-test-esm',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length) return;
        const outdir = build.initialOptions.outdir;
        const chunks = join(outdir, '..', TEST_CHUNKS);
        for (const d of [outdir, chunks]) {
          mkdirSync(d, { recursive: true });
          writeFileSync(join(d, 'package.json'), '{ "type": "module" }\n');
        }
        if (!prune || !result.metafile) return;
        const written = new Set(Object.keys(result.metafile.outputs).map((f) => resolve(f)));
        for (const name of readdirSync(chunks)) {
          const f = resolve(chunks, name);
          if (name !== 'package.json' && !written.has(f) && !written.has(f.replace(/\.map$/, ''))) rmSync(f, { force: true });
        }
      });
    },
  };
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
