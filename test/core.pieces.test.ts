/**
 * The parse (pieces.ts, markdown.ts) must give the tree the reference parse gives (one whole
 * remark-parse with every extension, `whole: true`): same nodes, same offsets and lines, same
 * values. Checked on the fixtures, the example, constructed posts that put every cross-piece
 * construct on a cut, and (unless ZHEN_SKIP_CORPUS) every corpus post. The ParseCache must give
 * the same tree as a fresh parse after edits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePost, computeLineStarts, parsePost, walk, ParseCache } from '../server/src/core/index';
import { planPieces } from '../server/src/core/document';
import { markdownFiles as mdFiles } from './helpers/files';
import { corpusRoot, corpusSkip } from './helpers/corpus';

const repo = join(__dirname, '..', '..');
const corpus = join(corpusRoot, 'posts');

function signature(text: string, options: Parameters<typeof parsePost>[1] = {}): string[] {
  const out: string[] = [];
  walk(parsePost(text, options).root, (n) => {
    const { position, children, ...rest } = n as typeof n & { children?: unknown };
    void children;
    out.push(JSON.stringify([rest, position?.start.offset, position?.end.offset, position?.start.line, position?.end.line]));
  });
  return out;
}

function assertSameAsWhole(text: string, label: string): void {
  const whole = signature(text, { whole: true });
  const pieces = signature(text);
  const i = whole.findIndex((x, k) => x !== pieces[k]);
  assert.ok(i < 0 && whole.length === pieces.length, `${label}: node ${i} differs\n  whole:  ${whole[i]?.slice(0, 400)}\n  pieces: ${pieces[i]?.slice(0, 400)}`);
}

const filler = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `这是第 ${i} 段${tag}，写一些中文和 English 混排的文字，用来把文章撑长到会被切开的长度。`).join('\n\n');

const constructed: Record<string, string> = {
  'a loose list across cuts': `${filler(40, 'A')}\n\n` + Array.from({ length: 120 }, (_, i) => `- 第 ${i} 项，有一些文字在这里，足够长。`).join('\n\n') + `\n\n${filler(10, 'B')}\n`,
  'an ordered loose list and a bullet change': Array.from({ length: 80 }, (_, i) => `${i + 1}. 有序列表的第 ${i} 项，写得长一些再长一些。`).join('\n\n') + '\n\n' + Array.from({ length: 80 }, (_, i) => `* 星号列表 ${i}，写得长一些再长一些。`).join('\n\n') + '\n\n' + Array.from({ length: 80 }, (_, i) => `- 横线列表 ${i}，写得长一些再长一些。`).join('\n\n') + '\n',
  'definitions after their uses': `用到 [链接][Ref] 和脚注[^note] 和 [简写] 还有 [ref][]。\n\n${filler(120, 'C')}\n\n[ref]: https://example.com\n[简写]: https://example.org "title"\n[^note]: 脚注的内容。\n`,
  'definitions before their uses': `[ref]: https://example.com\n[^1]: 脚注。\n\n${filler(120, 'D')}\n\n末尾用到 [ref] 和 [^1]。\n`,
  'fences, math and HTML holding blank lines': `${filler(30, 'E')}\n\n\`\`\`js\nconst a = 1;\n\nnot markdown\n\n# not a heading\n\`\`\`\n\n${filler(30, 'F')}\n\n$$\na^2\n\nb^2\n$$\n\n${filler(30, 'G')}\n\n<!--\n注释\n\n# 仍是注释\n-->\n\n<pre>\nx\n\ny\n</pre>\n\n${filler(30, 'H')}\n\n~~~~\n~~~\n\ncode\n~~~~\n\n${filler(30, 'I')}\n`,
  'front matter with blank lines and later thematic breaks': `---\ntitle: 标题\n\ndescription: 有空行的前言\n---\n\n${filler(120, 'J')}\n\n---\n段落\n---\n\n${filler(40, 'K')}\n\n+++\nx = 1\n+++\n`,
  'an unclosed fence at the end': `${filler(160, 'L')}\n\n\`\`\`\ncode\n\ncode [ref]\n`,
  'CRLF line breaks': (filler(90, 'M') + '\n\n- a\n\n- b\n\n[x]: http://x\n').replace(/\n/g, '\r\n') + '用 [x]。\r\n',
  'image captions and indented blocks': `${filler(120, 'N')}\n\n<img src="a.png" alt="图">\n_图1 说明 | 数据源：X_\n\n    indented code\n\n    more code\n\n${filler(40, 'O')}\n`,
};

for (const [name, text] of Object.entries(constructed)) {
  test(`pieces: ${name}`, () => {
    assert.ok(planPieces(text, computeLineStarts(text)).length > 1, 'the post is long enough to be cut');
    assertSameAsWhole(text, name);
  });
}

test('the parse: autolink literals are parsed again only where a text node can hold one, and the tree is the reference\'s', () => {
  // The fast path parses without GFM's autolink literals first, and again with them when a text node
  // holds `www.`, `http(s)://` or an `@` of an e-mail shape (in its value or its source lines).
  const cases = [
    '启动 user@.service 时出现报错',
    '联系 foo@_bar_.com 或者 _foo_@bar.com 或者 foo@**bar**.com',
    '写信到 a&#64;b.com 吧，或 a@b&#46;com，或 x\\@y.com',
    '**a**@b.com 与 a@b.c。',
    '@someone 说，npm i @types/node，邮件 a @ b . c',
    '网址 www.example.com 和 https://x.y 和 <https://z.w> 和 [t](https://u.v)',
    '- 列表 mailto:a@b.co 和 xmpp:a@b.co/r\n\n> 引用 a@b.co\n',
    '| 表 | a@b.co |\n| --- | --- |\n| x | y@z |\n',
  ];
  for (const text of cases) assertSameAsWhole(text, JSON.stringify(text));
});

test('pieces: the fixtures and the example parse as one whole parse does', () => {
  const files = [...mdFiles(join(repo, 'test', 'fixtures')), ...mdFiles(join(repo, 'examples'))];
  for (const f of files) assertSameAsWhole(readFileSync(f, 'utf8'), f);
});

const skip = corpusSkip('posts');
test('the parse: every corpus post parses as the reference parse (remark-parse, every extension, one piece) does', { skip }, () => {
  // Cut or not: an uncut post still takes the shortcuts (extensions by trigger, autolink literals
  // tried only when a text node needs them, image captions re-parsed with their own extensions).
  let cut = 0;
  let all = 0;
  for (const f of mdFiles(corpus)) {
    const text = readFileSync(f, 'utf8');
    if (planPieces(text, computeLineStarts(text)).length > 1) cut++;
    all++;
    assertSameAsWhole(text, f);
  }
  assert.ok(cut > 500 && all > 1000, `${all} posts, ${cut} of them cut`);
});

test('ParseCache: after edits, a cached parse equals a fresh one and only edited pieces are parsed again', () => {
  const base = readFileSync(join(repo, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
  const cache = new ParseCache();
  parsePost(base, { cache });
  const pieces = planPieces(base, computeLineStarts(base)).length;
  assert.ok(pieces > 2);
  assert.equal(cache.size, pieces);
  let text = base;
  for (let i = 0; i < 30; i++) {
    const at = Math.floor(((i * 7919) % 997) / 997 * text.length);
    text = i % 3 === 2 ? text.slice(0, at) + text.slice(at + 3) : text.slice(0, at) + (i % 2 ? '中文AI' : '\n\n') + text.slice(at);
    const fresh = signature(text);
    const cachedPost = parsePost(text, { cache });
    const cached: string[] = [];
    walk(cachedPost.root, (n) => {
      const { position, children, ...rest } = n as typeof n & { children?: unknown };
      void children;
      cached.push(JSON.stringify([rest, position?.start.offset, position?.end.offset, position?.start.line, position?.end.line]));
    });
    assert.deepEqual(cached, fresh, `edit ${i}`);
    // Rules read the cached trees and must leave them as they are: analysed after 7 of the 30 edits
    // (each kind: a break, a word, a deletion); a rule that changed a tree it read would change it on
    // any text, and the next edit's comparison and the last one below catch it.
    if (i % 5 === 0 || i === 29) analyzePost(cachedPost);
    assert.equal(cache.size, planPieces(text, computeLineStarts(text)).length, 'the cache holds only the last parse');
  }
  // The cached trees were not changed by being placed at other offsets, nor by the rules.
  assert.deepEqual(signature(base, { cache }), signature(base));
  assert.deepEqual(signature(base, { cache }), signature(base));
});

test('pieces: a huge table keeps its rows as table cells in every piece', () => {
  const text = '| 名称 | 值 |\n|---|---|\n' + Array.from({ length: 6000 }, (_, i) => `| 第${i}行 Github | ${i} |`).join('\n') + '\n';
  const post = parsePost(text);
  assert.ok(planPieces(text, computeLineStarts(text)).length > 3);
  const tables = post.root.children.filter((n) => n.type === 'table');
  assert.ok(tables.length > 3);
  const cells = post.blocks.filter((b) => b.type === 'tableCell').length;
  assert.equal(cells, 2 * 6001, 'header cells once, then every row');
  assert.ok(!post.blocks.some((b) => b.type === 'paragraph'));
});

test('pieces: a huge single line is cut after sentence punctuation, outside code spans', () => {
  const text = '中文 English 混排的句子，有 `a 。b` 这样的代码。'.repeat(20000);
  const post = parsePost(text);
  const pieces = planPieces(text, computeLineStarts(text));
  assert.ok(pieces.length > 10);
  for (const p of pieces.slice(1)) assert.match(text.slice(p.start - 1, p.start + 1), /^[。， ][^ ]/);
  const code = post.prose.split('\uFFFC').length - 1;
  assert.equal(code, 20000 * '`a 。b`'.length, 'every code span is still code');
});
