/** The language server over stdio: pull and push diagnostics, incremental sync, hover. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { TestClient, repoRoot } from './harness';
import { EXAMPLE_PATH, EXAMPLE_SPACING_LINES } from '../helpers/example';

const example = readFileSync(join(repoRoot, EXAMPLE_PATH), 'utf8');
const SPACING = 'typo/cjk-latin-spacing';

/** The text edits of a quick fix, whichever form its workspace edit takes. */
function editsOf(a: CodeAction): TextEdit[] {
  return [...Object.values(a.edit?.changes ?? {}).flat(), ...((a.edit?.documentChanges ?? []) as TextDocumentEdit[]).flatMap((d) => d.edits ?? [])] as TextEdit[];
}

function frontMatterLines(text: string): number {
  const lines = text.split('\n');
  return lines.slice(1).findIndex((l) => l.trim() === '---') + 2; // 1-based line of the closing fence
}

test('pull diagnostics on the example post: the spacing findings at its spacing lines (helpers/example.ts) and none in front matter', async () => {
  const c = await TestClient.start({ files: { '_posts/2024-05-22-ai-crypto.md': example } });
  try {
    assert.ok(c.initializeResult?.capabilities.diagnosticProvider, 'pull diagnostics are offered to a client that can pull');
    const uri = c.open('_posts/2024-05-22-ai-crypto.md', example);
    const items = await c.pull(uri);
    const spacing = items.filter((d) => d.code === SPACING);
    assert.deepEqual([...new Set(spacing.map((d) => d.range.start.line + 1))], EXAMPLE_SPACING_LINES);
    const fmEnd = frontMatterLines(example);
    assert.ok(items.every((d) => d.range.start.line + 1 > fmEnd), 'nothing in front matter');
    for (const d of spacing) {
      assert.equal(d.source, 'zhen');
      // Typesetting is information (below claims and names: README, severities); the post's other missing
      // spaces around `AI` contradict its spaced style, one problem: hints pointing to the first (typo/style).
      assert.ok(d.severity === 3 || d.severity === 4, 'typesetting is information, a contradiction group\'s members hints');
      // The data names the text and the finding; the fixes stay on the server (convert.ts).
      assert.deepEqual(Object.keys(d.data as object).sort(), ['hash', 'i']);
    }
    // Above hint: the first unspaced `AI` (line 64), for the post's slips from its own spaced style, `自2023年`
    // (digits, line 180) among them: one problem (typo/style `slips`); line 180 is a hint pointing to line 64.
    assert.deepEqual(spacing.filter((d) => d.severity === 3).map((d) => d.range.start.line + 1).sort((a, b) => a - b), [64]);
    assert.ok(spacing.some((d) => d.range.start.line + 1 === 180 && d.severity === 4));
    // ... and come back as quick fixes, built from the server's analysis of this text.
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: spacing[0].range, context: { diagnostics: [spacing[0]], only: ['quickfix'] } });
    assert.ok(actions.some((a) => editsOf(a).some((e) => e.newText === ' ')), JSON.stringify(actions));
    // `AI技术` on line 64: the range covers the two characters around the missing space.
    const line64 = example.split('\n')[63];
    assert.equal(line64.slice(spacing[0].range.start.character, spacing[0].range.end.character), 'I技');
  } finally {
    await c.stop();
  }
});

test('push diagnostics for a client without pull, debounced, with the document version', async () => {
  const c = await TestClient.start({ pull: false, settings: { rules: { term: 'off' } } }); // spacing only: term/variant would add `Github`
  try {
    assert.equal(c.initializeResult?.capabilities.diagnosticProvider, undefined, 'no pull provider for a client that cannot pull');
    const uri = c.open('post.md', '我们用Github的API来获取2023年的数据\n');
    const p = await c.waitForPublished(uri, (x) => x.version === 1);
    assert.equal(p.diagnostics.filter((d) => d.code === SPACING).length, 3);
    // Fix the text: the next push for version 2 is empty.
    c.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 25 } }, text: '我们用 Github 的 API 来获取 2023 年的数据' }]);
    const p2 = await c.waitForPublished(uri, (x) => x.version === 2);
    assert.deepEqual(p2.diagnostics, []);
    // Several quick edits: only the last version is published (stale work is dropped).
    const before = c.published.length;
    let v = 2;
    for (let i = 0; i < 5; i++) v = c.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: i === 4 ? '用AI写\n' : '' }]);
    const last = await c.waitForPublished(uri, (x) => x.version === v);
    assert.equal(last.diagnostics.length, 1);
    assert.ok(c.published.slice(before).every((x) => x.version === v), 'intermediate versions were not published');
  } finally {
    await c.stop();
  }
});

