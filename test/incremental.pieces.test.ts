// Parsing in pieces (pieces.ts) cut fine: every corpus post, in 256-character pieces and whole
// (the reference parse), gives the same tree, under every dialect switch (one dialect per post,
// in turn: each dialect parses a fifth of the corpus). 256-character pieces once broke a kuizuo
// Docusaurus post that the default sizes never cut there; the default sizes are checked on the
// corpus by core.pieces.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeLineStarts, parsePost, walk } from '../server/src/core/index';
import { planPieces, withPieceSizes } from '../server/src/core/pieces';
import { COMMONMARK, type Dialect } from '../server/src/core/dialect';
import { markdownFiles as mdFiles } from './helpers/files';
import { corpusRoot, corpusSkip } from './helpers/corpus';

// Long blocks (over `block`, 32 K) are cut by design and may parse differently: that size stays.
const SMALL = { min: 256, max: 1024 };

/** Every switch of `Dialect` is on in one of these. */
const DIALECTS: Array<[string, Dialect]> = [
  ['commonmark', COMMONMARK],
  ['kramdown', { ...COMMONMARK, renderer: 'kramdown' }],
  ['mdx', { ...COMMONMARK, renderer: 'mdx', mdx: true }],
  ['python-markdown', { ...COMMONMARK, renderer: 'python-markdown', indentedBlocks: true }],
  ['goldmark, $math$, header after blank lines', { ...COMMONMARK, renderer: 'goldmark', singleDollarMath: true, headerAfterBlankLines: 'any' }],
];

function signature(text: string, dialect: Dialect, whole: boolean): string[] {
  const out: string[] = [];
  walk(parsePost(text, { dialect, whole }).root, (n) => {
    const { position, children, ...rest } = n as typeof n & { children?: unknown };
    void children;
    out.push(JSON.stringify([rest, position?.start.offset, position?.end.offset, position?.start.line, position?.end.line]));
  });
  return out;
}

const skip = corpusSkip('posts');
test('the parse in 256-character pieces equals the whole parse on every corpus post (each dialect in turn)', { skip }, () => {
  const failures: string[] = [];
  let cut = 0;
  let k = 0;
  for (const f of mdFiles(join(corpusRoot, 'posts'))) {
    const text = readFileSync(f, 'utf8');
    const [name, dialect] = DIALECTS[k++ % DIALECTS.length];
    const pieces = withPieceSizes(SMALL, () => {
      if (planPieces(text, computeLineStarts(text)).length > 4) cut++;
      return signature(text, dialect, false);
    });
    const whole = signature(text, dialect, true);
    const i = whole.findIndex((x, j) => x !== pieces[j]);
    if (i >= 0 || whole.length !== pieces.length) failures.push(`${f} (${name}): node ${i}\n  whole:  ${whole[i]?.slice(0, 300)}\n  pieces: ${pieces[i]?.slice(0, 300)}`);
  }
  assert.equal(failures.length, 0, `${failures.length} posts parse differently in pieces:\n${failures.slice(0, 5).join('\n')}`);
  assert.ok(k > 1000 && cut > k / 2, `${k} posts, ${cut} of them cut in more than 4 pieces`);
});
