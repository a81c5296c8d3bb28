/**
 * The server's modules in-process, without spawning a server: the scheduler (order, promotion,
 * cancellation between steps, time budget, giving way to messages), the lifecycle gate, the strict
 * stdio framing, config resolution (one Config per content), the content-keyed analysis cache, a
 * folder's config keyed by content, and the config-edit check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { CancellationToken, Connection, Message, MessageReader, MessageWriter } from 'vscode-languageserver';
import { Emitter } from 'vscode-languageserver';
import { Analyses, hashText } from '../../server/src/lsp/analyses';
import { configEditProblem } from '../../server/src/lsp/actions';
import { Configs } from '../../server/src/lsp/configs';
import { Folder } from '../../server/src/lsp/folders';
import type { ServerHost } from '../../server/src/lsp/host';
import { LifecycleGate } from '../../server/src/lsp/lifecycle';
import { BACKGROUND, Cancelled, DIAGNOSTICS, INTERACTIVE, Scheduler } from '../../server/src/lsp/scheduler';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { spawn } from 'node:child_process';
import { FramedMessageWriter, StrictMessageReader } from '../../server/src/node/framing';

/** A scheduler driven by hand: `run()` does the queued slices now. */
function manual(o: { clock?: () => number; busy?: () => boolean; sliceMs?: number } = {}) {
  const pending: Array<() => void> = [];
  const s = new Scheduler({ defer: (f) => pending.push(f), ...o });
  // A bounded number of turns: a scheduler that waits for messages defers itself again and again.
  return { s, run: () => { for (let turns = 0; turns < 10_000 && pending.length; turns++) pending.shift()!(); } };
}

function* counted(log: string[], name: string, n: number): Generator<void, string> {
  for (let i = 0; i < n; i++) {
    log.push(name);
    yield;
  }
  return name;
}

test('scheduler: urgent class first, newest first in a class, promotion, all results delivered', async () => {
  let now = 0;
  const { s, run } = manual({ clock: () => now, sliceMs: 1 });
  const log: string[] = [];
  const step = (name: string) => () => counted(log, name, 2);
  const a = s.schedule(step('a'), { priority: BACKGROUND });
  const b = s.schedule(step('b'), { priority: DIAGNOSTICS });
  const c = s.schedule(step('c'), { priority: DIAGNOSTICS });
  const d = s.schedule(step('d'), { priority: BACKGROUND });
  d.promote(INTERACTIVE);
  // A slice ends when the clock passes sliceMs: advance it with each step.
  const origPush = log.push.bind(log);
  log.push = (...x: string[]) => ((now += 2), origPush(...x));
  run();
  assert.deepEqual(await Promise.all([a.promise, b.promise, c.promise, d.promise]), ['a', 'b', 'c', 'd']);
  assert.deepEqual([...log], ['d', 'd', 'c', 'c', 'b', 'b', 'a', 'a']);
});

test('scheduler: a cancelled job stops between steps; the budget counts the job\'s own time; no slice while messages wait', async () => {
  let now = 0;
  let busy = true;
  const { s, run } = manual({ clock: () => now, busy: () => busy });
  let cancelled = false;
  const log: string[] = [];
  const job = s.schedule(() => counted(log, 'x', 100), { priority: DIAGNOSTICS, cancelled: () => cancelled });
  run();
  assert.equal(log.length, 0, 'messages wait: nothing runs');
  busy = false;
  s.schedule(function* () {
    yield;
    cancelled = true;
  }, { priority: INTERACTIVE });
  run();
  await assert.rejects(job.promise, Cancelled);
  assert.ok(log.length < 100);
  // Budget: a job that advances the clock 3 ms per step, with 10 ms allowed.
  const seen: boolean[] = [];
  const budget = s.schedule((over) => (function* () {
    for (let i = 0; i < 6; i++) {
      now += 3;
      seen.push(over());
      yield;
    }
  })(), { priority: DIAGNOSTICS, budgetMs: 10 });
  run();
  await budget.promise;
  assert.deepEqual(seen, [false, false, false, true, true, true]);
});