test('incremental edits after an emoji: fresh diagnostics with UTF-16 positions', async () => {
  const c = await TestClient.start();
  try {
    const uri = c.open('emoji.md', '# 标题\n\n好的 😀 文本\n');
    assert.deepEqual(await c.pull(uri), []);
    // Insert `用AI` after the emoji (😀 is two UTF-16 code units: 好的␠😀␠ = 6 units).
    c.change(uri, [{ range: { start: { line: 2, character: 6 }, end: { line: 2, character: 6 } }, text: '用AI' }]);
    // A second incremental change in the same line: delete the space before the emoji.
    c.change(uri, [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } }, text: '' }]);
    const items = await c.pull(uri);
    // Text now: 好的😀␠用AI文本 → one finding for `AI` from 用 at 5 to 文 at 8 (UTF-16), spaces at 6 and 8.
    const spacing = items.filter((d) => d.code === SPACING);
    assert.equal(spacing.length, 1);
    assert.deepEqual(spacing.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[2, 5, 9]]);
    const line = '好的😀 用AI文本';
    assert.deepEqual(spacing.map((d) => line.slice(d.range.start.character, d.range.end.character)), ['用AI文']);
    // The fix's two edits apply cleanly at those positions.
    const [action] = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: spacing[0].range, context: { diagnostics: spacing, only: ['quickfix'] } });
    const fixes = editsOf(action);
    assert.deepEqual(fixes.map((e) => e.range.start.character), [6, 8]);
    // A client that sends the diagnostic back with byte columns (Neovim 0.7 rebuilds it from its own
    // diagnostic: 好的😀␠ is 11 bytes, 6 UTF-16 units) still gets the same fix, from the finding at data.i.
    const bytes = (ch: number) => Buffer.byteLength(line.slice(0, ch));
    const asBytes = { ...spacing[0], range: { start: { line: spacing[0].range.start.line, character: bytes(spacing[0].range.start.character) }, end: { line: spacing[0].range.end.line, character: bytes(spacing[0].range.end.character) } } };
    assert.notDeepEqual(asBytes.range, spacing[0].range);
    const [again] = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: asBytes.range, context: { diagnostics: [asBytes], only: ['quickfix'] } });
    assert.deepEqual(editsOf(again), fixes);
    let fixed = line;
    for (const e of [...fixes].sort((a, b) => b.range.start.character - a.range.start.character)) fixed = fixed.slice(0, e.range.start.character) + e.newText + fixed.slice(e.range.end.character);
    assert.equal(fixed, '好的😀 用 AI 文本');
  } finally {
    await c.stop();
  }
});

test('a cancelled pull is answered with RequestCancelled, and the next pull is served', async () => {
  // The settings reply is held back until the cancellation is on the wire, so the server sees it in time.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const c = await TestClient.start({ settings: async () => (await held, {}) });
  try {
    const uri = c.open('c.md', '用AI写\n');
    const source = new CancellationTokenSource();
    const pending = c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
    await c.waitFor('the settings request', () => (c.configurationRequests > 0 ? true : undefined));
    source.cancel();
    release(); // written after the $/cancelRequest: the stream keeps the order
    await assert.rejects(pending, (err: { code?: number }) => err.code === -32800);
    assert.equal((await c.pull(uri)).length, 1);
  } finally {
    await c.stop();
  }
});

test('hover: answers at any position (clamped), null away from findings', async () => {
  const c = await TestClient.start();
  try {
    const uri = c.open('h.md', '普通的文本。\n\n用AI写\n');
    const nothing = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(nothing, null);
    // Past the end of a line and past the end of the document: no error.
    await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 99 } });
    await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 40, character: 0 } });
    const at = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } });
    if (at) {
      assert.equal((at.contents as { kind: string }).kind, 'markdown');
      assert.ok(at.range && at.range.start.line === 2, 'the hover range is on the finding');
    }
    // Unknown document: null, not an error.
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: c.uri('nope.md') }, position: { line: 0, character: 0 } }), null);
  } finally {
    await c.stop();
  }
});

