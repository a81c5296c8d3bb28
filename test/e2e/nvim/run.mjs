#!/usr/bin/env node
// Runs lsp-test.lua in headless Neovim (Debian's 0.7.2) against `dist/server.js --stdio` on a
// copy of the example post, with HOME/XDG in a scratch folder (Neovim writes swap and logs there).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ws = process.env.ZHEN_E2E_WORKSPACE;
const post = process.env.ZHEN_E2E_POST;
const scratch = mkdtempSync(join(tmpdir(), 'zhen-nvim-'));
// the test edits the buffer only; it never writes the file
const file = join(ws, post);
const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(root, 'test', 'e2e', 'nvim', 'lsp-test.lua')}`], {
  env: {
    ...process.env,
    HOME: scratch,
    XDG_STATE_HOME: scratch,
    XDG_DATA_HOME: scratch,
    XDG_CACHE_HOME: scratch,
    XDG_CONFIG_HOME: scratch,
    ZHEN_SERVER: join(root, 'dist', 'server.js'),
    ZHEN_FILE: file,
    ZHEN_ROOT: ws,
  },
  encoding: 'utf8',
  timeout: 120_000,
});
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
rmSync(scratch, { recursive: true, force: true });
if (r.error) console.error(r.error.message);
process.exit(r.status ?? 1);
