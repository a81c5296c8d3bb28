/** Containment (#9): a rule that throws gives one `internal` finding naming it, and the other rules still run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../server/src/core/engine';
import { families, parse, resolveConfig, type Rule, type RuleFamily } from '../server/src/core/index';

const thrower = (id: string, what: () => never): Rule => ({
  id,
  description: 'throws',
  defaultSeverity: 'warning',
  messages: { x: { en: 'x', 'zh-cn': 'x' } },
  check(ctx) {
    ctx.report({ messageId: 'x', span: { start: 0, end: 1 } }); // half-done work is dropped
    what();
  },
});

test('a throwing rule gives one internal finding with its id; every other rule still reports', () => {
  const text = '# 标题\n\n用AI写，用Go写\n';
  const post = parse(text);
  const config = resolveConfig();
  const clean = runRules(post, families, config, {});
  const bad: RuleFamily = {
    name: 'broken',
    rules: [
      thrower('broken/type-error', () => { throw new TypeError("Cannot read properties of undefined (reading 'x')"); }),
      thrower('broken/not-an-error', () => { throw 'a string'; }),
      thrower('broken/stack', function f(): never { return f(); }),
    ],
  };
  const findings = runRules(post, [bad, ...families], config, {});
  const internal = findings.filter((f) => f.ruleId === 'internal');
  assert.deepEqual(internal.map((f) => f.data?.rule).sort(), ['broken/not-an-error', 'broken/stack', 'broken/type-error']);
  for (const f of internal) {
    assert.equal(f.severity, 'error');
    assert.match(f.message, new RegExp(`Rule ${String(f.data?.rule).replace('/', '\\/')} failed on this file`));
  }
  assert.ok(!findings.some((f) => f.ruleId.startsWith('broken/')), 'nothing of a failing rule is kept');
  // Everything else is exactly what a run without the broken family gives.
  assert.deepEqual(findings.filter((f) => f.ruleId !== 'internal'), clean);
  assert.equal(clean.filter((f) => f.ruleId === 'typo/cjk-latin-spacing').length, 2);
});

test('a throwing rule turned off by config does not run', () => {
  const post = parse('用AI写\n');
  const bad: RuleFamily = { name: 'broken', rules: [thrower('broken/x', () => { throw new Error('boom'); })] };
  const findings = runRules(post, [bad], resolveConfig({ rules: { 'broken/x': 'off' } }), {});
  assert.deepEqual(findings, []);
});
