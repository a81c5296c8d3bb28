/**
 * Starts Zhen's language server on Node. The transport comes from the command line, as
 * vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=N`. Used by
 * `dist/server.js` (the VS Code client, over IPC) and by `zhen server --stdio` (other editors).
 *
 * Over stdio the messages are read strictly (`framing.ts`): a bad frame is logged and the process
 * exits with code 1, so the client starts a new server instead of talking to a deaf one. The
 * process also exits when the client closes the pipe (code 0 after `shutdown`, else 1), and a
 * write to a closed pipe never turns into an exception loop. Every transport goes through the
 * lifecycle gate (`lsp/lifecycle.ts`).
 */
import { createConnection, createServerPipeTransport, createServerSocketTransport, IPCMessageReader, IPCMessageWriter, ProposedFeatures, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { LifecycleGate } from '../lsp/lifecycle';
import { startServer } from '../lsp/server';
import { FramedMessageWriter, StrictMessageReader } from './framing';
import { nodeHost } from './host';

/** Write to stderr, never throwing (stderr may be closed too). */
function stderr(text: string): void {
  try {
    process.stderr.write(`[zhen] ${text}\n`);
  } catch {
    /* nowhere left to say it */
  }
}

function transport(argv: readonly string[], onFault: (why: string) => void): [MessageReader, MessageWriter] | undefined {
  if (argv.includes('--stdio')) {
    // The library would patch console for stdio; with our own reader, keep stdout for messages only.
    for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[k] = (...a: unknown[]) => stderr(a.map(String).join(' '));
    return [new StrictMessageReader(process.stdin, onFault), new FramedMessageWriter(process.stdout)];
  }
  if (argv.includes('--node-ipc')) return [new IPCMessageReader(process), new IPCMessageWriter(process)];
  const socket = argv.map((a) => /^--socket=(\d+)$/.exec(a)?.[1]).find(Boolean);
  if (socket) return createServerSocketTransport(Number(socket));
  const pipe = argv.map((a) => /^--pipe=(.+)$/.exec(a)?.[1]).find(Boolean);
  if (pipe) return createServerPipeTransport(pipe);
  return undefined;
}

/** Create the connection from `argv` and serve. Returns false (after printing usage) when no transport is given. */
export function runNodeServer(argv: readonly string[] = process.argv): boolean {
  let gate: LifecycleGate | undefined;
  const exit = (code: number) => process.exit(code);
  const onFault = (why: string) => {
    stderr(`bad message framing, exiting so that the client restarts the server: ${why}`);
    exit(1);
  };
  const t = transport(argv, onFault);
  if (!t) {
    process.stderr.write('Usage: zhen server --stdio | --node-ipc | --socket=PORT\n');
    process.exitCode = 2;
    return false;
  }
  gate = new LifecycleGate(t[0], t[1]);
  const closed = () => exit(gate?.state === 'shutdown' ? 0 : 1);
  // The client is gone (it closed our stdin, or stopped reading our stdout): exit, quietly.
  gate.onClose(closed);
  t[1].onClose(closed);
  t[1].onError(closed);
  if (argv.includes('--stdio')) process.stdout.on('error', closed);
  const g = gate;
  const connection = createConnection(ProposedFeatures.all, gate, t[1], { messageStrategy: gate.dispatch });
  const report = (what: string, err: unknown) => {
    // Never throw from here: a throwing handler makes Node exit with code 7.
    const text = `${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    stderr(text);
    try {
      connection.console.error(`[zhen] ${text}`);
    } catch {
      /* the pipe is gone */
    }
  };
  process.on('uncaughtException', (err) => report('uncaught', err));
  process.on('unhandledRejection', (err) => report('unhandled rejection', err));
  startServer(connection, nodeHost(), { busy: () => g.busy() });
  return true;
}
