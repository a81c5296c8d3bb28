/**
 * Issue #21 through the protocol: every post of the workspace in the Problems panel (a post never
 * opened, by `workspace/diagnostic` and by push for clients without pull; `zhen.diagnostics.scope:
 * openFiles` turns it off), and a broken `.zhen.yml` said once in a notification.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { TestClient } from './harness';

const NEVER = '---\ntitle: 从未打开\n---\n\n用AI写代码。\n';

test('workspace/diagnostic reports a post never opened, with its findings; held while nothing changes, answered when another post changes', async () => {
  const c = await TestClient.start({ files: { '_posts/never.md': NEVER, '_posts/other.md': '# 标题\n\n正文。\n' } });
  try {
    const uri = c.uri('_posts/never.md');
    const first = await c.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const never = first.items.find((i) => i.uri === uri);
    assert.ok(never && never.kind === 'full', JSON.stringify(first.items.map((i) => i.uri)));
    assert.deepEqual(never.items.map((d) => [d.code, d.range.start.line]), [['typo/cjk-latin-spacing', 4]]);
    // asked again with what it has: nothing changed, so the request is held (the client would ask again at once)
    const ids = first.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
    let answered: WorkspaceDiagnosticReport | undefined;
    const again = c.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: ids }).then((r) => (answered = r));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(answered, undefined, 'held while nothing changed');
    // another post changes on disk: the answer comes, with that post's new report
    const other = c.uri('_posts/other.md');
    c.write('_posts/other.md', '# 标题\n\n用CPU跑。\n');
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: other, type: 2 }] });
    const second = await again;
    const changed = second.items.find((i) => i.uri === other);
    assert.ok(changed && changed.kind === 'full' && changed.items.some((d) => d.code === 'typo/cjk-latin-spacing'), JSON.stringify(second.items));
    assert.ok(!second.items.some((i) => i.uri === uri && i.kind === 'full'), 'the unchanged post is not sent again');
  } finally {
    await c.stop();
  }
});

test('without pull diagnostics, a post never opened gets its findings pushed; the openFiles scope clears them', async () => {
  let settings: Record<string, unknown> = {};
  const c = await TestClient.start({ pull: false, files: { '_posts/never.md': NEVER }, settings: () => settings });
  try {
    const uri = c.uri('_posts/never.md');
    const pushed = await c.waitForPublished(uri, (p) => p.diagnostics.length > 0);
    assert.equal(pushed.diagnostics[0].code, 'typo/cjk-latin-spacing');
    settings = { diagnostics: { scope: 'openFiles' } };
    c.notify('workspace/didChangeConfiguration', { settings: {} });
    await c.waitForPublished(uri, (p) => p.diagnostics.length === 0);
  } finally {
    await c.stop();
  }
});

test('a .zhen.yml with a YAML syntax error: one notification naming its line and that the last good settings stay', async () => {
  const c = await TestClient.start({ files: { '.zhen.yml': 'rules:\n  typo/cjk-latin-spacing: off\n' } });
  try {
    const post = c.open('post.md', '用AI写\n');
    // the first config is read (the rule is off) before the file breaks
    assert.equal((await c.pull(post)).length, 0);
    c.write('.zhen.yml', 'rules:\n  typo/cjk-latin-spacing: off\ntags: [a, b\n');
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('.zhen.yml'), type: 2 }] });
    const m = await c.waitFor('the notification', () => c.messages.find((x) => /YAML syntax error/.test(x.message)));
    assert.match(m.message, /line 3/);
    assert.match(m.message, /last good settings stay in use/);
    // the same broken text again: not said twice
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('.zhen.yml'), type: 2 }] });
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(c.messages.filter((x) => /YAML syntax error/.test(x.message)).length, 1);
  } finally {
    await c.stop();
  }
});
