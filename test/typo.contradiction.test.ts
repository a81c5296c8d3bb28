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
