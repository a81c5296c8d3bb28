// dist/client.web.js: the web client (vscode.dev). Runs dist/server.web.js in a Worker and
// answers its file requests with vscode.workspace.fs / findFiles (the worker has no disk).
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports } from 'vscode-languageclient/browser';
import { FindFilesRequest, ReadFileRequest, type FindFilesParams, type ReadFileParams } from '../../server/src/lsp/protocol';
import { CLIENT_ID, CLIENT_NAME, CONFIG_DOCUMENTS, clientOptions, startClient, type ZhenApi } from './startClient';
import type { Reports } from './reports';
import type { RestartHandler } from './restart';


export async function activate(context: vscode.ExtensionContext): Promise<ZhenApi> {
  const workerUri = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.web.js');
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(output);
  // Any scheme: on vscode.dev files live under vscode-vfs:// and similar.
  const selector = [{ language: 'markdown' }, CONFIG_DOCUMENTS];
  let worker: Worker | undefined;
  // Transports, not the Worker itself: the web extension host replaces `Worker` with a wrapper
  // function, so the client's `instanceof Worker` test fails on what it returns.
  const transports = async (): Promise<MessageTransports> => {
    worker?.terminate();
    worker = await createWorker(workerUri);
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  context.subscriptions.push({ dispose: () => worker?.terminate() });
  const create = (restarts: RestartHandler, reports: Reports) => {
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, transports, clientOptions(selector, output, restarts, reports));
    client.onRequest(ReadFileRequest, async ({ uri }: ReadFileParams) => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)));
      } catch {
        return null;
      }
    });
    client.onRequest(FindFilesRequest, async ({ folderUri, include, exclude }: FindFilesParams) => {
      const excludes = ['**/node_modules/**', '**/.git/**', ...exclude];
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.parse(folderUri), include), `{${excludes.join(',')}}`);
      return found.map((u) => u.toString());
    });
    return client;
  };
  return startClient(context, create, output);
}

/**
 * The server's worker. On vscode.dev the extension is served over https and a Worker can load it
 * directly; when the extension comes from a remote (code-server, Codespaces: `vscode-remote://`),
 * the web extension host refuses such workers, so load the script with the host's `fetch` (which
 * resolves remote URIs) and start the worker from a blob.
 */
async function createWorker(uri: vscode.Uri): Promise<Worker> {
  if (uri.scheme !== 'vscode-remote') return new Worker(uri.toString(true));
  const response = await fetch(uri.toString(true));
  if (!response.ok) throw new Error(`Zhen: cannot load ${uri.toString(true)}: HTTP ${response.status}`);
  const blob = new Blob([await response.text()], { type: 'application/javascript' });
  return new Worker(URL.createObjectURL(blob));
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
