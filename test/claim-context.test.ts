// What clears or lowers a claim by its context (issue #16, session 12): a source linked next to it
// (nearby.ts), a chart or live embed right above or below it (figureSource.ts), a post that declares
// itself a repost (repost.ts), a product's own docs and release notes (ownProduct.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, parse, summarize, toConfig } from '../server/src/core/index';
import type { Workspace, WorkspaceFiles } from '../server/src/core/types';
import { claimSentences } from '../server/src/core/rules/claim/claimSentences';
import { cleanText, cueSet } from '../server/src/core/rules/claim/cues';
import { citedNearby } from '../server/src/core/rules/claim/nearby';
import { isRepost } from '../server/src/core/rules/claim/repost';
import { embedAbove, figuresNear } from '../server/src/core/rules/claim/figureSource';
import { firstParty, ownProducts } from '../server/src/core/rules/claim/ownProduct';

function nearby(text: string, needle: string): boolean {
  const post = parse(text);
  const all = claimSentences(post);
  const i = all.findIndex((x) => cleanText(post, x).text.includes(needle));
  assert.ok(i >= 0, needle);
  return citedNearby(post, all, i, cleanText(post, all[i]).text);
}

test('citedNearby: the sentence before names the thing its deep link reports on', () => {
  const t = '诸如 Crystal 的拦截器宣称他们[可以提高速度](http://murphyapps.co/blog/crystal-benchmarks)。Crystal 声称可以加快加载速度 3.9 倍。\n';
  assert.equal(nearby(t, '加快加载速度'), true);
  assert.equal(nearby(t.replace('crystal-benchmarks', '').replace('/blog/', '/'), '加快加载速度'), false, 'a home page is no source');
  assert.equal(nearby('诸如 Crystal 的拦截器宣称他们[可以提高速度](http://murphyapps.co/blog/other)。Adblock 可以加快加载速度 3.9 倍。\n', '加快加载速度'), false, 'no shared name');
});

test('citedNearby: the line after opens by pointing to the source, in a nested item or the next item', () => {
  assert.equal(nearby('- 总投资涨了 7 倍多到了 252 亿美元\n  - 数据来源 [Report](https://www.cbinsights.com/research/report/x/)\n', '252 亿美元'), true);
  assert.equal(nearby('* 程序变慢约 3 倍\n* 暂不展开。详见：[MSan](https://github.com/google/sanitizers/wiki/MemorySanitizer)\n', '变慢约 3 倍'), true);
  assert.equal(nearby('* 程序变慢约 3 倍\n\n\n其他。详见：[MSan](https://github.com/google/sanitizers/wiki/MemorySanitizer)\n', '变慢约 3 倍'), false, 'not the line right after');
});

test('citedNearby: the head of the list item links the survey the figures come from', () => {
  const t = '1. [2022 Nix Survey Results](https://discourse.nixos.org/t/2022-nix-survey-results/18983)，根据其中数据计算可得出：\n   - 74.5% 的用户是在三年内开始使用的。\n';
  assert.equal(nearby(t, '74.5%'), true);
  assert.equal(nearby('1. [讨论区](https://discourse.nixos.org/t/forum/1)，一个论坛：\n   - 74.5% 的用户是在三年内开始使用的。\n', '74.5%'), false, 'the head must report');
});

