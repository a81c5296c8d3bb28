/** Pathological input gives a result, not a crash or a hang (the full hostile suite belongs to the reliability work). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, collectFixAllEdits, fixAll, parse } from '../server/src/core/index';

const cases: Record<string, string> = {
  'nested block quotes': '>'.repeat(20000) + ' 中文AI\n',
  'nested lists on one line': '- '.repeat(20000) + '项AI\n',
  'quotes and lists mixed': '> - '.repeat(5000) + '项AI\n',
  'long emphasis runs': '*'.repeat(20000) + '中文AI' + '*'.repeat(20000),
  'binary junk': Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
  'lone surrogates': '中文\uD800AI\uDC00测试 🍕用Github',
  'BOM and CRLF': '\uFEFF---\r\ntitle: x\r\n---\r\n中文AI\r\n',
  'only front matter': '---\ntitle: x\n---\n',
  empty: '',
};

for (const [name, text] of Object.entries(cases)) {
  test(`hostile: ${name}`, () => {
    const findings = analyze(text);
    assert.ok(!findings.some((f) => f.ruleId === 'internal'), JSON.stringify(findings.filter((f) => f.ruleId === 'internal')));
    for (const f of findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end);
    const once = fixAll(text).text;
    assert.equal(fixAll(once).text, once);
  });
}

test('taming keeps offsets: the prose view has the text length and masks what was replaced', () => {
  const text = '>'.repeat(100) + ' 中文AI\n';
  const post = parse(text);
  assert.equal(post.prose.length, text.length);
  assert.ok(post.prose.endsWith('中文AI\n'));
});

test('fix-all collects 100,000 non-overlapping fixes in linear time', () => {
  const text = '中文AI'.repeat(50000);
  const edits = collectFixAllEdits(analyze(text));
  assert.equal(edits.length, 99999);
});
