/**
 * The peer tools' own typesetting cases (autocorrect and zhlint, 509 cases in
 * ../shared/corpus/peer-cases/cjk-typesetting.jsonl) through Zhen's fix-all with the default
 * config: exactly what `zhen check --stdin --fix` prints. Cases where Zhen's house style
 * deliberately differs are listed, each with a reason, in test/fixtures/typo/peer-differences.json;
 * when an entry names a config, fix-all with that config must reproduce the peer's output.
 *
 * Asserted: every `no-change` case not listed passes (no damage), the rest passes at ≥ 97 %,
 * and no listed case passes with the default config (no stale entries). Prints the pass rate
 * per source and kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixAll, type ConfigInput } from '../server/src/core/index';

const repo = join(__dirname, '..', '..');
const casesFile = join(repo, '..', 'shared', 'corpus', 'peer-cases', 'cjk-typesetting.jsonl');
const diffFile = join(repo, 'test', 'fixtures', 'typo', 'peer-differences.json');

interface PeerCase {
  source: string;
  id: string;
  input: string;
  expected: string;
  kind: string;
  format: string;
  skipped_upstream?: boolean;
  shadowed_upstream?: boolean;
}
interface Differences {
  reasons: Record<string, string>;
  cases: Record<string, { reason: string; config?: ConfigInput }>;
}

/** Cases left out of the measurement, and why. */
function excluded(c: PeerCase): string | undefined {
  if (c.format !== 'markdown' && c.format !== 'text') return `format ${c.format}: a source-code case (strings and comments inside a program); Zhen checks Markdown posts`;
  if (c.skipped_upstream) return 'inside test.skip/test.todo upstream: not asserted by zhlint itself';
  if (c.shadowed_upstream) return 'its key repeats in a Rust HashMap literal upstream, so autocorrect never asserts it';
  return undefined;
}

test('peer typesetting cases (autocorrect, zhlint) through fix-all', { skip: !existsSync(casesFile) && `missing ${casesFile}` }, () => {
  const cases = readFileSync(casesFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PeerCase);
  const diff = JSON.parse(readFileSync(diffFile, 'utf8')) as Differences;
  const ids = new Set(cases.map((c) => c.id));
  const byId = new Map(cases.map((c) => [c.id, c]));
  for (const [id, d] of Object.entries(diff.cases)) {
    assert.ok(ids.has(id), `peer-differences.json lists an unknown case ${id}`);
    assert.ok(!excluded(byId.get(id)!), `peer-differences.json lists ${id}, which is excluded anyway`);
    assert.ok(diff.reasons[d.reason], `${id}: unknown reason ${d.reason}`);
  }

  const rows = new Map<string, { total: number; pass: number; differ: number; restPass: number; restTotal: number }>();
  const damage: string[] = [];
  const stale: string[] = [];
  const configMismatch: string[] = [];
  const restFailures: string[] = [];
  let excludedCount = 0;
  for (const c of cases) {
    if (excluded(c)) { excludedCount++; continue; }
    const got = fixAll(c.input, {}).text;
    const ok = got === c.expected;
    const key = `${c.source} ${c.kind}`;
    const row = rows.get(key) ?? { total: 0, pass: 0, differ: 0, restPass: 0, restTotal: 0 };
    rows.set(key, row);
    row.total++;
    if (ok) row.pass++;
    const d = diff.cases[c.id];
    if (d) {
      row.differ++;
      if (ok) stale.push(c.id);
      if (d.config && fixAll(c.input, d.config).text !== c.expected) configMismatch.push(`${c.id}: with ${JSON.stringify(d.config)} got ${JSON.stringify(fixAll(c.input, d.config).text).slice(0, 300)}`);
      continue;
    }
    row.restTotal++;
    if (ok) row.restPass++;
    else {
      const line = `${c.id} (${c.kind}): ${JSON.stringify(c.input).slice(0, 200)} → expected ${JSON.stringify(c.expected).slice(0, 200)}, got ${JSON.stringify(got).slice(0, 200)}`;
      if (c.kind === 'no-change' || c.kind === 'document-no-change') damage.push(line);
      else restFailures.push(line);
    }
  }

  let pass = 0, total = 0, restPass = 0, restTotal = 0;
  const table = ['source kind | cases | pass (all) | deliberate differences | pass (rest)'];
  for (const [key, r] of [...rows].sort()) {
    table.push(`${key} | ${r.total} | ${r.pass} (${pct(r.pass, r.total)}) | ${r.differ} | ${r.restPass}/${r.restTotal} (${pct(r.restPass, r.restTotal)})`);
    pass += r.pass; total += r.total; restPass += r.restPass; restTotal += r.restTotal;
  }
  for (const source of ['autocorrect', 'zhlint']) {
    const rs = [...rows].filter(([k]) => k.startsWith(source + ' ')).map(([, r]) => r);
    const sum = (f: (r: (typeof rs)[number]) => number) => rs.reduce((a, r) => a + f(r), 0);
    table.push(`${source} (all kinds) | ${sum((r) => r.total)} | ${sum((r) => r.pass)} (${pct(sum((r) => r.pass), sum((r) => r.total))}) | ${sum((r) => r.differ)} | ${sum((r) => r.restPass)}/${sum((r) => r.restTotal)} (${pct(sum((r) => r.restPass), sum((r) => r.restTotal))})`);
  }
  table.push(`total | ${total} | ${pass} (${pct(pass, total)}) | ${total - restTotal} | ${restPass}/${restTotal} (${pct(restPass, restTotal)})`);
  console.log(`peer cases: ${cases.length}, excluded ${excludedCount} (code formats, not asserted upstream)\n` + table.join('\n'));
  if (restFailures.length) console.log('failing (not a deliberate difference):\n  ' + restFailures.join('\n  '));

  assert.deepEqual(damage, [], 'no-change cases must stay unchanged');
  assert.deepEqual(stale, [], 'listed as a deliberate difference but passes with the default config: remove the entry');
  assert.deepEqual(configMismatch, [], 'the config named for a difference must reproduce the peer output');
  assert.ok(restPass / restTotal >= 0.97, `pass rate on the rest ${pct(restPass, restTotal)} < 97 %`);
});

function pct(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)} %` : '–';
}
