/** Front matter beyond the fixtures: schema choice, fixes that leave their span, rename fixes, completion, hover, the index summary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, applyEdits, completionsAt, fixAll, hoverAt, parse, summarize, type Workspace, type WorkspaceFiles } from '../server/src/core/index';

const root = join(__dirname, '..', '..');
const files = (m: Record<string, string>): WorkspaceFiles => ({ exists: (p) => p in m, read: (p) => m[p] });
const fm = (text: string, ws: Workspace = {}, config = {}) => analyze(text, config, ws).filter((f) => f.ruleId.startsWith('front-matter/') || f.ruleId === 'internal');
const CHIRPY = { '_config.yml': 'theme: jekyll-theme-chirpy\ntimezone: Asia/Shanghai\n' };

test('the example post\'s front matter gives no finding, with and without a Chirpy workspace', () => {
  const text = readFileSync(join(root, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  assert.deepEqual(fm(text), []);
  const ws: Workspace = { path: '_posts/2024-05-22-ai-crypto.md', now: Date.parse('2024-06-01T00:00:00Z'), files: files(CHIRPY) };
  assert.deepEqual(fm(text, ws), []);
});

test('the schema is guessed from the workspace and can be chosen in .zhen.yml', () => {
  const text = '---\ntitle: x\ncategories: [A, B, C]\n---\n';
  const maxItems = (ws: Workspace, config = {}) => fm(text, ws, config).filter((f) => f.ruleId === 'front-matter/type').length;
  assert.equal(maxItems({ files: files(CHIRPY) }), 1, 'chirpy guessed from the theme');
  assert.equal(maxItems({ files: files({ Gemfile: 'gem "jekyll-theme-chirpy", "~> 7.0"\n', '_config.yml': 'title: s\n' }) }), 1, 'chirpy guessed from the Gemfile');
  assert.equal(maxItems({ files: files({ '_config.yml': 'title: s\n' }) }), 0, 'plain Jekyll');
  assert.equal(maxItems({}, { frontMatter: { schema: 'chirpy' } }), 1, 'chosen in config');
  // A custom JSON Schema in the workspace.
  const custom = JSON.stringify({ type: 'object', required: ['owner'], properties: { owner: { type: 'string' }, title: {} }, additionalProperties: false });
  const found = fm('---\ntitle: x\ncategoriez: [a]\n---\n', { files: files({ 'schemas/post.json': custom }) }, { frontMatter: { schema: 'schemas/post.json' } });
  assert.deepEqual(found.map((f) => f.ruleId).sort(), ['front-matter/required', 'front-matter/unknown-key']);
  assert.match(found.find((f) => f.ruleId === 'front-matter/required')!.message, /owner.*schemas\/post\.json/);
});

test('duplicate-key offers to delete the earlier line; date offers to rename the file', () => {
  const text = '---\ntitle: x\ntags: [ai]\ntags: [web]\n---\n';
  const dup = fm(text, { files: files(CHIRPY) }).find((f) => f.ruleId === 'front-matter/duplicate-key')!;
  assert.equal(dup.severity, 'warning', 'Jekyll keeps the last value: a warning');
  assert.equal(applyEdits(text, dup.fixes![0].edits), '---\ntitle: x\ntags: [web]\n---\n');
  const hugo = fm(text, { files: files({ 'hugo.toml': '' }) }).find((f) => f.ruleId === 'front-matter/duplicate-key')!;
  assert.equal(hugo.severity, 'error', 'Hugo rejects the header: an error');

  const post = '---\ntitle: x\ndate: 2024-05-21 12:00:00 +0800\n---\n';
  const date = fm(post, { path: '_posts/sub/2024-05-22-hello.md', files: files(CHIRPY) }).find((f) => f.ruleId === 'front-matter/date')!;
  assert.equal(applyEdits(post, date.fixes![0].edits), post.replace('2024-05-21', '2024-05-22'));
  assert.deepEqual(date.fixes![1].rename, { to: '_posts/sub/2024-05-21-hello.md' });
  assert.ok(!date.fixes!.some((f) => f.isPreferred), 'neither direction is applied by fix-all');
});

test('future dates need the host clock and respect future: true', () => {
  const post = '---\ntitle: x\ndate: 2030-01-01\n---\n';
  const dates = (ws: Workspace) => fm(post, ws).filter((f) => f.ruleId === 'front-matter/date');
  const now = Date.parse('2024-06-01T00:00:00Z');
  assert.equal(dates({ path: '_posts/2030-01-01-x.md', files: files(CHIRPY) }).length, 0, 'no clock, no check');
  assert.equal(dates({ now, path: '_posts/2030-01-01-x.md', files: files(CHIRPY) })[0]?.severity, 'error');
  assert.equal(dates({ now, path: '_posts/2030-01-01-x.md', files: files({ '_config.yml': 'theme: jekyll-theme-chirpy\nfuture: true\n' }) }).length, 0);
  assert.equal(dates({ now, path: 'source/_posts/x.md', files: files({ '_config.yml': 'new_post_name: :title.md\n' }) }).length, 0, 'Hexo publishes future posts by default');
});

test('messages follow the configured language', () => {
  const [f] = fm('---\ntitle: x\ncategeries: [a]\n---\n', {}, { language: 'zh-cn' });
  assert.equal(f.ruleId, 'front-matter/unknown-key');
  assert.match(f.message, /是不是 `categories`/);
});

test('completion offers schema keys with documentation, and the workspace\'s tags inside tags:', () => {
  const text = '---\ntitle: x\nca\ntags: [A\n---\n';
  const ws: Workspace = {
    files: files(CHIRPY),
    index: { version: 1, posts: new Map([['_posts/a.md', summarize('---\ntags: [AI, Web3]\n---\n', '_posts/a.md')], ['_posts/b.md', summarize('---\ntags: [AI]\n---\n', '_posts/b.md')]]) },
  };
  const post = parse(text);
  const keys = completionsAt(post, text.indexOf('ca') + 2, {}, ws);
  const categories = keys.find((c) => c.label === 'categories');
  assert.ok(categories, 'categories offered');
  assert.equal(categories!.insertText, 'categories: ');
  assert.match(categories!.documentation ?? '', /two levels/);
  assert.ok(!keys.some((c) => c.label === 'title'), 'keys already present are not offered');
  const values = completionsAt(post, text.indexOf('[A') + 2, {}, ws);
  assert.deepEqual(values.map((c) => c.label), ['AI', 'Web3'], 'most used first');
  assert.deepEqual(values[0].span, { start: text.indexOf('[A') + 1, end: text.indexOf('[A') + 2 });
  assert.deepEqual(completionsAt(post, text.length - 1, {}, ws), [], 'nothing outside the front matter');
});

test('hover on a key shows its documentation', () => {
  const text = '---\ntitle: x\nimage:\n  path: /a.png\n---\nbody\n';
  const post = parse(text);
  const h = hoverAt(post, text.indexOf('path') + 1, [], {}, { files: files(CHIRPY) });
  assert.ok(h);
  assert.match(h!.markdown, /image\.path/);
  assert.equal(hoverAt(post, text.indexOf('body'), [], {}, {}), undefined);
});

test('summarize gives tags, categories and authors for the index', () => {
  const s = summarize('---\ntitle: x\ntags: ai, web\ncategories: [Blockchain, DeFi]\nauthor: fan\n---\n', 'p.md');
  assert.deepEqual(s['front-matter'], { tags: ['ai', 'web'], categories: ['Blockchain', 'DeFi'], authors: ['fan'], keys: { title: 'string', tags: 'string', categories: 'array', author: 'string' } });
  const toml = summarize('+++\ntitle = "x"\ntags = ["a"]\n+++\n', 'p.md');
  assert.deepEqual(toml['front-matter'], { tags: ['a'], categories: [], authors: [], keys: { title: 'string', tags: 'array' } });
});

test('odd headers never throw', () => {
  for (const text of ['---\n---\n', '---\n- a\n- b\n---\n', '---\n"just a string"\n---\n', '+++\n+++\n', '---\n? [a]\n: b\n---\n', '---\na: &x [*x]\n---\n', '\uFEFF---\ntitle: x\n---\n', '---\ntitle: x\n', '---\ndate: 2024-02-30T25:61:00Z\n---\n']) {
    const found = fm(text, { path: '_posts/2024-01-01-x.md', now: 0, files: files(CHIRPY) });
    assert.ok(!found.some((f) => f.ruleId === 'internal'), `${JSON.stringify(text)}: ${found.map((f) => f.message).join('; ')}`);
  }
});

test('with a duplicate key, type reads and fixes the last one (the value Jekyll uses), and fix-all settles (fuzz seed ci #31382)', () => {
  const text = '---\ntitle: x\ntags: Vim\ntitle: y\ntags: Linux\n---\n正文\n';
  const hugo = { frontMatter: { schema: 'docusaurus' } }; // Docusaurus wants tags as a list (Joi fails the build otherwise)
  const type = fm(text, {}, hugo).filter((f) => f.ruleId === 'front-matter/type');
  assert.equal(type.length, 1);
  assert.equal(text.slice(type[0].span.start, type[0].span.end), 'Linux');
  const fixed = fixAll(text, hugo).text;
  assert.equal(fixed, '---\ntitle: x\ntags: Vim\ntitle: y\ntags: [Linux]\n---\n正文\n');
  assert.equal(fixAll(fixed, hugo).text, fixed);
});

test('completion in a blog of no known generator names where a key comes from in words, never "default" (#21)', () => {
  const text = '---\nti\n---\n';
  const post = parse(text);
  const en = completionsAt(post, text.indexOf('ti') + 2, {}, { files: files({}) });
  assert.ok(en.length > 0, 'keys offered');
  for (const c of en) assert.equal(c.detail, 'common front matter key', c.label);
  const zh = completionsAt(post, text.indexOf('ti') + 2, { language: 'zh-cn' }, { files: files({}) });
  for (const c of zh) assert.equal(c.detail, '常用的 front matter 字段', c.label);
});
