/**
 * A minimal LSP client for the language-server tests. The server runs in the test's own process by
 * default: the same `startServer` with the Node host, lifecycle gate and strict framing that
 * `dist/server.js --stdio` wires up, over a pair of in-memory streams (index worker threads run
 * dist/server.js). With `process: true` (or `server`, `nodeArgs`, ZHEN_TEST_SERVER) it spawns the
 * built `dist/server.js --stdio`, for what only a process shows: exit codes, a closed pipe, framing
 * faults, memory. Either way it speaks JSON-RPC to it, answers the server's requests (configuration, registrations, progress,
 * applyEdit) and records its notifications so tests can await them (with timeouts, never sleeps).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LifecycleGate } from '../../server/src/lsp/lifecycle';
import { startServer } from '../../server/src/lsp/server';
import { FramedMessageWriter, StrictMessageReader } from '../../server/src/node/framing';
import { nodeHost } from '../../server/src/node/host';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ApplyWorkspaceEditParams, ClientCapabilities, ConfigurationParams, Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/repo';

export { repoRoot };
/** The server under test: `dist/server.js`, or another build named by ZHEN_TEST_SERVER (e.g. main's, to see a test fail there). */
export const serverPath = process.env.ZHEN_TEST_SERVER ?? join(repoRoot, 'dist', 'server.js');

export interface StartOptions {
  /** Files to create in the temp workspace: root-relative path → text. */
  files?: Record<string, string>;
  /** Advertise pull diagnostics (default true). */
  pull?: boolean;
  /** Advertise dynamic registration of file watchers (default true). */
  watch?: boolean;
  /** Settings returned for `workspace/configuration` section `zhen` (per scopeUri if a function). */
  settings?: Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown> | Promise<Record<string, unknown>>);
  locale?: string;
  initializationOptions?: Record<string, unknown>;
  /** Another build of the server to spawn (default `dist/server.js`). */
  server?: string;
  /** Node options for the server process (e.g. `--expose-gc`). */
  nodeArgs?: string[];
  /** Spawn the built server as a process (implied by `server`, `nodeArgs` and ZHEN_TEST_SERVER). */
  process?: boolean;
  /** Client capabilities merged over the defaults (per top-level key). */
  capabilities?: ClientCapabilities;
}

const DEFAULT_TIMEOUT = 10_000;

export class TestClient {
  readonly dir: string;
  /** The server process, when there is one. */
  private readonly child?: ChildProcessWithoutNullStreams;
  /** The server in this process: the streams to and from it. */
  private readonly inProcess?: { toServer: PassThrough; toClient: PassThrough };
  readonly conn: MessageConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly logs: string[] = [];
  readonly progress: Array<{ token: unknown; value: { kind: string; message?: string; percentage?: number } }> = [];
  refreshes = 0;
  /** Requests the server sent before `initialized` (LSP forbids them; VS Code drops them). */
  readonly earlyRequests: string[] = [];
  private initializedSent = false;
  configurationRequests = 0;
  /** `window/showMessage` notifications received. */
  messages: { type: number; message: string }[] = [];
  settings: StartOptions['settings'];
  initializeResult?: InitializeResult;
  private readonly versions = new Map<string, number>();
  private waiters: Array<() => void> = [];
  stderr = '';
  private readonly opts: StartOptions;

