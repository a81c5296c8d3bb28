/**
 * The fuzzer's language-server session: one `dist/server.js --stdio` per worker, fed documents
 * with random incremental edit sequences, then diagnostic pulls, hovers, code actions (quick fixes
 * and source.fixAll) and completions. Checks: every request answers (within a time limit) without
 * an error; the server logs no error (its handlers catch and log); every range lies inside the
 * document and splits no surrogate pair; no `internal` diagnostic; applying the fix-all action
 * and asking again gives no edit.
 *
 * Also (#15): version games (changes that do not bump the version, or lower it) with the property
 * that results follow the text (a close and reopen of the final text gives the same diagnostics);
 * config swaps (a new `.zhen.yml`, hostile patterns included) mid-session with the same
 * properties; and framing faults, after which the server must exit with an error code (not go
 * deaf), and is started again.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, Hover, Position, Range, TextEdit as LspTextEdit } from 'vscode-languageserver-protocol';
import { computeLineStarts, offsetAt, positionAt, splitsSurrogate } from '../../server/src/core/index';
import type { Problem } from './check';
import { Rng, generateConfig, randomEdit } from './mutate';

const REQUEST_TIMEOUT = 20_000;

export interface ServerStep {
  kind: 'edit' | 'pull' | 'config' | 'frame';
  start?: number;
  end?: number;
  newText?: string;
  /** An edit sent with the version unchanged or lowered (a sloppy client). */
  badVersion?: 'same' | 'lower';
  /** `config`: the new `.zhen.yml` text. */
  configText?: string;
  /** `frame`: raw bytes of a bad frame (the session's last step). */
  frame?: string;
}

/** Configs with patterns that would hang a backtracking engine. */
const HOSTILE_CONFIGS = [
  'claims:\n  cues:\n    - pattern: "(a+)+$"\n    - pattern: "(x+x+)+y"\n',
  'claims:\n  ignore:\n    - pattern: "(.*a){12}"\n    - pattern: "据(?=报告)"\n',
];

/** Bad frames: each must make the server exit with an error code. */
function badFrame(rng: Rng): string {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 99_999, method: 'zhen/indexStatus', params: {} });
  const n = Buffer.byteLength(body);
  return rng.pick([
    `Content-Length: ${n - rng.int(1, 10)}\r\n\r\n${body}`,
    `Content-Length: ${n + rng.int(1, 10)}\r\n\r\n${body}`,
    `Content-Length: ${rng.pick(['abc', '-3', '1e3', ''])}\r\n\r\n${body}`,
    `Content-Type: application/json\r\n\r\n${body}`,
    `Content-Length: ${n}\n\n${body}`,
    `${'x'.repeat(rng.int(1, 20))}\r\n\r\n${body}`,
  ]);
}

export class FuzzServer {
  private proc!: ChildProcessWithoutNullStreams;
  private conn!: MessageConnection;
  private readonly dir = mkdtempSync(join(tmpdir(), 'zhen-fuzz-'));
  private errors: string[] = [];
  private stderr = '';
  private docs = 0;
  dead = false;

  constructor(private readonly serverPath: string) {}

