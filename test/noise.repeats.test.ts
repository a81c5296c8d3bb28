/**
 * One problem, one finding above hint (issue #19, item 2; core/repeats.ts): the findings of a rule
 * that opts in (`repeats: 'message'`) with the same message in one post are one problem: the first
 * keeps its severity, the others are hints that point to it; fix-all and the JSON still carry
 * every place, and an analysis with the incremental cache gives what a fresh one gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allRules, analyze, analyzePost, parse, ParseCache, resolveConfig, RuleCache, type Finding } from '../server/src/core/index';
import { markRepeats } from '../server/src/core/repeats';

const MIXED = ['其他方案都试过了，其他人也这么说，其他的办法没有。', '', '其它的做法也许可行。', '', '换一种说法，其它人不这么看。', '', '还有其它。', ''].join('\n');

const mixed = (fs: readonly Finding[]) => fs.filter((f) => f.ruleId === 'term/mixed').map((f) => [f.severity, f.span.start, (f.data?.firstAt as { line: number } | undefined)?.line]);

test('the rules that opt in: term/mixed, term/variant, claim/caption-source; never claim/unlinked', () => {
  const opted = allRules.filter((r) => r.repeats).map((r) => r.id).sort();
  for (const id of ['claim/caption-source', 'term/mixed', 'term/variant']) assert.ok(opted.includes(id), id);
  assert.ok(!opted.includes('claim/unlinked'), 'each unsourced sentence needs its own source');
});

test('the first place keeps its severity, the others are hints pointing to it (message and data.firstAt)', () => {
  const fs = analyze(MIXED);
  const at = (nth: number) => {
    let i = -1;
    for (let n = 0; n < nth; n++) i = MIXED.indexOf('其它', i + 1);
    return i;
  };
  assert.deepEqual(mixed(fs), [['warning', at(1), undefined], ['hint', at(2), 3], ['hint', at(3), 3]]);
  const repeat = fs.find((f) => f.ruleId === 'term/mixed' && f.severity === 'hint')!;
  const first = fs.find((f) => f.ruleId === 'term/mixed' && f.severity === 'warning')!;
  assert.equal(repeat.message, `${first.message} (The same as on line 3.)`);
  assert.deepEqual(repeat.data?.firstAt, { line: 3, column: 1 });
  // Every place keeps its fixes.
  assert.ok(fs.filter((f) => f.ruleId === 'term/mixed').every((f) => f.fixes?.length));
  const zh = analyze(MIXED, { language: 'zh-cn' }).filter((f) => f.ruleId === 'term/mixed');
  assert.match(zh[1].message, /（与第 3 行相同。）$/);
});

test('every place is still a finding with its fixes (the JSON and fix-all see them all)', () => {
  const text = ['去中心化计算要直面来自中央化云服务商的竞争。', '', '中央化的服务商掌握着数据，中央化的平台也一样。', ''].join('\n');
  const fs = analyze(text).filter((f) => f.ruleId === 'term/variant');
  assert.deepEqual(fs.map((f) => f.severity), ['warning', 'hint', 'hint']);
  for (const f of fs) {
    assert.equal(text.slice(f.span.start, f.span.end), '中央化');
    assert.deepEqual(f.fixes?.[0].edits, [{ span: f.span, newText: '中心化' }]);
  }
});

test('findings a rule graded as hints are left alone and are not "the first"', () => {
  const f = (start: number, severity: Finding['severity'], message = 'm'): Finding => ({ ruleId: 'r/x', severity, message, span: { start, end: start + 1 } });
  const out: Finding[] = [f(0, 'error', 'other rule'), f(8, 'warning'), f(2, 'hint'), f(5, 'warning'), f(9, 'warning', 'n')];
  out[0] = { ...out[0], ruleId: 'r/y' };
  markRepeats({ id: 'r/x', repeats: 'message' }, out, 1, [0, 4], 'en');
  assert.deepEqual(out.map((x) => [x.span.start, x.severity]), [[0, 'error'], [8, 'hint'], [2, 'hint'], [5, 'warning'], [9, 'warning']]);
  assert.deepEqual(out[1].data?.firstAt, { line: 2, column: 2 });
  assert.equal(out[2].data, undefined);
  // Without the meta field nothing changes.
  const same: Finding[] = [f(1, 'warning'), f(3, 'warning')];
  markRepeats({ id: 'r/x' }, same, 0, [0], 'en');
  assert.deepEqual(same.map((x) => x.severity), ['warning', 'warning']);
});

test('incremental: an edit that removes the first place moves the severity to the next, as a fresh analysis does', () => {
  const config = resolveConfig();
  const parseCache = new ParseCache();
  const cache = new RuleCache();
  let text = MIXED;
  analyzePost(parse(text, config, parseCache), config, {}, cache);
  for (const [from, to] of [['其它的做法', '其他的做法'], ['其他的办法', '其它的办法'], ['还有其它', '还有其他'], ['其它人', '其他人']]) {
    text = text.replace(from, to);
    const got = analyzePost(parse(text, config, parseCache), config, {}, cache);
    assert.deepEqual(got, analyze(text, config), `after ${from} → ${to}`);
    assert.ok(got.filter((f) => f.ruleId === 'term/mixed' && f.severity !== 'hint').length <= 1, `after ${from} → ${to}: one finding above hint`);
  }
  assert.ok(cache.stats.reused > 0, 'the cache was used');
});