  private constructor(opts: StartOptions) {
    this.opts = opts;
    this.dir = mkdtempSync(join(tmpdir(), 'zhen-lsp-'));
    for (const [p, text] of Object.entries(opts.files ?? {})) this.write(p, text);
    this.settings = opts.settings;
    if (opts.process || opts.server || opts.nodeArgs || process.env.ZHEN_TEST_SERVER) {
      const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.server ?? serverPath, '--stdio'], { stdio: 'pipe' });
      this.child = proc;
      proc.stderr.on('data', (d) => (this.stderr += String(d)));
      // A server that exits (as some tests make it) leaves writes to its stdin failing: not an error here.
      proc.stdin.on('error', () => undefined);
      this.conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    } else {
      // As serverMain.ts wires a stdio server, on streams of this process.
      const toServer = new PassThrough();
      const toClient = new PassThrough();
      const reader = new StrictMessageReader(toServer, (why) => (this.stderr += `[zhen] bad message framing: ${why}\n`));
      const writer = new FramedMessageWriter(toClient);
      const gate = new LifecycleGate(reader, writer);
      const server = createConnection(ProposedFeatures.all, gate, writer, { messageStrategy: gate.dispatch });
      startServer(server, nodeHost(serverPath), { busy: () => gate.busy() });
      this.inProcess = { toServer, toClient };
      this.conn = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    }
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.wake();
    });
    this.conn.onNotification('$/progress', (p: TestClient['progress'][number]) => {
      this.progress.push(p);
      this.wake();
    });
    this.conn.onRequest((method: string) => {
      this.earlyRequests.push(`unhandled ${method}`);
      return null;
    });
    this.conn.onRequest('workspace/configuration', (p: ConfigurationParams) => {
      if (!this.initializedSent) this.earlyRequests.push('workspace/configuration');
      this.configurationRequests++;
      return Promise.all(p.items.map((i) => (i.section === 'zhen' ? (typeof this.settings === 'function' ? this.settings(i.scopeUri) : (this.settings ?? {})) : null)));
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.wake();
      return null;
    });
    this.conn.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(p);
      this.wake();
      return { applied: true };
    });
    this.conn.listen();
  }

  /** The server process (only for a client started with `process: true`). */
  get proc(): ChildProcessWithoutNullStreams {
    if (!this.child) throw new Error('this server runs in the test process: start it with { process: true } to reach its process');
    return this.child;
  }

  /** The server's process id (this process's for a server in it). */
  get pid(): number | undefined {
    return this.child ? this.child.pid : process.pid;
  }

  /**
   * CPU time (ms, user + system) the server process's main thread has used so far, from
   * /proc/PID/task/PID/stat (Linux; undefined elsewhere, or for a server in this process). The work
   * a request waits behind is this thread's, and unlike wall time it does not grow when other
   * processes share the cores.
   */
  mainThreadCpuMs(): number | undefined {
    const pid = this.child?.pid;
    if (!pid) return undefined;
    try {
      const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
      // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15, in clock ticks
      // (USER_HZ, 100 per second on Linux).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      return Number.isFinite(ticks) ? ticks * 10 : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether the server is still serving (its process has not exited). */
  get running(): boolean {
    return this.child ? this.child.exitCode === null && this.child.signalCode === null : true;
  }

  static async start(opts: StartOptions = {}): Promise<TestClient> {
    const c = new TestClient(opts);
    await c.initialize();
    return c;
  }

  /** A server with a connection, not initialized yet (for lifecycle tests; a process, unless `process: false`). */
  static spawn(opts: StartOptions = {}): TestClient {
    return new TestClient({ process: true, ...opts });
  }

  /** `initialize` then `initialized`, with the options the client was spawned with. */
  async initialize(): Promise<InitializeResult> {
    const opts = this.opts;
    const pull = opts.pull ?? true;
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: opts.watch ?? true },
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
        diagnostics: { refreshSupport: true },
        workspaceFolders: true,
      },
      window: { workDoneProgress: true },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { versionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown'] },
        ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
    };
    for (const [k, v] of Object.entries(opts.capabilities ?? {})) (capabilities as Record<string, unknown>)[k] = { ...((capabilities as Record<string, object>)[k] ?? {}), ...v };
    const rootUri = this.uri('');
    this.initializeResult = await this.request<InitializeResult>('initialize', {
      // A server in this process is not told a parent to watch (the library's watchdog would poll it and keep the test alive).
      processId: this.child ? process.pid : null,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities,
      locale: opts.locale ?? 'en',
      initializationOptions: opts.initializationOptions,
    });
    this.initializedSent = true;
    this.conn.sendNotification('initialized', {});
    return this.initializeResult;
  }

  /** Resolves with the server's exit code (null if killed) once it has exited, or rejects after `ms`. */
  exited(ms = DEFAULT_TIMEOUT): Promise<number | null> {
    const proc = this.proc;
    return withTimeout(new Promise<number | null>((r) => (proc.exitCode !== null ? r(this.proc.exitCode) : this.proc.once('exit', (code) => r(code)))), ms, `the server did not exit. stderr:\n${this.stderr}`);
  }

  /** file:// URI of a root-relative path ('' for the root itself, without a trailing slash). */
  uri(rel: string): string {
    return pathToFileURL(join(this.dir, rel)).href.replace(/\/$/, '');
  }

  remove(rel: string): void {
    rmSync(join(this.dir, rel), { force: true });
  }

  write(rel: string, text: string): void {
    const p = join(this.dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }

  request<R>(method: string, params: unknown, ms = DEFAULT_TIMEOUT): Promise<R> {
    return withTimeout(this.conn.sendRequest<R>(method, params), ms, `${method} timed out. stderr:\n${this.stderr}`);
  }

  notify(method: string, params: unknown): void {
    void this.conn.sendNotification(method, params);
  }

  open(rel: string, text: string): string {
    const uri = this.uri(rel);
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return uri;
  }

  /** Send incremental changes; returns the new version. */
  change(uri: string, changes: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }>): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async pull(uri: string, ms = DEFAULT_TIMEOUT): Promise<Diagnostic[]> {
    const r = await this.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }, ms);
    return r.items;
  }

  /** Resolve when `check()` returns a value (re-checked after every message from the server). */
  async waitFor<T>(what: string, check: () => T | undefined, timeout = DEFAULT_TIMEOUT): Promise<T> {
    const first = check();
    if (first !== undefined) return first;
    return withTimeout(
      new Promise<T>((resolve) => {
        const tryIt = () => {
          const v = check();
          if (v !== undefined) resolve(v);
          else this.waiters.push(tryIt);
        };
        this.waiters.push(tryIt);
      }),
      timeout,
      `timed out waiting for ${what}. stderr:\n${this.stderr}\nlogs:\n${this.logs.join('\n')}`,
    );
  }

  /** The latest published diagnostics for a uri satisfying `pred`. */
  waitForPublished(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`publishDiagnostics for ${uri}`, () => [...this.published].reverse().find((p) => p.uri === uri && pred(p)));
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  async stop(): Promise<void> {
    if (this.inProcess) {
      // `shutdown`, never `exit` (the library's answer to `exit` is process.exit). The server's
      // connection stays open: what it still sends (a debounced push, an index in progress) is
      // read and dropped, as a killed process's would be lost.
      await withTimeout(this.conn.sendRequest('shutdown'), 3000, 'shutdown').catch(() => undefined);
      this.conn.dispose();
      this.inProcess.toClient.removeAllListeners('data');
      this.inProcess.toClient.resume();
      rmSync(this.dir, { recursive: true, force: true });
      if (this.earlyRequests.length) throw new Error(`the server sent requests before initialized: ${this.earlyRequests.join(', ')}`);
      return;
    }
    try {
      if (this.proc.exitCode === null && this.proc.signalCode === null) {
        await withTimeout(this.conn.sendRequest('shutdown'), 3000, 'shutdown');
        void this.conn.sendNotification('exit');
      }
    } catch {
      /* the process is killed below anyway */
    }
    await withTimeout(new Promise<void>((r) => (this.proc.exitCode !== null ? r() : this.proc.once('exit', () => r()))), 3000, 'exit').catch(() => this.proc.kill());
    this.conn.dispose();
    rmSync(this.dir, { recursive: true, force: true });
    if (this.earlyRequests.length) throw new Error(`the server sent requests before initialized: ${this.earlyRequests.join(', ')}`);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}

/** Apply LSP text edits to a text (test-side, independent of the server's conversion). */
export function applyLspEdits(text: string, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  for (const e of sorted) text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  return text;
}
