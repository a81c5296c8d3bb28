// dist/server.js: Zhen's language server on Node (`node dist/server.js --stdio`).
import { runNodeServer } from './serverMain';

runNodeServer();
