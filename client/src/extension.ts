// dist/client.js: the desktop client. Starts dist/server.js over IPC.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_ID, CLIENT_NAME, CONFIG_DOCUMENTS, clientOptions, startClient, type ZhenApi } from './startClient';

export async function activate(context: vscode.ExtensionContext): Promise<ZhenApi> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(output);
  // vscode-vfs: virtual workspaces (GitHub Repositories); the server then sees the open posts only.
  const selector = [
    { scheme: 'file', language: 'markdown' },
    { scheme: 'untitled', language: 'markdown' },
    { scheme: 'vscode-vfs', language: 'markdown' },
    CONFIG_DOCUMENTS,
  ];
  return startClient(context, (restarts, reports) => new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions(selector, output, restarts, reports)), output);
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
