/**
 * A blog that writes one way everywhere (issue #19, session 19): when most of the workspace's posts
 * that decide a typography choice (BLOG_SHARE of at least BLOG_MIN_POSTS other posts) write it the way
 * this post does, the post's typo/house-style finding is a hint saying so ("Like N of the M other posts
 * of this blog…"), with the same actions; the first post (by path) that decides it this way keeps it
 * above hint, the blog's one suggestion. A post that goes against the blog's majority keeps its
 * finding; its slips from its own style are not folded into a hint but keep their own head; without a
 * workspace nothing changes; fix-all's text is the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, fixAll, summarize, type Finding, type WorkspaceIndex } from '../server/src/core/index';
import { BLOG_MIN_POSTS } from '../server/src/core/rules/typo/style';

/** Unspaced Chinese and English throughout, full-width punctuation. */
const UNSPACED = [
  '这篇文章用ZK证明来压缩Rollup的数据，在L2上执行交易，由Solidity合约验证。',
  '',
  '然后把证明提交到L1合约，EVM负责执行，Sequencer负责排序，Prover生成证明。',
  '',
].join('\n');
const SPACED = '这篇文章用 ZK 证明来压缩 Rollup 的数据，在 L2 上执行交易，由 Solidity 合约验证，EVM 负责执行。\n';
/** UNSPACED with one half-width comma after Chinese: a slip from the full-width punctuation it keeps. */
const SLIPPED = `${UNSPACED}${UNSPACED}这里写错了,然后继续写。\n`;

const index = (posts: Record<string, string>): WorkspaceIndex =>
  ({ posts: new Map(Object.entries(posts).map(([p, t]) => [p, summarize(t, p, {})])), version: 1 });
const houseStyle = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'typo/house-style');

/** `n` posts `p01.md`… written as `text`, plus `extra`. */
function blog(n: number, text: string, extra: Record<string, string> = {}): Record<string, string> {
  const posts: Record<string, string> = {};
  for (let i = 1; i <= n; i++) posts[`p${String(i).padStart(2, '0')}.md`] = text.replace(/ZK/g, `ZK${i}`);
  return { ...posts, ...extra };
}

