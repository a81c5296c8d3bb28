/**
 * `zhen mcp` as an agent's client sees it: the SDK's own Client, over stdio to the built dist/cli.js
 * in the first test and over the SDK's in-memory transport to the same server in this process in the
 * others. Every tool is called and its answer compared with `zhen check --format json` (or `--fix`,
 * the CLI's main in this process) on the same text; bad arguments get MCP errors and the server
 * keeps serving; the disk is written only when allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cliEnv, runCli } from './helpers/cli';
import { createMcpServer } from '../server/src/mcp/server';
import { ZhenTools } from '../server/src/mcp/tools';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const POST = '2024-05-22-ai-crypto.md';
const example = readFileSync(join(repo, 'examples', POST), 'utf8');
const env = cliEnv() as Record<string, string>;
// The servers in this process read the language from it, as the spawned ones from `env`.
Object.assign(process.env, { LANG: 'en_US.UTF-8', LC_ALL: '', NO_COLOR: '1' });

/** `zhen ARGS` in this process (the CLI's main; see helpers/cli.ts): its stdout. */
async function zhen(args: string[], opts: { input?: string; cwd: string }) {
  const r = await runCli(args, opts);
  assert.ok(r.code === 0 || r.code === 1, `zhen ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'zhen-mcp-'));
  writeFileSync(join(dir, '_config.yml'), 'theme: jekyll-theme-chirpy\n');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const OTHER = `---
title: 另一篇
date: 2024-05-01 12:00:00 +0800
---

据 [Demandsage](https://www.demandsage.com/chatgpt-statistics/) 统计，ChatGPT 的周活跃用户已超过一亿。
`;

/**
 * A client of `zhen mcp --root ROOT ARGS`: by default the server runs in this process (the same
 * server and tools as the binary's, over the SDK's in-memory transport; worker threads run
 * dist/cli.js); with `stdio`, the built binary is spawned and spoken to over its stdin and stdout.
 */
async function connect(root: string, opts: { args?: string[]; elicit?: (message: string) => 'accept' | 'decline'; stdio?: boolean } = {}) {
  const client = new Client({ name: 'zhen-test', version: '1.0.0' }, { capabilities: opts.elicit ? { elicitation: { form: {} } } : {} });
  const asked: string[] = [];
  if (opts.elicit) {
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(req.params.message);
      const action = opts.elicit!(req.params.message);
      return action === 'accept' ? { action, content: { write: true } } : { action };
    });
  }
  if (opts.stdio) {
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--root', root, ...(opts.args ?? [])], env, stderr: 'pipe' }));
  } else {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const tools = new ZhenTools({ root, allowWrite: opts.args?.includes('--allow-write') ?? false, script: cli });
    await createMcpServer(tools, 'test').connect(serverSide);
    await client.connect(clientSide);
  }
  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call, asked };
}

const json = (r: CallToolResult) => {
  assert.ok(!r.isError, `tool error: ${JSON.stringify(r.content)}`);
  const fromText = JSON.parse((r.content[0] as { text: string }).text);
  assert.deepEqual(r.structuredContent, fromText, 'structured content and text carry the same JSON');
  return fromText;
};
const errorText = (r: CallToolResult) => {
  assert.equal(r.isError, true, `expected a tool error, got ${JSON.stringify(r.content).slice(0, 200)}`);
  return (r.content[0] as { text: string }).text;
};

test('zhen mcp: tools listed; check, fix, explain, glossary, cite agree with zhen check on the same text', async () => {
  const root = workspace({ [`_posts/${POST}`]: example, '_posts/2024-05-01-other.md': OTHER });
  // The built binary over stdio (the other tests run the same server in this process).
  const { client, call } = await connect(root, { stdio: true });
  try {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['check', 'fix', 'explain', 'glossary', 'cite']);
    for (const t of tools) {
      assert.equal(t.inputSchema.type, 'object');
      assert.ok(t.description && t.description.length > 40, `${t.name} is described`);
    }
    assert.equal(tools.find((t) => t.name === 'check')!.annotations?.readOnlyHint, true);
    assert.equal(tools.find((t) => t.name === 'fix')!.annotations?.readOnlyHint, false);

    // check: a text is `zhen check --stdin --format json`; a path is `zhen check --format json PATH`.
    const byText = json(await call('check', { text: example, lang: 'en' }));
    const cliText = JSON.parse((await zhen(['check', '--stdin', '--format', 'json', '--lang', 'en'], { input: example, cwd: root })));
    assert.ok(cliText.files[0].findings.length > 20);
    assert.deepEqual(byText, cliText);
    const byPath = json(await call('check', { path: `_posts/${POST}`, lang: 'en' }));
    const cliPath = JSON.parse((await zhen(['check', '--format', 'json', '--lang', 'en', `_posts/${POST}`], { cwd: root })));
    assert.deepEqual(byPath, cliPath);
    const folder = json(await call('check', { path: '_posts', lang: 'en' }));
    assert.deepEqual(folder, JSON.parse((await zhen(['check', '--format', 'json', '--lang', 'en', '_posts'], { cwd: root }))));
    // zh-cn messages, as `--lang zh-cn`
    const zh = json(await call('check', { text: example, lang: 'zh-cn' }));
    assert.deepEqual(zh, JSON.parse((await zhen(['check', '--stdin', '--format', 'json', '--lang', 'zh-cn'], { input: example, cwd: root }))));

    // fix: the text of `zhen check --stdin --fix`, and what changed, at positions in the text as given.
    const fixed = json(await call('fix', { text: example, lang: 'en' }));
    const cliFixed = (await zhen(['check', '--stdin', '--fix'], { input: example, cwd: root }));
    assert.equal(fixed.text, cliFixed);
    assert.equal(fixed.changed, true);
    assert.ok(fixed.applied >= 10 && fixed.changes.length === fixed.applied, `${fixed.applied} edits, ${fixed.changes.length} changes`);
    const lines = example.split('\n');
    for (const c of fixed.changes) {
      if (c.pass !== 1 || c.line !== c.endLine) continue;
      assert.equal(lines[c.line - 1].slice(c.column - 1, c.endColumn - 1), c.before, `${c.rule} at ${c.line}:${c.column}`);
    }
    // every preferred fix `zhen check` offers at line 64 is among the changes
    const preferred64 = cliText.files[0].findings.filter((f: { line: number; rule: string }) => f.line === 64 && f.rule === 'typo/cjk-latin-spacing');
    for (const f of preferred64) assert.ok(fixed.changes.some((c: { rule: string; line: number; column: number }) => c.rule === f.rule && c.line === 64 && c.column === f.fixes[0].edits[0].column), `change for ${f.rule} at 64:${f.column}`);
    const left = JSON.parse((await zhen(['check', '--stdin', '--format', 'json'], { input: cliFixed, cwd: root }))).files[0].findings.length;
    assert.equal(fixed.remaining, left);

    // explain: every rule `zhen rules` lists, with the same severity and description, and its header.
    const listed = (await zhen(['rules'], { cwd: root })).trim().split('\n').map((l) => /^(\S+)\s+(\S+)\s+(.*)$/.exec(l)!);
    assert.ok(listed.length >= 25);
    for (const [, id, severity, description] of listed) {
      const e = json(await call('explain', { rule: id }));
      assert.equal(e.id, id);
      assert.equal(e.defaultSeverity, severity);
      assert.equal(e.description, description);
      assert.ok(e.documentation.startsWith(`${id}:`), `${id}: the header comment`);
      assert.ok(e.bad && e.good, `${id}: Bad and Good examples`);
    }
    const family = json(await call('explain', { rule: 'typo' }));
    assert.deepEqual(family.rules.map((r: { id: string }) => r.id), listed.map((l) => l[1]).filter((id) => id.startsWith('typo/')));

    // glossary: the preferred form is the one `zhen check`'s term/variant fix writes.
    const variant = cliText.files[0].findings.find((f: { rule: string; message: string }) => f.rule === 'term/variant' && /"Github"/.test(f.message));
    assert.ok(variant, 'the example writes Github');
    const github = json(await call('glossary', { term: 'Github', lang: 'en' }));
    assert.equal(github.preferred.en, variant.fixes[0].edits[0].newText);
    assert.ok(github.avoid.includes('Github') || github.variants.includes('Github') || github.en.includes('GitHub'));
    const llm = json(await call('glossary', { term: 'LLM', lang: 'zh-cn' }));
    assert.equal(llm.id, json(await call('glossary', { term: '大语言模型' })).id, 'any spelling finds the concept');
    assert.match(llm.card, /推荐写法/);
    const abbr = cliText.files[0].findings.find((f: { rule: string; message: string }) => f.rule === 'term/abbr-undefined' && f.message.includes('"LLM"'));
    assert.ok(abbr.fixes[0].edits[0].newText.includes(llm.zh[0]), 'the definition fix names the glossary\'s preferred Chinese form');
    // senses: 推理 has two
    const infer = json(await call('glossary', { term: '推理', lang: 'en' }));
    assert.ok(infer.senses.length >= 2, 'senses listed');

    // cite: the other post links Demandsage; zhen check offers the same URL as a fix.
    const claim = '据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。';
    const cited = json(await call('cite', { claim, lang: 'en' }));
    const demandsage = cited.names.find((n: { name: string }) => n.name === 'Demandsage');
    assert.ok(demandsage, JSON.stringify(cited.names));
    assert.equal(demandsage.sources[0].url, 'https://www.demandsage.com/chatgpt-statistics/');
    assert.equal(demandsage.sources[0].path, '_posts/2024-05-01-other.md');
    const cliClaim = JSON.parse((await zhen(['check', '--format', 'json', '--lang', 'en', '_posts/claim.md'], { cwd: (writeFileSync(join(root, '_posts', 'claim.md'), claim + '\n'), root) })));
    const unlinked = cliClaim.files[0].findings.find((f: { rule: string }) => f.rule === 'claim/unlinked');
    assert.ok(unlinked.fixes.some((x: { title: string }) => x.title.includes(demandsage.sources[0].url)), 'zhen check offers the URL cite found');
    assert.equal(cited.claims[0].rule, 'claim/unlinked');
    assert.equal(cited.claims[0].message, unlinked.message);
  } finally {
    await client.close();
  }
});

test('zhen mcp: bad arguments get MCP errors and the server keeps serving; a broken .zhen.yml is reported', async () => {
  const root = workspace({ [`_posts/${POST}`]: example });
  const { client, call } = await connect(root);
  try {
    assert.match(errorText(await call('check', {})), /exactly one of text or path/);
    assert.match(errorText(await call('check', { text: 'a', path: 'b' })), /exactly one of text or path/);
    assert.match(errorText(await call('check', { text: 42 })), /invalid arguments for check: \/text must be string/);
    assert.match(errorText(await call('check', { text: 'x', colour: 'red' })), /must NOT have additional properties \(colour\)/);
    assert.match(errorText(await call('check', { text: 'x', lang: 'fr' })), /\/lang must be equal to one of the allowed values/);
    assert.match(errorText(await call('check', { path: '../../../../etc/passwd' })), /outside the workspace/);
    assert.match(errorText(await call('check', { path: '_posts/missing.md' })), /no such file/);
    assert.match(errorText(await call('fix', { text: 'x', write: true })), /write needs a path/);
    assert.match(errorText(await call('fix', { path: '_posts' })), /not a folder/);
    assert.match(errorText(await call('explain', { rule: 'typo/cjk-latn-spacing' })), /did you mean "typo\/cjk-latin-spacing"/);
    assert.match(errorText(await call('explain', {})), /must have required property 'rule'/);
    assert.match(errorText(await call('glossary', { term: 'Kubernetis' })), /not in the glossary.*did you mean "Kubernetes"/);
    assert.match(errorText(await call('cite', { claim: '' })), /must NOT have fewer than 1 characters/);
    await assert.rejects(client.callTool({ name: 'lint', arguments: {} }), (err: unknown) => err instanceof McpError && err.code === -32602 && /unknown tool "lint"/.test(err.message));
    // binary junk and a huge text are answered, not crashed on
    const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    assert.ok(Array.isArray(json(await call('check', { text: junk })).files[0].findings));
    assert.match(errorText(await call('check', { text: 'x'.repeat(5_000_001) })), /the limit is 5,000,000/);
    // still serving
    assert.equal(json(await call('check', { text: '用AI写作' })).files[0].findings[0].rule, 'typo/cjk-latin-spacing');

    // A broken .zhen.yml: the problems with their places, as `zhen check` (which exits 2) prints them.
    writeFileSync(join(root, '.zhen.yml'), 'rules:\n  typo/cjk-latin-spacing: [\n');
    const broken = errorText(await call('check', { text: '用AI写作' }));
    assert.match(broken, /\.zhen\.yml has \d+ problem\(s\)/);
    assert.match(broken, /YAML syntax error: the "\[" opened here is never closed/);
    assert.match(broken, /^\s+\d+:\d+ /m);
    assert.equal((await runCli(['check', '--stdin'], { input: '用AI写作', cwd: root })).code, 2);
    writeFileSync(join(root, '.zhen.yml'), 'rules:\n  typo/cjk-latin-spacing: off\n');
    assert.deepEqual(json(await call('check', { text: '用AI写作' })).files[0].findings, [], 'the fixed config applies at once');
  } finally {
    await client.close();
  }
});

test('zhen mcp: fix writes a file only when asked and allowed (--allow-write, or the user confirms)', async () => {
  const root = workspace({ [`_posts/${POST}`]: example });
  const file = join(root, '_posts', POST);
  const expected = (await zhen(['check', '--stdin', '--fix'], { input: example, cwd: root }));

  // A client that cannot ask: never written.
  let s = await connect(root);
  try {
    const preview = json(await s.call('fix', { path: `_posts/${POST}` }));
    assert.equal(preview.text, expected);
    assert.equal(preview.written, undefined);
    const refused = json(await s.call('fix', { path: `_posts/${POST}`, write: true }));
    assert.equal(refused.written, false);
    assert.match(refused.note, /read-only/);
    assert.equal(readFileSync(file, 'utf8'), example);
  } finally {
    await s.client.close();
  }
  // The user declines, then accepts.
  s = await connect(root, { elicit: () => 'decline' });
  try {
    const declined = json(await s.call('fix', { path: `_posts/${POST}`, write: true }));
    assert.equal(declined.written, false);
    assert.match(s.asked[0], /write \d+ fix\(es\) to _posts\//);
    assert.equal(readFileSync(file, 'utf8'), example);
  } finally {
    await s.client.close();
  }
  s = await connect(root, { elicit: () => 'accept' });
  try {
    assert.equal(json(await s.call('fix', { path: `_posts/${POST}`, write: true })).written, true);
    assert.equal(readFileSync(file, 'utf8'), expected);
  } finally {
    await s.client.close();
  }
  // --allow-write: no question asked.
  writeFileSync(file, example);
  s = await connect(root, { args: ['--allow-write'], elicit: () => 'decline' });
  try {
    assert.equal(json(await s.call('fix', { path: `_posts/${POST}`, write: true })).written, true);
    assert.equal(s.asked.length, 0);
    assert.equal(readFileSync(file, 'utf8'), expected);
  } finally {
    await s.client.close();
  }
});

test('zhen mcp: a workspace of 40 posts is indexed on worker threads; cross-post findings as zhen check', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const d = String(i % 28 + 1).padStart(2, '0');
    files[`_posts/2024-03-${d}-p${i}.md`] = `---\ntitle: 第 ${i} 篇\ndate: 2024-03-${d} 12:00:00 +0800\n---\n\n${i % 3 ? '大语言模型' : '大型语言模型'}的推理成本在下降，本文记录第 ${i} 次实验。\n`;
  }
  const root = workspace(files);
  const { client, call } = await connect(root);
  try {
    const mine = json(await call('check', { path: '_posts', lang: 'en' }));
    const theirs = JSON.parse((await zhen(['check', '--format', 'json', '--lang', 'en', '_posts'], { cwd: root })));
    assert.equal(mine.files.length, 40);
    assert.ok(mine.files.some((f: { findings: Array<{ rule: string }> }) => f.findings.some((x) => x.rule === 'term/cross-post')), 'the index is there: cross-post findings');
    assert.deepEqual(mine, theirs);
    // an edit is seen at the next call (only that post is summarised again)
    writeFileSync(join(root, '_posts', '2024-03-01-p0.md'), '---\ntitle: 改\ndate: 2024-03-01 12:00:00 +0800\n---\n\n大语言模型。\n');
    assert.deepEqual(json(await call('check', { path: '_posts', lang: 'en' })), JSON.parse((await zhen(['check', '--format', 'json', '--lang', 'en', '_posts'], { cwd: root }))));
  } finally {
    await client.close();
  }
});

test('zhen mcp: fix writes as zhen check --fix does: a GBK post stays GBK byte for byte, a read-only one is refused (#14)', async () => {
  const text = '# 标题\n\n我们用Github的API来获取2023年的数据，这是一段中文内容。数据来自公开的接口。\n';
  const root = workspace({ 'gbk.md': '', 'ro.md': text });
  writeFileSync(join(root, 'gbk.md'), iconv.encode(text, 'gbk'));
  chmodSync(join(root, 'ro.md'), 0o444);
  const expected = (await zhen(['check', '--stdin', '--fix'], { input: text, cwd: root }));
  const s = await connect(root, { args: ['--allow-write'] });
  try {
    const r = json(await s.call('fix', { path: 'gbk.md', write: true }));
    assert.equal(r.written, true, r.note);
    assert.equal(r.text, expected);
    assert.deepEqual(readFileSync(join(root, 'gbk.md')), iconv.encode(expected, 'gbk'));
    const ro = json(await s.call('fix', { path: 'ro.md', write: true }));
    assert.equal(ro.written, false);
    assert.match(ro.note, /read-only \(mode 0444\)/);
    assert.equal(readFileSync(join(root, 'ro.md'), 'utf8'), text);
  } finally {
    await s.client.close();
  }
});
