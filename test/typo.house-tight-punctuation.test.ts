/**
 * House style, learnt, for a space between an English word, inline code or math and the full-width
 * punctuation after it (issue #19 item 1, `tightPunctuationAfterLatin`): a post that sets every English word and
 * formula off with spaces, punctuation or not (`需要 1 ns ，乘法`, `` `Eureka Server` ，就可以 ``,
 * `大小为 $n$ ：`: hello-algo's and advanced-java's habit) gets one typo/house-style finding and those
 * places as hints, still fixed by fix-all; a space between Chinese and a mark (`中文 ，`) keeps its
 * severity; a post that mostly writes them tight keeps its findings; `tightPunctuationAfterLatin:
 * false` (Keep this style) reports none of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, fixAll, loadConfigText, type Finding } from '../server/src/core/index';
import { assertLearntChoice } from './helpers/houseStyle';

const POST = [
  '例如加法操作 `+` 需要 1 ns ，乘法操作 `*` 需要 10 ns ，打印操作需要 5 ns 。',
  '',
  '我们在启动类加上注解 `@EnableEurekaServer` ，就可以将其作为注册中心。',
  '',
  '设输入数据大小为 $n$ ，常见的类型如下：',
  '',
  '虽然用着 iPhone 3GS ，不过那时我对 **Apple** 可没啥感觉。',
  '',
].join('\n');
const beside = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/cjk-latin-spacing' && /^No space beside/.test(f.message));
const house = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/house-style');


test('a post that spaces English words from full-width punctuation throughout: one house-style finding, the places hints, fix-all still fixes them', () => {
  const yml = 'markdown:\n  singleDollarMath: true\n';
  assertLearntChoice({ post: POST, yml, key: 'tightPunctuationAfterLatin', places: beside, count: 6, message: /a space between English words or code and the full-width punctuation after them in 6 places/ });
  const fixed = fixAll(POST, loadConfigText(yml).config).text;
  assert.match(fixed, /需要 1 ns，乘法/);
  assert.match(fixed, /`@EnableEurekaServer`，就可以/);
  assert.match(fixed, /iPhone 3GS，不过/);
});

test('a space between Chinese and a mark, or after a mark, is a slip in a post of that habit too', () => {
  const post = POST + '这是一个 ，错误。然后， iPhone 也是。\n';
  const all = analyze(post);
  const fs = beside(all);
  // two places of one typing habit (typo/style `habits`), one problem of the post's typesetting practice: with a
  // house-style finding, that finding is the post's one (it names them); both are hints pointing to it (`slips`)
  const slips = fs.filter((f) => f.data?.habit !== undefined);
  assert.equal(slips.length, 2);
  assert.deepEqual(slips.map((f) => f.severity), ['hint', 'hint']);
  assert.ok(slips.every((f) => f.data?.houseStyle === undefined && (f.data?.firstAt as { rule?: string })?.rule === 'typo/house-style'));
  const [style] = house(all);
  assert.match(style.message, /It departs from its own style in 2 places \(line 8\)\./);
  assert.deepEqual(style.data?.contradiction, { places: 2, lines: [8], choices: [] });
});

test('a post that mostly writes full-width punctuation tight against English words keeps its spaced ones as findings', () => {
  const tight = [
    '例如加法操作 `+` 需要 1 ns，乘法操作 `*` 需要 10 ns，打印操作需要 5 ns。',
    '',
    '我们在启动类加上注解 `@EnableEurekaServer`，就可以将其作为注册中心。',
    '',
    '虽然用着 iPhone 3GS ，不过那时我对 Apple 可没啥感觉，还用着 Nokia。',
    '',
  ].join('\n');
  const fs = analyze(tight);
  assert.deepEqual(beside(fs).map((f) => f.severity), ['info']);
  assert.deepEqual(house(fs), []);
});
