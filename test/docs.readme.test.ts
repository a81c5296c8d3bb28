/** The README's rule tables are the rules' headers (scripts/docs/rules.ts): stale tables fail here. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { families } from '../server/src/core/index';
import { ruleTable, tabledFamilies, withRuleTables } from '../scripts/docs/rules';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test('the README has one rule table per family', () => {
  assert.deepEqual(tabledFamilies(readme).sort(), families.map((f) => f.name).sort());
});

test('the README\'s rule tables are written from the rules\' headers', () => {
  const fresh = withRuleTables(readme);
  if (fresh !== readme) {
    const stale = tabledFamilies(readme).filter((f) => !readme.includes(ruleTable(f)));
    assert.fail(`README.md's rule table for ${stale.join(', ')} is stale: run \`npm run docs\``);
  }
});

test('every row has what it catches, a bad and a good line, and says what its fix does', () => {
  for (const f of families) {
    const rows = ruleTable(f.name).split('\n').filter((l) => l.startsWith('| `'));
    assert.equal(rows.length, f.rules.length);
    for (const row of rows) {
      const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      assert.equal(cells.length, 5, row);
      assert.ok(cells[2].length > 10, `${cells[0]}: what it catches`);
      assert.match(cells[3], / → /, `${cells[0]}: Bad and Good`);
    }
  }
});
