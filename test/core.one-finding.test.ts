/**
 * One finding per problem (issue #19): no rule reports the two ends of one problem as two
 * findings (`评估AI输出` missing a space on both sides of `AI`, ` ， ` spaced on both sides, both
 * inner spaces of `[ 文档 ]`). Over every fixture (with its own config and workspace), the
 * example post and the corpus post that first showed it (`2023-02-20-zkevmrollup.md`, when the
 * corpus is there).
 *
 * Two findings of one rule with the same message are one problem when
 *   - they overlap, and the overlap holds no Chinese character (` ， `: both sides of one mark);
 *   - or only (part of) one Latin word lies between them (`估A` + `I输`, `”y”`);
 *   - or they are the two inner edges of one link text (`[ 文档 ]`).
 * Two different words next to each other (`用AI和AI做`: the overlap is `和`) are two problems.
 *
 * And a problem reported at several places by a rule that opts in to one finding per problem
 * (`repeats`, core/repeats.ts: `其它` beside `其他` three times, one unlinked source under five
 * captions) has one finding above hint: the others are hints that point to it.
 *
 * And a post has at most one finding above hint among its places written against a typography choice
 * it writes one way in at least 80 % of its places (its census, typo/style; `data.choice`), over every
 * such choice and both styled rules, and none when it has a typo/house-style finding above hint: its
 * slips from its own style are one problem, named by that finding if there is one (typo/style `slips`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allRules, analyze, computeLineStarts, summarize, toConfig, type Config, type Finding, type Workspace } from '../server/src/core/index';
import { describe, findFixtures, loadFixture } from './helpers/fixtures';

const repo = join(__dirname, '..', '..');
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The pairs of findings that report one problem twice. */
export function duplicatePairs(text: string, findings: readonly Finding[]): Array<[Finding, Finding]> {
  const out: Array<[Finding, Finding]> = [];
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = `${f.ruleId}\u0000${f.message}`;
    let l = byKey.get(k);
    if (!l) byKey.set(k, (l = []));
    l.push(f);
  }
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i];
      const b = sorted[i + 1];
      if (b.span.start < a.span.end) {
        if (!CJK.test(text.slice(b.span.start, Math.min(a.span.end, b.span.end)))) out.push([a, b]);
        continue;
      }
      const gap = text.slice(a.span.end, b.span.start);
      const apart = CJK.test(text[a.span.end - 1]) && CJK.test(text[b.span.start]); // `于Unix和` + `类Unix的`: two words
      if (/^[A-Za-z0-9._+#%°-]*$/.test(gap) && !apart) out.push([a, b]);
      else if (text[a.span.start - 1] === '[' && text[b.span.end] === ']' && !gap.includes('\n') && !/[[\]]/.test(gap)) out.push([a, b]);
    }
  }
  return out;
}

const REPEATS = new Set(allRules.filter((r) => r.repeats).map((r) => r.id));

/** Findings above hint of a rule that opts in to `repeats` that repeat an earlier one's problem (its message). */
export function repeatedAboveHint(findings: readonly Finding[]): Array<[Finding, Finding]> {
  const first = new Map<string, Finding>();
  const out: Array<[Finding, Finding]> = [];
  for (const f of [...findings].sort((a, b) => a.span.start - b.span.start)) {
    if (!REPEATS.has(f.ruleId) || f.severity === 'hint') continue;
    const k = `${f.ruleId}\u0000${f.message}`;
    const a = first.get(k);
    if (a) out.push([a, f]);
    else first.set(k, f);
  }
  return out;
}

type Census = Record<string, Record<string, number>>;

/** Findings above hint of one choice in a post that keeps that choice one way (≥ 80 % of ≥ 5 places): every one after the first. */
export function contradictedAboveHint(census: Census | undefined, findings: readonly Finding[]): Array<[Finding, Finding]> {
  const first = new Map<string, Finding>();
  const out: Array<[Finding, Finding]> = [];
  const house = findings.find((f) => f.ruleId === 'typo/house-style' && f.severity !== 'hint');
  if (house) first.set('slips', house);
  for (const f of [...findings].sort((a, b) => a.span.start - b.span.start)) {
    const c = f.data?.choice;
    if (f.severity === 'hint' || typeof c !== 'string') continue;
    const ns = Object.values(census?.[c] ?? {});
    const total = ns.reduce((a, b) => a + b, 0);
    if (total < 5 || Math.max(...ns) < 0.8 * total) continue;
    // one problem per post: its slips from every choice it keeps, in both styled rules, and its house-style finding
    const k = 'slips';
    const a = first.get(k);
    if (a) out.push([a, f]);
    else first.set(k, f);
  }
  return out;
}

function check(name: string, text: string, findings: Finding[], config: Config = toConfig({}), workspace: Workspace = {}): void {
  const off = config.rules['typo/house-style'] === 'off' || (config.rules['typo/house-style'] as { severity?: string } | undefined)?.severity === 'off' || config.rules.typo === 'off';
  const census = off ? undefined : (summarize(text, workspace.path ?? 'post.md', config).typo as { census?: Census } | undefined)?.census;
  const pairs = [...duplicatePairs(text, findings), ...repeatedAboveHint(findings), ...contradictedAboveHint(census, findings)];
  const ls = computeLineStarts(text);
  assert.deepEqual(pairs.map(([a, b]) => `${describe(text, ls, a)} + ${describe(text, ls, b)}`), [], name);
}

