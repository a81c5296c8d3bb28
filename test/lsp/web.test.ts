/**
 * The web-worker bundle (`dist/server.web.js`, what vscode.dev runs): loaded in a worker thread
 * that plays the browser's `self`, it answers initialize, asks the client for files through
 * `zhen/findFiles` / `zhen/readFile` (the browser host), and serves diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { repoRoot } from './harness';

const PRELUDE = `
const { parentPort, workerData } = require('node:worker_threads');
let handler;
globalThis.self = {
  postMessage: (m) => parentPort.postMessage(m),
  addEventListener: () => {},
  set onmessage(fn) { handler = fn; },
  get onmessage() { return handler; },
};
parentPort.on('message', (data) => handler && handler({ data }));
require(workerData.bundle);
`;

interface Msg {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: any;
}

test('the web-worker server bundle serves diagnostics through the browser host', async () => {
  const worker = new Worker(PRELUDE, { eval: true, workerData: { bundle: join(repoRoot, 'dist', 'server.web.js') } });
  const requests: string[] = [];
  const pending = new Map<number, (m: Msg) => void>();
  const waiters: Array<() => void> = [];
  const files: Record<string, string> = { 'file:///ws/.zhen.yml': 'rules:\n  typo/cjk-latin-spacing: error\n', 'file:///ws/a.md': '用AI写\n' };
  let initializedSent = false;
  const early: string[] = [];
  worker.on('message', (m: Msg) => {
    if (m.method && m.id !== undefined) {
      requests.push(m.method);
      // LSP: no server requests before the client's `initialized` (VS Code's client drops them).
      if (!initializedSent) {
        early.push(m.method);
        worker.postMessage({ jsonrpc: '2.0', id: m.id, error: { code: -32002, message: 'server not initialized' } });
        return;
      }
      let result: unknown = null;
      if (m.method === 'workspace/configuration') result = m.params.items.map(() => ({}));
      if (m.method === 'zhen/findFiles') result = ['file:///ws/a.md'];
      if (m.method === 'zhen/readFile') result = files[m.params.uri] ?? null;
      worker.postMessage({ jsonrpc: '2.0', id: m.id, result });
      for (const w of waiters.splice(0)) w();
    } else if (m.id !== undefined) pending.get(m.id as number)?.(m);
  });
  let nextId = 1;
  const request = (method: string, params: unknown) =>
    new Promise<Msg>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), 10_000);
      pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      worker.postMessage({ jsonrpc: '2.0', id, method, params });
    });
  const notify = (method: string, params: unknown) => worker.postMessage({ jsonrpc: '2.0', method, params });
  try {
    const init = await request('initialize', {
      processId: null,
      rootUri: 'file:///ws',
      workspaceFolders: [{ uri: 'file:///ws', name: 'ws' }],
      capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: {} } },
    });
    assert.ok(init.result?.capabilities?.diagnosticProvider);
    initializedSent = true;
    notify('initialized', {});
    notify('textDocument/didOpen', { textDocument: { uri: 'file:///ws/a.md', languageId: 'markdown', version: 1, text: '用AI写\n' } });
    const diag = await request('textDocument/diagnostic', { textDocument: { uri: 'file:///ws/a.md' } });
    const items = diag.result.items as Array<{ code: string; severity: number }>;
    assert.equal(items.length, 1);
    assert.ok(items.every((d) => d.code === 'typo/cjk-latin-spacing' && d.severity === 1), '.zhen.yml read through zhen/readFile');
    // The index asks for the folder's Markdown files through the client.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no zhen/findFiles request')), 10_000);
      const check = () => (requests.includes('zhen/findFiles') ? (clearTimeout(timer), resolve()) : waiters.push(check));
      check();
    });
    assert.ok(requests.includes('zhen/readFile'));
    assert.deepEqual(early, [], 'no requests before initialized');
  } finally {
    await worker.terminate();
  }
});