  async start(): Promise<void> {
    this.dead = false;
    this.errors = [];
    this.proc = spawn(process.execPath, [this.serverPath, '--stdio'], { stdio: 'pipe' });
    this.proc.stderr.on('data', (d) => (this.stderr = (this.stderr + String(d)).slice(-4000)));
    this.proc.on('exit', () => (this.dead = true));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1) this.errors.push(p.message);
    });
    this.conn.onNotification(() => undefined);
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.conn.onRequest(() => null);
    this.conn.listen();
    const rootUri = pathToFileURL(this.dir).href;
    await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'fuzz' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
        textDocument: {
          diagnostic: { dynamicRegistration: false },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown'] },
        },
      },
      locale: 'en',
    });
    this.conn.sendNotification('initialized', {});
  }

  async stop(): Promise<void> {
    try {
      if (!this.dead) {
        await this.request('shutdown', null).catch(() => undefined);
        this.conn.sendNotification('exit');
      }
    } finally {
      setTimeout(() => this.proc.kill(), 500).unref();
      this.conn.dispose();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private request<R>(method: string, params: unknown): Promise<R> {
    let timer: ReturnType<typeof setTimeout>;
    return Promise.race([
      this.conn.sendRequest<R>(method, params).finally(() => clearTimeout(timer)),
      new Promise<R>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${method}: no answer in ${REQUEST_TIMEOUT / 1000} s`)), REQUEST_TIMEOUT);
      }),
    ]);
  }

  /** The steps of a session on `text`, drawn from the rng (saved with a failing input to replay it). */
  static plan(rng: Rng, text: string): ServerStep[] {
    const steps: ServerStep[] = [];
    let t = text;
    for (let n = rng.int(1, 12); n > 0; n--) {
      if (rng.chance(0.25)) steps.push({ kind: 'pull' });
      if (rng.chance(0.08)) steps.push({ kind: 'config', configText: rng.chance(0.3) ? rng.pick(HOSTILE_CONFIGS) : generateConfig(rng) });
      const e = randomEdit(rng, t);
      // An LSP position cannot point between the \r and \n of a line break (servers clamp it).
      const inCrlf = (o: number) => o > 0 && t.charCodeAt(o - 1) === 13 && t.charCodeAt(o) === 10;
      if (inCrlf(e.start)) e.start--;
      if (inCrlf(e.end)) e.end++;
      const step: ServerStep = { kind: 'edit', ...e };
      if (rng.chance(0.15)) step.badVersion = rng.chance(0.5) ? 'same' : 'lower';
      steps.push(step);
      t = t.slice(0, e.start) + e.newText + t.slice(e.end);
    }
    if (rng.chance(0.05)) steps.push({ kind: 'frame', frame: badFrame(rng) });
    return steps;
  }

  /** Run one session. Never throws; a dead or hung server is a problem and is restarted. */
  async session(text: string, steps: readonly ServerStep[], rng: Rng): Promise<Problem[]> {
    const problems: Problem[] = [];
    if (this.dead) await this.start();
    this.errors = [];
    const uri = pathToFileURL(join(this.dir, `doc-${++this.docs}.md`)).href;
    let version = 1;
    let current = text;
    try {
      this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
      let frame: string | undefined;
      for (const s of steps) {
        if (s.kind === 'pull') {
          problems.push(...this.checkDiagnostics(current, await this.pull(uri)));
          continue;
        }
        if (s.kind === 'config') {
          this.swapConfig(s.configText);
          continue;
        }
        if (s.kind === 'frame') {
          frame = s.frame;
          continue;
        }
        const ls = computeLineStarts(current);
        const range = { start: positionAt(ls, s.start!), end: positionAt(ls, s.end!) };
        current = current.slice(0, s.start) + s.newText + current.slice(s.end);
        // A sloppy client: the same version again, or a lower one. The server keys results by content.
        const v = s.badVersion === 'same' ? version : s.badVersion === 'lower' ? Math.max(0, version - 1) : ++version;
        this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text: s.newText }] });
      }
      const diagnostics = await this.pull(uri);
      problems.push(...this.checkDiagnostics(current, diagnostics));
      const ls = computeLineStarts(current);
      const randomPos = (): Position => positionAt(ls, rng.int(0, current.length));
      for (let k = 0; k < 3; k++) {
        const pos = k === 0 && diagnostics.length ? diagnostics[0].range.start : randomPos();
        const h = await this.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos });
        if (h?.range) problems.push(...rangeProblems(current, h.range, 'hover'));
      }
      await this.request('textDocument/completion', { textDocument: { uri }, position: randomPos() });
      // Quick fixes for a few diagnostics, as the editor asks for them.
      for (const d of diagnostics.slice(0, 4)) {
        const actions = await this.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
        for (const a of actions ?? []) for (const e of editsOf(a, uri)) problems.push(...rangeProblems(current, e.range, `quick fix "${a.title}"`));
      }
      // Fix all, applied, then asked again: nothing more.
      const fixed = await this.fixAll(uri, current);
      if (fixed.problems.length) problems.push(...fixed.problems);
      else if (fixed.text !== undefined && fixed.text !== current) {
        current = fixed.text;
        this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: current }] });
        const again = await this.fixAll(uri, current);
        problems.push(...again.problems);
        if (again.text !== undefined && again.text !== current) problems.push({ kind: 'server-fix-idempotent', message: 'a second source.fixAll changes the text' });
      }
      problems.push(...(await this.sameAfterReopen(uri, current)));
      if (steps.some((x) => x.kind === 'config')) this.swapConfig(undefined); // the next session starts without it
      if (frame !== undefined) {
        problems.push(...(await this.loggedErrors()));
        problems.push(...(await this.frameFault(frame)));
        return problems;
      }
    } catch (err) {
      problems.push({ kind: this.dead ? 'server-crash' : 'server-request', message: `${err instanceof Error ? err.message : String(err)}${this.dead ? `\nstderr: ${this.stderr}` : ''}` });
    }
    if (!this.dead) this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    if (this.dead) {
      problems.push({ kind: 'server-crash', message: `the server exited. stderr: ${this.stderr}` });
      await this.start().catch(() => undefined);
    } else problems.push(...(await this.loggedErrors()));
    return problems;
  }

  /** Anything logged as an error while serving this document (handlers catch and log). */
  private async loggedErrors(): Promise<Problem[]> {
    await this.request('zhen/indexStatus', {}).catch(() => undefined); // a round trip: logs sent before it have arrived
    return this.errors.map((e) => ({ kind: 'server-error', rule: /\[zhen\] (\S+) failed/.exec(e)?.[1], message: e.slice(0, 1500) }));
  }

  /**
   * Results follow the text: the diagnostics of the document as it is, and after a close and a
   * reopen of the same text at version 1 (asked with the last result id), are the same.
   */
  private async sameAfterReopen(uri: string, text: string): Promise<Problem[]> {
    const a = await this.request<{ kind: string; resultId?: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const b = await this.request<{ kind: string; resultId?: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: a.resultId });
    if (b.kind === 'unchanged') return [];
    const key = (d: Diagnostic) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.message)}`;
    const x = (a.items ?? []).map(key).sort().join('\n');
    const y = (b.items ?? []).map(key).sort().join('\n');
    return x === y ? [] : [{ kind: 'server-stale', message: `the diagnostics of the same text differ after a reopen:\n${x.slice(0, 600)}\n---\n${y.slice(0, 600)}` }];
  }

  /** A new `.zhen.yml` (undefined: none), announced as a watched-file change. */
  private swapConfig(text: string | undefined): void {
    const path = join(this.dir, '.zhen.yml');
    if (text === undefined) rmSync(path, { force: true });
    else writeFileSync(path, text);
    this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type: 2 }] });
  }

  /** A bad frame: the server must log it and exit with an error code within seconds, never go deaf. */
  private async frameFault(frame: string): Promise<Problem[]> {
    const exited = new Promise<number | null>((r) => (this.proc.exitCode !== null ? r(this.proc.exitCode) : this.proc.once('exit', (code) => r(code))));
    this.stderr = '';
    this.proc.stdin.on('error', () => undefined);
    this.proc.stdin.write(frame);
    const code = await Promise.race([exited, new Promise<'deaf'>((r) => setTimeout(() => r('deaf'), 8000))]);
    const problems: Problem[] = [];
    if (code === 'deaf') {
      problems.push({ kind: 'server-deaf', message: `still running 8 s after a bad frame ${JSON.stringify(frame.slice(0, 60))}` });
      this.proc.kill();
    } else if (code === 0 || code === null) problems.push({ kind: 'server-framing', message: `exit code ${code} after a bad frame ${JSON.stringify(frame.slice(0, 60))}` });
    else if (!/framing/.test(this.stderr)) problems.push({ kind: 'server-framing', message: `no framing fault logged: ${this.stderr.slice(-300)}` });
    this.conn.dispose();
    await this.start();
    return problems;
  }

  private async pull(uri: string): Promise<Diagnostic[]> {
    const r = await this.request<{ kind: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    return r.items ?? [];
  }

  private async fixAll(uri: string, text: string): Promise<{ text?: string; problems: Problem[] }> {
    const actions = await this.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: positionAt(computeLineStarts(text), text.length) },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const a = (actions ?? []).find((x) => x.kind?.startsWith('source.fixAll'));
    if (!a) return { problems: [] };
    const edits = editsOf(a, uri);
    const problems = edits.flatMap((e) => rangeProblems(text, e.range, 'source.fixAll'));
    if (problems.length) return { problems };
    return { text: applyLsp(text, edits), problems };
  }

  private checkDiagnostics(text: string, diagnostics: readonly Diagnostic[]): Problem[] {
    const out: Problem[] = [];
    for (const d of diagnostics) {
      if (d.code === 'internal') out.push({ kind: 'internal', rule: String((d.data as { rule?: string } | undefined)?.rule ?? 'internal'), message: `through the server: ${d.message}` });
      out.push(...rangeProblems(text, d.range, `diagnostic ${d.code}`));
    }
    return out;
  }
}

