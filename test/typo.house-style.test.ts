/**
 * House style, learnt (issue #19): typo/house-style's one finding per post, its two actions ("fix
 * all", "keep this style" through `.zhen.yml`), `typography: auto`, the census in the workspace
 * index, and setting keys in a `.zhen.yml` mapping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addToConfigList, analyze, applyEdits, fixAll, loadConfigText, summarize, type ConfigInput, type Finding, type WorkspaceIndex } from '../server/src/core/index';

/** A post that writes Chinese and English without spaces throughout (and digits too). */
const UNSPACED = [
  '这篇文章用ZK证明来压缩Rollup的数据，在L2上执行交易，由Solidity合约验证。',
  '',
  '然后把证明提交到L1合约，EVM负责执行，Sequencer负责排序，Prover生成证明。',
  '',
  '在2023年，zkSync和StarkNet都上线了主网，Polygon也发布了zkEVM测试网。',
  '',
].join('\n');

const SPACED = '这篇文章用 ZK 证明来压缩 Rollup 的数据，在 L2 上执行交易，由 Solidity 合约验证，EVM 负责执行。\n';

const index = (posts: Record<string, string>, config: ConfigInput = {}): WorkspaceIndex =>
  ({ posts: new Map(Object.entries(posts).map(([p, t]) => [p, summarize(t, p, config)])), version: 1 });

const houseStyle = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/house-style');
const spacing = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/cjk-latin-spacing');

test('a consistently unspaced post: one house-style finding, its places as hints, still fixed by fix-all', () => {
  const findings = analyze(UNSPACED);
  const hs = houseStyle(findings);
  assert.equal(hs.length, 1);
  const places = spacing(findings);
  assert.ok(places.length >= 10, `${places.length} places`);
  assert.ok(places.every((f) => f.severity === 'hint'), 'every place is a hint');
  const letters = places.filter((f) => f.data?.houseStyle === 'spaceBetweenCjkAndLatin');
  // Two digits places are too few to tell a style alone; they agree with the post's letters, so they follow them.
  assert.deepEqual(places.filter((f) => f.data?.houseStyle === 'spaceBetweenCjkAndDigits').map((f) => f.message), ['Add a space on both sides of "2023".']);
  assert.equal(letters.length + 1, places.length);
  // One digits place is no style of its own: the message says it follows the post's other spacing (MIN_PLACES).
  assert.match(hs[0].message, new RegExp(`^This post consistently writes Chinese and English without a space in ${letters.length} places; the house style does not\\. It also writes Chinese and digits without a space in 1 place, like its other spacing\\. They are shown as hints\\.$`));
  assert.equal(hs[0].severity, 'info');
  assert.deepEqual(hs[0].span, places[0].span, 'the finding sits on the first place');
  // "Fix all N places": the same edits as fix-all's for the hints, so the same text.
  const [all, keep] = hs[0].fixes!;
  assert.match(all.title, new RegExp(`^Fix all ${places.length} places$`));
  assert.ok(!all.isPreferred, 'fix-all applies the hints one by one, not this too');
  assert.deepEqual(new Set(all.edits.map((e) => e.span.start)), new Set(places.flatMap((f) => f.fixes![0].edits.map((e) => e.span.start))), 'exactly the hints\' edits');
  const once = applyEdits(UNSPACED, all.edits);
  assert.equal(houseStyle(analyze(once)).length, 0, 'after it, nothing to learn');
  assert.equal(once, fixAll(UNSPACED).text, 'what fix-all (zhen check --fix) gives');
  // "Keep this style": writes the post's style to `.zhen.yml`; then nothing is reported.
  assert.deepEqual(keep.configEdit, { key: 'typography', item: { spaceBetweenCjkAndLatin: false, spaceBetweenCjkAndDigits: false } });
  assert.match(keep.title, /^Keep this style \(typography: \{spaceBetweenCjkAndLatin: false, spaceBetweenCjkAndDigits: false\} in \.zhen\.yml\)$/);
  const yml = applyEdits('language: en\n', [addToConfigList('language: en\n', keep.configEdit!.key, keep.configEdit!.item)]);
  assert.equal(yml, 'language: en\ntypography:\n  spaceBetweenCjkAndLatin: false\n  spaceBetweenCjkAndDigits: false\n');
  const after = analyze(UNSPACED, loadConfigText(yml).config);
  assert.deepEqual([...houseStyle(after), ...spacing(after)], []);
});

test('a spaced post, a mixed post and typo/house-style off: nothing learnt, places keep their severity', () => {
  assert.deepEqual(houseStyle(analyze(SPACED)), []);
  const mixed = `${UNSPACED}${SPACED.repeat(2)}`;
  const m = analyze(mixed);
  assert.deepEqual(houseStyle(m).map((f) => f.message).filter((x) => /English/.test(x)), [], 'a post that contradicts itself is not learnt');
  assert.ok(spacing(m).some((f) => f.severity === 'info' && /"ZK"|"Rollup"/.test(f.message)));
  const off = analyze(UNSPACED, { rules: { 'typo/house-style': 'off' } });
  assert.deepEqual(houseStyle(off), []);
  assert.ok(spacing(off).every((f) => f.severity === 'info'));
});