test('scheduler: a job cancelled after it started has its steps returned (its `finally` runs: the engine lets go of the post\'s rule cache)', async () => {
  let now = 0;
  const { s, run } = manual({ clock: () => now, sliceMs: 5 });
  let cancelled = false;
  let steps = 0;
  let cleanedUp = false;
  const job = s.schedule(() => (function* () {
    try {
      for (;;) {
        steps++;
        now += 2;
        if (steps === 4) cancelled = true;
        yield;
      }
    } finally {
      cleanedUp = true;
    }
  })(), { priority: DIAGNOSTICS, cancelled: () => cancelled });
  run();
  await assert.rejects(job.promise, Cancelled);
  assert.equal(steps, 4, 'it started and stopped between steps');
  assert.ok(cleanedUp, 'its finally ran');
});

class FakeReader {
  readonly error = new Emitter<Error>();
  readonly close = new Emitter<void>();
  readonly partial = new Emitter<never>();
  onError = this.error.event;
  onClose = this.close.event;
  onPartialMessage = this.partial.event;
  callback?: (m: Message) => void;
  listen(cb: (m: Message) => void) {
    this.callback = cb;
    return { dispose() {} };
  }
  dispose() {}
}

test('lifecycle gate: -32002 before initialize, one initialize, InvalidRequest after shutdown; busy until dispatched', () => {
  const reader = new FakeReader();
  const written: Message[] = [];
  const writer = { write: async (m: Message) => void written.push(m) } as unknown as MessageWriter;
  const gate = new LifecycleGate(reader as unknown as MessageReader, writer);
  const passed: Message[] = [];
  gate.listen((m) => passed.push(m));
  const send = (m: object) => reader.callback!({ jsonrpc: '2.0', ...m } as Message);
  send({ id: 1, method: 'textDocument/hover', params: {} });
  send({ method: 'textDocument/didOpen', params: {} });
  send({ id: 2, method: 'initialize', params: {} });
  send({ id: 3, method: 'initialize', params: {} });
  send({ id: 4, method: 'shutdown' });
  send({ id: 5, method: 'textDocument/hover', params: {} });
  send({ method: 'exit' });
  assert.deepEqual(passed.map((m) => (m as unknown as { method: string }).method), ['initialize', 'shutdown', 'exit']);
  assert.deepEqual(written.map((m) => [(m as unknown as { id: number }).id, (m as unknown as { error: { code: number } }).error.code]), [[1, -32002], [3, -32600], [5, -32600]]);
  assert.equal(gate.state, 'shutdown');
  assert.ok(gate.busy(), 'admitted messages wait for dispatch');
  for (const m of passed) gate.dispatch.handleMessage(m, () => undefined);
  assert.equal(gate.busy(), false);
});

test('strict framing: good frames in any chunking; each kind of fault is reported once', () => {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: { s: '中文' } });
  const frame = `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`;
  const run = (data: string | Buffer, chunk = 7) => {
    const stream = new PassThrough();
    const faults: string[] = [];
    const got: unknown[] = [];
    new StrictMessageReader(stream, (why) => faults.push(why), 50).listen((m) => got.push(m));
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
    for (let i = 0; i < buf.length; i += chunk) stream.write(buf.subarray(i, i + chunk));
    return { faults, got };
  };
  assert.deepEqual(run(frame + frame).got.length, 2);
  assert.deepEqual(run(frame + frame, 1).faults, []);
  const bad: Array<[string, string, RegExp]> = [
    ['smaller', `Content-Length: ${Buffer.byteLength(body) - 3}\r\n\r\n${body}`, /not JSON/],
    ['non-numeric', `Content-Length: x1\r\n\r\n${body}`, /byte count/],
    ['negative', `Content-Length: -1\r\n\r\n${body}`, /byte count/],
    ['missing', `Content-Type: application/json\r\n\r\n${body}`, /no Content-Length/],
    ['LF only', `Content-Length: ${Buffer.byteLength(body)}\n\n${body}`, /LF alone/],
    ['not a header', `hello world\r\n\r\n${body}`, /not a header line/],
    ['a charset', `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: text/plain; charset=latin1\r\n\r\n${body}`, /charset/],
    ['an array', `Content-Length: 2\r\n\r\n[]`, /not a JSON-RPC object/],
  ];
  for (const [name, data, why] of bad) {
    const r = run(data + frame);
    assert.equal(r.faults.length, 1, name);
    assert.match(r.faults[0], why, name);
  }
});