function editsOf(a: CodeAction, uri: string): LspTextEdit[] {
  const out: LspTextEdit[] = [];
  for (const dc of a.edit?.documentChanges ?? []) if ('edits' in dc && dc.textDocument.uri === uri) out.push(...(dc.edits as LspTextEdit[]));
  out.push(...(a.edit?.changes?.[uri] ?? []));
  return out;
}

function rangeProblems(text: string, r: Range, what: string): Problem[] {
  const ls = computeLineStarts(text);
  const bad = (p: Position): string | undefined => {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `bad position ${JSON.stringify(p)}`;
    if (p.line >= ls.length) return `line ${p.line} past the end (${ls.length} lines)`;
    const lineEnd = p.line + 1 < ls.length ? ls[p.line + 1] : text.length;
    if (ls[p.line] + p.character > lineEnd) return `character ${p.character} past the end of line ${p.line}`;
    if (splitsSurrogate(text, ls[p.line] + p.character)) return `${JSON.stringify(p)} splits a surrogate pair`;
    return undefined;
  };
  const msg = bad(r.start) ?? bad(r.end);
  const rev = !msg && offsetAt(text, ls, r.start.line, r.start.character) > offsetAt(text, ls, r.end.line, r.end.character) ? 'reversed range' : undefined;
  return msg || rev ? [{ kind: 'server-range', message: `${what}: ${msg ?? rev} in ${JSON.stringify(r)}` }] : [];
}

function applyLsp(text: string, edits: readonly LspTextEdit[]): string {
  const ls = computeLineStarts(text);
  const withOffsets = edits.map((e) => ({ s: ls[e.range.start.line] + e.range.start.character, e: ls[e.range.end.line] + e.range.end.character, t: e.newText }));
  withOffsets.sort((a, b) => b.s - a.s);
  for (const e of withOffsets) text = text.slice(0, e.s) + e.t + text.slice(e.e);
  return text;
}