test('a short post follows the workspace when the workspace writes one way', () => {
  const short = '短文只用了一次AI而已。\n';
  assert.deepEqual(houseStyle(analyze(short)), [], 'alone, one place tells nothing');
  const ws = { path: '_posts/s.md', index: index({ '_posts/a.md': UNSPACED, '_posts/b.md': UNSPACED.replace(/ZK/g, 'AI'), '_posts/s.md': short }) };
  const hs = houseStyle(analyze(short, {}, ws));
  assert.equal(hs.length, 1);
  // One place of its own is no consistent style: the message says the style is the workspace's.
  assert.match(hs[0].message, /^This post writes Chinese and English without a space in 1 place, as most of this workspace does; the house style does not\./);
  assert.doesNotMatch(hs[0].message, /consistently/);
  assert.equal(spacing(analyze(short, {}, ws))[0].severity, 'hint');
});

test('typography: auto follows the workspace majority; the summary carries each post\'s census', () => {
  const s = summarize(UNSPACED, 'a.md').typo as { census: Record<string, Record<string, number>> };
  assert.ok(s.census.spaceBetweenCjkAndLatin.false >= 10);
  assert.equal(s.census.spaceBetweenCjkAndLatin.true ?? 0, 0);
  assert.ok(s.census.fullwidthPunctuation.true >= 5);
  const cfg = loadConfigText('typography: auto\n');
  assert.deepEqual(cfg.problems, []);
  const unspacedWs = { path: 'a.md', index: index({ 'a.md': UNSPACED, 'b.md': UNSPACED.replace(/ZK/g, 'AI') }) };
  assert.deepEqual(spacing(analyze(UNSPACED, cfg.config, unspacedWs)).filter((f) => !/"2023"/.test(f.message)), [], 'the workspace writes unspaced: not required');
  const spacedWs = { path: 'c.md', index: index({ 'a.md': SPACED.repeat(3), 'b.md': SPACED.repeat(3), 'c.md': UNSPACED }) };
  assert.equal(houseStyle(analyze(UNSPACED, cfg.config, spacedWs)).length, 1, 'the workspace writes spaced: this post is another style');
  // One choice `auto`, the others as configured; a wrong value is reported at its line.
  assert.deepEqual(loadConfigText('typography:\n  spaceBetweenCjkAndLatin: auto\n  quotes: auto\n').problems, []);
  const bad = loadConfigText('typography:\n  spaceBetweenCjkAndLatin: sometimes\n');
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.problems[0].span.start, 'typography:\n  spaceBetweenCjkAndLatin: '.length);
});

test('.zhen.yml mapping edits: a key set in place (comment kept), a new key under the others, `auto` expanded, a flow map', () => {
  const set = (yml: string, item: Record<string, unknown>) => applyEdits(yml, [addToConfigList(yml, 'typography', item)]);
  assert.equal(set('typography:\n  quotes: keep # ours\n  spaceAroundCode: true\nrules: {}\n', { spaceAroundCode: false, spaceBetweenCjkAndLatin: false }),
    'typography:\n  quotes: keep # ours\n  spaceAroundCode: false\n  spaceBetweenCjkAndLatin: false\nrules: {}\n');
  assert.equal(set('typography: auto\n', { quotes: 'keep' }),
    'typography: { spaceBetweenCjkAndLatin: auto, spaceBetweenCjkAndDigits: auto, spaceAroundCode: auto, latinParentheses: auto, cjkParentheses: auto, quotes: keep, fullwidthPunctuation: auto, chineseEllipsis: auto, halfwidthPunctuationInEnglish: auto, fullwidthPunctuationAfterLatin: auto, tightPunctuationAfterLatin: auto }\n');
  assert.equal(set('typography: { quotes: corner }\n', { quotes: 'keep' }), 'typography: { quotes: keep }\n');
  assert.equal(set('', { quotes: 'keep' }), 'typography:\n  quotes: keep\n');
  assert.equal(set('a: 1\r\n', { quotes: 'keep' }), 'a: 1\r\ntypography:\r\n  quotes: keep\r\n');
  // Lists still get an item appended.
  assert.equal(applyEdits('sources:\n  - {name: A, url: "https://a.org"}\n', [addToConfigList('sources:\n  - {name: A, url: "https://a.org"}\n', 'sources', { name: 'B', url: 'https://b.org' })]),
    'sources:\n  - {name: A, url: "https://a.org"}\n  - { name: B, url: https://b.org }\n');
  for (const yml of ['typography: auto\n', 'typography: { quotes: corner }\n', 'typography:\n  quotes: keep # ours\n  spaceAroundCode: true\n', '']) {
    assert.deepEqual(loadConfigText(set(yml, { spaceBetweenCjkAndLatin: false })).problems, [], yml);
  }
});
