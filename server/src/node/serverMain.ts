/**
 * Starts Zhen's language server on Node. The transport comes from the command line, as
 * vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=N`. Used by
 * `dist/server.js` (the VS Code client, over IPC) and by `zhen server --stdio` (other editors).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';
import { nodeHost } from './host';

const TRANSPORTS = /^--(stdio|node-ipc|socket=\d+|pipe=.+|clientProcessId=\d+)$/;

/** Create the connection from `argv` and serve. Returns false (after printing usage) when no transport is given. */
export function runNodeServer(argv: readonly string[] = process.argv): boolean {
  if (!argv.some((a) => /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/.test(a))) {
    process.stderr.write('Usage: zhen server --stdio | --node-ipc | --socket=PORT\n');
    process.exitCode = 2;
    return false;
  }
  // vscode-languageserver reads process.argv; make sure it sees the transport we were given.
  for (const a of argv) if (TRANSPORTS.test(a) && !process.argv.includes(a)) process.argv.push(a);
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (err) => connection.console.error(`[zhen] uncaught: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => connection.console.error(`[zhen] unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  startServer(connection, nodeHost());
  return true;
}
