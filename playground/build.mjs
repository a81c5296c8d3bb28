// Builds the playground (playground/src) into a folder that is a complete static site, for
// GitHub Pages as it is or opened from disk: index.html, playground.css, playground.js. The
// worker (worker.ts: Zhen's core) is bundled first and embedded in playground.js as text; the page
// starts it from a Blob URL, which works from file:// too. Always minified: this is what ships.
// Called by esbuild.mjs; `node playground/build.mjs` builds it alone.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
export const PLAYGROUND_OUT = join(ROOT, 'dist', 'playground');

const browser = {
  bundle: true,
  minify: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
  legalComments: 'none',
  // Libraries that peek at process.env must not reach for `process` in a browser.
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Build into `outdir`; returns the files and their sizes (raw and gzip) for the README and the test. */
export async function buildPlayground({ outdir = PLAYGROUND_OUT, version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version } = {}) {
  mkdirSync(outdir, { recursive: true });
  // `worker` first: some packages' `browser` builds need a DOM (decode-named-character-reference).
  const worker = await esbuild.build({ ...browser, entryPoints: [join(HERE, 'src', 'worker.ts')], conditions: ['worker'], write: false, outfile: 'worker.js' });
  const workerSource = worker.outputFiles[0].text;
  await esbuild.build({
    ...browser,
    entryPoints: [join(HERE, 'src', 'main.ts')],
    outfile: join(outdir, 'playground.js'),
    define: { ...browser.define, ZHEN_VERSION: JSON.stringify(version) },
    loader: { '.md': 'text' },
    plugins: [{
      name: 'zhen-playground-worker',
      setup(b) {
        b.onResolve({ filter: /^zhen:playground-worker$/ }, () => ({ path: 'worker', namespace: 'zhen-playground-worker' }));
        b.onLoad({ filter: /.*/, namespace: 'zhen-playground-worker' }, () => ({ contents: `export default ${JSON.stringify(workerSource)};`, loader: 'js' }));
      },
    }],
  });
  copyFileSync(join(HERE, 'index.html'), join(outdir, 'index.html'));
  copyFileSync(join(HERE, 'style.css'), join(outdir, 'playground.css'));
  const sizes = {};
  for (const f of ['index.html', 'playground.css', 'playground.js']) {
    const data = readFileSync(join(outdir, f));
    sizes[f] = { bytes: statSync(join(outdir, f)).size, gzip: gzipSync(data, { level: 9 }).length };
  }
  sizes.worker = { bytes: Buffer.byteLength(workerSource), gzip: gzipSync(workerSource, { level: 9 }).length };
  return { outdir, sizes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outdir, sizes } = await buildPlayground();
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  let total = 0;
  let gz = 0;
  for (const [f, s] of Object.entries(sizes)) {
    console.log(`${f.padEnd(16)} ${kb(s.bytes).padStart(9)}  gzip ${kb(s.gzip).padStart(8)}`);
    if (f !== 'worker') {
      total += s.bytes;
      gz += s.gzip;
    }
  }
  console.log(`${outdir}: ${kb(total)} in all, ${kb(gz)} gzipped (the worker is inside playground.js)`);
}
