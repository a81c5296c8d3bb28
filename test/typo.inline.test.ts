/**
 * The styled typo rules read inline info per block (`blockInlineInfo`: the block and two characters
 * either side) and the post-level part the bracketed links alone (`bracketLinks`). Both must answer as
 * the whole post's `inlineInfo` does, at every offset: inside a block's range from its own walk, outside
 * it from the whole post's. Each is read from a post of its own, so neither takes the other's tables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePost } from '../server/src/core/index';
import { blockInlineInfo, bracketLinks, inlineInfo, type InlineInfo } from '../server/src/core/rules/typo/shared';
import type { Span } from '../server/src/core/types';
import { findFixtures } from './helpers/fixtures';

const repo = join(__dirname, '..', '..');

const holding = (spans: readonly Span[], i: number) => spans.filter((s) => s.start <= i && i < s.end).map((s) => `${s.start}-${s.end}`);

/** Every answer of `info` at offsets [from, to) against `whole`'s. */
function same(info: InlineInfo, whole: InlineInfo, from: number, to: number, what: string): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    assert.equal(info.kind(i), whole.kind(i), `${what}: kind at ${i}`);
    assert.equal(info.opensAt(i), whole.opensAt(i), `${what}: opens at ${i}`);
    assert.equal(info.closesAt(i), whole.closesAt(i), `${what}: closes at ${i}`);
    assert.deepEqual(holding(info.at(i).code, i), holding(whole.code, i), `${what}: code at ${i}`);
    assert.deepEqual(holding(info.at(i).links, i), holding(whole.links, i), `${what}: links at ${i}`);
    n++;
  }
  return n;
}

const constructed = [
  // Table cells share their row's lines; inline code, tags and links in cells.
  '| 名称 | 说明 |\n| --- | --- |\n| `npm` 工具 | 见<a href="x">官网</a>和[文档](https://x.org) |\n| **粗体**与*斜体* | ~~删除~~ |\n',
  // A list whose items hold links by reference, math and HTML.
  '- 第一项 [引用][r] 与 $x^2$\n- 第二项 <span>标签</span> 和 `code`\n  - 嵌套 [链接](u) 里\n\n[r]: https://r.org\n',
  // A single huge line is cut into pieces: paragraphs that share one line.
  `${'中文English混排，`代码`与[链接](https://a.b)和<b>粗</b>。'.repeat(2500)}\n`,
];

test('blockInlineInfo answers as the whole post inline info, at every offset of each block and past its edges', () => {
  const files = [...findFixtures(join(repo, 'test', 'fixtures')), join(repo, 'examples', '2024-05-22-ai-crypto.md')];
  const texts = [...files.map((f) => readFileSync(f, 'utf8')), ...constructed];
  let offsets = 0;
  let blocks = 0;
  for (const [k, text] of texts.entries()) {
    const whole = inlineInfo(parsePost(text));
    const post = parsePost(text);
    for (const block of post.blocks) {
      const info = blockInlineInfo(post, block);
      const what = `${k < files.length ? files[k] : `constructed ${k - files.length}`} block at ${block.span.start}`;
      // Past the edges too: a block's info answers there from the whole post's.
      offsets += same(info, whole, Math.max(0, block.span.start - 6), Math.min(text.length + 1, block.span.end + 6), what);
      blocks++;
    }
  }
  assert.ok(blocks > 500 && offsets > 100_000, `${blocks} blocks, ${offsets} offsets`);
});

test('bracketLinks are the whole post inline info links, in order', () => {
  const files = [...findFixtures(join(repo, 'test', 'fixtures')), join(repo, 'examples', '2024-05-22-ai-crypto.md')];
  let links = 0;
  for (const text of [...files.map((f) => readFileSync(f, 'utf8')), ...constructed]) {
    const expected = inlineInfo(parsePost(text)).links;
    assert.deepEqual(bracketLinks(parsePost(text)), expected);
    links += expected.length;
  }
  assert.ok(links > 100, `${links} links`);
});
