/** The workspace index of a larger folder is summarised on worker threads (Node host) and gives what the sequential build gives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexStatus } from '../../server/src/lsp/protocol';
import { TestClient } from './harness';

test('40 posts: the index is built on worker threads, in listing order, with the open post as the editor has it', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`_posts/2024-01-${String(i + 1).padStart(2, '0')}-p.md`] = `---\ntitle: 第${i}篇\n---\n\n正文写${i === 7 ? '大型语言模型' : '大语言模型'}的事。\n`;
  const c = await TestClient.start({ files });
  try {
    // Opened before the build: the editor's text (not the disk's) goes into the index.
    const open = '_posts/2024-01-02-p.md';
    const uri = c.open(open, files[open].replace('大语言模型', '大型语言模型'));
    await c.waitFor('index log', () => c.logs.find((l) => /indexed \d+ Markdown file/.test(l)));
    const status = await c.request<IndexStatus>('zhen/indexStatus', {});
    assert.deepEqual(status.folders[0].posts, Object.keys(files).sort());
    assert.ok(c.progress.some((p) => p.value.kind === 'report' && p.value.percentage === 100));
    // Cross-post drift from the index: posts 2 (open, edited) and 8 write the minority form.
    const cross = (await c.pull(uri)).filter((d) => d.code === 'term/cross-post');
    assert.equal(cross.length, 1, JSON.stringify(cross));
    assert.match(String(cross[0].message), /大语言模型/);
  } finally {
    await c.stop();
  }
});
