/**
 * What the VS Code commands ask the server (protocol.ts): the glossary list and cards
 * ("Show Glossary"), re-checking the workspace with progress ("Re-check Workspace"), the
 * server's pid (the restart test), and Restricted Mode (untrusted workspaces).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GlossaryCardRequest,
  GlossaryRequest,
  IndexStatusRequest,
  RecheckWorkspaceRequest,
  ServerInfoRequest,
  DidGrantWorkspaceTrustNotification,
  type GlossaryCardResult,
  type GlossaryResult,
  type IndexStatus,
  type RecheckWorkspaceResult,
  type ServerInfo,
} from '../../server/src/lsp/protocol';
import { configLayers, normalizeSettings } from '../../server/src/lsp/settings';
import { restrictConfig, restrictedProblems } from '../../server/src/lsp/trust';
import { TestClient } from './harness';

const USER_GLOSSARY = 'glossary:\n  - zh: 甄别器\n    en: zhen checker\n    abbr: ZC\n    variants: [甄别工具]\n';

test('zhen/glossary: the bundled concepts and the workspace\'s own, with the .zhen.yml they come from', async () => {
  const c = await TestClient.start({ files: { '.zhen.yml': USER_GLOSSARY } });
  try {
    const r = await c.request<GlossaryResult>(GlossaryRequest, { uri: c.uri('') });
    assert.equal(r.configUri, c.uri('.zhen.yml'));
    assert.equal(r.language, 'en');
    const inference = r.entries.find((e) => e.zh.includes('推理'));
    assert.ok(inference, 'the bundled 推理');
    assert.deepEqual(inference.senses, ['Inference', 'Reasoning']);
    assert.equal(inference.origin, 'bundled');
    const mine = r.entries.find((e) => e.zh[0] === '甄别器');
    assert.deepEqual(mine && { en: mine.en, abbr: mine.abbr, variants: mine.variants, origin: mine.origin }, { en: ['zhen checker'], abbr: ['ZC'], variants: ['甄别工具'], origin: 'user' });
    assert.ok(r.entries.length > 100, `the whole glossary (${r.entries.length})`);
    // without a uri: the first folder
    assert.equal((await c.request<GlossaryResult>(GlossaryRequest, {})).entries.length, r.entries.length);
  } finally {
    await c.stop();
  }
});

test('zhen/glossaryCard: the hover\'s card by spelling or id, with the open post\'s uses; null for an unknown term', async () => {
  const c = await TestClient.start({ locale: 'zh-cn', files: { '.zhen.yml': USER_GLOSSARY } });
  try {
    const card = await c.request<GlossaryCardResult>(GlossaryCardRequest, { term: '推理' });
    assert.ok(card);
    assert.equal(card.id, 'inference-reasoning');
    assert.match(card.markdown, /^\*\*推理\*\*/);
    assert.match(card.markdown, /词义/);
    assert.match(card.markdown, /Inference/);
    assert.match(card.markdown, /Reasoning/);
    assert.equal((await c.request<GlossaryCardResult>(GlossaryCardRequest, { term: 'inference-reasoning' }))?.markdown, card.markdown);
    // by abbreviation, case-insensitively for Latin forms; the workspace's own concept
    assert.equal((await c.request<GlossaryCardResult>(GlossaryCardRequest, { term: 'zc' }))?.origin, 'user');
    assert.equal(await c.request<GlossaryCardResult>(GlossaryCardRequest, { term: '不存在的词' }), null);
    // for an open post: the same card as the hover, with this post's uses
    const uri = c.open('post.md', '# 推理\n\n模型推理的成本在下降，推理服务越来越便宜。\n');
    const inPost = await c.request<GlossaryCardResult>(GlossaryCardRequest, { uri, term: '推理' });
    assert.match(inPost!.markdown, /本文：`推理` ×3/);
    const hover = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
    // the hover shows the short card (the sense in use at the hovered word) with a "more" link to this full card
    const hovered = hover?.contents.value ?? '';
    assert.match(hovered, /^\*\*推理\*\*/m);
    assert.match(hovered, /此处词义：\*\*Inference\*\*/);
    assert.ok(hovered.includes(`command:zhen.showGlossary?${encodeURIComponent(JSON.stringify([inPost!.id]))}`), hovered);
    assert.ok(hovered.split('\n').length < inPost!.markdown.split('\n').length, `shorter than the full card:\n${hovered}`);
  } finally {
    await c.stop();
  }
});

