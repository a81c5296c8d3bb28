/** What the benchmarks that drive `dist/server.js` over stdio share: the client's `initialize` request. */
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';

/** `initialize` for a workspace folder, with the capabilities of the VS Code client the measures stand for (pull diagnostics, code actions, progress). */
export async function initialize(conn: MessageConnection, rootDir: string): Promise<void> {
  const root = pathToFileURL(rootDir).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'bench' }],
    capabilities: { textDocument: { diagnostic: {}, synchronization: {}, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } }, workspace: { configuration: true }, window: { workDoneProgress: true } },
  });
}
