/** Fix-all never changes what is not prose, even when an edit would change how the text parses (#9). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, composeEdits, fixAll, fixAllPass, parse, resolveConfig, type Finding, type Rule, type Span, type TextEdit } from '../server/src/core/index';
import { runRules } from '../server/src/core/engine';

/** A finding whose preferred fix puts `newText` over `span`. */
function finding(span: Span, newText: string, ruleId = 'typo/test'): Finding {
  return { ruleId, severity: 'warning', message: 'test', span, fixes: [{ title: 'fix', isPreferred: true, edits: [{ span, newText }] }] } as Finding;
}

const at = (text: string, needle: string, delta = 0): Span => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return { start: i + delta, end: i + delta };
};

test('fixAllPass holds back a fix that would complete a link, and applies the others', () => {
  const text = '见 [资料] (https://a.example) 一文。\n\n另一段文字AI。\n';
  const post = parse(text);
  const link = finding({ start: text.indexOf('] (') + 1, end: text.indexOf('] (') + 2 }, ''); // `[资料](https://a.example)` would become a link
  const space = finding(at(text, 'AI'), ' ');
  const pass = fixAllPass(post, [link, space], (t) => parse(t));
  assert.ok(pass);
  assert.equal(pass.withheld, 1);
  assert.deepEqual(pass.edits, space.fixes![0].edits);
  assert.equal(pass.post.text, '见 [资料] (https://a.example) 一文。\n\n另一段文字 AI。\n');
});

test('fixAllPass holds back a fix that would end a bare URL elsewhere', () => {
  const text = '访问 https://a.example/路径，然后 再看。\n';
  const post = parse(text);
  // A space inserted inside what GFM reads as the URL would cut it.
  const cut = finding(at(text, 'example', 7), ' ');
  const pass = fixAllPass(post, [cut], (t) => parse(t));
  assert.equal(pass, undefined);
});

test('fixAllPass holds back only the paragraph where a new run appeared, not the paragraphs up to the next old run', () => {
  // A space before `www\.` lets GFM's autolink literal (it reads the text with the escape resolved)
  // make a link; the paragraph between it and the image below keeps its fix.
  const text = '请登录www\\.example.com网站。\n\n> 尊敬的用户:您好。\n\n![图](https://a.example/x.png)\n';
  const post = parse(text);
  const space = finding(at(text, 'www'), ' ');
  const colon = finding({ start: text.indexOf(':'), end: text.indexOf(':') + 1 }, '：');
  const pass = fixAllPass(post, [space, colon], (t) => parse(t));
  assert.ok(pass);
  assert.equal(pass.withheld, 1);
  assert.equal(pass.post.text, '请登录www\\.example.com网站。\n\n> 尊敬的用户：您好。\n\n![图](https://a.example/x.png)\n');
});

test('fixAllPass returns undefined when there is nothing to apply', () => {
  const post = parse('中文 AI。\n');
  assert.equal(fixAllPass(post, [], (t) => parse(t)), undefined);
});

test('fixAllPass takes a pass in which a front-matter fix adds front matter; the same edit from another rule is held back', () => {
  const text = ' ---\ntitle: x\n---\n正文\n';
  const post = parse(text);
  assert.equal(post.frontMatter, undefined);
  const pass = fixAllPass(post, [finding({ start: 0, end: 1 }, '', 'front-matter/test')], (t) => parse(t));
  assert.ok(pass?.post.frontMatter);
  assert.equal(pass.withheld, 0);
  assert.equal(fixAllPass(post, [finding({ start: 0, end: 1 }, '')], (t) => parse(t)), undefined);
});

test('fixAll over real rules still fixes prose next to links and code', () => {
  const text = '用[Zhen](https://z.example)检查`code`和AI。\n';
  const out = fixAll(text).text;
  assert.equal(out, '用 [Zhen](https://z.example) 检查 `code` 和 AI。\n');
  assert.equal(fixAll(out).text, out);
});

test('a fix that would put back the very text it replaces is not offered (it would keep fix-all busy)', () => {
  const post = parse('中文AI\n');
  const rule: Rule = {
    id: 'typo/no-op',
    description: 'reports a fix that changes nothing',
    defaultSeverity: 'warning',
    messages: { x: { en: 'x', 'zh-cn': 'x' } },
    check(ctx) {
      ctx.report({ messageId: 'x', span: { start: 2, end: 4 }, fixes: [{ title: 'same', isPreferred: true, edits: [{ span: { start: 2, end: 4 }, newText: 'AI' }] }] });
      ctx.report({ messageId: 'x', span: { start: 2, end: 4 }, fixes: [{ title: 'ask', edits: [{ span: { start: 2, end: 4 }, newText: 'AI' }], input: { prompt: 'p', placeholder: 'x', kind: 'text' } }] });
    },
  };
  const found = runRules(post, [{ name: 'typo', rules: [rule] }], resolveConfig(), {});
  assert.equal(found.length, 2);
  assert.equal(found[0].fixes, undefined);
  assert.equal(found[1].fixes?.length, 1, 'a fix that asks for input is kept');
});

test('composeEdits: passes of edits as one list over the original text, equal to applying them pass by pass', () => {
  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 8) % n;
  for (let round = 0; round < 400; round++) {
    const original = Array.from({ length: rnd(40) }, () => 'abcdefg中文'[rnd(9)]).join('');
    let text = original;
    const passes: TextEdit[][] = [];
    for (let p = rnd(4); p >= 0; p--) {
      const edits: TextEdit[] = [];
      let pos = 0;
      while (pos <= text.length && rnd(3)) {
        const start = pos + rnd(Math.max(1, text.length - pos + 1));
        if (start > text.length) break;
        const end = Math.min(text.length, start + rnd(4));
        edits.push({ span: { start, end }, newText: ['', ' ', 'XY', '中'][rnd(4)] });
        pos = end + 1;
      }
      passes.push(edits.reverse()); // any order within a pass
      text = applyEdits(text, edits);
    }
    const composed = composeEdits(original.length, passes);
    assert.equal(applyEdits(original, composed), text, JSON.stringify({ original, passes }));
    for (let i = 1; i < composed.length; i++) assert.ok(composed[i].span.start > composed[i - 1].span.end, 'sorted, disjoint, a kept character between two');
    for (const e of composed) assert.ok(e.span.end > e.span.start || e.newText, 'no empty edit');
  }
  // Exactly the characters no pass touched stay outside: an insertion, then a deletion of it.
  assert.deepEqual(composeEdits(6, [[{ span: { start: 2, end: 2 }, newText: 'X' }], [{ span: { start: 2, end: 3 }, newText: '' }]]), []);
  assert.deepEqual(composeEdits(6, [[{ span: { start: 1, end: 2 }, newText: 'XY' }], [{ span: { start: 2, end: 4 }, newText: 'Z' }]]), [{ span: { start: 1, end: 3 }, newText: 'XZ' }]);
});

test('fixAll returns its edits over the original text', () => {
  const text = '我们用Github的API来获取数据。This is the the end.';
  const r = fixAll(text);
  assert.ok(r.edits.length >= 3);
  assert.equal(applyEdits(text, r.edits), r.text);
});
