// `npm run package`: the VS Code extension (.vsix) for the Marketplace and Open VSX.
//
// The repository's package.json is also the npm package `zhen` (the CLI), whose `files` lists
// only `dist/cli.js` and the schema; vsce refuses a manifest with both `files` and a
// .vscodeignore, and the two packages ship different files. So the extension is packaged from a
// staging folder (out/vsix/): the production build's extension bundles and assets listed in
// VSIX_FILES, the user-facing README (docs/README.marketplace.md, its links made absolute by vsce
// from `repository`), and the same manifest without what belongs to the npm package (`bin`,
// `files`, scripts, dependencies). Arguments are passed to `vsce package` (e.g. `--out FILE`);
// the default output is zhen-<version>.vsix in the repository root, as before.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { rebaseLinks } from './markdown-links.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What the extension needs at run time (scripts/vsix-files.json; the bundles are self-contained: no node_modules). */
export const VSIX_FILES = JSON.parse(readFileSync(join(ROOT, 'scripts', 'vsix-files.json'), 'utf8')).files;

/** The Marketplace page: the user-facing README. */
export const VSIX_README = 'docs/README.marketplace.md';

/** The files a pattern of VSIX_FILES names, root-relative, sorted. */
export function expand(pattern, root = ROOT) {
  const isMatch = picomatch(pattern);
  const { base } = picomatch.scan(pattern);
  const out = [];
  const walk = (abs) => {
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const n of readdirSync(abs).sort()) walk(join(abs, n));
    else {
      const rel = relative(root, abs).split('\\').join('/');
      if (isMatch(rel)) out.push(rel);
    }
  };
  walk(join(root, base));
  return out;
}

/** The extension's manifest: package.json without what only the npm package (the CLI) needs. */
export function vsixManifest(pkg) {
  const m = { ...pkg };
  for (const k of ['bin', 'files', 'scripts', 'devDependencies', 'dependencies', 'publishConfig']) delete m[k];
  return m;
}

function main(args) {
  const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs'), '--production'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  const stage = join(ROOT, 'out', 'vsix');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const pattern of VSIX_FILES) {
    const found = expand(pattern);
    if (!found.length) {
      process.stderr.write(`vsix: nothing matches ${pattern}\n`);
      return 1;
    }
    for (const rel of found) cpSync(join(ROOT, rel), join(stage, rel));
  }
  // Its links are written relative to docs/ (so they work on GitHub); vsce resolves them from the root.
  writeFileSync(join(stage, 'README.md'), rebaseLinks(readFileSync(join(ROOT, VSIX_README), 'utf8'), dirname(VSIX_README)));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(join(stage, 'package.json'), JSON.stringify(vsixManifest(pkg), null, 2) + '\n');
  // Everything in the stage is shipped; .vscodeignore only keeps vsce from warning about a missing one.
  writeFileSync(join(stage, '.vscodeignore'), '.vscodeignore\n');
  const out = args.includes('--out') ? [] : ['--out', join(ROOT, `${pkg.name}-${pkg.version}.vsix`)];
  const resolved = args.map((a, i) => (args[i - 1] === '--out' ? resolve(process.cwd(), a) : a));
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', ...out, ...resolved], { cwd: stage, stdio: 'inherit' });
  return r.status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
