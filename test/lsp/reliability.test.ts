/**
 * Reliability through the language server (#9): each `.zhen.yml` fault gives a diagnostic at the
 * exact line of that file and checking goes on (with the valid rest, the last good config or the
 * defaults); settings with bad values are ignored; hostile documents get an answer and the next
 * request is still answered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './harness';

const SPACING = 'typo/cjk-latin-spacing';
const POST = '# 标题\n\n用AI写\n';

/** Start with a `.zhen.yml`, wait for its diagnostics, and return them with the client. */
async function withConfig(yml: string, run: (c: TestClient, diagnostics: Diagnostic[]) => Promise<void>): Promise<void> {
  const c = await TestClient.start({ files: { '.zhen.yml': yml } });
  try {
    const p = await c.waitForPublished(c.uri('.zhen.yml'), (x) => x.diagnostics.length > 0);
    await run(c, p.diagnostics);
  } finally {
    await c.stop();
  }
}

const lineOf = (d: Diagnostic) => d.range.start.line;

const CASES: Array<{ name: string; yml: string; line: number; message: RegExp; spacing: number }> = [
  // Bad YAML: the whole file is unreadable, so the defaults (no last good config yet) apply.
  { name: 'bad YAML', yml: 'language: en\nrules:\n  typo: off\n  bad: [\n', line: 3, message: /^YAML syntax error: /, spacing: 1 },
  // An unknown key: reported, the valid rest (typo off) applies.
  { name: 'an unknown key', yml: 'rules:\n  typo: off\nglosary:\n  - zh: 容器\n', line: 2, message: /Unknown key "glosary".*did you mean "glossary"/, spacing: 0 },
  // A wrong type: `rules` must be a mapping; dropped, the rest applies.
  { name: 'a wrong type', yml: 'language: en\nrules: 42\nmarkdown:\n  singleDollarMath: true\n', line: 1, message: /rules/, spacing: 1 },
  { name: 'a wrong severity', yml: 'rules:\n  typo/cjk-latin-spacing: loud\n', line: 1, message: /cjk-latin-spacing/, spacing: 1 },
  // A glossary entry with no form: that entry is dropped, the others and the rules stay.
  { name: 'a glossary entry with no forms', yml: 'rules:\n  typo: off\nglossary:\n  - zh: 容器\n    en: container\n  - definition:\n      zh: 无名\n', line: 5, message: /glossary entry needs at least one form/, spacing: 0 },
  // A source with a bad URL.
  { name: 'a source with a bad URL', yml: 'rules:\n  typo: off\nsources:\n  - name: IDC\n    url: idc.com/report\n', line: 4, message: /not a URL/, spacing: 0 },
  // An alias bomb: nothing of the file is used.
  {
    name: 'an alias bomb',
    yml: 'rules:\n  typo: off\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
    line: 3,
    message: /alias bomb/,
    spacing: 1,
  },
];

for (const k of CASES) {
  test(`.zhen.yml with ${k.name}: a diagnostic on line ${k.line + 1} of it, and posts are still checked`, async () => {
    await withConfig(k.yml, async (c, diagnostics) => {
      const d = diagnostics.find((x) => k.message.test(String(x.message)));
      assert.ok(d, `a diagnostic matching ${k.message}: ${JSON.stringify(diagnostics.map((x) => [lineOf(x), x.message]))}`);
      assert.equal(lineOf(d!), k.line, String(d!.message));
      assert.equal(d!.severity, 1);
      const uri = c.open('post.md', POST);
      const items = await c.pull(uri);
      assert.equal(items.filter((x) => x.code === SPACING).length, k.spacing, JSON.stringify(items.map((x) => x.code)));
      assert.ok(!items.some((x) => x.code === 'internal'));
    });
  });
}

