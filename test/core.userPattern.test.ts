/**
 * Workspace patterns (#15): compiled by a linear-time engine (core/userPattern.ts), refused with a
 * reason where RE2 cannot follow JavaScript, and stopped by the host's time budget; the budget also
 * stops the rules between them, as `internal` findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuMsSince } from './helpers/cpu';
import { BudgetExceeded, withBudget } from '../server/src/core/userPattern';
import { analyze, compileUserPattern, drain, fixPostSteps, loadConfigText, parse, analyzePostSteps, userPatternProblem, type PatternLike } from '../server/src/core/index';

function re(source: string): PatternLike {
  const c = compileUserPattern(source);
  assert.ok('re' in c, 'problem' in c ? c.problem : '');
  return c.re;
}

test('a catastrophic pattern runs in linear time', () => {
  const p = re('(a+)+$');
  for (const n of [40, 4000, 400_000]) {
    const t = process.cpuUsage(); // CPU time: the cost, whatever else the machine runs
    p.lastIndex = 0;
    assert.equal(p.test('a'.repeat(n) + 'b'), false);
    assert.ok(cpuMsSince(t) < 2000, `${n} characters`);
  }
});

test('RegExp semantics the rules use: global exec, index, groups, case-insensitive, JavaScript syntax translated', () => {
  const p = re('据(?<name>[^，。]{1,10})(?:报告|统计)');
  const text = '😀一，据 IDC 报告，又据 Gartner 统计。';
  const m1 = p.exec(text)!;
  assert.equal(m1.index, text.indexOf('据'));
  assert.equal(m1[0], '据 IDC 报告');
  assert.equal(m1.groups?.name, ' IDC ');
  const m2 = p.exec(text)!;
  assert.equal(m2.groups?.name, ' Gartner ');
  assert.equal(p.exec(text), null);
  assert.equal(p.lastIndex, 0);
  assert.ok(re('github').test('GitHub'), 'case-insensitive');
  assert.ok(re('[\\u4e00-\\u9fff]{2}').test('中文'), '\\uXXXX');
  assert.ok(re('\\p{Script=Han}+').test('汉字'), '\\p{Script=…}');
  assert.ok(re('(?<=据)说').test('据说'), 'lookbehind');
});

test('what RE2 cannot do is refused with a reason, in .zhen.yml diagnostics at the pattern', () => {
  assert.match(userPatternProblem('据(?=报告)')!, /lookahead/);
  assert.match(userPatternProblem('(a)\\1')!, /backreference/);
  assert.match(userPatternProblem('([a-')!, /not a valid pattern/);
  assert.equal(userPatternProblem('据.{0,20}报告'), undefined);
  const yml = 'claims:\n  cues:\n    - pattern: "ok"\n    - pattern: "x(?!y)"\n  ignore:\n    - pattern: "(a)\\\\1"\n';
  const { problems } = loadConfigText(yml);
  assert.deepEqual(problems.map((p) => [yml.slice(0, p.span.start).split('\n').length - 1, /lookahead|backreference/.exec(p.message)?.[0]]), [[3, 'lookahead'], [5, 'backreference']]);
});

test('the host budget: a user pattern stops its rule (BudgetExceeded), and the rules left are skipped as one internal finding', () => {
  const p = re('据说');
  assert.throws(() => withBudget(() => true, () => p.exec('据说')), BudgetExceeded);
  assert.ok(withBudget(() => false, () => p.exec('据说')));
  const text = '# 标题\n\n据说用AI写。\n';
  const config = { claims: { cues: [{ pattern: '据说' }] } };
  // The claim rule's pattern runs out of time: an internal finding for that rule, the others run.
  const claimOnly = analyze(text, config, { overBudget: () => new Error().stack!.includes('exec') });
  const stopped = claimOnly.filter((f) => f.ruleId === 'internal');
  assert.deepEqual(stopped.map((f) => (f.data as { rule: string }).rule), ['claim/unlinked'], JSON.stringify(claimOnly.map((f) => f.message)));
  assert.match(stopped[0].message, /ran out of time/);
  assert.ok(claimOnly.some((f) => f.ruleId === 'typo/cjk-latin-spacing'));
  // Out of time from the start: no rule runs, one finding names them.
  const none = analyze(text, config, { overBudget: () => true });
  assert.equal(none.length, 1);
  assert.match(none[0].message, /ran out of time, so these rules did not check this file: .*typo\/cjk-latin-spacing/);
  // Without a budget, the same analysis has no internal finding.
  assert.ok(!analyze(text, config).some((f) => f.ruleId === 'internal'));
});

test('analysis and fix-all in steps: one step per rule, the same findings as the one-shot call', () => {
  const text = '# 标题\n\n我们用AI写了Go程序。\n';
  const post = parse(text);
  const steps = analyzePostSteps(post);
  let n = 0;
  let r = steps.next();
  while (!r.done) {
    n++;
    r = steps.next();
  }
  assert.ok(n > 10, `${n} steps`);
  assert.deepEqual(r.value, analyze(text));
  const fixed = drain(fixPostSteps(post, (t) => parse(t), (p) => analyzePostSteps(p)));
  assert.equal(fixed.post.text, '# 标题\n\n我们用 AI 写了 Go 程序。\n');
  assert.ok(fixed.passes.length >= 1);
});
