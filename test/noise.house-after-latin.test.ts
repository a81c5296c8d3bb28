/**
 * House style, learnt, for the marks after English words (issue #19 item 1,
 * `fullwidthPunctuationAfterLatin`): a post that writes full-width marks after Chinese but
 * half-width ones after English words throughout (`都在聊 eBPF, 也聊 Envoy.`: ryan4yin's habit) gets
 * one typo/house-style finding and those places as hints, still fixed by fix-all; its marks after
 * Chinese are a choice apart and stay as they are; a post that mixes them keeps its findings;
 * `fullwidthPunctuationAfterLatin: false` (Keep this style) reports none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, fixAll, type Finding } from '../server/src/core/index';
import { assertLearntChoice } from './helpers/houseStyle';

const POST = [
  '大家都在聊 eBPF, 也有人在聊 Envoy.',
  '',
  '我升级了 ztunnel, 然后重启了节点，一切正常。',
  '',
  '- [istio/proxy](https://example.com/proxy): 基于 envoy 的代理，运行在每个节点上',
  '- [kmesh](https://example.com/kmesh): 架构类似 Ambient Mode，性能更好',
  '',
  '最后更新了 cilium, 问题解决了，效果很好。',
  '',
].join('\n');
const afterLatin = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/punctuation' && f.data?.houseStyle === 'fullwidthPunctuationAfterLatin');
const punct = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/punctuation');
const house = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/house-style');

test('a post that writes half-width marks after English words throughout: one house-style finding, the places hints, fix-all still fixes them', () => {
  const { findings } = assertLearntChoice({ post: POST, key: 'fullwidthPunctuationAfterLatin', places: punct, count: 6, message: /half-width punctuation after English words in Chinese text in 6 places/ });
  assert.equal(afterLatin(findings).length, 6);
  const fixed = fixAll(POST).text;
  assert.match(fixed, /都在聊 eBPF，也有人在聊 Envoy。/);
  assert.match(fixed, /\(https:\/\/example\.com\/proxy\)：基于/);
});

test('a post that mostly writes full-width marks after English words keeps its half-width ones as findings', () => {
  const mixed = POST.replace('eBPF, 也', 'eBPF，也').replace('Envoy.', 'Envoy。').replace('ztunnel, 然后', 'ztunnel，然后').replace('): 基于', ')：基于').replace('): 架构', ')：架构');
  const fs = analyze(mixed);
  assert.deepEqual(punct(fs).map((f) => f.severity), ['info']);
  assert.deepEqual(house(fs), []);
});
