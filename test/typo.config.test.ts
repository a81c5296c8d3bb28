/** The `typography:` section of `.zhen.yml`: validated by the schema, and read by the typo rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, loadConfigText } from '../server/src/core/index';
import type { TypographyConfig } from '../server/src/core/rules/typo/style';

test('typography options are validated with their positions', () => {
  const ok = loadConfigText('typography:\n  spaceBetweenCjkAndDigits: false\n  quotes: corner\n  latinParentheses: fullwidth\n');
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.config.typography, { spaceBetweenCjkAndDigits: false, quotes: 'corner', latinParentheses: 'fullwidth' });
  const bad = loadConfigText('typography:\n  quotes: fancy\n  spaceBetweenCJK: true\n');
  assert.equal(bad.problems.length, 2, JSON.stringify(bad.problems));
  assert.ok(bad.problems.some((p) => /spaceBetweenCJK/.test(p.message)));
  assert.ok(bad.problems.every((p) => p.span.start > 0));
});

test('each house-style option changes fix-all', () => {
  const cases: Array<[string, string, string]> = [
    ['自2023年', '自 2023 年', '自2023年'],
    ['用`npm`装', '用 `npm` 装', '用`npm`装'],
    ['训练(Training)阶段', '训练 (Training) 阶段', '训练（Training）阶段'],
    ['见(附录)说明', '见（附录）说明', '见(附录)说明'],
    ['他说"好的"呀', '他说“好的”呀', '他说「好的」呀'],
    ['你好,再见', '你好，再见', '你好,再见'],
    ['Come and，Join us！', 'Come and, Join us!', 'Come and，Join us！'],
  ];
  const options: TypographyConfig[] = [
    { spaceBetweenCjkAndDigits: false },
    { spaceAroundCode: false },
    { latinParentheses: 'fullwidth' },
    { cjkParentheses: 'keep' },
    { quotes: 'corner' },
    { fullwidthPunctuation: false },
    { halfwidthPunctuationInEnglish: false },
  ];
  cases.forEach(([input, byDefault, withOption], i) => {
    assert.equal(fixAll(input, {}).text, byDefault, input);
    assert.equal(fixAll(input, { typography: options[i] }).text, withOption, `${input} with ${JSON.stringify(options[i])}`);
  });
});
