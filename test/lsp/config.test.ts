/** The language server over stdio: .zhen.yml (broken, changed), settings, language, the workspace index. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexStatus } from '../../server/src/lsp/protocol';
import { TestClient } from './harness';

const SPACING = 'typo/cjk-latin-spacing';
const POST = '# 标题\n\n用AI写\n';

test('a broken .zhen.yml: diagnostics on that file at the right line, and the server keeps serving', async () => {
  const c = await TestClient.start({ files: { '.zhen.yml': '# Zhen\nlanguage: en\nrules: [\n' } });
  try {
    const ymlUri = c.uri('.zhen.yml');
    const p = await c.waitForPublished(ymlUri, (x) => x.diagnostics.length > 0);
    assert.ok(p.diagnostics.some((d) => d.range.start.line === 2), `a problem on line 3 (rules: [): ${JSON.stringify(p.diagnostics)}`);
    assert.ok(p.diagnostics.every((d) => d.source === 'zhen' && d.severity === 1));
    const uri = c.open('post.md', POST);
    assert.equal((await c.pull(uri)).filter((d) => d.code === SPACING).length, 1, 'still serving with the defaults');
  } finally {
    await c.stop();
  }
});

test('an unknown key in .zhen.yml: "did you mean", at its line; the valid rest applies', async () => {
  const c = await TestClient.start({ files: { '.zhen.yml': 'rules:\n  typo/cjk-latin-spacing: error\nrulez:\n  typo: off\n' } });
  try {
    const p = await c.waitForPublished(c.uri('.zhen.yml'), (x) => x.diagnostics.length > 0);
    assert.equal(p.diagnostics.length, 1);
    assert.deepEqual(p.diagnostics[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } });
    assert.match(String(p.diagnostics[0].message), /did you mean "rules"/);
    const uri = c.open('post.md', POST);
    const items = (await c.pull(uri)).filter((d) => d.code === SPACING);
    assert.equal(items.length, 1);
    assert.ok(items.every((d) => d.severity === 1), 'rules: error from the same file applies');
  } finally {
    await c.stop();
  }
});

test('files matched by .zhen.yml `ignore` get no diagnostics', async () => {
  const c = await TestClient.start({ files: { '.zhen.yml': 'ignore:\n  - "drafts/**"\n' } });
  try {
    assert.deepEqual(await c.pull(c.open('drafts/a.md', POST)), []);
    assert.equal((await c.pull(c.open('posts/a.md', POST))).length, 1);
  } finally {
    await c.stop();
  }
});

test('.zhen.yml changes are applied; a broken edit keeps the last good config; fixing it clears its diagnostics', async () => {
  const c = await TestClient.start();
  try {
    const uri = c.open('post.md', POST);
    assert.equal((await c.pull(uri)).filter((d) => d.code === SPACING).length, 1);
    const ymlUri = c.uri('.zhen.yml');
    const changed = async (type: number) => {
      const before = c.refreshes;
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ymlUri, type }] });
      await c.waitFor('diagnostic refresh', () => (c.refreshes > before ? true : undefined));
    };
    c.write('.zhen.yml', 'rules:\n  typo/cjk-latin-spacing: off\n');
    await changed(1);
    assert.deepEqual((await c.pull(uri)).filter((d) => d.code === SPACING), []);
    // Broken YAML: a diagnostic on the file, and the last good config (the rule stays off).
    c.write('.zhen.yml', 'rules:\n  typo/cjk-latin-spacing: off\nlanguage: [\n');
    await changed(2);
    const broken = await c.waitForPublished(ymlUri, (x) => x.diagnostics.length > 0);
    assert.ok(broken.diagnostics.some((d) => d.range.start.line >= 2));
    assert.deepEqual((await c.pull(uri)).filter((d) => d.code === SPACING), []);
    // Deleted: back to the defaults, and the file's diagnostics are cleared.
    const published = c.published.length;
    c.remove('.zhen.yml');
    await changed(3);
    await c.waitFor('cleared config diagnostics', () => c.published.slice(published).find((x) => x.uri === ymlUri && x.diagnostics.length === 0));
    assert.equal((await c.pull(uri)).filter((d) => d.code === SPACING).length, 1);
  } finally {
    await c.stop();
  }
});

test('a client that cannot watch files (push only): the server watches .zhen.yml itself', async () => {
  const c = await TestClient.start({ pull: false, watch: false });
  try {
    const uri = c.open('post.md', POST);
    await c.waitForPublished(uri, (x) => x.diagnostics.length === 1);
    c.write('.zhen.yml', 'rules:\n  typo/cjk-latin-spacing: off\n');
    await c.waitForPublished(uri, (x) => x.diagnostics.length === 0);
  } finally {
    await c.stop();
  }
});

test('settings via workspace/configuration: per document, layered over .zhen.yml, refreshed on change', async () => {
  let settings: Record<string, unknown> = { rules: { [SPACING]: 'error' } };
  const c = await TestClient.start({ files: { '.zhen.yml': 'rules:\n  typo/cjk-latin-spacing: off\n' }, settings: () => settings });
  try {
    const uri = c.open('post.md', POST);
    const items = (await c.pull(uri)).filter((d) => d.code === SPACING);
    assert.equal(items.length, 1, 'settings win over .zhen.yml');
    assert.ok(items.every((d) => d.severity === 1));
    const asked = c.configurationRequests;
    await c.pull(uri);
    assert.equal(c.configurationRequests, asked, 'cached per document');

    settings = { enable: false };
    const before = c.refreshes;
    c.notify('workspace/didChangeConfiguration', { settings: null });
    await c.waitFor('diagnostic refresh', () => (c.refreshes > before ? true : undefined));
    assert.deepEqual(await c.pull(uri), []);
    assert.ok(c.configurationRequests > asked, 'asked again after the change');
  } finally {
    await c.stop();
  }
});

test('zhen.language: auto follows the client locale, an explicit value wins', async () => {
  let settings: Record<string, unknown> = { language: 'auto' };
  const c = await TestClient.start({ locale: 'zh-CN', settings: () => settings });
  try {
    const uri = c.open('post.md', POST);
    const zh = (await c.pull(uri)).find((d) => d.code === SPACING)!;
    assert.match(String(zh.message), /[\u4e00-\u9fff]/, String(zh.message));
    settings = { language: 'en' };
    const before = c.refreshes;
    c.notify('workspace/didChangeConfiguration', { settings: null });
    await c.waitFor('diagnostic refresh', () => (c.refreshes > before ? true : undefined));
    const en = (await c.pull(uri)).find((d) => d.code === SPACING)!;
    assert.doesNotMatch(String(en.message), /[\u4e00-\u9fff]/, String(en.message));
  } finally {
    await c.stop();
  }
});

test('zhen.language auto: the language of .zhen.yml wins over the client locale', async () => {
  const c = await TestClient.start({ locale: 'en', files: { '.zhen.yml': 'language: zh-cn\n' }, settings: { language: 'auto' } });
  try {
    const d = (await c.pull(c.open('post.md', POST))).find((x) => x.code === SPACING)!;
    assert.match(String(d.message), /[\u4e00-\u9fff]/);
  } finally {
    await c.stop();
  }
});

test('the workspace index is built in the background with progress, honouring .gitignore', async () => {
  const files: Record<string, string> = { '.gitignore': 'drafts/\n', 'drafts/d.md': '草稿\n' };
  for (let i = 0; i < 30; i++) files[`_posts/2024-01-${String(i + 1).padStart(2, '0')}-p.md`] = `---\ntitle: 第${i}篇\n---\n\n正文用AI写\n`;
  const c = await TestClient.start({ files });
  try {
    const log = await c.waitFor('index log', () => c.logs.find((l) => /indexed \d+ Markdown file/.test(l)));
    assert.match(log, /indexed 30 Markdown file/);
    const kinds = c.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(c.progress.some((p) => p.value.kind === 'report' && p.value.percentage === 100));
    // Diagnostics of an open post are served meanwhile and after.
    const uri = c.open('_posts/2024-01-01-p.md', files['_posts/2024-01-01-p.md']);
    assert.equal((await c.pull(uri)).filter((d) => d.code === SPACING).length, 1);
  } finally {
    await c.stop();
  }
});

test('the index follows watched-file changes (created, deleted) and is rebuilt when .zhen.yml changes', async () => {
  const c = await TestClient.start({ files: { 'a.md': '# A\n', 'sub/b.markdown': '# B\n', 'notes.txt': 'x' } });
  try {
    await c.waitFor('index log', () => c.logs.find((l) => /indexed \d+ Markdown file/.test(l)));
    const status = () => c.request<IndexStatus>('zhen/indexStatus', {});
    const until = async (what: string, ok: (s: IndexStatus['folders'][number]) => boolean) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const s = (await status()).folders[0];
        if (ok(s)) return s;
        if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const first = await until('initial index', (s) => s.posts.length === 2);
    assert.deepEqual(first.posts, ['a.md', 'sub/b.markdown']);
    c.write('c.md', '# C\n');
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('c.md'), type: 1 }] });
    const added = await until('created file indexed', (s) => s.posts.includes('c.md'));
    assert.ok(added.version > first.version, 'version bumped');
    c.remove('a.md');
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('a.md'), type: 3 }] });
    await until('deleted file dropped', (s) => !s.posts.includes('a.md'));
    c.write('.zhen.yml', 'ignore:\n  - "sub/**"\n');
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('.zhen.yml'), type: 1 }] });
    const rebuilt = await until('rebuilt with ignore', (s) => !s.posts.some((p) => p.startsWith('sub/')));
    assert.deepEqual(rebuilt.posts, ['c.md']);
  } finally {
    await c.stop();
  }
});

test('a site or theme config the site model cannot read: a warning on that file, cleared once it reads', async () => {
  const c = await TestClient.start({ files: { '_config.yml': 'title: x\ntheme: next\nnew_post_name: :title.md\n', '_config.next.yml': 'menu:\n  bad: [unclosed\n' } });
  try {
    const themeUri = c.uri('_config.next.yml');
    const p = await c.waitForPublished(themeUri, (x) => x.diagnostics.length > 0);
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].severity, 2);
    assert.match(String(p.diagnostics[0].message), /YAML/);
    const uri = c.open('source/_posts/a.md', '---\ntitle: a\n---\n' + POST);
    assert.equal((await c.pull(uri)).filter((d) => d.code === SPACING).length, 1, 'the post is checked');
    c.write('_config.next.yml', 'menu:\n  home: /\n');
    c.write('.zhen.yml', 'language: en\n');
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('.zhen.yml'), type: 1 }] });
    await c.waitForPublished(themeUri, (x) => x.diagnostics.length === 0);
  } finally {
    await c.stop();
  }
});
