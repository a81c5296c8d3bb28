/**
 * Runs every fixture under test/fixtures/<family>/<rule>/: exact findings, stated fixes,
 * then fix-all and a re-run that must leave nothing fixable. Fixtures under
 * test/fixtures/dialect/ show one dialect construct each (dialect.ts): every rule is checked
 * there (the syntax gives no finding, the prose in it gives the stated ones), and fix-all must
 * keep every byte of the construct's syntax.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative, sep } from 'node:path';
import { allRules, analyze, collectFixAllEdits, fixAll, parse, toConfig } from '../server/src/core/index';
import { compare, describe, findFixtures, loadFixture } from './helpers/fixtures';
import { computeLineStarts } from '../server/src/core/text';

const root = join(__dirname, '..', '..', 'test', 'fixtures');
const ruleIds = new Set(allRules.map((r) => r.id));

for (const file of findFixtures(root)) {
  const rel = relative(root, file).split(sep);
  const dialect = rel[0] === 'dialect';
  const ruleId = rel.length >= 3 ? `${rel[0]}/${rel[1]}` : undefined;
  test(`fixture ${rel.join('/')}`, () => {
    assert.ok(dialect || (ruleId && ruleIds.has(ruleId)), `fixture folder ${rel.slice(0, 2).join('/')} names no rule`);
    const fx = loadFixture(file, root);
    const config = toConfig(fx.config);
    const checked = dialect ? ruleIds : new Set([ruleId!, ...fx.expectations.map((e) => e.rule)]);
    const findings = analyze(fx.text, config, fx.workspace);
    if (rel[rel.length - 1].startsWith('valid')) assert.equal(fx.expectations.length, 0, 'a valid fixture holds no expectation');
    else assert.ok(fx.expectations.length > 0, 'an invalid fixture states what it expects');
    const problems = compare(fx, findings, checked);
    assert.deepEqual(problems, [], problems.join('\n'));
    // Fix-all, then nothing fixable is left and a second run changes nothing.
    const fixed = fixAll(fx.text, config, fx.workspace);
    const after = analyze(fixed.text, config, fx.workspace);
    const left = collectFixAllEdits(after);
    assert.equal(left.length, 0, `fixable findings left after fix-all: ${after.filter((f) => f.fixes?.some((x) => x.isPreferred)).map((f) => describe(fixed.text, computeLineStarts(fixed.text), f)).join('; ')}`);
    assert.equal(fixAll(fixed.text, config, fx.workspace).text, fixed.text, 'fix-all is idempotent');
    assert.ok(!after.some((f) => f.ruleId === 'internal'), 'no rule failed');
    if (dialect) {
      const before = parse(fx.text, config, undefined, fx.workspace);
      assert.ok(before.syntax.length > 0 || before.dialect.singleDollarMath, 'the fixture holds dialect syntax');
      const syntax = (post: typeof before) => post.syntax.map((x) => post.text.slice(x.start, x.end));
      assert.deepEqual(syntax(parse(fixed.text, config, undefined, fx.workspace)), syntax(before), 'fix-all keeps the dialect syntax');
    }
  });
}

test('every rule has a valid fixture and an invalid one', () => {
  const files = findFixtures(root).map((f) => relative(root, f).split(sep)).filter((p) => p[0] !== 'dialect');
  for (const id of ruleIds) {
    const [fam, name] = id.split('/');
    const mine = files.filter((p) => p[0] === fam && p[1] === name).map((p) => p[p.length - 1]);
    assert.ok(mine.some((n) => n.startsWith('valid')), `${id}: no valid*.md fixture`);
    assert.ok(mine.some((n) => n.startsWith('invalid')), `${id}: no invalid*.md fixture`);
  }
});
