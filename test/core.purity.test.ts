/** The core imports nothing of VS Code, LSP or Node: only its own files, data and the parsing libraries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const coreDir = join(__dirname, '..', '..', 'server', 'src', 'core');
const ALLOWED_PACKAGES = new Set(['unified', 'remark-parse', 'remark-frontmatter', 'mdast', 'yaml', 'ajv', 'smol-toml', 're2js', 'ignore', '@eslint-community/regexpp', 'decode-named-character-reference']);
const ALLOWED_PREFIXES = ['micromark-extension-', 'mdast-util-'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('core/ imports only core files, data and the allowed parsing libraries', () => {
  const bad: string[] = [];
  for (const f of files(coreDir)) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.')) {
        const target = join(f, '..', spec);
        const insideCore = target.startsWith(coreDir);
        const data = /[\\/](schemas|data)[\\/](?:[^\\/]+[\\/])?[^\\/]+\.json$/.test(target);
        if (!insideCore && !data) bad.push(`${f}: ${spec}`);
      } else {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!ALLOWED_PACKAGES.has(pkg) && !ALLOWED_PREFIXES.some((p) => pkg.startsWith(p))) bad.push(`${f}: ${spec}`);
      }
    }
    if (/\b(process\.|globalThis\.process|Date\.now\(|new Date\(\)|fetch\(|XMLHttpRequest|setTimeout)/.test(src.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) {
      bad.push(`${f}: uses the clock, process, timers or the network`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the core bundles for a neutral platform (esbuild guard ran)', () => {
  assert.ok(existsSync(join(__dirname, '..', 'core.neutral.js')));
});
