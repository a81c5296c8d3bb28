// dist/client.web.js: the web client (vscode.dev). Runs dist/server.web.js in a Worker and
// answers its file requests with vscode.workspace.fs / findFiles (the worker has no disk).
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import { FindFilesRequest, ReadFileRequest, type FindFilesParams, type ReadFileParams } from '../../server/src/lsp/protocol';
import { CLIENT_ID, CLIENT_NAME, clientOptions, startClient } from './startClient';


export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const workerUrl = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.web.js').toString(true);
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(output);
  // Any scheme: on vscode.dev files live under vscode-vfs:// and similar.
  const selector = [{ language: 'markdown' }];
  // Hand the client transports rather than the Worker: VS Code's worker extension host wraps the
  // global Worker constructor, so the client's own `instanceof Worker` test fails there.
  const transports = async () => {
    const worker = new Worker(await workerScript(workerUrl));
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  const create = () => {
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, transports, clientOptions(selector, output));
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
  await startClient(context, create);
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}

/**
 * A Worker cannot start from a `vscode-remote:` URL (an extension installed on a remote server, as
 * in code-server, but run in the browser's worker host): fetch the script (the host's fetch
 * resolves such URLs) and start it from a blob: URL. Other URLs (vscode.dev's CDN) are used as is.
 */
async function workerScript(url: string): Promise<string> {
  if (!/^vscode-remote:/i.test(url)) return url;
  const text = await (await fetch(url)).text();
  return URL.createObjectURL(new Blob([text], { type: 'application/javascript' }));
}
