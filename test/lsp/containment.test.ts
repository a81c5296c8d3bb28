/**
 * Containment through the language server (#9): a rule that throws gives one `internal`
 * diagnostic naming it, every other rule still reports, and the server answers the next
 * requests. The server is dist/server.js with a family of throwing parts added
 * (test/lsp/throwing-server.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TestClient } from './harness';

const server = join(__dirname, '..', '..', 'test-servers', 'throwing-server.js');
const SPACING = 'typo/cjk-latin-spacing';
const internal = (items: Diagnostic[]) => items.filter((d) => d.code === 'internal');

test('a rule that throws: one internal diagnostic with its id, the other rules report, the server goes on', async () => {
  const c = await TestClient.start({ server });
  try {
    const uri = c.open('boom.md', '# 标题\n\n用AI写 BOOM\n\n用Go写\n');
    let items = await c.pull(uri);
    assert.equal(internal(items).length, 1, JSON.stringify(internal(items)));
    const [d] = internal(items);
    assert.match(String(d.message), /Rule broken\/type-error failed on this file: .*undefined/);
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(items.filter((x) => x.code === SPACING).length, 2, 'the other rules still report');
    assert.ok(!items.some((x) => String(x.code).startsWith('broken/')), 'nothing half-done of the failing rule');

    // The throwing hover provider does not take the others' answer down: the glossary card of AI.
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } });
    assert.match(JSON.stringify(hover), /artificial intelligence/);
    // Fix-all still works and leaves the internal finding alone.
    const actions = await c.request<Array<{ kind: string; edit?: unknown }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);

    // Edit BOOM away: the internal diagnostic goes, the spacing ones stay.
    c.change(uri, [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } }, text: '' }]);
    items = await c.pull(uri);
    assert.deepEqual(internal(items), []);
    assert.equal(items.filter((x) => x.code === SPACING).length, 2);

    // A stack overflow is contained the same way.
    const deep = c.open('deep.md', '用AI写 DEEP\n');
    items = await c.pull(deep);
    assert.deepEqual(internal(items).map((x) => String(x.message).split(':')[0]), ['Rule broken/stack failed on this file']);
    assert.equal(items.filter((x) => x.code === SPACING).length, 1);

    // Another document is checked as usual, and the process is alive.
    const probe = c.open('probe.md', '用AI写\n');
    items = await c.pull(probe);
    assert.deepEqual(internal(items), []);
    assert.equal(items.filter((x) => x.code === SPACING).length, 1);
    assert.equal(c.proc.exitCode, null);
    assert.ok(!c.logs.some((l) => /uncaught/i.test(l)), c.logs.join('\n'));
  } finally {
    await c.stop();
  }
});