test('zhen/recheckWorkspace: progress on the given token, the index rebuilt from the disk, a diagnostics refresh', async () => {
  // no file watching: a post written on disk is only seen by a re-check
  const c = await TestClient.start({ watch: false, files: { 'a.md': '# A\n\n用AI写\n' } });
  try {
    const uri = c.open('a.md', '# A\n\n用AI写\n');
    assert.equal((await c.pull(uri)).length, 1);
    // the first index (built after initialized) has a.md only
    for (let i = 0; i < 100 && (await c.request<IndexStatus>(IndexStatusRequest, {})).folders[0]?.version === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual((await c.request<IndexStatus>(IndexStatusRequest, {})).folders[0].posts, ['a.md']);
    c.write('b.md', '# B\n\n正文\n');
    const refreshes = c.refreshes;
    const r = await c.request<RecheckWorkspaceResult>(RecheckWorkspaceRequest, { workDoneToken: 'recheck-1' });
    assert.deepEqual(r, { folders: 1, files: 2, documents: 1 });
    const mine = c.progress.filter((p) => p.token === 'recheck-1').map((p) => p.value.kind);
    assert.equal(mine[0], 'begin');
    assert.equal(mine[mine.length - 1], 'end');
    assert.ok(mine.includes('report'), `progress reports: ${mine.join(' ')}`);
    const status = await c.request<IndexStatus>(IndexStatusRequest, {});
    assert.deepEqual(status.folders[0].posts, ['a.md', 'b.md']);
    await c.waitFor('a diagnostics refresh', () => (c.refreshes > refreshes ? true : undefined));
    assert.equal((await c.pull(uri)).length, 1, 'the diagnostics remain');
  } finally {
    await c.stop();
  }
});

test('zhen/serverInfo: the server process id (for the restart test) and trust', async () => {
  const c = await TestClient.start();
  try {
    const info = await c.request<ServerInfo>(ServerInfoRequest, {});
    assert.deepEqual({ pid: info.pid, trusted: info.trusted }, { pid: c.pid, trusted: true });
  } finally {
    await c.stop();
  }
});

const SCHEMA_FILES = {
  '.zhen.yml': '# schema of this blog\nfrontMatter:\n  schema: post.schema.json\n',
  'post.schema.json': '{"type":"object","required":["title","foo"],"properties":{"title":{"type":"string"},"foo":{"type":"string"}}}',
};
const SCHEMA_POST = '---\ntitle: 你好\n---\n\n正文。\n';

test('Restricted Mode: a schema file named by .zhen.yml is not loaded (info at its line) until the workspace is trusted', async () => {
  const c = await TestClient.start({ files: SCHEMA_FILES, initializationOptions: { applyFixWithInput: true, workspaceTrusted: false } });
  try {
    assert.equal((await c.request<ServerInfo>(ServerInfoRequest, {})).trusted, false);
    const yml = await c.waitForPublished(c.uri('.zhen.yml'), (p) => p.diagnostics.length > 0);
    assert.equal(yml.diagnostics.length, 1);
    assert.equal(yml.diagnostics[0].severity, 3, 'information');
    assert.deepEqual(yml.diagnostics[0].range, { start: { line: 2, character: 2 }, end: { line: 2, character: 8 } });
    assert.match(String(yml.diagnostics[0].message), /Restricted Mode/);
    const uri = c.open('post.md', SCHEMA_POST);
    assert.deepEqual((await c.pull(uri)).map((d) => d.code), [], 'the workspace schema (requiring foo) is not used');
    // trusted now: the schema applies, the note goes away
    const refreshes = c.refreshes;
    c.notify(DidGrantWorkspaceTrustNotification, {});
    await c.waitFor('a diagnostics refresh', () => (c.refreshes > refreshes ? true : undefined));
    assert.deepEqual((await c.pull(uri)).map((d) => d.code), ['front-matter/required']);
    await c.waitForPublished(c.uri('.zhen.yml'), (p) => p.diagnostics.length === 0);
    assert.equal((await c.request<ServerInfo>(ServerInfoRequest, {})).trusted, true);
  } finally {
    await c.stop();
  }
});

test('a trusted workspace (and a client that says nothing about trust) uses the schema file', async () => {
  const c = await TestClient.start({ files: SCHEMA_FILES });
  try {
    const uri = c.open('post.md', SCHEMA_POST);
    assert.deepEqual((await c.pull(uri)).map((d) => d.code), ['front-matter/required']);
  } finally {
    await c.stop();
  }
});

test('Restricted Mode: a schema file named by the zhen.frontMatter.schema setting is not loaded either; built-in names still are', async () => {
  const files = { 'post.schema.json': SCHEMA_FILES['post.schema.json'] };
  const c = await TestClient.start({ files, settings: { frontMatter: { schema: 'post.schema.json' } }, initializationOptions: { workspaceTrusted: false } });
  try {
    const uri = c.open('post.md', SCHEMA_POST);
    assert.deepEqual((await c.pull(uri)).map((d) => d.code), []);
  } finally {
    await c.stop();
  }
  // the layers themselves
  const settings = normalizeSettings({ frontMatter: { schema: 'hugo' } });
  assert.deepEqual(configLayers(settings, {}, 'en', false)[2], { frontMatter: { schema: 'hugo' } });
  const path = normalizeSettings({ frontMatter: { schema: '../../etc/schema.json' } });
  assert.deepEqual(configLayers(path, {}, 'en', false)[2], {});
  assert.deepEqual(configLayers(path, {}, 'en', true)[2], { frontMatter: { schema: '../../etc/schema.json' } });
});

test('restrictConfig / restrictedProblems: only a schema path is removed, reported at its key', () => {
  const text = 'rules:\n  typo: off\nfrontMatter:\n  schema: x.yml\n';
  const r = restrictConfig({ rules: { typo: 'off' }, frontMatter: { schema: 'x.yml' } });
  assert.deepEqual(r, { config: { rules: { typo: 'off' }, frontMatter: {} }, ignored: [['frontMatter', 'schema']] });
  const [p] = restrictedProblems(text, r.ignored);
  assert.equal(text.slice(p.span.start, p.span.end), 'schema');
  assert.equal(p.severity, 'info');
  assert.deepEqual(restrictConfig({ frontMatter: { schema: 'chirpy' } }).ignored, []);
  assert.deepEqual(restrictConfig({}).ignored, []);
  // an odd text never throws; the problem then sits at the start
  assert.deepEqual(restrictedProblems('frontMatter: [', [['frontMatter', 'schema']])[0].span, { start: 0, end: 0 });
});

test('a schema path that leaves the workspace (../) is never read, trusted or not', async () => {
  const c = await TestClient.start({ files: { '.zhen.yml': 'frontMatter:\n  schema: ../zhen-outside.schema.json\n' } });
  try {
    // a schema beside the workspace folder that would require `foo`
    c.write('../zhen-outside.schema.json', SCHEMA_FILES['post.schema.json']);
    await c.request(RecheckWorkspaceRequest, {});
    const uri = c.open('post.md', SCHEMA_POST);
    const found = await c.pull(uri);
    assert.ok(!found.some((d) => String(d.message).includes('foo')), `nothing from the outside schema: ${JSON.stringify(found.map((d) => d.message))}`);
    assert.ok(found.some((d) => /file not found/.test(String(d.message))), 'the schema is reported as not found');
  } finally {
    c.remove('../zhen-outside.schema.json');
    await c.stop();
  }
});