test('the detector finds the two ends of one problem (it can fail)', () => {
  const text = '评估AI输出，安装 ， 好，见[ 文档 ](x)。用AI和AI做。';
  const f = (s: string, nth: number, message: string): Finding => {
    let at = -1;
    for (let n = 0; n < nth; n++) at = text.indexOf(s, at + 1);
    return { ruleId: 'typo/x', severity: 'info', message, span: { start: at, end: at + s.length } };
  };
  const pairs = duplicatePairs(text, [
    f('估A', 1, 'AI'), f('I输', 1, 'AI'), // one word, two ends
    f('装 ，', 1, 'punct'), f('， 好', 1, 'punct'), // one mark, two sides
    f(' ', 3, 'link'), f(' ', 4, 'link'), // one link, two inner spaces
    f('用AI和', 1, 'AI2'), f('和AI做', 1, 'AI2'), // two words
  ]);
  assert.deepEqual(pairs.map(([a, b]) => [text.slice(a.span.start, a.span.end), text.slice(b.span.start, b.span.end)]), [['估A', 'I输'], ['装 ，', '， 好'], [' ', ' ']]);
});

test('the detector finds one problem reported above hint at two places by a rule with `repeats` (it can fail)', () => {
  const f = (ruleId: string, start: number, severity: Finding['severity'], message: string): Finding => ({ ruleId, severity, message, span: { start, end: start + 2 } });
  const pairs = repeatedAboveHint([
    f('term/mixed', 30, 'warning', 'A'), f('term/mixed', 10, 'warning', 'A'), // one drift at two places
    f('term/mixed', 50, 'hint', 'A'), // a repeat already a hint
    f('term/mixed', 60, 'warning', 'B'), // another drift
    f('claim/unlinked', 0, 'warning', 'U'), f('claim/unlinked', 20, 'warning', 'U'), // not opted in: each sentence its own
  ]);
  assert.deepEqual(pairs.map(([a, b]) => [a.span.start, b.span.start]), [[10, 30]]);
});

test('the detector finds two findings above hint of a choice the post keeps one way (it can fail)', () => {
  const f = (start: number, severity: Finding['severity'], choice: string): Finding => ({ ruleId: 'typo/punctuation', severity, message: String(start), span: { start, end: start + 1 }, data: { choice } });
  const census = { fullwidthPunctuation: { true: 27, false: 3 }, quotes: { curly: 3, keep: 3 } };
  const pairs = contradictedAboveHint(census, [
    f(40, 'info', 'fullwidthPunctuation'), f(10, 'info', 'fullwidthPunctuation'), f(70, 'hint', 'fullwidthPunctuation'), // two above hint, one hint
    f(5, 'info', 'quotes'), f(8, 'info', 'quotes'), // a mixed choice: each its own
  ]);
  assert.deepEqual(pairs.map(([a, b]) => [a.span.start, b.span.start]), [[10, 40]]);
  // two kept choices: one problem; a house-style finding above hint names the slips
  const two = { ...census, spaceBetweenCjkAndLatin: { true: 20, false: 1 } };
  const cross = contradictedAboveHint(two, [f(10, 'info', 'fullwidthPunctuation'), { ...f(20, 'info', 'spaceBetweenCjkAndLatin'), ruleId: 'typo/cjk-latin-spacing' }]);
  assert.deepEqual(cross.map(([a, b]) => [a.span.start, b.span.start]), [[10, 20]]);
  const house: Finding = { ruleId: 'typo/house-style', severity: 'info', message: 'h', span: { start: 0, end: 1 } };
  assert.deepEqual(contradictedAboveHint(census, [house, f(10, 'info', 'fullwidthPunctuation')]).map(([a, b]) => [a.span.start, b.span.start]), [[0, 10]]);
});

test('no rule reports two findings for one problem: every fixture', () => {
  const root = join(repo, 'test', 'fixtures');
  for (const file of findFixtures(root)) {
    const fx = loadFixture(file, root);
    const config = toConfig(fx.config);
    check(relative(root, file), fx.text, analyze(fx.text, config, fx.workspace), config, fx.workspace);
  }
});

test('no rule reports two findings for one problem: the example post and the zkEVM post', (t) => {
  const example = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  check('example', example, analyze(example, {}, { path: '_posts/2024-05-22-ai-crypto.md' }), toConfig({}), { path: '_posts/2024-05-22-ai-crypto.md' });
  const zk = join(repo, '..', 'shared', 'corpus', 'posts', 'fan-wb.github.io', '_posts', '2023-02-20-zkevmrollup.md');
  if (!existsSync(zk)) {
    t.diagnostic('corpus not found: the zkEVM post was not checked');
    return;
  }
  const text = readFileSync(zk, 'utf8');
  const findings = analyze(text, {}, { path: '_posts/2023-02-20-zkevmrollup.md' });
  assert.ok(findings.length > 100, 'the post has findings to compare');
  check('2023-02-20-zkevmrollup.md', text, findings, toConfig({}), { path: '_posts/2023-02-20-zkevmrollup.md' });
});