test('figuresNear: a captioned chart right above the paragraph; a live embed needs no label', () => {
  const set = cueSet(toConfig({}));
  const above = parse('![](tvl.png)\n_图5 各平台 TVL | 图源：Artemis_\n\nSolana 占据了 TVL 的近 10%。\n');
  const block = above.blocks[above.blocks.length - 1];
  assert.deepEqual(figuresNear(above, block, set).map((c) => c.name.text), ['Artemis']);
  const embed = parse('L2 上的单日活跃地址数超过 64 万个。\n\n<iframe src="https://dune.com/embeds/1/2/"></iframe>\n![](空.png)\n_图5 以太坊与 L2 单日活跃地址数_\n');
  const cap = figuresNear(embed, embed.blocks[0], set);
  assert.equal(cap.length, 1);
  assert.equal(cap[0].name.text, 'dune');
  const noEmbed = parse('L2 上的单日活跃地址数超过 64 万个。\n\n![](x.png)\n_图5 以太坊与 L2 单日活跃地址数_\n');
  assert.equal(figuresNear(noEmbed, noEmbed.blocks[0], set).length, 0, 'a title with no source under a static image cites nothing');
  const t = '<iframe src="https://dune.com/embeds/1/2/"></iframe>\n_图6 GHO | 数据源：Dune_\n';
  assert.equal(embedAbove(parse(t), t.indexOf('_图6')), 'https://dune.com/embeds/1/2/');
  const between = '<iframe src="https://dune.com/embeds/1/2/"></iframe>\n\n一段正文。\n\n_图6 GHO | 数据源：Dune_\n';
  assert.equal(embedAbove(parse(between), between.indexOf('_图6')), undefined, 'prose between the embed and the caption');
});

test('isRepost: a repost notice at the top (its label in bold too), a [转载] title; not a notice to others or one far down', () => {
  assert.equal(isRepost(parse('本文转载自[某人](https://x.com/a)的帖子。\n\n正文。\n')), true);
  assert.equal(isRepost(parse('> 原文地址：<https://zhuanlan.zhihu.com/p/1>\n\n正文。\n')), true);
  assert.equal(isRepost(parse('> **原文地址**：<https://zhuanlan.zhihu.com/p/1>\n\n正文。\n')), true, 'a label in bold');
  assert.equal(isRepost(parse('---\ntitle: "[转载]国漫发展史"\n---\n正文。\n')), true);
  assert.equal(isRepost(parse('转载请注明出处。\n\n正文。\n')), false);
  assert.equal(isRepost(parse('正文。\n\n'.repeat(20) + '本文转载自某处。\n')), false, 'only the first lines');
});

function workspaceOf(posts: Record<string, string>, files: Record<string, string> = {}): Workspace {
  const config = toConfig({});
  const ws: WorkspaceFiles = { exists: (p) => p in files, read: (p) => files[p] };
  return { files: ws, index: { posts: new Map(Object.entries(posts).map(([p, t]) => [p, summarize(t, p, config, ws)])), version: 1 } };
}

test('ownProducts: the name heading the release notes, product names in the site title; not a blog topic', () => {
  const config = toConfig({});
  const notes = (v: string) => `---\ntitle: Lightkv ${v} Release Notes\n---\n正文。\n`;
  const ws = workspaceOf({ 'a.md': notes('1.0'), 'b.md': notes('1.1'), 'c.md': notes('2.0'), 'd.md': '---\ntitle: 部署指南\n---\n正文。\n' });
  const own = ownProducts(ws, config);
  assert.deepEqual([...own.names], ['lightkv']);
  assert.equal(own.docsSite, true);
  const two = workspaceOf({ 'a.md': notes('1.0'), 'b.md': notes('1.1') });
  assert.equal(ownProducts(two, config).names.size, 0, 'two release notes are not enough');
  const blog = workspaceOf({ 'a.md': '---\ntitle: Go 1.21 新特性\n---\n', 'b.md': '---\ntitle: Go 调度器\n---\n' }, { '_config.yml': 'title: Hux Blog\ndescription: JavaGuide 的读书笔记\n' });
  assert.deepEqual([...ownProducts(blog, config).names], ['javaguide'], 'only words written as a product name');
  const post = parse('---\ntitle: Go 调度器\n---\nJavaGuide 的 star 数增长了 3 倍。\n');
  assert.equal(firstParty(post, blog, config, 'JavaGuide 的 star 数增长了 3 倍。'), true);
  assert.equal(firstParty(post, blog, config, 'Go 的调度延迟降低了 30%。'), false);
  assert.equal(firstParty(post, blog, config, 'JavaGuide 的 star 数增长了 3 倍。', 'GitHub'), false, 'another named source');
});

