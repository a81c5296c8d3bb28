/**
 * House style, learnt, for the ellipsis (issue #19 item 1, `chineseEllipsis`): a post that writes
 * `...` after Chinese throughout (32 of the 38 corpus posts with 5+ ellipses; 3 write `……`
 * throughout) gets one typo/house-style finding and its places as hints; a post that mixes them
 * keeps its findings; `chineseEllipsis: false` (Keep this style) reports none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, fixAll, type Finding } from '../server/src/core/index';
import { assertLearntChoice } from './helpers/houseStyle';

const DOTS = ['他想了想...', '', '然后又说了一遍...', '', '可是没有人听...', '', '于是他走了...', '', '后来呢？没有后来了...', ''].join('\n');
const ellipsis = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/punctuation' && /ellipsis/.test(f.message));
const house = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/house-style');

test('a post that writes "..." after Chinese throughout: one house-style finding, the places hints, fix-all still fixes them', () => {
  assertLearntChoice({ post: DOTS, key: 'chineseEllipsis', places: ellipsis, count: 5, message: /the ellipsis after Chinese as "\.\.\." in 5 places/ });
  assert.equal(fixAll(DOTS).text, DOTS.replaceAll('...', '……'));
});

test('a post that mixes "..." and "……" is not learnt: its "..." keep their severity', () => {
  const mixed = DOTS.replace('他想了想...', '他想了想……').replace('然后又说了一遍...', '然后又说了一遍……');
  const fs = analyze(mixed);
  assert.deepEqual(ellipsis(fs).map((f) => f.severity), ['info', 'info', 'info']);
  assert.deepEqual(house(fs), []);
});

test('a post that writes "……" throughout: nothing to report', () => {
  assert.deepEqual([...ellipsis(analyze(DOTS.replaceAll('...', '……'))), ...house(analyze(DOTS.replaceAll('...', '……')))], []);
});
