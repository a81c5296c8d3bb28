/**
 * typo/repeated on verbatim speech (issue #19 item 2): a paragraph that repeats words in three
 * places or more (data/typo/repeated.json `passageMin`) is a transcript, not slips (talkgo's
 * `2-2018-04-11_voice.md`: 87 in one paragraph): one finding above hint with `data.passage`, the
 * others hints, every place still fixed by fix-all. Repeats in different paragraphs stay each
 * its own finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, fixAll, type Finding } from '../server/src/core/index';

const repeats = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/repeated');
const SPEECH = '我叫李亚春，然后主要有一个开源项目开源项目，今天我们讲讲爬虫框架爬虫框架，这就是一个外部框架外部框架。';

test('a paragraph of repeats (speech): one finding above hint, the others hints, fix-all fixes all', () => {
  const fs = repeats(analyze(SPEECH));
  assert.equal(fs.length, 3, fs.map((f) => f.message).join(' | '));
  assert.deepEqual(fs.map((f) => f.severity), ['warning', 'hint', 'hint']);
  assert.ok(fs.every((f) => f.data?.passage === 3));
  assert.match(fs[0].hover ?? '', /3 places/);
  assert.equal(repeats(analyze(fixAll(SPEECH).text)).length, 0);
});

test('repeats in separate paragraphs, or two in one, keep their severity', () => {
  const apart = '一个开源项目开源项目。\n\n我们讲讲爬虫框架爬虫框架。\n\n一个外部框架外部框架。\n';
  assert.deepEqual(repeats(analyze(apart)).map((f) => f.severity), ['warning', 'warning', 'warning']);
  const two = '一个开源项目开源项目，我们讲讲爬虫框架爬虫框架。';
  assert.deepEqual(repeats(analyze(two)).map((f) => [f.severity, f.data?.passage]), [['warning', undefined], ['warning', undefined]]);
});