test('an unspaced blog: every post but the first by path has its house-style finding as a hint saying so', () => {
  const posts = blog(12, UNSPACED);
  const ws = (path: string) => ({ path, index: index(posts) });
  const later = houseStyle(analyze(posts['p05.md'], {}, ws('p05.md')));
  assert.equal(later.length, 1);
  assert.equal(later[0].severity, 'hint');
  assert.match(later[0].message, /They are shown as hints\. Like 11 of the 11 other posts of this blog that decide it; set `typography: \{spaceBetweenCjkAndLatin: false\}` in \.zhen\.yml to make it the blog's style\.$/);
  assert.deepEqual(later[0].data?.blog, { choice: 'spaceBetweenCjkAndLatin', posts: 11, deciding: 11, keeps: false });
  assert.match(later[0].hover ?? '', /one post of the workspace \(p01\.md\) carries it above hint/);
  // The same actions: fix all, keep this style.
  assert.deepEqual(later[0].fixes?.map((f) => f.title.replace(/\d+/g, 'N')), ['Fix all N places', 'Keep this style (typography: {spaceBetweenCjkAndLatin: false} in .zhen.yml)']);
  const first = houseStyle(analyze(posts['p01.md'], {}, ws('p01.md')));
  assert.equal(first.length, 1);
  assert.equal(first[0].severity, 'info', 'the first by path carries the blog\'s one suggestion');
  assert.equal((first[0].data?.blog as { keeps?: boolean } | undefined)?.keeps, true);
  // fix-all (zhen check --fix) is unchanged.
  assert.equal(fixAll(posts['p05.md'], {}, ws('p05.md')).text, fixAll(posts['p05.md']).text);
});

test('too few deciding posts, no workspace, or a post against the blog\'s majority: the finding stays', () => {
  const few = blog(BLOG_MIN_POSTS - 1, UNSPACED, { 'z.md': UNSPACED });
  assert.equal(houseStyle(analyze(UNSPACED, {}, { path: 'z.md', index: index(few) }))[0].severity, 'info', `${BLOG_MIN_POSTS - 1} other deciding posts are too few`);
  assert.equal(houseStyle(analyze(UNSPACED))[0].severity, 'info', 'no workspace: unchanged');
  assert.equal(houseStyle(analyze(UNSPACED))[0].data?.blog, undefined);
  // The blog's other posts are spaced: this post is the odd one out.
  const spaced = blog(12, SPACED.repeat(2), { 'z.md': UNSPACED });
  const odd = houseStyle(analyze(UNSPACED, {}, { path: 'z.md', index: index(spaced) }));
  assert.equal(odd[0].severity, 'info');
  assert.doesNotMatch(odd[0].message, /Like \d+ of/);
  // A mixed blog (8 unspaced, 4 spaced: under BLOG_SHARE): not the blog's practice.
  const mixed = { ...blog(8, UNSPACED), ...Object.fromEntries([1, 2, 3, 4].map((i) => [`s${i}.md`, SPACED.repeat(2)])), 'z.md': UNSPACED };
  assert.equal(houseStyle(analyze(UNSPACED, {}, { path: 'z.md', index: index(mixed) }))[0].severity, 'info');
});

test('a post that follows the blog\'s style and slips from its own: the slip keeps its severity', () => {
  const posts = blog(12, UNSPACED, { 'z.md': SLIPPED });
  const ws = { path: 'z.md', index: index(posts) };
  const fs = analyze(SLIPPED, {}, ws);
  const hs = houseStyle(fs);
  assert.equal(hs[0].severity, 'hint');
  assert.doesNotMatch(hs[0].message, /departs from its own style/, 'the hint does not stand for the slip');
  const slip = fs.filter((f) => f.ruleId === 'typo/punctuation' && f.severity !== 'hint');
  assert.equal(slip.length, 1, JSON.stringify(fs.map((f) => [f.ruleId, f.severity, f.message])));
  assert.equal(slip[0].span.start, SLIPPED.indexOf(','));
  // Alone (no workspace) the slip is folded into the house-style finding as before.
  const alone = analyze(SLIPPED);
  assert.match(houseStyle(alone)[0].message, /departs from its own style in 1 place/);
  assert.deepEqual(alone.filter((f) => f.ruleId === 'typo/punctuation' && f.severity !== 'hint'), []);
  assert.equal(fixAll(SLIPPED, {}, ws).text, fixAll(SLIPPED).text);
});

test('a choice of 1–4 places the blog writes the other way is no part of the blog\'s style: its place keeps its severity', () => {
  // The blog writes full-width parentheses around Chinese (5 places a post); this post writes `(中文)` once.
  const PARENS = `${UNSPACED}${'这里是（中文说明）的例子。'.repeat(5)}\n`;
  const ONE = `${UNSPACED}${UNSPACED}它用了一次(半角括号)而已。\n`;
  const alone = analyze(ONE);
  assert.match(houseStyle(alone)[0].message, /half-width parentheses around Chinese in 1 place, all its places of them/, 'alone, it rides along the post\'s style');
  const posts = blog(12, PARENS, { 'z.md': ONE });
  const fs = analyze(ONE, {}, { path: 'z.md', index: index(posts) });
  const hs = houseStyle(fs);
  assert.equal(hs[0].severity, 'hint');
  assert.doesNotMatch(hs[0].message, /parentheses/);
  const paren = fs.filter((f) => f.ruleId === 'typo/punctuation' && /parentheses/.test(f.message));
  assert.deepEqual(paren.map((f) => f.severity), ['info'], 'a slip against the blog: shown');
  assert.equal(fixAll(ONE, {}, { path: 'z.md', index: index(posts) }).text, fixAll(ONE).text);
});