test('bad input never kills the server: malformed requests are answered or logged, and it keeps serving', async () => {
  const c = await TestClient.start();
  try {
    const uri = c.open('x.md', '---\ntags: [a, b\n---\n\n' + '> '.repeat(300) + '用AI写\n\n' + '[x]('.repeat(200) + '\n\uD800 半个代理\n');
    await c.pull(uri);
    // Garbage in code action contexts, unknown documents, bad command arguments, out-of-range edits.
    const bogus = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, source: 'zhen', code: 'x/y', message: 'm', data: { hash: 'x', fixes: [{ title: 't', edits: 'no' }] } }];
    await c.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: bogus } });
    await c.request('textDocument/codeAction', { textDocument: { uri: c.uri('none.md') }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    await assert.rejects(c.request('workspace/executeCommand', { command: 'zhen.applyConfigEdit', arguments: [] }), (e: { code?: number }) => e.code === -32602);
    c.notify('textDocument/didChange', { textDocument: { uri: c.uri('none.md'), version: 2 }, contentChanges: [{ text: 'x' }] });
    c.change(uri, [{ range: { start: { line: 500, character: 0 }, end: { line: 900, character: 3 } }, text: '再用AI写' }]);
    await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 9999, character: 9999 } });
    const items = await c.pull(uri);
    assert.ok(items.some((d) => d.code === 'front-matter/yaml-syntax'), 'the YAML error in front matter is reported');
    assert.ok(items.filter((d) => d.code === SPACING).length >= 2);
    assert.ok(c.running, 'still running');
  } finally {
    await c.stop();
  }
});

test('a slip pointing to another rule\'s finding (typo/style `slips`, `firstAt.rule`) is related to that finding, and it lists the slip', async () => {
  // unspaced English throughout (typo/house-style learns it) and full-width marks but for one half-width comma
  const unspaced = '这篇文章用ZK证明来压缩Rollup的数据，在L2上执行交易，由Solidity合约验证，EVM负责执行。';
  const full = '我们今天去了公园，天气很好。然后我们回家了，吃了晚饭。';
  const text = [unspaced, '', full, '', '我们去了公园,天气很好。', '', full, '', unspaced, ''].join('\n');
  const c = await TestClient.start({ capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } } });
  try {
    const uri = c.open('slips.md', text);
    const items = await c.pull(uri);
    const house = items.find((d) => d.code === 'typo/house-style');
    const comma = items.find((d) => d.code === 'typo/punctuation' && d.range.start.line === 4);
    assert.ok(house && comma, JSON.stringify(items.map((d) => [d.code, d.range.start.line, d.severity])));
    assert.equal(comma.severity, 4, 'the slip is a hint');
    assert.deepEqual(comma.relatedInformation?.map((r) => r.location.range), [house.range]);
    assert.ok(house.relatedInformation?.some((r) => r.location.range.start.line === 4), 'the house-style finding lists the slip');
  } finally {
    await c.stop();
  }
});

test('a repeat of one problem points to its first finding in relatedInformation when the client declares it, not otherwise', async () => {
  const text = '# 标题\n\n用户的帐户要设置密码。\n\n另一个帐户也要设置密码。\n';
  for (const declared of [true, false]) {
    const c = await TestClient.start({ settings: { rules: { typo: 'off' } }, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: declared } } } });
    try {
      const uri = c.open('repeat.md', text);
      const items = (await c.pull(uri)).filter((d) => d.code === 'term/variant');
      assert.deepEqual(items.map((d) => [d.range.start.line, d.severity]), [[2, 2], [4, 4]], 'the first a warning, the repeat a hint (core repeats.ts)');
      const [first, repeat] = items;
      if (!declared) {
        assert.equal(repeat.relatedInformation, undefined);
        continue;
      }
      assert.deepEqual(first.relatedInformation, [{ location: { uri, range: repeat.range }, message: 'Also here' }], 'the first finding lists the other places (the Problems panel shows them as its children)');
      assert.deepEqual(repeat.relatedInformation, [{ location: { uri, range: first.range }, message: 'First reported here' }]);
    } finally {
      await c.stop();
    }
  }
});
