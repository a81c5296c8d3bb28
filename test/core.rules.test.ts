/** Every rule: one file under rules/<family>/<name>.ts whose header says what it catches, with a bad and a good line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, families } from '../server/src/core/index';

const rulesDir = join(__dirname, '..', '..', 'server', 'src', 'core', 'rules');

test('rule ids are unique and well formed', () => {
  const ids = allRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^(front-matter|claim|term|typo|file)\/[a-z0-9]+(-[a-z0-9]+)*$/);
  for (const f of families) for (const r of f.rules) assert.ok(r.id.startsWith(f.name + '/'), `${r.id} is in family ${f.name}`);
});

for (const rule of allRules) {
  test(`${rule.id}: one file with a header comment, messages in both languages`, () => {
    const file = join(rulesDir, `${rule.id}.ts`);
    assert.ok(existsSync(file), `${file} exists`);
    const head = readFileSync(file, 'utf8').split('*/')[0];
    assert.ok(head.trimStart().startsWith('/**'), 'starts with a /** header */');
    assert.ok(head.includes(rule.id), 'the header names the rule id');
    assert.match(head, /Bad:/);
    assert.match(head, /Good:/);
    for (const [id, m] of Object.entries(rule.messages)) {
      assert.ok(m.en && m['zh-cn'], `message ${id} has en and zh-cn`);
    }
  });
}
