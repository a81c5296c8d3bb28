/**
 * One finding per problem for a post's self-contradictions (issue #19 item 2): a post that writes
 * a choice the configured way in at least 80 % of its places, and the other way in a few scattered
 * places (`公园,天气` in a post of `，`), has one problem, "this post contradicts itself": the first
 * place keeps its severity, names the others' lines in its hover and `data.contradiction`, and
 * offers one fix for all of them; the others are hints pointing to it (`data.firstAt`, the
 * editor's related information), each still fixed by fix-all. A mixed post (under 80 % either way),
 * a single slip and `typo/house-style: off` keep every finding as it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, applyEdits, fixAll, type Finding } from '../server/src/core/index';

const FULL = '我们今天去了公园，天气很好。然后我们回家了，吃了晚饭。';
const SLIP = '我们去了公园,天气很好。';
/** 6 × 4 + 3 full-width marks and 3 half-width commas, in three blocks that write both ways (no passage). */
const POST = [FULL, '', FULL, '', SLIP, '', FULL, '', FULL, '', SLIP, '', FULL, '', FULL, '', SLIP, ''].join('\n');
const width = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/punctuation' && /^Use the full-width/.test(f.message));

test('scattered places against the post\'s own style: one finding above hint naming the lines, the others hints pointing to it', () => {
  const fs = width(analyze(POST));
  assert.equal(fs.length, 3);
  const shown = fs.filter((f) => f.severity !== 'hint');
  assert.equal(shown.length, 1);
  const head = shown[0];
  assert.equal(head.severity, 'info');
  assert.equal(head.span.start, POST.indexOf(','));
  assert.deepEqual(head.data?.contradiction, { places: 3, lines: [5, 11, 17] });
  assert.match(head.hover ?? '', /other way in 27 places and this way in these 3 \(lines 5, 11, 17\)/);
  for (const f of fs.filter((x) => x !== head)) {
    assert.equal(f.severity, 'hint');
    assert.deepEqual(f.data?.firstAt, { line: 5, column: 7 });
    assert.ok(f.fixes?.some((x) => x.isPreferred), 'each place keeps its own fix');
  }
  // One action fixes all of them, to the same text as fix-all.
  const group = head.fixes?.find((x) => /Fix all 3/.test(x.title));
  assert.ok(group, `a fix for the group: ${head.fixes?.map((x) => x.title).join(' | ')}`);
  assert.equal(head.fixes?.[0].isPreferred, true, 'the place\'s own fix stays the preferred one');
  const byGroup = applyEdits(POST, group.edits);
  assert.equal(byGroup, fixAll(POST).text);
  assert.equal(width(analyze(byGroup)).length, 0);
});

test('in Chinese, the hover says it once, with the lines', () => {
  const head = analyze(POST, { language: 'zh-cn' }).find((f) => f.ruleId === 'typo/punctuation' && f.severity !== 'hint');
  assert.deepEqual(head?.data?.contradiction, { places: 3, lines: [5, 11, 17] });
  assert.match(head?.hover ?? '', /只有这 3 处如此（第 5、11、17 行）/);
});

test('a mixed post, a single slip, and typo/house-style off keep every finding', () => {
  // 2 × 4 + 3 full-width, 3 half-width: 79 % one way, not consistent.
  const mixed = [FULL, '', SLIP, '', FULL, '', SLIP, '', SLIP, ''].join('\n');
  assert.deepEqual(width(analyze(mixed)).map((f) => f.severity), ['info', 'info', 'info']);
  const one = [FULL, '', FULL, '', SLIP, '', FULL, ''].join('\n');
  const single = width(analyze(one));
  assert.equal(single.length, 1);
  assert.equal(single[0].data?.contradiction, undefined);
  const off = width(analyze(POST, { rules: { 'typo/house-style': 'off' } }));
  assert.deepEqual(off.map((f) => f.severity), ['info', 'info', 'info']);
  assert.ok(off.every((f) => f.data?.contradiction === undefined && f.data?.firstAt === undefined));
});

test('missing spaces in a spaced post: one finding for the post\'s few unspaced words', () => {
  const spaced = '这篇文章用 ZK 证明来压缩 Rollup 的数据，在 L2 上执行交易，由 Solidity 合约验证，EVM 负责执行。';
  const post = [spaced, '', '然后用AI写代码。', '', spaced, '', '最后交给Prover生成。', ''].join('\n');
  const fs = analyze(post).filter((f) => f.ruleId === 'typo/cjk-latin-spacing');
  assert.equal(fs.length, 2, fs.map((f) => f.message).join(' | '));
  assert.deepEqual(fs.map((f) => f.severity), ['info', 'hint']);
  assert.deepEqual(fs[0].data?.contradiction, { places: 2, lines: [3, 7] });
  assert.equal(fixAll(post).text.includes('用 AI 写') && fixAll(post).text.includes('交给 Prover 生成'), true);
});

// A post that keeps two choices (full-width marks, spaced English) and slips in both: one problem.
const SPACED = '这篇文章用 ZK 证明来压缩 Rollup 的数据，在 L2 上执行交易，由 Solidity 合约验证，EVM 负责执行。';
const TWO = [SPACED, '', FULL, '', '然后用AI写代码。', '', SPACED, '', SLIP, '', FULL, ''].join('\n');

