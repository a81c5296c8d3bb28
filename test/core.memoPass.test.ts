// blockCache.ts `memoPass` / `windowPass`: one pass's look-ups of the rule cache, made without a closure per piece,
// give each piece its own value (computed under a cache, kept across runs by key and sub), outside a run with a cache
// compute every time, and answer a re-entrant look-up (a compute asking the same pass about another piece) for its own piece.
// captions.ts asks a window's look through one such pass per post, once per call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleCache, resolveConfig } from '../server/src/core/index';
import { analysing, blockWindows, memoPass, windowPass } from '../server/src/core/blockCache';
import { parsePost, type Post } from '../server/src/core/document';
import { captionSource, figureTitle } from '../server/src/core/rules/claim/captions';
import { cueSet } from '../server/src/core/rules/claim/cues';

const config = resolveConfig();

/** `f` inside a run of `cache` over `post` (as the engine does: begin, analysing, then let go and turn). */
function inRun<T>(cache: RuleCache, post: Post, f: () => T): T {
  cache.begin(config, 'commonmark');
  analysing(post, cache);
  try {
    return f();
  } finally {
    analysing(post, undefined);
    cache.turn();
  }
}

test('memoPass: each piece its own value; kept by key and sub across runs of a cache; computed each time without one', () => {
  const post = parsePost('a\n\nb\n');
  const calls: string[] = [];
  const pass = () => memoPass(post, 'test/upper', (s: string) => s, (s: string, n: number | undefined) => (calls.push(s), `${s.toUpperCase()}${n ?? ''}`));
  // No cache: computed on every ask.
  const bare = pass();
  assert.deepEqual([bare('x'), bare('y', '', 1), bare('x')], ['X', 'Y1', 'X']);
  assert.deepEqual(calls.splice(0), ['x', 'y', 'x']);
  const cache = new RuleCache();
  const first = inRun(cache, post, () => {
    const ask = pass();
    return [ask('x'), ask('y'), ask('x'), ask('x', 's', 2)];
  });
  assert.deepEqual(first, ['X', 'Y', 'X', 'X2']);
  assert.deepEqual(calls.splice(0), ['x', 'y', 'x'], 'x once per sub');
  assert.deepEqual(cache.stats.memo['test/upper'], { computed: 3, reused: 1 });
  const second = inRun(cache, post, () => {
    const ask = pass();
    return [ask('y'), ask('x', 's', 2), ask('z')];
  });
  assert.deepEqual(second, ['Y', 'X2', 'Z']);
  assert.deepEqual(calls.splice(0), ['z'], 'the next run takes the kept values');
  // After the run the pass no longer uses the cache (as `memoized`).
  const after = pass();
  after('y');
  assert.deepEqual(calls.splice(0), ['y']);
});

test('memoPass: valid is asked about the piece looked up, and a value that fails it is computed again', () => {
  const post = parsePost('a\n');
  const cache = new RuleCache();
  let version = 1;
  const asked: string[] = [];
  const pass = () =>
    memoPass(
      post,
      'test/versioned',
      (s: string) => s,
      (s: string) => ({ s, version }),
      (v, s) => (asked.push(s), v.version === version),
    );
  inRun(cache, post, () => pass()('p'));
  const kept = inRun(cache, post, () => [pass()('p'), pass()('q')]);
  assert.deepEqual(kept, [{ s: 'p', version: 1 }, { s: 'q', version: 1 }]);
  assert.deepEqual(asked.splice(0), ['p'], 'valid of the kept piece only');
  version = 2;
  const again = inRun(cache, post, () => pass()('p'));
  assert.deepEqual(again, { s: 'p', version: 2 });
  assert.deepEqual(cache.stats.memo['test/versioned'], { computed: 1, reused: 0 });
});

