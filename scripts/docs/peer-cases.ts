/**
 * The peer tools' own typesetting cases (autocorrect and zhlint, in
 * ../shared/corpus/peer-cases/cjk-typesetting.jsonl) through Zhen's fix-all with the default
 * config: exactly what `zhen check --stdin --fix` prints. Cases where Zhen's house style
 * deliberately differs are listed, each with a reason, in test/fixtures/typo/peer-differences.json;
 * when an entry names a config, fix-all with that config must reproduce the peer's output.
 *
 * `measurePeerCases` runs them (test/typo.peer-cases.test.ts asserts on the result);
 * `peerCaseTable` is the README's table of it, written by `npm run docs` between
 * `<!-- peer-cases:begin table -->` and `<!-- peer-cases:end -->`.
 */
import { readFileSync } from 'node:fs';
import { fixAll, type ConfigInput } from '../../server/src/core/index';

export interface PeerCase {
  source: string;
  id: string;
  input: string;
  expected: string;
  kind: string;
  format: string;
  skipped_upstream?: boolean;
  shadowed_upstream?: boolean;
}
export interface Differences {
  reasons: Record<string, string>;
  cases: Record<string, { reason: string; config?: ConfigInput }>;
}
export interface Row {
  total: number;
  pass: number;
  differ: number;
  restPass: number;
  restTotal: number;
}
export interface PeerMeasure {
  cases: PeerCase[];
  diff: Differences;
  excludedCount: number;
  /** By `source kind`. */
  rows: Map<string, Row>;
  /** Listed differences that reproduce the peer's output with their `config`. */
  configured: number;
  damage: string[];
  stale: string[];
  configMismatch: string[];
  restFailures: string[];
}

/** Cases left out of the measurement, and why. */
export function excluded(c: PeerCase): string | undefined {
  if (c.format !== 'markdown' && c.format !== 'text') return `format ${c.format}: a source-code case (strings and comments inside a program); Zhen checks Markdown posts`;
  if (c.skipped_upstream) return 'inside test.skip/test.todo upstream: not asserted by zhlint itself';
  if (c.shadowed_upstream) return 'its key repeats in a Rust HashMap literal upstream, so autocorrect never asserts it';
  return undefined;
}

export function measurePeerCases(casesFile: string, diffFile: string): PeerMeasure {
  const cases = readFileSync(casesFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PeerCase);
  const diff = JSON.parse(readFileSync(diffFile, 'utf8')) as Differences;
  const m: PeerMeasure = { cases, diff, excludedCount: 0, rows: new Map(), configured: 0, damage: [], stale: [], configMismatch: [], restFailures: [] };
  for (const c of cases) {
    if (excluded(c)) {
      m.excludedCount++;
      continue;
    }
    const got = fixAll(c.input, {}).text;
    const ok = got === c.expected;
    const key = `${c.source} ${c.kind}`;
    const row = m.rows.get(key) ?? { total: 0, pass: 0, differ: 0, restPass: 0, restTotal: 0 };
    m.rows.set(key, row);
    row.total++;
    if (ok) row.pass++;
    const d = diff.cases[c.id];
    if (d) {
      row.differ++;
      if (ok) m.stale.push(c.id);
      if (d.config) {
        const with_ = fixAll(c.input, d.config).text;
        if (with_ === c.expected) m.configured++;
        else m.configMismatch.push(`${c.id}: with ${JSON.stringify(d.config)} got ${JSON.stringify(with_).slice(0, 300)}`);
      }
      continue;
    }
    row.restTotal++;
    if (ok) row.restPass++;
    else {
      const line = `${c.id} (${c.kind}): ${JSON.stringify(c.input).slice(0, 200)} → expected ${JSON.stringify(c.expected).slice(0, 200)}, got ${JSON.stringify(got).slice(0, 200)}`;
      if (c.kind === 'no-change' || c.kind === 'document-no-change') m.damage.push(line);
      else m.restFailures.push(line);
    }
  }
  return m;
}

export function pct(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)} %` : '–';
}

const sum = (rows: Row[]): Row => rows.reduce((a, r) => ({ total: a.total + r.total, pass: a.pass + r.pass, differ: a.differ + r.differ, restPass: a.restPass + r.restPass, restTotal: a.restTotal + r.restTotal }), { total: 0, pass: 0, differ: 0, restPass: 0, restTotal: 0 });

/** The README's table: one row per source and kind, then per source, then the total. */
export function peerCaseTable(m: PeerMeasure): string {
  const rest = (r: Row) => (r.restTotal ? `${r.restPass}/${r.restTotal} (${Math.round((100 * r.restPass) / r.restTotal)} %)` : '–');
  const all = sum([...m.rows.values()]);
  const lines = [
    `Measured on ${all.total} of the ${m.cases.length} cases (${m.excludedCount} left out, above); ${all.differ} are listed deliberate differences, ${m.configured} of which a Zhen setting reproduces:`,
    '',
    '| source · kind | cases | pass, default config | deliberate differences | pass on the rest |',
    '| --- | --- | --- | --- | --- |',
  ];
  const keys = [...m.rows.keys()].sort();
  for (const key of keys) {
    const r = m.rows.get(key)!;
    lines.push(`| ${key.replace(' ', ' · ')} | ${r.total} | ${r.pass} | ${r.differ} | ${rest(r)} |`);
  }
  const sources = [...new Set(keys.map((k) => k.split(' ')[0]))];
  for (const s of [...sources, 'total']) {
    const r = s === 'total' ? all : sum(keys.filter((k) => k.startsWith(s + ' ')).map((k) => m.rows.get(k)!));
    lines.push(`| **${s}** | ${r.total} | ${r.pass} (${pct(r.pass, r.total)}) | ${r.differ} | ${rest(r)} |`);
  }
  return lines.join('\n');
}