test('slips in two choices, across both styled rules: one finding above hint, the others point to it with its rule', () => {
  const fs = analyze(TWO).filter((f) => f.ruleId.startsWith('typo/'));
  const shown = fs.filter((f) => f.severity !== 'hint');
  assert.equal(shown.length, 1, shown.map((f) => `${f.ruleId} ${f.message}`).join(' | '));
  const head = shown[0];
  assert.equal(head.ruleId, 'typo/cjk-latin-spacing');
  assert.equal(head.span.start, TWO.indexOf('用AI'));
  assert.deepEqual(head.data?.contradiction, { places: 2, lines: [5, 9] });
  assert.match(head.hover ?? '', /departs from its own style in these 2 places \(lines 5, 9\), in 2 typography choices/);
  const comma = fs.find((f) => f.ruleId === 'typo/punctuation' && f.span.start === TWO.indexOf(','));
  assert.equal(comma?.severity, 'hint');
  assert.deepEqual(comma?.data?.firstAt, { line: 5, column: 3, rule: 'typo/cjk-latin-spacing' });
  const group = head.fixes?.find((x) => /Fix all 2/.test(x.title));
  assert.ok(group, head.fixes?.map((x) => x.title).join(' | '));
  assert.equal(applyEdits(TWO, group.edits), fixAll(TWO).text);
});

test('a post with a house style of its own and slips from it: the house-style finding is its one style finding', () => {
  // unspaced English throughout (learnt), full-width marks but for one half-width comma (a slip)
  const UNSPACED = '这篇文章用ZK证明来压缩Rollup的数据，在L2上执行交易，由Solidity合约验证，EVM负责执行。';
  const post = [UNSPACED, '', FULL, '', SLIP, '', FULL, '', UNSPACED, ''].join('\n');
  const fs = analyze(post).filter((f) => f.ruleId.startsWith('typo/'));
  const shown = fs.filter((f) => f.severity !== 'hint');
  assert.deepEqual(shown.map((f) => f.ruleId), ['typo/house-style'], shown.map((f) => f.message).join(' | '));
  const house = shown[0];
  assert.match(house.message, /Chinese and English without a space.* It departs from its own style in 1 place \(line 5\)\.$/);
  assert.deepEqual(house.data?.contradiction, { places: 1, lines: [5], choices: ['fullwidthPunctuation'] });
  const comma = fs.find((f) => f.ruleId === 'typo/punctuation' && f.span.start === post.indexOf(','));
  assert.equal(comma?.severity, 'hint');
  const h = post.indexOf('用ZK');
  assert.deepEqual(comma?.data?.firstAt, { line: 1, column: h + 1, rule: 'typo/house-style' });
  const fix = house.fixes?.find((x) => /Fix all 1 to the post's own style/.test(x.title));
  assert.ok(fix, house.fixes?.map((x) => x.title).join(' | '));
  assert.equal(applyEdits(post, fix.edits), post.replace(',', '，'));
  // fix-all still fixes every place (the learnt ones to the configured style, the slip to the post's)
  assert.ok(fixAll(post).text.includes('公园，天气') && fixAll(post).text.includes('用 ZK 证明'));
  // in Chinese
  const zh = analyze(post, { language: 'zh-cn' }).find((f) => f.ruleId === 'typo/house-style');
  assert.match(zh?.message ?? '', /另有 1 处与本文自身写法不一致（第 5 行）。$/);
});

test('a typing habit no choice explains (a space beside a full-width mark): one finding per post, the others point to it', () => {
  const post = ['我们今天去了公园。 然后回家了。', '', '天气很好， 吃了晚饭。', '', '金融： 蚂蚁金服', ''].join('\n');
  const fs = analyze(post).filter((f) => f.ruleId === 'typo/cjk-latin-spacing' && /^No space beside/.test(f.message));
  assert.equal(fs.length, 3, fs.map((f) => f.message).join(' | '));
  assert.deepEqual(fs.map((f) => f.severity), ['info', 'hint', 'hint']);
  assert.deepEqual(fs[0].data?.habit, { places: 3, lines: [1, 3, 5] });
  assert.match(fs[0].hover ?? '', /in 3 places \(lines 1, 3, 5\)/);
  for (const f of fs.slice(1)) assert.deepEqual(f.data?.firstAt, { line: 1, column: 9 });
  const fix = fs[0].fixes?.find((x) => /Fix all 3 of these/.test(x.title));
  assert.ok(fix, fs[0].fixes?.map((x) => x.title).join(' | '));
  assert.equal(applyEdits(post, fix.edits), fixAll(post).text);
  // one place is one finding as it was; typo/house-style off keeps every place
  const one = analyze('我们今天去了公园。 然后回家了。\n').filter((f) => /^No space beside/.test(f.message));
  assert.deepEqual(one.map((f) => [f.severity, f.data?.habit]), [['info', undefined]]);
  const off = analyze(post, { rules: { 'typo/house-style': 'off' } }).filter((f) => /^No space beside/.test(f.message));
  assert.deepEqual(off.map((f) => f.severity), ['info', 'info', 'info']);
});