test('framed writer: one write per message, header and UTF-8 body, read back strictly in order', async () => {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  const write = stream.write.bind(stream);
  let writes = 0;
  stream.write = ((...a: Parameters<typeof stream.write>) => {
    writes++;
    return write(...a);
  }) as typeof stream.write;
  stream.on('data', (b: Buffer) => chunks.push(b));
  const writer = new FramedMessageWriter(stream);
  const msgs = [
    { jsonrpc: '2.0', id: 1, result: { s: '中文 𠮷 "quoted"\n' } },
    { jsonrpc: '2.0', method: 'x', params: { items: Array.from({ length: 300 }, (_, i) => ({ i, m: '新' })) } },
  ];
  for (const m of msgs) await writer.write(m as never);
  assert.equal(writes, 2, 'one write per message');
  const all = Buffer.concat(chunks);
  const body0 = Buffer.from(JSON.stringify(msgs[0]), 'utf8');
  assert.equal(all.subarray(0, `Content-Length: ${body0.length}\r\n\r\n`.length).toString('latin1'), `Content-Length: ${body0.length}\r\n\r\n`);
  const faults: string[] = [];
  const got: unknown[] = [];
  const back = new PassThrough();
  new StrictMessageReader(back, (why) => faults.push(why), 50).listen((m) => got.push(m));
  for (let i = 0; i < all.length; i += 5) back.write(all.subarray(i, i + 5));
  assert.deepEqual(faults, []);
  assert.deepEqual(got, msgs);
  // A failed write is reported with the message and rejects.
  const broken = new PassThrough();
  const errors: unknown[] = [];
  const w2 = new FramedMessageWriter(broken);
  w2.onError(([err, msg, count]) => errors.push([String(err), msg, count]));
  broken.destroy();
  await assert.rejects(w2.write(msgs[0] as never));
  assert.ok(errors.some((e) => Array.isArray(e) && e[1] === msgs[0] && e[2] === 1), 'reported with the message and a count');
});

