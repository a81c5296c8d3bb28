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
import { EXAMPLE_LISTED, EXAMPLE_PATH, EXAMPLE_SPACING_LINES } from './helpers/example';

const repo = join(__dirname, '..', '..');
const post = readFileSync(join(repo, EXAMPLE_PATH), 'utf8');
/** Only the typesetting rules, so that other families' fixes do not mix in. */
const typoOnly: ConfigInput = { rules: { '*': 'off', typo: 'warning' } };

/** The listed problems (helpers/example-post.json): line, rule, the text as written, and the text as it should be. */
const LISTED = EXAMPLE_LISTED;
/** The lines of each listed rule, in order. */
const listedLines = (rule: string) => [...new Set(LISTED.filter((l) => l[1] === rule).map((l) => l[0]))];

test('example post: the listed typesetting findings, and only those', () => {
  const lineStarts = computeLineStarts(post);
  const findings = analyze(post, {}).filter((f) => f.ruleId.startsWith('typo/'));
  const lines = (rule: string) => [...new Set(findings.filter((f) => f.ruleId === rule).map((f) => positionAt(lineStarts, f.span.start).line + 1))];
  assert.deepEqual(lines('typo/cjk-latin-spacing'), EXAMPLE_SPACING_LINES);
  assert.deepEqual(lines('typo/cjk-latin-spacing'), listedLines('typo/cjk-latin-spacing'));
  assert.deepEqual(lines('typo/repeated'), listedLines('typo/repeated'));
  assert.deepEqual(lines('typo/stray-punctuation'), listedLines('typo/stray-punctuation'));
  const listedRules = new Set(LISTED.map((l) => l[1]));
  assert.deepEqual(findings.filter((f) => !listedRules.has(f.ruleId)).map((f) => f.ruleId), []);
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