test('memoPass: a compute that asks the same pass about another piece gets that piece’s value, and its own piece is set back', () => {
  const post = parsePost('a\n');
  const cache = new RuleCache();
  const got = inRun(cache, post, () => {
    const ask: (s: string) => string = memoPass(
      post,
      'test/nested',
      (s: string) => s,
      (s: string) => (s.length > 1 ? `${ask(s.slice(1))}+${s}` : s),
    );
    return [ask('ab'), ask('b'), ask('ab')];
  });
  assert.deepEqual(got, ['b+ab', 'b', 'b+ab']);
  // A kept value whose valid test looks up another piece through the pass first and then fails: computed again for its own piece.
  const computed: string[] = [];
  const outerPass = () => {
    const ask: (s: string) => string = memoPass(
      post,
      'test/nested-valid',
      (s: string) => s,
      (s: string) => (computed.push(s), s),
      (_v, s) => s !== 'outer' || ask('inner') !== 'inner',
    );
    return ask;
  };
  assert.equal(inRun(cache, post, () => outerPass()('outer')), 'outer');
  assert.equal(inRun(cache, post, () => outerPass()('outer')), 'outer');
  assert.deepEqual(computed, ['outer', 'inner', 'outer']);
});

test('windowPass: keyed by the window, so an unchanged window is reused after an edit elsewhere', () => {
  const cache = new RuleCache();
  const seen = (text: string) => {
    const post = parsePost(text);
    return inRun(cache, post, () => {
      const ask = windowPass(post, 'test/window', (w) => w.prose.slice(w.from, w.to).length);
      const lengths = blockWindows(post).map((w) => ask(w));
      return { lengths, memo: { ...cache.stats.memo['test/window'] } };
    });
  };
  assert.deepEqual(seen('one\n\ntwo two\n\nthree\n'), { lengths: [3, 7, 5], memo: { computed: 3, reused: 0 } });
  assert.deepEqual(seen('one\n\ntwo two!\n\nthree\n'), { lengths: [3, 8, 5], memo: { computed: 1, reused: 2 } });
});

test('captions: captionSource and figureTitle ask a window’s look once per call (the answer is kept, not asked again), under a cache and without', () => {
  const text = '# 报告\n\n![图](a.png)\n_图1 大语言模型价格对比 | 数据源：Artificial Analysis_\n\n<iframe src="https://dune.com/embeds/1/2"></iframe>\n_图2 以太坊单日活跃地址数_\n\n正文。\n';
  const post = parsePost(text);
  const set = cueSet(config);
  const [labelled, title] = post.blocks.filter((b) => b.type === 'paragraph' && /图\d/.test(text.slice(b.span.start, b.span.end)));
  const cache = new RuleCache();
  const looks = () => {
    const m = cache.stats.memo['claim/caption-look'] ?? { computed: 0, reused: 0 };
    return m.computed + m.reused;
  };
  inRun(cache, post, () => {
    assert.equal(captionSource(post, labelled, set)?.name.text, 'Artificial Analysis');
    assert.equal(looks(), 1, 'captionSource: one look');
    assert.equal(figureTitle(post, title, set)?.line.start, text.indexOf('_图2'));
    assert.equal(looks(), 2, 'figureTitle: one look');
    // The per-paragraph answers are kept: asked again, the look only says whether to give them.
    assert.equal(captionSource(post, labelled, set)?.name.text, 'Artificial Analysis');
    assert.equal(figureTitle(post, title, set)?.line.start, text.indexOf('_图2'));
    assert.equal(looks(), 4);
    assert.equal(figureTitle(post, labelled, set)?.line.start, text.indexOf('_图1'));
    assert.equal(captionSource(post, title, set), undefined);
  });
  // Two posts, asked in turn, outside a run (no module state carries one's window to the other's look).
  const other = parsePost(text.replace('数据源：Artificial Analysis', '来源：Gartner'));
  const otherLabelled = other.blocks.find((b) => b.type === 'paragraph' && /图1/.test(other.text.slice(b.span.start, b.span.end)))!;
  assert.equal(captionSource(other, otherLabelled, set)?.name.text, 'Gartner');
  assert.equal(captionSource(post, labelled, set)?.name.text, 'Artificial Analysis');
});
