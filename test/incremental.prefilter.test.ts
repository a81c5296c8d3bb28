// literals.ts: the literal prefilter the claim detector runs before each bundled pattern. It may
// only skip a pattern that cannot match: checked on every bundled pattern over the labelled
// sentences (and their masked texts), and on hand-made cases of the syntax it reads or gives up on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prefilter, requiredLiterals } from '../server/src/core/literals';
import { detector, maskText } from '../server/src/core/rules/claim/detector';
import { toConfig } from '../server/src/core/index';

const repo = join(__dirname, '..', '..');

test('requiredLiterals reads sequences, groups, classes and quantifiers', () => {
  assert.deepEqual(requiredLiterals('(?:发布|公布)(?:的|了)\\s*报告'), [['报告'], ['发布', '公布'], ['的', '了']]);
  assert.deepEqual(requiredLiterals('a+b?c'), [['a'], ['c']]);
  assert.deepEqual(requiredLiterals('ab{2}c'), [['a'], ['b'], ['c']]);
  assert.deepEqual(requiredLiterals('[一二三]倍|百分之'), [['倍', '百分之']]);
  assert.deepEqual(requiredLiterals('x(?<=y)z'), [['x'], ['z']]);
  assert.deepEqual(requiredLiterals('\\u4e07\\.'), [['万.']]);
  // regexpp reads what the hand-written parser gave up on: a back-reference is only unknown, `\cJ` is a line feed.
  assert.deepEqual(requiredLiterals('(a)\\1'), [['a']]);
  assert.deepEqual(requiredLiterals('x\\cJ'), [['x\n']]);
  assert.deepEqual(requiredLiterals('a{1}b[\\b]'), [['ab'], ['\b']]);
  // Nothing every match must hold, Annex B's lenient syntax (`a{`, `a]`, `[a-\\d]`) or a modifier group
  // that folds case: undefined (the pattern always runs).
  for (const src of ['\\d+', 'a|\\d', 'a*', 'a{', 'a]', '[a-\\d]', '(?i:a)', '[^a]', '[a-z]', '[]', '(?=a)', '\\1', '']) assert.equal(requiredLiterals(src), undefined, src);
  // Each literal set holds in a text the pattern matches.
  for (const [src, text] of [['(a)\\1', 'aa'], ['x\\cJ', 'x\n'], ['[一二三]倍|百分之', '百分之十']]) {
    assert.ok(new RegExp(src).test(text));
    for (const set of requiredLiterals(src)!) assert.ok(set.some((s) => text.includes(s)), src);
  }
  assert.equal(requiredLiterals('ab', 'u'), undefined);
});

test('prefilter keeps the pattern’s case folding', () => {
  const p = prefilter(/Stars?|用户/gi)!;
  assert.ok(p('GitHub STARS'));
  assert.ok(!p('github stat'));
});

test('prefilter never skips a bundled claim pattern that matches (labelled sentences, text and masked)', () => {
  const d = detector(toConfig({}));
  const texts = readFileSync(join(repo, 'data', 'claims', 'sentences.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  let filtered = 0;
  let skipped = 0;
  for (const f of d.features) {
    for (const re of f.res) {
      if (!(re instanceof RegExp)) continue;
      const p = prefilter(re);
      if (!p) continue;
      filtered++;
      for (const t of texts) {
        for (const x of [t, maskText(d, t)]) {
          re.lastIndex = 0;
          const hit = re.test(x);
          if (!p(x)) {
            skipped++;
            assert.ok(!hit, `${re.source} matches ${JSON.stringify(x)} but its prefilter skips it`);
          }
        }
      }
    }
  }
  // Most bundled patterns have literals, and they skip most sentences.
  assert.ok(filtered > 100, `only ${filtered} patterns have a prefilter`);
  assert.ok(skipped > filtered * texts.length, `skipped ${skipped}`);
});
