/**
 * The peer tools' own typesetting cases (autocorrect and zhlint, 509 cases in
 * ../shared/corpus/peer-cases/cjk-typesetting.jsonl) through Zhen's fix-all with the default
 * config (scripts/docs/peer-cases.ts runs them; see its header).
 *
 * Asserted: every `no-change` case not listed passes (no damage), the rest passes at ≥ 97 %,
 * no listed case passes with the default config (no stale entries), a listed case's config
 * reproduces the peer, and the README's table is what this run measures (`npm run docs` writes it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { excluded, measurePeerCases, pct, peerCaseTable } from '../scripts/docs/peer-cases';
import { replaceSections } from '../scripts/docs/rules';

const repo = join(__dirname, '..', '..');
const casesFile = join(repo, '..', 'shared', 'corpus', 'peer-cases', 'cjk-typesetting.jsonl');
const diffFile = join(repo, 'test', 'fixtures', 'typo', 'peer-differences.json');

test('peer typesetting cases (autocorrect, zhlint) through fix-all', { skip: !existsSync(casesFile) && `missing ${casesFile}` }, () => {
  const m = measurePeerCases(casesFile, diffFile);
  const byId = new Map(m.cases.map((c) => [c.id, c]));
  for (const [id, d] of Object.entries(m.diff.cases)) {
    assert.ok(byId.has(id), `peer-differences.json lists an unknown case ${id}`);
    assert.ok(!excluded(byId.get(id)!), `peer-differences.json lists ${id}, which is excluded anyway`);
    assert.ok(m.diff.reasons[d.reason], `${id}: unknown reason ${d.reason}`);
  }
  const table = peerCaseTable(m);
  console.log(table);
  if (m.restFailures.length) console.log('failing (not a deliberate difference):\n  ' + m.restFailures.join('\n  '));

  assert.deepEqual(m.damage, [], 'no-change cases must stay unchanged');
  assert.deepEqual(m.stale, [], 'listed as a deliberate difference but passes with the default config: remove the entry');
  assert.deepEqual(m.configMismatch, [], 'the config named for a difference must reproduce the peer output');
  let restPass = 0, restTotal = 0;
  for (const r of m.rows.values()) (restPass += r.restPass), (restTotal += r.restTotal);
  assert.ok(restPass / restTotal >= 0.97, `pass rate on the rest ${pct(restPass, restTotal)} < 97 %`);

  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  assert.match(readme, /<!-- peer-cases:begin table -->/, 'README.md has the peer-case table markers');
  assert.equal(readme, replaceSections(readme, 'peer-cases', () => table), 'README.md\'s peer-case table is stale: run `npm run docs`');
});
