/** Every rule: one file under rules/<family>/<name>.ts whose header says what it catches, with a bad and a good line, its fixes and options (the fields of `ruleDocFields`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, families } from '../server/src/core/index';
import { ruleDoc, ruleDocFields } from '../server/src/cli/explain';

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
    const doc = ruleDoc(rule.id);
    assert.ok(doc, 'zhen:rule-docs has the header');
    const fields = ruleDocFields(rule.id, doc);
    assert.ok(fields.catches && !fields.catches.startsWith(rule.id), 'the header opens with `id: what it catches`');
    assert.ok(fields.bad && fields.good, 'the header has a `Bad:` and a `Good:` line');
    assert.notEqual(fields.fixKind, 'missing', 'the header says what the fixes do (`Fix:` / `Fixes:`) or why there is none (`No fix:`)');
    for (const key of Object.keys(rule.defaultOptions ?? {})) assert.match(doc, new RegExp('`' + key + '\\b'), `the header documents the option \`${key}\``);
    for (const [id, m] of Object.entries(rule.messages)) {
      assert.ok(m.en && m['zh-cn'], `message ${id} has en and zh-cn`);
    }
  });
}

test('every rule file is registered in its family index', () => {
  const registered = new Set(allRules.map((r) => r.id));
  const missing: string[] = [];
  for (const family of readdirSync(rulesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(rulesDir, family.name)).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(rulesDir, family.name, name), 'utf8');
      if (!/^export const rule\b/m.test(src)) continue;
      const id = `${family.name}/${name.replace(/\.ts$/, '')}`;
      if (!registered.has(id)) missing.push(`${id}: add \`import { rule as … } from './${name.replace(/\.ts$/, '')}'\` to the \`rules\` of rules/${family.name}/index.ts`);
    }
  }
  assert.deepEqual(missing, []);
});