test("claim/unlinked: a product's own figure stays first-party when it mentions a benchmark linked elsewhere, not when it reports from a source", () => {
  const notes = (v: string) => `---\ntitle: Lightkv ${v} Release Notes\n---\n正文。\n`;
  const text = '---\ntitle: Lightkv 2.1 Release Notes\n---\n\nSysbench 点查效率提升 60%。\n\n据 Gartner 报告显示，分布式数据库市场规模增长了 30%。\n';
  const ws = workspaceOf({ 'a.md': notes('1.0'), 'b.md': notes('1.1'), 'c.md': notes('2.0'), 'bench.md': '---\ntitle: 测试\n---\n用 [Sysbench](https://github.com/akopytov/sysbench) 测试。\n', 'r.md': text });
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  // With `ownProductFigures: false` the product's own figure is not reported (its publisher is its source); someone else's still is.
  const quiet = analyze(text, { rules: { 'claim/unlinked': { ownProductFigures: false } } }, ws).filter((x) => x.ruleId === 'claim/unlinked');
  assert.deepEqual(quiet.map((x) => text.slice(0, x.span.start).split('\n').length), [lineOf('Gartner')]);
  const f = analyze(text, {}, ws).filter((x) => x.ruleId === 'claim/unlinked');
  const at = (needle: string) => f.find((x) => text.slice(0, x.span.start).split('\n').length === lineOf(needle));
  const bench = at('Sysbench');
  assert.ok(bench, JSON.stringify(f.map((x) => x.message)));
  assert.equal(bench.data?.source, 'Sysbench', 'the library knows the name (linked in bench.md)');
  assert.equal(bench.data?.firstParty, true);
  assert.equal(bench.severity, 'hint');
  const reported = at('Gartner');
  assert.ok(reported);
  assert.equal(reported.data?.firstParty, undefined, 'a source the sentence reports from: someone else\'s figure');
});

test('claim/unlinked: a repost post reports its claims as hints and says why', () => {
  const f = analyze('本文转载自[某人](https://x.com/a)的帖子。\n\n2015 年国产动画的年产量超过了 13 万分钟，较十年前增长了 30 倍。\n', {}).filter((x) => x.ruleId === 'claim/unlinked');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'hint');
  assert.equal(f[0].data?.repost, true);
  assert.match(f[0].hover ?? '', /repost|转载/);
});

test("claim/unlinked: with ownProductFigures false, a restatement of the product's own figure is not reported either", () => {
  const blog = workspaceOf({ 'a.md': '---\ntitle: 读书笔记\n---\n正文。\n' }, { '_config.yml': 'title: Notes\ndescription: JavaGuide 的读书笔记\n' });
  const text = '---\ntitle: 年度回顾\n---\n\n## 数据\n\n今年 JavaGuide 的 star 数和日活用户都增长了 47.3%，远超预期。\n\n## 总结\n\n总的来说，一年内日活用户增长了 47.3%，这是最大的变化。\n';
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const lines = (cfg: object) => analyze(text, cfg, blog).filter((x) => x.ruleId === 'claim/unlinked').map((x) => text.slice(0, x.span.start).split('\n').length);
  const shown = analyze(text, {}, blog).filter((x) => x.ruleId === 'claim/unlinked');
  assert.ok(shown.some((x) => x.data?.firstParty === true), JSON.stringify(shown.map((x) => [x.message, x.data?.firstParty, x.data?.restatedFrom])));
  assert.ok(shown.some((x) => x.data?.restatedFrom === lineOf('JavaGuide')), 'the summary restates the own figure by default');
  assert.deepEqual(lines({ rules: { 'claim/unlinked': { ownProductFigures: false } } }), [], 'neither the own figure nor its restatement');
});
