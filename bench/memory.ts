/**
 * The language server's memory at rest, counted from a heap snapshot: the server (dist/server.js, or
 * `--server PATH`) with no workspace and one tiny post open, or (`--corpus`) after it indexed the corpus
 * (a copy of ../shared/corpus/posts that reads as a git work tree; `first` builds the index from every
 * post, `kept` is a second start on the index it kept). For each state: RSS from /proc, then the heap by
 * snapshot category (strings, code, hidden classes, objects, arrays, closures), the
 * number of hidden classes, and the largest strings (the bundle's source among them: its self size says
 * whether V8 holds it one byte a character or two).
 *
 *   node esbuild.mjs --bench && node out/bench/memory.js [--server dist/server.js] [--corpus] [--json] [--node-flag F]…
 *
 * `--node-flag F` passes a flag to the server's Node (`--node-flag --max-semi-space-size=4`), as a client could.
 *
 * Counts and bytes, not times: it can run beside other work.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { args, corpus, opt, repo } from './args';

const server = resolve(opt('--server') ?? join(repo, 'dist', 'server.js'));
const nodeFlags = args.flatMap((a, i) => (args[i - 1] === '--node-flag' ? [a] : []));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** A heap snapshot's nodes summed by category, with the hidden classes counted and the largest strings. */
function readSnapshot(file: string) {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const [fType, fName, fSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byType = new Map<string, { count: number; bytes: number }>();
  const add = (k: string, bytes: number) => {
    const e = byType.get(k) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += bytes;
    byType.set(k, e);
  };
  const strings: Array<{ bytes: number; head: string }> = [];
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + fType]];
    const name = s.strings[s.nodes[i + fName]];
    const size = s.nodes[i + fSize];
    total += size;
    if (type === 'string') {
      add('string', size);
      if (size > 100_000) strings.push({ bytes: size, head: name.slice(0, 60) });
    } else if (type === 'hidden' && name === 'system / Map') add('hidden classes (maps)', size);
    else if (type === 'hidden' || type === 'array' && name.startsWith('(')) add(`${type} ${name.startsWith('system /') ? name : '(other)'}`.replace('system / ', ''), size);
    else add(type, size);
  }
  strings.sort((a, b) => b.bytes - a.bytes);
  return { totalMb: total / 2 ** 20, byType: [...byType].sort((a, b) => b[1].bytes - a[1].bytes), largestStrings: strings.slice(0, 6) };
}

async function session(root: string | undefined, env: NodeJS.ProcessEnv, dump: string) {
  const proc = spawn(process.execPath, [...nodeFlags, '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dump}`, server, '--stdio'], { stdio: 'pipe', env });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  const ended = new Promise<void>((resolve) => conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind === 'end') resolve();
    }));
  conn.listen();
  const dir = root ?? mkdtempSync(join(tmpdir(), 'zhen-memory-'));
  const uri = pathToFileURL(dir).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'memory' }],
    capabilities: { textDocument: { diagnostic: {}, synchronization: {} }, workspace: { configuration: true }, window: { workDoneProgress: true } },
  });
  await conn.sendNotification('initialized', {});
  const post = pathToFileURL(join(dir, 'tiny.md')).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: post, languageId: 'markdown', version: 1, text: '# 标题\n\n这是一个 test 段落。\n' } });
  await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: post } });
  if (root) await ended;
  await sleep(3000);
  const mem = rssMb(proc.pid!);
  const before = new Set(readdirSync(dump));
  proc.kill('SIGUSR2');
  let file: string | undefined;
  for (let i = 0; i < 600 && !file; i++) {
    await sleep(500);
    const f = readdirSync(dump).find((n) => !before.has(n) && n.endsWith('.heapsnapshot'));
    // Written when its size stops growing.
    if (f) {
      const size = () => readFileSync(join(dump, f)).length;
      const a = size();
      await sleep(1000);
      if (size() === a && a > 0) file = join(dump, f);
    }
  }
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  conn.dispose();
  proc.kill();
  if (!root) rmSync(dir, { recursive: true, force: true });
  return { ...mem, heap: file ? readSnapshot(file) : undefined };
}

async function main() {
  const dump = mkdtempSync(join(tmpdir(), 'zhen-memory-dump-'));
  const results: Record<string, unknown> = {};
  try {
    results.empty = await session(undefined, process.env, dump);
    if (args.includes('--corpus') && existsSync(corpus)) {
      const root = mkdtempSync(join(tmpdir(), 'zhen-memory-corpus-'));
      const cache = mkdtempSync(join(tmpdir(), 'zhen-memory-cache-'));
      cpSync(corpus, root, { recursive: true });
      mkdirSync(join(root, '.git'));
      const env = { ...process.env, ZHEN_CACHE_DIR: cache };
      results.first = await session(root, env, dump);
      results.kept = await session(root, env, dump);
      rmSync(root, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  } finally {
    rmSync(dump, { recursive: true, force: true });
  }
  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify(results, null, 1) + '\n');
    return;
  }
  for (const [state, r] of Object.entries(results) as Array<[string, Awaited<ReturnType<typeof session>>]>) {
    const lines = [`## ${state}: RSS ${r.rss.toFixed(1)} MB (peak ${r.peak.toFixed(1)} MB); heap in the snapshot ${r.heap?.totalMb.toFixed(1)} MB`];
    for (const [k, v] of r.heap?.byType.slice(0, 12) ?? []) lines.push(`  ${k.padEnd(28)} ${(v.bytes / 2 ** 20).toFixed(2).padStart(7)} MB ${String(v.count).padStart(8)}`);
    for (const s of r.heap?.largestStrings ?? []) lines.push(`  string ${(s.bytes / 2 ** 20).toFixed(2)} MB: ${JSON.stringify(s.head)}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
}

void main();
