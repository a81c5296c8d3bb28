// dist/server.web.js: Zhen's language server in a web worker (vscode.dev, github.dev).
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../lsp/server';
import { browserHost } from './host';

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, browserHost(connection));
