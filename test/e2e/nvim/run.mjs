#!/usr/bin/env node
// Runs lsp-test.lua in headless Neovim (Debian's 0.7.2) against `dist/server.js --stdio` on a
// copy of the example post, with HOME/XDG in a scratch folder (Neovim writes swap and logs there).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ws = process.env.ZHEN_E2E_WORKSPACE;
const post = process.env.ZHEN_E2E_POST;
const scratch = mkdtempSync(join(tmpdir(), 'zhen-nvim-'));
// the test edits the buffer only; it never writes the file
const file = join(ws, post);
// Three posts never opened in Neovim (issue #21): two write 知识蒸馏, the third 模型蒸馏 (the example post has neither), so
// the third has a cross-post finding, pushed by the server's workspace diagnostics.
const others = { 'zhen-nvim-a.md': '知识蒸馏很强。知识蒸馏很快。', 'zhen-nvim-b.md': '知识蒸馏很强。', 'zhen-nvim-c.md': '模型蒸馏很强。' };
for (const [name, body] of Object.entries(others)) writeFileSync(join(ws, '_posts', name), `---\ntitle: ${name}\n---\n\n${body}\n`);
const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(root, 'test', 'e2e', 'nvim', 'lsp-test.lua')}`], {
  env: {
    ...process.env,
    HOME: scratch,
    XDG_STATE_HOME: scratch,
    XDG_DATA_HOME: scratch,
    XDG_CACHE_HOME: scratch,
    XDG_CONFIG_HOME: scratch,
    ZHEN_SERVER: join(process.env.ZHEN_E2E_BUILD || root, 'dist', 'server.js'), // run.mjs's ZHEN_E2E_BUILD: another checkout's build
    ZHEN_FILE: file,
    ZHEN_ROOT: ws,
    ZHEN_CROSS_POST: join(ws, '_posts', 'zhen-nvim-c.md'),
    // The example post's spacing lines, pinned once in test/helpers/example-post.json.
    ZHEN_SPACING_LINES: JSON.parse(readFileSync(join(root, 'test', 'helpers', 'example-post.json'), 'utf8')).spacingLines.join(','),
  },
  encoding: 'utf8',
  timeout: 120_000,
});
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
rmSync(scratch, { recursive: true, force: true });
for (const name of Object.keys(others)) rmSync(join(ws, '_posts', name), { force: true });
if (r.error) console.error(r.error.message);
process.exit(r.status ?? 1);
