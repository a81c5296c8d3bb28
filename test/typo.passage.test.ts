/**
 * One finding per problem for a passage written in another convention (issue #19 item 2): in a
 * post that writes full-width marks after Chinese, a run of blocks that writes every one of its
 * marks half-width (ryan4yin's `history/2024`: December typed with the input method in English
 * mode) is one problem: its first finding keeps its severity (with `passage` in its data and a
 * hover that says so), the others are hints, and fix-all still fixes all of them. A block that
 * writes the marks both ways keeps all its findings; so does a passage of fewer than PASSAGE_MIN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, fixAll, type Finding } from '../server/src/core/index';

const FULL = '我们今天去了公园，天气很好。然后我们回家了，吃了晚饭。';
const POST = [
  FULL, '', FULL, '', FULL, '',
  '先看看世界局势:', '',
  '- 12 月 3 日 22 时: 韩国戒严, 这是首次宣布戒严',
  '- 12 月 8 日: 反对派武装攻陷首都, 统治宣告终结',
  '',
  '甚至单就深圳市, 也发生了几件较大的负面事件.',
  '', FULL, '',
].join('\n');
const width = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/punctuation' && /^Use the full-width/.test(f.message));

test('a passage that writes every mark half-width in a full-width post: one finding above hint, the rest hints, fix-all fixes all', () => {
  const fs = width(analyze(POST));
  assert.equal(fs.length, 7);
  const shown = fs.filter((f) => f.severity !== 'hint');
  assert.equal(shown.length, 1);
  assert.equal(shown[0].data?.passage, 7);
  assert.match(shown[0].hover ?? '', /7 places/);
  assert.ok(fs.every((f) => f.data?.passage === 7));
  const fixed = fixAll(POST).text;
  assert.match(fixed, /先看看世界局势：/);
  assert.match(fixed, /也发生了几件较大的负面事件。/);
});

test('a block that writes the marks both ways, or fewer than three of them, keeps every finding', () => {
  const mixed = [FULL, '', '先看看世界局势:今天，明天, 后天。', '', FULL, '', '单就深圳市, 也发生了。', ''].join('\n');
  const fs = width(analyze(mixed));
  assert.equal(fs.length, 3);
  assert.ok(fs.every((f) => f.severity === 'info' && f.data?.passage === undefined));
});
