/**
 * The site model (core site.ts): generator, theme, renderer and dialect read from a workspace's
 * files; `.zhen.yml` `site:` over it; a config that cannot be read is a problem on that file while
 * the rest is used; and the CLI reports such a problem and goes on checking.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { analyze, dialectFor, loadConfigText, parse, siteModel, toConfig, type WorkspaceFiles } from '../server/src/core/index';
import { nodeFiles } from '../server/src/node/workspace';

function files(map: Record<string, string>): WorkspaceFiles {
  return {
    exists: (p) => p in map || Object.keys(map).some((f) => f.startsWith(p.replace(/\/?$/, '/'))),
    read: (p) => map[p],
    list: (dir) => [...new Set(Object.keys(map).filter((f) => f.startsWith(dir)).map((f) => f.slice(dir.length).replace(/\/.*$/, '/')))].sort(),
  };
}

const site = (map: Record<string, string>, config = {}) => siteModel(files(map), toConfig(config));

test('generators and themes are read from the workspace', () => {
  const cases: Array<[string, Record<string, string>, string, string | undefined, string]> = [
    ['Jekyll + Chirpy', { '_config.yml': 'theme: jekyll-theme-chirpy\n' }, 'jekyll', 'chirpy', 'kramdown'],
    ['Jekyll, gem theme', { '_config.yml': 'title: x\n', Gemfile: 'gem "jekyll-theme-chirpy", "~> 7.0"\n' }, 'jekyll', 'chirpy', 'kramdown'],
    ['Hexo by package', { '_config.yml': 'title: x\ntheme: next\n', 'package.json': '{"dependencies":{"hexo":"^7.3.0"}}' }, 'hexo', 'next', 'marked'],
    ['Hexo by scaffolds', { '_config.yml': 'title: x\n', 'scaffolds/post.md': '---\ntitle: {{ title }}\n---\n' }, 'hexo', undefined, 'marked'],
    ['Hexo with markdown-it', { '_config.yml': 'new_post_name: :title.md\n', 'package.json': '{"dependencies":{"hexo-renderer-markdown-it":"^7"}}' }, 'hexo', undefined, 'markdown-it'],
    ['Hugo hugo.toml', { 'hugo.toml': 'theme = "PaperMod"\n' }, 'hugo', 'papermod', 'goldmark'],
    ['Hugo config.yaml', { 'config.yaml': 'baseURL: https://x.org/\ntheme: DoIt\n' }, 'hugo', 'doit', 'goldmark'],
    ['Hugo config.json', { 'config.json': '{"baseURL": "https://x.org/", "theme": ["LoveIt"]}' }, 'hugo', 'loveit', 'goldmark'],
    ['Hugo config/_default', { 'config/_default/hugo.toml': 'baseURL = "https://x.org/"\ntheme = "FixIt"\n', 'config/_default/params.toml': '[page]\nlightgallery = true\n' }, 'hugo', 'fixit', 'goldmark'],
    ['VuePress + hope', { 'docs/.vuepress/config.ts': "import { hopeTheme } from 'vuepress-theme-hope';\n" }, 'vuepress', 'hope', 'markdown-it'],
    ['VuePress by package', { 'package.json': '{"devDependencies":{"vuepress":"2.0.0-rc.0","vuepress-theme-hope":"2"}}' }, 'vuepress', 'hope', 'markdown-it'],
    ['VitePress', { 'docs/.vitepress/config.mts': 'export default {}\n' }, 'vitepress', 'default', 'markdown-it'],
    ['Docusaurus', { 'docusaurus.config.ts': "presets: [['classic', {}]]\n" }, 'docusaurus', 'classic', 'mdx'],
    ['MkDocs Material', { 'mkdocs.yml': 'site_name: x\ntheme:\n  name: material\n' }, 'mkdocs', 'material', 'python-markdown'],
    ['nothing', { 'README.md': '# x\n' }, 'none', undefined, 'commonmark'],
    ['a config.yaml that is not Hugo', { 'config.yaml': 'port: 8080\n' }, 'none', undefined, 'commonmark'],
  ];
  for (const [name, map, generator, theme, renderer] of cases) {
    const s = site(map);
    assert.equal(s.generator, generator, `${name}: generator`);
    assert.equal(s.theme, theme, `${name}: theme`);
    assert.equal(s.renderer, renderer, `${name}: renderer`);
  }
});

test('what the site knows about keys: scaffolds, archetypes, theme config, params, layouts', () => {
  const hexo = site({
    '_config.yml': 'title: x\ntheme: next\n',
    '_config.next.yml': 'mathjax: false\n',
    'scaffolds/post.md': '---\ntitle: {{ title }}\ndate: {{ date }}\ncover:\ntags: []\n---\n',
    'themes/next/layout/post.njk': '{% if page.copyright_reprint %}{% endif %}',
  });
  assert.ok(hexo.keys.has('cover') && hexo.keys.has('mathjax') && hexo.keys.has('copyright_reprint'));
  assert.deepEqual(hexo.keys.get('tags')?.kinds, ['array']);
  assert.deepEqual(hexo.templates, ['scaffolds/']);
  const hugo = site({ 'hugo.toml': 'theme = "DoIt"\n[params.page]\nlightGallery = false\n[params.page.toc]\nenable = true\n', 'archetypes/default.md': '+++\ntitle = "{{ .Name }}"\nseries = []\n+++\n' });
  assert.ok(hugo.keys.has('lightgallery'), 'Hugo keys are case-insensitive');
  assert.deepEqual(hugo.keys.get('toc')?.kinds, ['object']);
  assert.deepEqual(hugo.keys.get('series')?.kinds, ['array']);
});

test('the dialect follows the site and the file', () => {
  const docusaurus = site({ 'docusaurus.config.ts': 'export default {}\n' });
  assert.equal(dialectFor(docusaurus, 'blog/a.md').mdx, true, 'Docusaurus 3 parses .md as MDX');
  const detect = site({ 'docusaurus.config.ts': "markdown: { format: 'detect' }\n" });
  assert.equal(dialectFor(detect, 'blog/a.md').mdx, false);
  assert.equal(dialectFor(detect, 'blog/a.mdx').mdx, true);
  const mkdocs = site({ 'mkdocs.yml': 'site_name: x\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n' });
  assert.equal(mkdocs.dialect.indentedBlocks, true);
  assert.equal(mkdocs.dialect.singleDollarMath, true);
  const hexo = site({ '_config.yml': 'new_post_name: :title.md\n', 'package.json': '{"dependencies":{"hexo-admonition":"1"}}' });
  assert.equal(hexo.dialect.indentedBlocks, true, 'hexo-admonition bodies are prose');
  assert.equal(hexo.dialect.headerAfterBlankLines, 'one');
  const doit = site({ 'hugo.toml': 'theme = "DoIt"\n' });
  assert.equal(dialectFor(doit, 'content/a.md', '---\ntitle: x\nmath: true\n---\n$a$\n').singleDollarMath, true, 'a DoIt page with math on');
  assert.equal(dialectFor(doit, 'content/a.md', '---\ntitle: x\n---\n$a$\n').singleDollarMath, false);
});

test('.zhen.yml site: overrides the generator, theme and renderer', () => {
  const s = site({ '_config.yml': 'theme: jekyll-theme-chirpy\n' }, { site: { generator: 'hexo', theme: 'Butterfly', renderer: 'markdown-it' } });
  assert.equal(s.generator, 'hexo');
  assert.equal(s.chosenBy, 'config');
  assert.equal(s.theme, 'butterfly');
  assert.equal(s.renderer, 'markdown-it');
  assert.deepEqual(loadConfigText('site:\n  generator: hexo\n  theme: next\n  renderer: marked\n'), { config: { site: { generator: 'hexo', theme: 'next', renderer: 'marked' } }, problems: [] });
  assert.equal(loadConfigText('site:\n  generator: jekyl\n').problems.length, 1, 'an unknown generator is a problem at its line');
  const bySchema = siteModel(files({}), toConfig({ frontMatter: { schema: 'hugo' } }));
  assert.equal(bySchema.generator, 'hugo', 'frontMatter.schema names the generator when the workspace shows none');
  const k = siteModel(files({}), toConfig({ site: { renderer: 'kramdown' } }));
  assert.equal(k.renderer, 'kramdown');
  // typo/emphasis-cjk follows the renderer: kramdown renders `**…，**中文`.
  const text = '这是**重要，**后文。\n';
  assert.equal(analyze(text, { site: { renderer: 'kramdown' } }, { files: files({}) }).filter((f) => f.ruleId === 'typo/emphasis-cjk').length, 0);
  assert.equal(analyze(text, { site: { renderer: 'goldmark' } }, { files: files({}) }).filter((f) => f.ruleId === 'typo/emphasis-cjk').length, 1);
});

test('a site or theme config that cannot be read is a problem on that file; the rest is used', () => {
  const s = site({ '_config.yml': 'title: x\ntheme: next\nnew_post_name: :title.md\n', '_config.next.yml': 'menu:\n  home: / || fa fa-home\n  bad: [unclosed\n', 'scaffolds/post.md': '---\ntitle: {{ title }}\ncover:\n---\n' });
  assert.equal(s.generator, 'hexo');
  assert.equal(s.theme, 'next');
  assert.equal(s.problems.length, 1);
  assert.equal(s.problems[0].path, '_config.next.yml');
  assert.match(s.problems[0].message, /YAML/);
  assert.ok(s.keys.has('cover'), 'the scaffold was still read');
  const hugo = site({ 'hugo.toml': 'theme = "DoIt"\n[params\n' });
  assert.equal(hugo.generator, 'hugo');
  assert.equal(hugo.problems[0].path, 'hugo.toml');
  // A post of that site is still checked.
  const findings = analyze('---\ntitle: x\n---\n正文用Git管理。\n', {}, { path: 'content/a.md', files: files({ 'hugo.toml': 'theme = "DoIt"\n[params\n' }) });
  assert.ok(findings.some((f) => f.ruleId === 'typo/cjk-latin-spacing'));
  const mkdocs = site({ 'mkdocs.yml': 'site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n' });
  assert.deepEqual(mkdocs.problems, [], "MkDocs' Python tags are data, not errors");
});

test('the CLI reports an unreadable theme config on that file and goes on checking', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhen-site-'));
  try {
    writeFileSync(join(dir, '_config.yml'), 'title: x\ntheme: next\nnew_post_name: :title.md\n');
    writeFileSync(join(dir, '_config.next.yml'), 'menu: [unclosed\n');
    mkdirSync(join(dir, 'source', '_posts'), { recursive: true });
    writeFileSync(join(dir, 'source', '_posts', 'a.md'), '---\ntitle: a\ndate: 2020-01-01 10:00:00\n---\n正文用Git管理。\n');
    spawnSync('git', ['init', '-q', '.'], { cwd: dir });
    const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
    const r = spawnSync('node', [cli, 'check', '--format', 'json', '--jobs', '1', '.'], { cwd: dir, encoding: 'utf8' });
    assert.match(r.stderr, /_config\.next\.yml:\d+:\d+: YAML: /);
    const report = JSON.parse(r.stdout) as { files: Array<{ path: string; findings: Array<{ rule: string }> }> };
    const post = report.files.find((f) => f.path.endsWith('a.md'));
    assert.ok(post?.findings.some((f) => f.rule === 'typo/cjk-latin-spacing'), 'the post was checked');
    assert.ok(!post?.findings.some((f) => f.rule === 'front-matter/date'), 'a Hexo date without a zone is local time');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a post parsed without its workspace is parsed again in the site dialect', () => {
  const ws = { path: 'docs/a.md', files: files({ 'mkdocs.yml': 'site_name: x\n' }) };
  const text = '!!! note "提示"\n\n    正文,逗号。\n';
  const plain = parse(text);
  assert.equal(plain.dialect.renderer, 'commonmark');
  const f = analyze(text, {}, ws).filter((x) => x.ruleId === 'typo/punctuation');
  assert.equal(f.length, 1, 'the admonition body is prose on an MkDocs site');
});

test('a settings file is parsed once per content: another file changing does not parse it again', () => {
  const map: Record<string, string> = { '_config.yml': 'title: x\ntheme: next\nnew_post_name: :title.md\nbad: [unclosed\n', '_config.next.yml': 'mathjax: false\n' };
  const f = files(map);
  const m1 = siteModel(f, toConfig({}));
  assert.equal(m1.problems[0]?.path, '_config.yml');
  assert.equal(siteModel(f, toConfig({})), m1, 'nothing changed: the same model');
  map['_config.next.yml'] = 'mathjax: true\n';
  const m2 = siteModel(f, toConfig({}));
  assert.notEqual(m2, m1, 'the theme config changed: looked at again');
  assert.equal(m2.problems[0], m1.problems[0], '_config.yml did not change: its parse was kept');
  map['_config.yml'] = 'title: y\ntheme: next\nnew_post_name: :title.md\nbad: [unclosed\n';
  const m3 = siteModel(f, toConfig({}));
  assert.notEqual(m3.problems[0], m1.problems[0], '_config.yml changed: parsed again');
});

test("the language server's files keep texts: the same model while nothing changed on disk, an edited _config.yml seen at once", () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhen-site-'));
  try {
    writeFileSync(join(dir, '_config.yml'), 'title: x\ntheme: jekyll-theme-chirpy\n');
    const f = nodeFiles(dir, { keepTexts: true });
    const m1 = siteModel(f, toConfig({}));
    assert.equal(m1.theme, 'chirpy');
    assert.equal(siteModel(f, toConfig({})), m1);
    writeFileSync(join(dir, '_config.yml'), 'title: x\ntheme: jekyll-theme-minima\n');
    const m2 = siteModel(f, toConfig({}));
    assert.equal(m2.theme, 'minima');
    writeFileSync(join(dir, '_config.yml'), 'title: x\ntheme: jekyll-theme-minimb\n'); // the same size
    assert.equal(siteModel(f, toConfig({})).theme, 'minimb');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