test('a .zhen.yml broken after a good one: the last good config stays in force', async () => {
  const c = await TestClient.start({ files: { '.zhen.yml': 'rules:\n  typo: off\n' } });
  try {
    const uri = c.open('post.md', POST);
    assert.equal((await c.pull(uri)).filter((d) => d.code === SPACING).length, 0);
    for (const broken of ['rules:\n  typo: off\n  x: [\n', 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n']) {
      c.write('.zhen.yml', broken);
      const before = c.refreshes;
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('.zhen.yml'), type: 2 }] });
      await c.waitFor('diagnostic refresh', () => (c.refreshes > before ? true : undefined));
      await c.waitForPublished(c.uri('.zhen.yml'), (x) => x.diagnostics.length > 0);
      assert.equal((await c.pull(uri)).filter((d) => d.code === SPACING).length, 0, 'typo is still off');
    }
  } finally {
    await c.stop();
  }
});

test('settings with bad values are ignored: the defaults apply and the server answers', async () => {
  const bad = [
    { enable: 'yes', language: 42, rules: 'all', frontMatter: 5 },
    { rules: { 'typo/cjk-latin-spacing': 'loud', typo: { severity: 7 }, '*': null }, language: ['zh'] },
    { rules: [1, 2], frontMatter: { schema: { a: 1 } }, 'frontMatter.schema': 3 },
  ];
  for (const settings of bad) {
    const c = await TestClient.start({ settings });
    try {
      const uri = c.open('post.md', POST);
      const items = await c.pull(uri);
      assert.equal(items.filter((d) => d.code === SPACING).length, 1, JSON.stringify(settings));
      assert.ok(items.every((d) => d.code !== 'internal'));
      assert.ok(!c.logs.some((l) => /failed/.test(l)), c.logs.join('\n'));
    } finally {
      await c.stop();
    }
  }
});

test('hostile documents through the server: each gets an answer, and the next request is answered', async () => {
  const bytes = Buffer.alloc(20000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
  const docs: Record<string, string> = {
    binary: bytes.toString('utf8'),
    'invalid UTF-8': Buffer.concat([Buffer.from('用AI写'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80])]).toString('utf8'),
    'lone surrogates and NUL': '用\uD800AI\uDC00写\u0000中文🍕用Go写',
    'nested quotes': '> '.repeat(100_000) + '用AI写\n',
    'nested lists': '- '.repeat(100_000) + '用AI写\n',
    '1 MB line': '这是一个很长的句子，没有换行。'.repeat(70_000) + '用AI写',
    'alias bomb in front matter': '---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n用AI写\n',
    'CRLF and mixed': '---\r\ntitle: x\r\n---\r\n用AI写\r\r\n用Go写\n',
    BOM: '\uFEFF---\ntitle: x\n---\n用AI写\n',
    'only front matter': '---\ntitle: x\n---\n',
    empty: '',
  };
  const c = await TestClient.start();
  try {
    const probe = c.open('probe.md', POST);
    let n = 0;
    for (const [name, text] of Object.entries(docs)) {
      const uri = c.open(`hostile-${n++}.md`, text);
      // The hostile document itself may take a while on a busy machine (no time limit here, the
      // fuzzer measures speed); the probe below must then be answered as usual.
      const t0 = Date.now();
      const items = (await c.conn.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } })).items;
      console.log(`# ${name}: ${text.length} characters, ${items.length} diagnostics in ${Date.now() - t0} ms`);
      assert.ok(!items.some((d) => d.code === 'internal'), `${name}: ${JSON.stringify(items.filter((d) => d.code === 'internal'))}`);
      await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
      await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
      c.notify('textDocument/didClose', { textDocument: { uri } });
      // The next request, on another document, is answered.
      assert.equal((await c.pull(probe)).filter((d) => d.code === SPACING).length, 1, `after ${name}`);
    }
    assert.ok(!c.logs.some((l) => /failed|uncaught/.test(l)), c.logs.join('\n'));
  } finally {
    await c.stop();
  }
});
