// dist/server.js: Zhen's language server on Node (`node dist/server.js --stdio`).
import { runNodeServer } from './serverMain';
import { isCheckWorker, runCheckWorker } from './check';

// The same file serves as the worker thread that summarises posts for the workspace index.
if (isCheckWorker()) runCheckWorker();
else runNodeServer();
