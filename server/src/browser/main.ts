// dist/server.web.js: Zhen's language server in a web worker (vscode.dev, github.dev).
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { LifecycleGate } from '../lsp/lifecycle';
import { startServer } from '../lsp/server';
import { browserHost } from './host';

const writer = new BrowserMessageWriter(self);
const gate = new LifecycleGate(new BrowserMessageReader(self), writer);
const connection = createConnection(gate, writer, { messageStrategy: gate.dispatch });
startServer(connection, browserHost(connection), { busy: () => gate.busy() });
