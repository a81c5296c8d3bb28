/**
 * Nothing lost on disk, through the language server on Node (issue #14): its index skips FIFOs
 * (a `*.md` FIFO used to stall it), and it does not ask the client to edit a `.zhen.yml` that is
 * not plain UTF-8 or that its permission bits make read-only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { TestClient } from './harness';

test('a FIFO named *.md in the workspace does not stall the index, on one thread or on workers', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`posts/p${i}.md`] = `# 第${i}篇\n\n我们用GitHub写文章。\n`;
  const c = await TestClient.start({ files: { 'small/a.md': '# A\n' } });
  try {
    assert.equal(spawnSync('mkfifo', [join(c.dir, 'small', 'pipe.md')]).status, 0);
    const small = await c.request<{ files: number }>('zhen/recheckWorkspace', {});
    assert.equal(small.files, 1, 'the FIFO is not a post');
    for (const [p, t] of Object.entries(files)) c.write(p, t); // over 32 files: summarised on worker threads
    assert.equal(spawnSync('mkfifo', [join(c.dir, 'posts', 'pipe.md')]).status, 0);
    const big = await c.request<{ files: number }>('zhen/recheckWorkspace', {});
    assert.equal(big.files, 41);
  } finally {
    await c.stop();
  }
});

test('zhen.applyConfigEdit is refused for a .zhen.yml that is not UTF-8 or is read-only; a UTF-8 one is edited', async () => {
  const c = await TestClient.start();
  try {
    const uri = c.open('post.md', '增长了 40%。\n');
    const args = [{ uri, key: 'sources', item: { name: 'A', url: 'https://a.example' } }];
    const run = () => c.request<boolean>('workspace/executeCommand', { command: 'zhen.applyConfigEdit', arguments: args });
    writeFileSync(join(c.dir, '.zhen.yml'), iconv.encode('# 我的配置\nlanguage: zh-cn\n', 'gbk'));
    assert.equal(await run(), false, 'GBK: refused');
    c.write('.zhen.yml', '# 我的配置\nlanguage: zh-cn\n');
    chmodSync(join(c.dir, '.zhen.yml'), 0o444);
    assert.equal(await run(), false, 'read-only: refused');
    assert.equal(c.appliedEdits.length, 0, 'no edit was sent');
    chmodSync(join(c.dir, '.zhen.yml'), 0o644);
    assert.equal(await run(), true);
    assert.equal(c.appliedEdits.length, 1);
  } finally {
    await c.stop();
  }
});