test('strict framing: a body that never completes is a fault after the partial-message wait', async () => {
  const stream = new PassThrough();
  const faults: string[] = [];
  new StrictMessageReader(stream, (why) => faults.push(why), 30).listen(() => undefined);
  stream.write('Content-Length: 100\r\n\r\n{"jsonrpc":');
  // (At least the wait, then a look after the stream is read: up to 2 s on a loaded machine.)
  for (let waited = 0; !faults.length && waited < 2000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.equal(faults.length, 1);
  assert.match(faults[0], /stopped at/);
});

test('strict framing: a server busy for longer than the partial-message wait reads the bytes that came meanwhile before it faults', async () => {
  // A real pipe: the rest of the body arrives while this process is busy (a long step on a loaded
  // machine); the wait's timer then fires before the stream is read again, which is no stalled client.
  const child = spawn(process.execPath, ['-e', "process.stdout.write('Content-Length: 17\\r\\n\\r\\n{\\\"jsonrpc\\\":'); setTimeout(() => process.stdout.write('\\\"2.0\\\"}'), 40)"]);
  const faults: string[] = [];
  const got: unknown[] = [];
  new StrictMessageReader(child.stdout, (why) => faults.push(why), 30).listen((m) => got.push(m));
  child.stdout.once('data', () => {
    const t = Date.now();
    while (Date.now() - t < 300); // busy from the first bytes on, past the wait and the rest's arrival
  });
  await new Promise((r) => child.on('close', r));
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(faults, []);
  assert.deepEqual(got, [{ jsonrpc: '2.0' }]);
});

const noHost: ServerHost = { readFile: async () => undefined, findMarkdownFiles: async () => [], workspaceFiles: () => undefined };

test('config resolution: one Config object per content of settings and .zhen.yml', () => {
  const configs = new Configs({} as Connection, { configurationSupport: false, globalSettings: undefined, language: 'en', trusted: true }, () => undefined);
  const folder = new Folder('file:///ws', noHost);
  const a = configs.resolve({ ...DEFAULT_SETTINGS, rules: {} }, folder);
  const b = configs.resolve({ ...DEFAULT_SETTINGS, rules: {} }, folder);
  assert.equal(a, b, 'equal settings, same folder config: the same object');
  const c = configs.resolve({ ...DEFAULT_SETTINGS, rules: { typo: 'off' } }, folder);
  assert.notEqual(a, c);
  assert.equal(c.rules.typo, 'off');
});

test('a folder\'s .zhen.yml is parsed once per content: a reload of the same text keeps the config object', async () => {
  let text = 'rules:\n  typo: off\n';
  const host: ServerHost = { ...noHost, readFile: async (uri) => (uri.endsWith('/.zhen.yml') ? text : undefined) };
  const f = new Folder('file:///ws', host);
  await f.ready();
  const first = f.config.config;
  const gen = f.configGeneration;
  await f.reloadConfig();
  assert.equal(f.config.config, first);
  assert.equal(f.configGeneration, gen);
  text = 'rules:\n  typo: warning\n';
  await f.reloadConfig();
  assert.notEqual(f.config.config, first);
  assert.equal(f.configGeneration, gen + 1);
});

test('analysis cache: keyed by content, not by version; a cancelled requester drops the job; forget frees all', async () => {
  const { s, run } = manual();
  const analyses = new Analyses(s, noHost, () => 0);
  const configs = new Configs({} as Connection, { configurationSupport: false, globalSettings: undefined, language: 'en', trusted: true }, () => undefined);
  const ctx = { settings: DEFAULT_SETTINGS, config: configs.resolve(DEFAULT_SETTINGS, undefined), enabled: true };
  const get = (text: string, token?: CancellationToken) => {
    const p = analyses.get('file:///a.md', text, ctx, { token });
    run();
    return p;
  };
  const a1 = await get('用AI写\n');
  assert.equal(await get('用AI写\n'), a1, 'same text: the same analysis');
  assert.equal(a1.hash, hashText('用AI写\n'));
  assert.equal(a1.findings.length, 1); // `AI` missing both spaces: one finding
  const a2 = await get('用 AI 写\n');
  assert.notEqual(a2.resultId, a1.resultId);
  assert.equal(a2.findings.length, 0);
  // Back to the first text: a new analysis with the first one's content id.
  const a3 = await get('用AI写\n');
  assert.equal(a3.resultId, a1.resultId);
  // Every requester cancelled: the job is dropped.
  const token = { isCancellationRequested: true, onCancellationRequested: () => ({ dispose() {} }) } as CancellationToken;
  await assert.rejects(get('另一个AI文本\n', token), Cancelled);
  assert.ok(analyses.held > 0);
  analyses.forget('file:///a.md');
  assert.equal(analyses.held, 0);
});

test('applyConfigEdit: only list or mapping keys of the schema, with item keys of that list or mapping', () => {
  assert.equal(configEditProblem({ uri: 'file:///a.md', key: 'sources', item: { name: 'IDC', url: 'https://idc.example' } }), undefined);
  assert.equal(configEditProblem({ uri: 'file:///a.md', key: 'glossary', item: { zh: '容器', en: 'container', definition: { zh: '…' } } }), undefined);
  assert.match(configEditProblem({ uri: 'file:///a.md', key: '__proto__', item: { name: 'x' } })!, /not a list/);
  assert.match(configEditProblem({ uri: 'file:///a.md', key: 'language', item: { name: 'x' } })!, /not a list/);
  assert.match(configEditProblem({ uri: 'file:///a.md', key: 'ignore', item: { name: 'x' } })!, /not a list/);
  assert.match(configEditProblem({ uri: 'file:///a.md', key: 'sources', item: { name: 'x', 'url\nevil': 1 } })!, /not a key of a sources item/);
  assert.match(configEditProblem({ uri: 'file:///a.md', key: 'glossary', item: { zh: 'x', definition: { 'a b': 1 } } })!, /not a key name/);
  // typo/house-style's "Keep this style": keys of the `typography:` mapping
  assert.equal(configEditProblem({ uri: 'file:///a.md', key: 'typography', item: { spaceBetweenCjkAndLatin: false, quotes: 'keep' } }), undefined);
  assert.match(configEditProblem({ uri: 'file:///a.md', key: 'typography', item: { spaceBetweenCJK: false } })!, /not a key of a typography item/);
  assert.match(configEditProblem(undefined)!, /expected/);
});
