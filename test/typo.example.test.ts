/**
 * The example post (examples/2024-05-22-ai-crypto.md, see ../shared/examples/README.md): the
 * typesetting findings listed there are reported, nothing else of typo/* is, and fix-all leaves
 * a post that re-checks clean for typo/* with only those bytes changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, computeLineStarts, fixAll, positionAt, type ConfigInput } from '../server/src/core/index';

const repo = join(__dirname, '..', '..');
const post = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
/** Only the typesetting rules, so that other families' fixes do not mix in. */
const typoOnly: ConfigInput = { rules: { '*': 'off', typo: 'warning' } };

/** The listed problems: line, the text as written, and the text as it should be. */
const LISTED: Array<[number, string, string, string]> = [
  [64, 'typo/cjk-latin-spacing', 'AI技术', 'AI 技术'],
  [64, 'typo/cjk-latin-spacing', '的AI模型', '的 AI 模型'],
  [68, 'typo/repeated', '训练好的模型训练好的模型', '训练好的模型'],
  [108, 'typo/cjk-latin-spacing', '专业AI模型', '专业 AI 模型'],
  [108, 'typo/cjk-latin-spacing', '为AI模型', '为 AI 模型'],
  [149, 'typo/cjk-latin-spacing', '对AI模型', '对 AI 模型'],
  [162, 'typo/stray-punctuation', '通过、文件哈希', '通过文件哈希'],
  [180, 'typo/cjk-latin-spacing', '自2023年', '自 2023 年'],
];

test('example post: the listed typesetting findings, and only those', () => {
  const lineStarts = computeLineStarts(post);
  const findings = analyze(post, {}).filter((f) => f.ruleId.startsWith('typo/'));
  const lines = (rule: string) => [...new Set(findings.filter((f) => f.ruleId === rule).map((f) => positionAt(lineStarts, f.span.start).line + 1))];
  assert.deepEqual(lines('typo/cjk-latin-spacing'), [64, 108, 149, 180]);
  assert.deepEqual(lines('typo/repeated'), [68]);
  assert.deepEqual(lines('typo/stray-punctuation'), [162]);
  assert.deepEqual(findings.filter((f) => !['typo/cjk-latin-spacing', 'typo/repeated', 'typo/stray-punctuation'].includes(f.ruleId)).map((f) => f.ruleId), []);
  for (const [line, rule, bad] of LISTED) {
    const start = lineStarts[line - 1] + post.slice(lineStarts[line - 1]).indexOf(bad);
    assert.ok(findings.some((f) => f.ruleId === rule && f.span.start >= start && f.span.end <= start + bad.length), `${rule} on line ${line} inside "${bad}"`);
  }
});

test('example post: fix-all changes exactly the listed bytes and re-checks clean', () => {
  const lines = post.split('\n');
  for (const [line, , bad, good] of LISTED) {
    assert.ok(lines[line - 1].includes(bad), `line ${line} holds "${bad}"`);
    lines[line - 1] = lines[line - 1].replace(bad, good);
  }
  const expected = lines.join('\n');
  for (const config of [typoOnly, {}]) {
    const fixed = fixAll(post, config).text;
    if (config === typoOnly) assert.equal(fixed, expected);
    assert.deepEqual(analyze(fixed, config).filter((f) => f.ruleId.startsWith('typo/')).map((f) => f.ruleId), [], 'typo/* is clean after fix-all');
  }
});
