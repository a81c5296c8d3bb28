/**
 * claim/caption-source: an image caption names its source (数据源：X, 来源：X, Source: X) with no link.
 * `图源：X` / `Image credit: X` only credit a picture and are reported as a hint; so is a source named
 * by its web address (`来源：rwa.xyz`): a reader can follow it, so it is cited, though not linked.
 *
 *   Bad:  _图2 大语言模型输出质量、输出速度、价格对比 | 数据源：Artificial Analysis_
 *   Good: _图2 大语言模型输出质量、输出速度、价格对比 | 数据源：[Artificial Analysis](https://artificialanalysis.ai/)_
 *
 * A caption is a line right under an image (Markdown or `<img>`), a line opening with `图N` /
 * `Figure N`, a wholly emphasised line, or a line that is only a source label. Labels are data
 * (data/claims/cues.json `captionLabels`, extended by `.zhen.yml` `claims.captionLabels`).
 * A link or bare URL after the label clears it; so does a source there is nothing to link for (a
 * chat group, a private discussion, the author's own picture: cues.json `unlinkableSource`); and
 * so does a live embed right above the caption (`<iframe src="https://dune.com/embeds/…">`, cues.json
 * `liveEmbed`): the reader sees the source's own chart, and it is one click away. A caption that names
 * only a kind of source (`出处：论文`) in a post that links exactly one document of that kind (a paper: an
 * arXiv, DOI or PDF address, or a link introduced as `相关论文为：`) is a hint naming that link's line
 * (documentKind.ts; cues.json `genericCaptionSource`); with none or several linked it stays a warning.
 *
 * Fixes: link the named source to a URL the workspace knows, or one you give; add the source to `.zhen.yml` `sources:`; mark as checked. None is preferred:
 * fix-all never invents a citation.
 */
import type { Rule } from '../../types';
import { cueSet } from './cues';
import { captionSource, namesAddress } from './captions';
import { citations } from './citations';
import { overlapsAny } from '../../containers';
import { embedAbove } from './figureSource';
import { sourceLibrary } from './sources';
import { linkedDocument } from './documentKind';
import { blockWindows } from '../../blockCache';
import { FIX_MESSAGES, disableFix, knownSourcesMarkdown, sourceFixes } from './fixes';

export const rule: Rule = {
  id: 'claim/caption-source',
  description: 'A caption that names a source links it.',
  defaultSeverity: 'warning',
  repeats: 'message', // one finding above hint per problem (core/repeats.ts)
  messages: {
    source: { en: 'The caption names the source “{name}” without a link.', 'zh-cn': '图注注明了来源“{name}”，但没有链接。' },
    credit: { en: 'The image credit “{name}” has no link.', 'zh-cn': '图片来源“{name}”没有链接。' },
    address: {
      en: 'The caption cites its source by the web address “{name}”: a reader can follow it; a link would make it one click.',
      'zh-cn': '图注以网址“{name}”注明了来源，读者可以据此找到；加上链接会更方便。',
    },
    hoverTitle: { en: '**Caption source without a link** (`claim/caption-source`)', 'zh-cn': '**图注来源缺少链接**（`claim/caption-source`）' },
    hoverLabel: { en: 'The label “{label}” names where the {what} comes from.', 'zh-cn': '标签“{label}”说明了{what}的出处。' },
    whatData: { en: 'data', 'zh-cn': '数据' },
    whatImage: { en: 'image', 'zh-cn': '图片' },
    hoverDocument: {
      en: 'The caption names a kind of source (“{name}”), and the post links exactly one such document, at line {line} ({url}): probably that one (shown as a hint); link it here too.',
      'zh-cn': '图注只写了来源的类别（“{name}”），而本文只链接了一篇这样的文献，见第 {line} 行（{url}）：很可能就是它（以提示显示）；请在图注中也加上链接。',
    },
    ...FIX_MESSAGES,
  },
  check(ctx) {
    const { post } = ctx;
    const set = cueSet(ctx.config);
    const cites = citations(post);
    const library = sourceLibrary(post, ctx.config, ctx.workspace, set);
    const seen = new Set<number>();
    for (const w of blockWindows(post)) {
      const { block } = w;
      const cap = captionSource(post, block, set, w);
      if (!cap || seen.has(cap.span.start)) continue;
      // A chat group, a private discussion, the author's own picture: nothing to link.
      if (set.unlinkableSource.some((re) => ((re.lastIndex = 0), re.test(cap.name.text)))) continue;
      seen.add(cap.span.start);
      if (overlapsAny(cites.spans, cap.name.span) || /\uFFFC/.test(post.prose.slice(cap.name.span.start, cap.name.span.end))) continue;
      // The caption of a live embed (`<iframe src="https://dune.com/embeds/…">`): the embed is the source.
      if (embedAbove(post, cap.line.start)) continue;
      const credit = cap.strength === 'credit';
      // A web address (`来源：rwa.xyz`) is a source a reader can follow: cited, not linked; a hint that says so.
      const address = namesAddress(cap);
      // `出处：论文` in a post that links exactly one paper: the reader knows which; a hint naming its line.
      const doc = address ? undefined : linkedDocument(post, cap.name.text);
      const source = sourceFixes(ctx, cap.name, library);
      const fixes = [...source.links, ...source.config];
      const disable = disableFix(ctx, rule.id, block.span.start);
      if (disable) fixes.push(disable);
      const hover = [
        ctx.t('hoverTitle'),
        '',
        ctx.t('hoverLabel', { label: cap.label, what: ctx.t(credit ? 'whatImage' : 'whatData') }),
        '',
        ...(doc ? [ctx.t('hoverDocument', { name: cap.name.text, line: doc.line, url: doc.url }), ''] : []),
        knownSourcesMarkdown(ctx, cap.name.text, library),
      ].join('\n');
      ctx.report({
        messageId: address ? 'address' : credit ? 'credit' : 'source',
        data: { name: cap.name.text },
        span: cap.span,
        fixes,
        hover,
        ...(credit || address || doc ? { severity: 'hint' as const } : {}),
        detail: { label: cap.label, source: cap.name.text, strength: cap.strength, ...(address ? { webAddress: true } : {}), ...(doc ? { documentAt: doc.line, document: doc.url } : {}) },
      });
    }
  },
};
