// The claim detector's neighbourhood features (server/src/core/rules/claim/discourse.ts): the
// headings a sentence sits under, the share of first-person sentences in a post, a paragraph next
// to a code block or table, an earlier sentence that sets up an example; and derived.ts, a figure
// the author works out from the numbers just given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, parse, toConfig } from '../server/src/core/index';
import { claimSentences } from '../server/src/core/rules/claim/claimSentences';
import { cleanText } from '../server/src/core/rules/claim/cues';
import { inScenario, nextToOutput, personalShare, sectionMatches } from '../server/src/core/rules/claim/discourse';
import { detector, judge } from '../server/src/core/rules/claim/detector';
import { derivesFigure } from '../server/src/core/rules/claim/derived';

function sentenceOf(text: string, needle: string) {
  const post = parse(text);
  const s = claimSentences(post).find((x) => cleanText(post, x).text.includes(needle));
  assert.ok(s, needle);
  return { post, s };
}

test('sectionMatches reads the section heading, the headings above it and the front-matter title', () => {
  const text = '---\ntitle: 我的 2023 年终总结\n---\n\n# 市场\n\n全球用户超过 5 亿。\n\n## 压测结果\n\n吞吐提升了 30%。\n\n# 其他\n\n没有数字。\n';
  const test1 = /压测/g;
  const a = sentenceOf(text, '吞吐');
  assert.equal(sectionMatches(a.post, a.s, [test1]), true);
  assert.equal(sectionMatches(a.post, a.s, [/市场/g]), true, 'the heading above the section counts');
  const b = sentenceOf(text, '全球用户');
  assert.equal(sectionMatches(b.post, b.s, [test1]), false);
  const c = sentenceOf(text, '没有数字');
  assert.equal(sectionMatches(c.post, c.s, [/市场/g]), false, 'a new top-level section ends the old one');
  assert.equal(sectionMatches(c.post, c.s, [/年终总结/g]), true, 'the title counts everywhere');
});

test('personalShare counts the sentences that speak in the first person', () => {
  const post = parse('我今天跑了一下。我觉得不错。市场规模达到 5 亿美元。Rust 很快。\n');
  const d = detector(toConfig({}));
  assert.equal(personalShare(post, d.firstPerson), 0.5);
});

test('nextToOutput: a paragraph right before or after a code block or table', () => {
  const text = '开头一段。\n\n运行结果如下，耗时降低了 40%：\n\n```\nreal 1.2s\n```\n\n中间一段。\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n表后一段提升 3 倍。\n\n最后一段。\n';
  for (const [needle, want] of [['开头', false], ['运行结果', true], ['中间', true], ['表后', true], ['最后', false]] as const) {
    const { post, s } = sentenceOf(text, needle);
    assert.equal(nextToOutput(post, s), want, needle);
  }
});

test('the detector reports the neighbourhood features as signals', () => {
  const d = detector(toConfig({}));
  const text = '## 压测结果\n\n假设你的系统有 1 亿用户。那么每天的请求量超过 50 亿次。\n';
  const { post, s } = sentenceOf(text, '每天的请求量');
  // Earlier sentences are read in order (the scan is memoised per post).
  const first = claimSentences(post)[0];
  judge(d, post, first, cleanText(post, first));
  const ids = judge(d, post, s, cleanText(post, s)).signals.map((x) => x.id);
  assert.ok(ids.includes('context.exampleBefore'), ids.join(' '));
  assert.ok(ids.includes('context.sectionOwnTest'), ids.join(' '));
});

test('inScenario: a scenario opened earlier in the section scopes over the story after it, until the next heading', () => {
  const opens = (t: string) => /^\s*假如/.test(t);
  const text = '# 分库分表\n\n全国用户超过 10 亿。\n\n假如我们现在是一个小创业公司，注册用户就 20 万。几个月后用户数达到了 2000 万！\n\n公司估值达到了几十亿美金。\n\n# 真实案例\n\n某平台的用户超过 3 亿。\n';
  for (const [needle, want] of [
    ['全国用户', false], // before the opening
    ['假如我们', false], // the opening sentence itself (its own hypothetical is read in the sentence)
    ['几个月后', true], // later in the opening paragraph
    ['公司估值', true], // a later paragraph of the section
    ['某平台', false], // a new section ends the scope
  ] as const) {
    const { post, s } = sentenceOf(text, needle);
    assert.equal(inScenario(post, s, opens), want, needle);
  }
});

test('hearsay about the author\'s own job hunt is no claim; technical hearsay is one', () => {
  assert.equal(unlinked('在官网投的简历，据说是个养老公司，待遇不错压力也低。\n').length, 0);
  assert.equal(unlinked('据说 googlecode 就要关了，估计就要下不到了。\n').length, 1);
  assert.equal(unlinked('这样可以减少数据传输的开销。\n').length, 0, '数据传输 is no hearsay');
});

function unlinked(text: string) {
  return analyze(text, {}).filter((f) => f.ruleId === 'claim/unlinked');
}

test('a lead-in to what follows (官方说明如下：) is no claim; the same words stating a figure are', () => {
  assert.equal(unlinked('Redis 官方文档说明如下：\n\n> 每秒可处理 10 万次请求。\n').filter((f) => f.span.start < 20).length, 0);
  assert.equal(unlinked('据官方统计，目前全球已有超过 500 万开发者使用它。\n').length, 1);
});

test('the next sentence pointing to a linked source (详情请见…, 具体…可以参考…) clears the claim', () => {
  assert.equal(unlinked('据统计，全球已有超过 500 万开发者使用它。详情请见[官方统计](https://example.com/stats)。\n').length, 0);
  assert.equal(unlinked('据统计，全球已有超过 500 万开发者使用它。具体的数据可以参考[这里](https://example.com/stats)。\n').length, 0);
  assert.equal(unlinked('据统计，全球已有超过 500 万开发者使用它。我很喜欢[它](https://example.com/)。\n').length, 1, 'a link that points nowhere in particular does not');
});

test('derivesFigure: a multiple or percentage worked out from the numbers of the sentences before it', () => {
  const d = detector(toConfig({}));
  const cases: Array<[string, string, boolean]> = [
    ['以前一次查询耗时 600ms。用了缓存之后 2ms 搞定。性能提升 300 倍。\n', '性能提升', true],
    ['改造前构建要 40 秒，改造后只要 10 秒。构建时间缩短了 75%。\n', '缩短了', true],
    // the figure does not follow from the numbers before it
    ['以前一次查询耗时 600ms。用了缓存之后 2ms 搞定。业界普遍能提升 50 倍。\n', '业界', false],
    // the numbers are in another paragraph
    ['以前一次查询耗时 600ms，用了缓存之后 2ms 搞定。\n\n性能提升 300 倍。\n', '性能提升', false],
    // the sentence gives figures of its own besides the worked-out one
    ['以前一次查询耗时 600ms。用了缓存之后 2ms 搞定。全球 3000 家公司的性能提升 300 倍。\n', '全球', false],
    ['该市场去年规模 20 亿美元，今年 60 亿美元。增长了 200%，达到 60 亿美元。\n', '增长了', false],
  ];
  for (const [text, needle, want] of cases) {
    const { post, s } = sentenceOf(text, needle);
    const clean = cleanText(post, s);
    assert.equal(derivesFigure(post, s, clean.text), want, text);
  }
  const { post, s } = sentenceOf(cases[0][0], '性能提升');
  assert.ok(judge(d, post, s, cleanText(post, s)).signals.some((x) => x.id === 'context.derived'));
});
