/** The engine's message `format`: what the earlier one-regex replace gave, from templates split once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format } from '../server/src/core/engine';
import { families } from '../server/src/core/index';

/** The earlier definition, as the reference. */
const reference = (template: string, data?: Record<string, string | number>) =>
  data ? template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m)) : template;

test('format fills the names data has, leaves the others, and keeps $ and braces in values as they are', () => {
  const data = { a: 'x$&y', b: 3, c: '{d}' };
  for (const t of ['', 'plain', '{a}', '{a}{b}', 'a {a} b {b} c {missing} d', '{{a}}', '{ a }', '{a-b}', '{c}{d}', '{constructor}', 'end {b}'])
    assert.equal(format(t, data), reference(t, data), t);
  assert.equal(format('{a}', undefined), '{a}');
  // The same template again (kept split) with other data.
  assert.equal(format('a {a} b {b} c {missing} d', { a: 1 }), 'a 1 b {b} c {missing} d');
});

test('format equals the reference on every rule message, with and without its data', () => {
  const data = { term: 'GitHub', count: 2, preferred: 'GitHub', found: 'Github', rule: 'x', value: '$1', text: '中文' };
  let n = 0;
  for (const family of families)
    for (const rule of family.rules)
      for (const m of Object.values(rule.messages))
        for (const t of Object.values(m)) {
          assert.equal(format(t, data), reference(t, data), `${rule.id}: ${t}`);
          assert.equal(format(t, {}), reference(t, {}), `${rule.id}: ${t}`);
          n++;
        }
  assert.ok(n > 100, `${n} messages`);
});
