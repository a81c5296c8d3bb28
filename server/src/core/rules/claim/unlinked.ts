/**
 * claim/unlinked: a sentence that states a statistic or reports a source, with no citation for it.
 *
 *   Bad:  据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。
 *   Good: 据 [Demandsage](https://www.demandsage.com/chatgpt-statistics/) 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。
 *
 * Whether a sentence is a claim is the detector's judgement (detector.ts, data/claims/detector.json):
 * numbers by kind, change words, superlatives, reporting phrases and source mentions, time anchors,
 * against first person, own measurements, hypotheticals, settings, questions, the post's own tables
 * and figures, rhetoric, a lead-in to what follows (`官方说明如下：`); and who speaks and where
 * (discourse.ts): a section of the author's own tests, a post told mostly in the first person, a
 * paragraph next to a code block or table, an example set up earlier in the paragraph, a made-up
 * scenario opened earlier in the section (`假如我们现在是一个小创业公司…` and the story after it);
 * hearsay about one's own job hunt (`据说是个养老公司，待遇不错`) is no claim, technical or market
 * hearsay (`据说 googlecode 就要关了`) is one; a multiple
 * or percentage the author works out from numbers given just before (derived.ts: `…600ms…2ms 搞定。
 * 性能提升 300 倍。`). A strong
 * claim is reported with the rule's severity, a weak one as a hint (not in the Problems panel);
 * so is a superlative, first or adoption statement with no figure, no named ranking or source and
 * no record (`Redis 是最流行的缓存`, `业界公认`, `国内排名非常靠前`, `于 2004 年开始被广泛应用`: the lead's
 * decision, session 14, widened in session 17; detector.json `unanchored`), while `全球最大，日活 3 亿`,
 * `2023 年全球首个…`, `创下历史新高` and `据 IDC…最大` stay warnings; so is a figure in a clause that a
 * prediction, a hedge or an example governs (`将…扩大至数十万亿级`, `应该是已经拿到了…30亿刀的投资`,
 * `比如先更新 10% 文档`), one in the story of a made-up scenario (`假如我们…`), and a world figure in
 * passing in a personal log (personalLog.ts: a year-end summary, a journal), unless a source is
 * reported (`据不完全统计…`); the hover and `data` name the signals, the confidence and why it is a hint.
 *
 * What clears it: a footnote reference in the sentence or right after its full stop; a link
 * (inline, reference-style, autolink, bare URL, `<a href>`) in the sentence, unless every link
 * there is a site's home page and the sentence states a statistic the link does not name as its
 * source (a product's home page beside a market figure); a citation in the next sentence
 * (`（来源：[X](…)）`, `详情请见[…](…)`, `--摘自[…](…)`, or a link to the source the claim names); a chart or
 * table right under the paragraph whose caption links the source it names (`数据源：[Dune](…)`), for
 * the sentences about what it shows (figureSource.ts); when the caption names the source without a
 * link, such a claim is a hint and the caption's claim/caption-source the warning; the same for a
 * chart right above the paragraph, and a live embed (`<iframe src="https://dune.com/embeds/…">`) cites
 * whatever its caption's label; so does a figure a little further down the section (one to three prose
 * blocks between: a chart closing the run of paragraphs or the list it illustrates), or up (for a
 * sentence that reports from the source its caption names: `Defillama 数据显示…` a paragraph under the
 * DefiLlama chart), and a sentence
 * goes with the chart when an earlier sentence of its paragraph is about it, or when, stating no
 * figure, it leads into one that is (`初步数据显示，…。以 Akash 为例…`); one that only goes on with the
 * subject of a data chart right next to its paragraph (a live embed or a `数据源` caption) after a
 * sentence about it, sharing a word with its title and naming nothing else (`过去 30 天，协议收入 95.97
 * 万美元` after `Goldfinch 下所有贷款的未偿本金…` over `_图21 Goldfinch协议未偿贷款  数据源：Dune_`), is a
 * hint naming the chart's line (`data.figureAt`). A source linked right next to
 * the claim (nearby.ts: the sentence before or after, the line before or after, the head of its list
 * item) cites it; so does a section that says where it comes from with a link (references.ts:
 * `## 参考:[…](…)`, `> wiki: https://…` under its heading), and the post's reference list (`## 参考资料`)
 * when the claim reports from a source it names and a link there names it too (a section lead on a
 * line of its own, `参考：`, with the reference on the next: `维基百科：[C语言](…)`). A figure the post
 * stated earlier (recap.ts: same number and unit, same subject, in a summary or a later section) is
 * cited by the link there, or, unlinked there, a hint naming that line; so is a figure that goes on, in
 * the same section, with the data of a source an earlier sentence names without a link (sourceRun.ts:
 * `根据 Protocol Labs 的研究，…` and the figures after it that name no other source). A sentence that reports from
 * a source it names right over a figure with no caption (a screenshot of the data) is a hint, and so is a rank in
 * a ranking the sentence names (`在 2020 年度 OSC 中国开源项目评选活动中，Dubbo 位列…第 7 名` over the award's
 * screenshot); so is a claim whose source a figure a few paragraphs away in its section names in its title (alt
 * text, title, caption) while showing its subject (`根据官方介绍，M3 是首个…` and, two paragraphs down,
 * `![MiniMax M3 官方能力介绍：…](…)`; figureSource.ts `figureNamingSource`), a hint naming the figure's line. In a post that
 * says at its top it is a repost or quotation (repost.ts: `本文转载自…`, `原文地址：…`) every claim is
 * a hint at most; so is a product's own figure in its own docs or release notes (ownProduct.ts: the
 * site's own products from its release-notes titles and configuration), which option `ownProductFigures: false`
 * leaves unreported (its publisher is its source). A claim that names its
 * source by a web address in the sentence (`根据 rwa.xyz 的数据，…`) is cited, though not linked: a hint
 * that says so. Headings, table cells (option
 * `tables`), captions that name a source and footnote definitions are not checked. The finding
 * covers the clauses from the first signal to the last, not the paragraph.
 *
 * Options: `tables` (default false) also checks table cells; `headings` (default false) also checks headings;
 * `ownProductFigures` (default true) shows a product's own figures in its own docs or release notes as hints (false: not at all).
 * Fixes: link the named source to a URL the workspace knows, or one you give; add a footnote; add the source to `.zhen.yml` `sources:`; mark as checked. None is preferred:
 * fix-all never invents a citation.
 */
import type { Rule, RuleContext, Span } from '../../types';
import type { Sentence } from '../../sentences';
import { claimSentences, groupPass, sentencesByBlock } from './claimSentences';
import { ATOM, MARK } from '../../document';
import { cleanName, cleanText, cueSet, matchesAny, toSource, type CleanText, type CueKind, type CueSet } from './cues';
import { citations, type CitationLink, type Citations } from './citations';
import { insideAny } from '../../containers';
import { captionSource, isWebAddress, type CaptionSource } from './captions';
import { aboutFigure, adjacentData, captionCites, figureLine, figureNamingSource, figuresNear, goesOnWithFigure, needsStrict, reports, rankedIn, screenshotUnder, sourceKinds, type NamedFigure } from './figureSource';
import { sourceLibrary, nameKey, type SourceLibrary } from './sources';
import { FIX_MESSAGES, disableFix, footnoteFix, knownSourcesMarkdown, sourceFixes, type NamedSource } from './fixes';
import { detector, mayClaim, opensGate, signalsOf, type Detector, type Judgement, type Signal } from './detector';
import { memoized } from '../../blockCache';
import { judged } from './judged';
import { citedNearby, linkedNearby } from './nearby';
import { countWhile, positionAt } from '../../text';
import { inReferenceList, inSourcedSection, sectionDocument } from './references';
import { isRepost } from './repost';
import { isHearsay, isPersonalLog } from './personalLog';
import { firstParty } from './ownProduct';
import { paragraphNote } from './paragraphNote';
import { restated, sharesSubject } from './recap';
import { inRun, openRun, type SourceRun } from './sourceRun';
import { isCommandOutput } from './output';
import type { Post } from '../../document';

interface Options {
  /** Also check sentences in table cells (default false: tables are mostly measurements). */
  tables: boolean;
  /** Also check headings (default false). */
  headings: boolean;
  /**
   * Show, as hints, a product's own figures in its own documentation or release notes (ownProduct.ts), whose publisher
   * is their source (default true; false: not reported. Session 26: the samples' readers called them wrong, 46 of 46,
   * while the held-out sets' blind labellers expected one and allowed others: a split class, so a hint by default).
   */
  ownProductFigures: boolean;
}

export const rule: Rule<Options> = {
  id: 'claim/unlinked',
  description: 'A statistic or sourced statement needs a link or footnote in the same sentence.',
  defaultSeverity: 'warning',
  defaultOptions: { tables: false, headings: false, ownProductFigures: true },
  messages: {
    unlinked: {
      en: 'Unsourced claim: “{cue}” has no link or footnote in this sentence.',
      'zh-cn': '未注明出处：“{cue}”所在的句子没有链接或脚注。',
    },
    hoverTitle: { en: '**Unlinked claim** (`claim/unlinked`)', 'zh-cn': '**未注明出处的论断**（`claim/unlinked`）' },
    hoverConfidence: {
      en: 'Confidence {pct} % that this is a claim needing a source ({strength}).',
      'zh-cn': '判定为需要出处的论断，置信度 {pct}%（{strength}）。',
    },
    strong: { en: 'strong', 'zh-cn': '强' },
    weak: { en: 'weak: shown as a hint', 'zh-cn': '弱：以提示显示' },
    hoverFor: { en: 'Signals: {list}.', 'zh-cn': '依据：{list}。' },
    hoverAlso: { en: 'Also: {list}.', 'zh-cn': '另有：{list}。' },
    hoverAgainst: { en: 'Against: {list}.', 'zh-cn': '反证：{list}。' },
    hoverHomePage: {
      en: 'The link {url} is a home page, not the source of this figure.',
      'zh-cn': '链接 {url} 只是网站首页，不是这一数据的出处。',
    },
    hoverRepost: {
      en: 'The post says at its top that it is a repost or quotation: this is the original author\'s claim (shown as a hint).',
      'zh-cn': '本文开头注明是转载或引用：这是原作者的论断（以提示显示）。',
    },
    hoverFirstParty: {
      en: 'This is the product\'s own documentation reporting its own figure: the publisher is the source (shown as a hint).',
      'zh-cn': '这是产品自己的文档报告自身的数据：发布者即出处（以提示显示）。',
    },
    hoverFigure: {
      en: 'The figure below names “{name}” as its source (shown as a hint): link it in the caption or here.',
      'zh-cn': '下方图表的图注注明了来源“{name}”（以提示显示）：请在图注或本句中给出链接。',
    },
    hoverAddress: {
      en: 'The sentence names its source by the web address “{name}” (shown as a hint): a reader can follow it; a link would make it one click.',
      'zh-cn': '本句以网址“{name}”注明了来源（以提示显示）：读者可以据此查到；改成链接更方便。',
    },
    hoverUnanchored: {
      en: 'A superlative or ranking with no figure, named ranking or date: often opinion or common knowledge (shown as a hint).',
      'zh-cn': '最高级或排名，但没有数字、具名榜单或时间：常是观点或常识（以提示显示）。',
    },
    hoverAsideHearsay: {
      en: 'Hearsay that only evaluates a thing or says what it can do, with no figure, date or named source: a reputation aside, not a statistic (shown as a hint).',
      'zh-cn': '传闻只是评价某物或说明它能做什么，没有数字、时间或具名来源：属于口碑式的旁白，而非统计数据（以提示显示）。',
    },
    hoverAsideHowItWorks: {
      en: 'What a tool does, needs or supports, as its documentation says, with no statistic: how it works, which a reader checks in that documentation (shown as a hint); a link to the page would still help.',
      'zh-cn': '按官方文档描述工具的行为、要求或功能，没有统计数字：属于工作原理，读者可在该文档中核对（以提示显示）；链接到该页面仍有帮助。',
    },
    hoverAsidePrediction: {
      en: 'A prediction governs the clause with the figure: a forecast, not a reported fact (shown as a hint); a source for the forecast would still help.',
      'zh-cn': '数字所在的分句是预测：属于预期而非已报道的事实（以提示显示）；为预测注明出处仍有帮助。',
    },
    hoverAsideHedge: {
      en: 'The author hedges the clause with the figure (a recollection or a guess): not a statement an editor asks a source for (shown as a hint).',
      'zh-cn': '数字所在的分句带有不确定的语气（回忆或推测）：编辑通常不会为此要求出处（以提示显示）。',
    },
    hoverAsideExample: {
      en: 'The figure is given as an example (`比如…`): illustrative, not a statistic (shown as a hint).',
      'zh-cn': '数字是作为例子给出的（“比如……”）：用于说明，而非统计数据（以提示显示）。',
    },
    hoverAsideScenario: {
      en: 'The section sets up a made-up scenario before this sentence (`假如…`): its figures are part of the illustration (shown as a hint).',
      'zh-cn': '本节在这句之前设定了假想的场景（“假如……”）：其中的数字属于举例（以提示显示）。',
    },
    hoverPersonalLog: {
      en: 'A personal log or year review (its title or path says so, told in the first person): a world figure mentioned in passing, with no named source, is an aside (shown as a hint).',
      'zh-cn': '这是个人日志或年度总结（标题或路径如此表明，且以第一人称叙述）：顺带提到、未注明来源的数字属于旁白（以提示显示）。',
    },
    hoverPersonalLogHearsay: {
      en: 'A personal log (its title, path or dated headings say so, told in the first person): hearsay noted in passing (“据说”), with no source named, is a note to self, not an attribution (shown as a hint).',
      'zh-cn': '这是个人日志（标题、路径或按日期排列的小标题如此表明，且以第一人称叙述）：顺带记下的传闻（“据说”）没有具名来源，是写给自己的笔记，而非引用（以提示显示）。',
    },
    hoverParagraphNote: {
      en: 'It reports a view in a paragraph that cites {note}: probably from that note (shown as a hint); put the reference on this sentence if it is.',
      'zh-cn': '本句转述观点，所在段落已引用 {note}：可能出自该脚注（以提示显示）；若是，请把脚注放到本句。',
    },
    hoverNoteNext: {
      en: 'A footnote in the next sentences of the paragraph ({note}) probably cites this figure (shown as a hint); put the reference on this sentence if it does.',
      'zh-cn': '本段随后一两句的脚注（{note}）可能就是这一数据的出处（以提示显示）；若是，请把脚注放到本句。',
    },
    hoverSectionDocument: {
      en: 'The section is about {id}, which the post links ({url}): the figure is probably from it (shown as a hint); link it here.',
      'zh-cn': '本节讲的是 {id}，文中已链接（{url}）：这一数据可能出自该文档（以提示显示）；请在此处给出链接。',
    },
    hoverSectionDocumentNamed: {
      en: 'The section is about {id}, named in its heading: the figure is probably from it (shown as a hint); link it here.',
      'zh-cn': '本节标题所说的 {id}：这一数据可能出自该文档（以提示显示）；请在此处给出链接。',
    },
    hoverNearbyLink: {
      en: 'A link within three lines ({url}) names what this sentence is about: probably its source (shown as a hint); link it here if it is.',
      'zh-cn': '三行之内的链接（{url}）提到了本句所说的对象：可能就是出处（以提示显示）；若是，请在本句中给出链接。',
    },
    hoverRestated: {
      en: 'The post states this figure earlier (line {line}) without a source: cite it there, where it first appears (shown as a hint).',
      'zh-cn': '本文前面（第 {line} 行）已给出这一数据，但未注明出处：请在首次出现处注明（以提示显示）。',
    },
    hoverScreenshot: {
      en: 'The sentence reports from “{name}” and the figure right below probably shows that data (shown as a hint): link the source here.',
      'zh-cn': '本句引用了“{name}”的数据，紧随其后的图片可能就是该数据的截图（以提示显示）：请在此处链接来源。',
    },
    hoverSourceRun: {
      en: 'The section names its source once, at line {line} (“{name}”), without a link, and this figure goes on with the same data: link the source there (shown as a hint).',
      'zh-cn': '本节在第 {line} 行注明了来源（“{name}”），但没有链接，本句沿用同一数据：请在那里给出链接（以提示显示）。',
    },
    hoverFigureGoesOn: {
      en: 'The paragraph is about the chart at line {line} (its caption names “{name}”) and this figure goes on with its subject: probably from that data (shown as a hint); link the source here if it is.',
      'zh-cn': '本段讲的是第 {line} 行的图表（图注注明来源“{name}”），本句接着说同一对象：数据可能出自该图表（以提示显示）；若是，请在此处链接来源。',
    },
    hoverFigureNamesSource: {
      en: 'The figure at line {line} (“{title}”) names the source this sentence reports from and shows its subject: the source\'s own figure is on the page (shown as a hint); link the source here.',
      'zh-cn': '第 {line} 行的图（“{title}”）注明了本句所引用的来源，并展示了同一内容：来源的原图已在页面上（以提示显示）；请在此处链接来源。',
    },
    hoverNoName: {
      en: 'Add a link to the source in this sentence, or a footnote `[^n]` whose definition links it.',
      'zh-cn': '请在本句中链接来源，或添加脚注 `[^n]` 并在脚注定义中给出链接。',
    },
    ...FIX_MESSAGES,
  },
  check(ctx) {
    const { post } = ctx;
    const set = cueSet(ctx.config);
    const det = detector(ctx.config);
    const cites = citations(post);
    const all = claimSentences(post);
    let library: SourceLibrary | undefined;
    const maybe = possibleClaims(det, post);
    // The section's run of figures from a source named once without a link (sourceRun.ts).
    let run: SourceRun | undefined;
    for (let i = 0; i < all.length; i++) {
      const s = all[i];
      if (maybe && !maybe[i]) continue;
      const type = s.block.type;
      if ((type === 'heading' && !ctx.options.headings) || (type === 'tableCell' && !ctx.options.tables)) continue;
      if (insideAny(cites.definitions, s)) continue;
      if (captionSource(post, s.block, set)) continue;
      // A program's output pasted as text (`> coverage: 62.5% of statements`): not prose (output.ts).
      if (isCommandOutput(post, s.block)) continue;
      const end = citedEnd(ctx, s, cites.footnoteRefs);
      if (end > s.end || hasFootnote(cites, s)) continue;
      const clean = cleanText(post, s);
      // A numbered reference marker in the text (`…的另一家公司[11]`): the post cites a reference list.
      if (REFERENCE_MARK.test(clean.text)) continue;
      if (!gateOpens(det, post, s, clean) || !mayClaim(det, post, clean)) continue;
      const j = judged(det, post, s, clean);
      if (!j.claim) continue;
      const links = linksIn(cites, s);
      const homePages = links.length ? homePagesOnly(links, j, clean) : undefined;
      if (links.length && !homePages) continue;
      library ??= sourceLibrary(post, ctx.config, ctx.workspace, set);
      const name = namedSource(j, clean, library, set);
      // A sentence that reports from a source it names ends the run before it; unlinked, it opens its own (below).
      const names = !!name && !name.mentioned && reports(clean.text, name.text);
      if (names) run = undefined;
      if (!homePages && (citedNext(ctx, all[i + 1], s, name, cites) || citedNearby(post, all, i, clean.text) || citedBySection(post, s, clean.text, j, name))) continue;
      // A chart or table right under (or over) the paragraph whose caption names the source (`数据源：Dune`):
      // linked there, the claim is sourced; named without a link, the caption's own finding
      // (claim/caption-source) is the warning and this one a hint.
      const byFigure = homePages ? undefined : figureFor(post, all, i, clean, j, name, set);
      if (byFigure && captionCites(post, byFigure)) continue;
      // A figure that goes on with the subject of the data chart right next to its paragraph, after a sentence
      // about the chart (`…Goldfinch…未偿本金总额为 1.02 亿美元。过去 30 天，协议收入 95.97 万美元。` over a Dune
      // embed captioned `Goldfinch协议未偿贷款  数据源：Dune`): probably from its dashboard; a hint naming its line.
      const goesOn = homePages || byFigure ? undefined : figureGoesOn(post, all, i, clean, name, set);
      const figureAt = goesOn ? { line: figureLine(post, goesOn), name: goesOn.name.text } : undefined;
      // A figure the post stated earlier (recap.ts: a summary restating section 4.2's `64.9%`): cited there, it
      // is cited; not cited there, that place carries the finding and this one is a hint naming it.
      const recap = homePages || goesOn || attributed(det, j) ? undefined : restated(post, all, i, clean.text, j.signals);
      if (recap?.cited) continue;
      const recapLine = recap ? positionAt(post.lineStarts, recap.sentence.start).line + 1 : undefined;
      // A sentence that reports from a source it names (`根据 TradingView 的统计数据，…`) over a figure with
      // no caption (a screenshot of that data): the source is on the page, not linked; a hint naming it.
      // So does a rank in a ranking or evaluation the sentence names (`在 2020 年度 OSC 中国开源项目评选活动中，Dubbo 位列…第 7 名`
      // over the award's screenshot: figureSource.ts `rankedIn`).
      const ranking = !name || name.mentioned || !reports(clean.text, name.text) ? rankedIn(clean.text, j.signals) : undefined;
      const shownName = name && !name.mentioned && reports(clean.text, name.text) ? name : ranking;
      const shown = !homePages && !byFigure && !goesOn && !recap && !!shownName && screenshotUnder(post, s.block, set);
      // A figure a few blocks on or up the section whose title names the source the sentence reports from and shares
      // its subject (`根据官方介绍，M3 是首个…` and `![MiniMax M3 官方能力介绍：…](…)` two paragraphs down): the source's
      // own chart or screenshot is on the page; a hint naming its line (figureSource.ts `figureNamingSource`).
      const namedFigure = homePages || byFigure || goesOn || recap || shown ? undefined : figureNamingSource(post, s.block, reportedSources(det, j, clean.text, name), clean.text, sharesSubject);
      // A source named by its web address in the sentence (`根据 rwa.xyz 的数据`) is one a reader can
      // follow: cited, though not linked; a hint that says so, like the caption form (claim/caption-source).
      const byAddress = !homePages && !!name && isWebAddress(name.text);
      // A post that says at its top it is someone else's text (repost.ts), or a product's own figure
      // in its own docs or release notes (ownProduct.ts): hints at most. A source the sentence reports
      // from (`据 X`, `X 发布的数据`) makes it someone else's figure; a name it merely mentions that is
      // linked elsewhere in the workspace (a benchmark: `TPC-C tpmC 的性能提升了 39%`) does not.
      const repost = isRepost(post);
      // A view reported in a paragraph that cites a footnote elsewhere (paragraphNote.ts): a hint naming it.
      const makers = j.signals.filter((x) => x.weight > 0 && opensGate(det, x));
      const reportsOnly = makers.length > 0 && makers.every((x) => x.kind === 'report');
      const note = homePages || byFigure || goesOn || byAddress || recap || shown || namedFigure ? undefined : paragraphNote(post, all, i, clean.text, reportsOnly);
      // A section about a numbered standard the post links (`## JEP 483` and openjdk.org/jeps/483): a hint naming it.
      const named = homePages || byFigure || goesOn || byAddress || note || namedFigure ? undefined : sectionDocument(post, s);
      // Not linked, a document named in the heading covers only a figure that reports from no source of its own (`据统计…` stays).
      const doc = named && (named.url || !attributed(det, j)) ? named : undefined;
      const own = !repost && j.signals.some((x) => x.group === 'number' && x.weight > 0) && firstParty(post, ctx.workspace, ctx.config, clean.text, name && !name.mentioned ? name.text : undefined);
      // A link within three lines that names the claim's subject (nearby.ts `linkedNearby`): probably its source, a hint naming it.
      // A figure that goes on with the data of a source the section named once, without a link (sourceRun.ts): a hint naming that line.
      const ran = homePages || byFigure || goesOn || byAddress || recap || shown || namedFigure || names ? undefined : inRun(post, run, s, clean.text, name && !name.mentioned ? name.text : undefined, cites);
      // A product's own figure in its own docs or release notes: its publisher is its source; option `ownProductFigures: false`
      // drops it (a site's own docs), else it is a hint below.
      // So does a restatement of such a figure stated earlier (the place `restatedFrom` would name reports nothing then).
      if (!ctx.options.ownProductFigures && (own || (!!recap && !repost && firstParty(post, ctx.workspace, ctx.config, cleanText(post, recap.sentence).text)))) {
        if (names && !homePages) run = openRun(post, s, name.text, clean.text);
        continue;
      }
      const near = !j.strong || homePages || byFigure || goesOn || byAddress || note || doc || repost || own || recap || shown || namedFigure || ran ? undefined : linkedNearby(post, all, i, clean.text);
      // A personal log (personalLog.ts: a year-end summary, a journal): a world figure in passing with no source it reports from is an aside.
      // In a log, hearsay noted in passing (`据说…坑比较多`, no source named) is a note to self, not an attribution.
      const hearsay = attributed(det, j) && !names && hearsayOnly(det, j);
      // Why the claim is shown as a hint, each with what its hover names (an ordered record: the first reasons above
      // stop the later ones from being looked for).
      const why: Why = {
        ...(homePages ? { homePages } : {}),
        ...(byFigure ? { byFigure } : {}),
        ...(byAddress ? { byAddress } : {}),
        ...(note ? { note: { note, reportsOnly } } : {}),
        ...(doc ? { doc } : {}),
        ...(near ? { near } : {}),
        ...(recapLine ? { recapLine } : {}),
        ...(shown && shownName ? { shown: shownName } : {}),
        ...(ran ? { ran } : {}),
        ...(figureAt ? { figureAt } : {}),
        ...(namedFigure ? { namedFigure } : {}),
        ...(repost ? { repost } : {}),
        ...(own ? { own } : {}),
      };
      const log = j.strong && !homePages && !hinted(why) && !goesOn && !recap && (!attributed(det, j) || hearsay) && isPersonalLog(post, ctx.workspace.path, det.firstPerson);
      if (log) why.log = hearsay ? 'hearsay' : true;
      const positive = forSignals(det, j);
      const span = wholeLinks(claimSpan(clean, positive), links);
      const source = sourceFixes(ctx, name, library);
      const fixes = [...source.links, footnoteFix(ctx, span.end), ...source.config];
      const disable = disableFix(ctx, rule.id, s.block.span.start);
      if (disable) fixes.push(disable);
      if (names && !homePages) run = openRun(post, s, name.text, clean.text);
      ctx.report({
        messageId: 'unlinked',
        data: { cue: cueSummary(post.prose, positive) },
        span,
        fixes,
        ...(j.strong && !hinted(why) && !goesOn && !recap ? {} : { severity: 'hint' as const }),
        hover: hover(ctx, det, j, name, library, why),
        detail: {
          cues: mergedMatches(positive).map((m) => ({ kind: (m.signals.find((x) => x.kind)?.kind ?? 'statistic') as CueKind, text: proseText(post.prose, m.span, 200) })),
          ...(name ? { source: name.text } : {}),
          confidence: round(j.confidence),
          strength: j.strong ? 'strong' : 'weak',
          signals: j.signals.filter((x) => x.weight !== 0).map((x) => ({ id: x.id, weight: round(x.weight), ...(x.matches[0] ? { text: x.matches[0].text } : {}) })),
          ...(homePages ? { homePageLinks: homePages.map((l) => l.url) } : {}),
          ...(byFigure ? { figureSource: byFigure.name.text } : {}),
          ...(figureAt ? { figureAt: figureAt.line } : namedFigure ? { figureAt: namedFigure.line, figureNamesSource: true } : {}),
          ...(byAddress ? { webAddress: true } : {}),
          ...(note ? { paragraphNote: note } : {}),
          ...(doc ? { sectionDocument: doc } : {}),
          ...(near ? { nearbyLink: near } : {}),
          ...(recapLine ? { restatedFrom: recapLine } : {}),
          ...(shown ? { figureUnder: true } : {}),
          ...(ran ? { sourceNamedAt: ran.line } : {}),
          ...(repost ? { repost: true } : {}),
          ...(own ? { firstParty: true } : {}),
          ...(j.unanchored ? { unanchoredSuperlative: true } : {}),
          ...(j.aside ? { aside: j.aside } : {}),
          ...(log ? { personalLog: true } : {}),
          ...(log && hearsay ? { logHearsay: true } : {}),
        },
      });
    }
  },
};

/**
 * What the claim reports from, as a figure's title would name it: the source it names and reports from
 * (`根据 TradingView 的统计数据`), and the kinds of source (data/claims/cues.json `figureNamesSource.kinds`:
 * `官方`, `论文`) in the reporting phrases of its source features (`根据官方介绍`).
 */
function reportedSources(det: Detector, j: Judgement, claim: string, name: NamedSource | undefined): string[] {
  const out: string[] = name && !name.mentioned && reports(claim, name.text) ? [name.text] : [];
  if (!attributed(det, j)) return out;
  for (const x of j.signals) {
    if (x.weight <= 0 || !(x.group === 'source' || x.kind === 'report')) continue;
    for (const m of x.matches) for (const k of sourceKinds(m.text)) if (!out.includes(k)) out.push(k);
  }
  return out;
}

/** Every reporting signal that makes the claim attributed matches only hearsay noted in passing (`据说`, `听说`: personalLog.ts `isHearsay`). */
function hearsayOnly(det: Detector, j: Judgement): boolean {
  const by = j.signals.filter((x) => x.weight > 0 && (x.group === 'source' || x.group === 'user' || x.kind === 'report') && opensGate(det, x));
  return by.length > 0 && by.every((x) => x.matches.length > 0 && x.matches.every((m) => isHearsay(m.text)));
}

/** The claim reports from a source (`据统计`, `X 发布的数据`, `官方称`): a source feature that opens the gate fires (not the bare organisation word). */
function attributed(det: Detector, j: Judgement): boolean {
  return j.signals.some((x) => x.weight > 0 && (x.group === 'source' || x.group === 'user' || x.kind === 'report') && opensGate(det, x));
}

/**
 * The claim's section says where it comes from, with a link (`## 参考:[…](…)`, `> wiki: https://…` right under
 * its heading); or the claim reports from a source it names (`Anthropic 官方文章提到…`) and the post's
 * reference list links it (references.ts).
 */
function citedBySection(post: Post, s: Sentence, claim: string, j: Judgement, name: NamedSource | undefined): boolean {
  if (inSourcedSection(post, s)) return true;
  const names: string[] = name && !name.mentioned ? [name.text] : [];
  let official = false;
  for (const x of j.signals) {
    if (x.group !== 'source' || x.weight <= 0 || x.id === 'source.org') continue;
    for (const m of x.matches) {
      const at = claim.indexOf(m.text);
      if (at < 0) continue;
      // In the same clause: `没有官方gradle插件，且开发组据说…` names no source.
      const before = claim.slice(Math.max(0, at - NAME_BEFORE), at + m.text.length).split(/[，,；;。：:！？]/).slice(-1)[0];
      if (/官方/.test(before)) official = true;
      for (const w of before.match(/[A-Za-z][A-Za-z0-9.\-]{2,}/g) ?? []) names.push(w);
    }
  }
  return names.length > 0 && inReferenceList(post, names, official);
}

/** How far before a reporting phrase a Latin word names its source (`Anthropic 官方文章提到`). */
const NAME_BEFORE = 12;

/** How far back in its paragraph a sentence looks for one about the figure (`figureFor`). */
const FIGURE_LOOKBACK = 12;

/**
 * The figure near the claim's paragraph (figureSource.ts) whose caption sources it: the sentence is
 * about what the figure shows (`aboutFigure`), or it goes on from a sentence of its paragraph that is,
 * by more than a shared Latin name (`aboutFigure` strict:
 * `在交易量指数级增长的同时，交易费用总额却呈下降趋势。2024 年 8 月…降至 Ξ700…` over `_图2 交易费用总额创多年来新低_`),
 * or, stating no figure of its own, it leads into the sentence that is (`初步数据显示，这类项目正获得…青睐。以 Akash 为例…`;
 * `…的数据显示：` over a list about the chart). A sentence that reports a source of its own (`Defillama 数据显示…`)
 * is the caption's only by `aboutFigure`. Seed-61313 readers' 'cited nearby' class (fan-wb's charts).
 */
function figureFor(post: Post, all: readonly Sentence[], i: number, clean: CleanText, j: Judgement, name: NamedSource | undefined, set: CueSet): CaptionSource | undefined {
  const s = all[i];
  const figures = figuresNear(post, s.block, set);
  if (!figures.length) return undefined;
  const direct = figures.find((f) => aboutFigure(post, f, clean.text, name?.text, needsStrict(f)));
  if (direct || (name && !name.mentioned)) return direct;
  const about = (k: number, strict: boolean) => figures.find((f) => aboutFigure(post, f, cleanText(post, all[k]).text, undefined, strict || needsStrict(f)));
  // Going on from a sentence that is about the chart by its datum, its source or its words (not by a
  // Latin topic word alone: `…导致 DeFi 市场大幅衰退。…代币价值下跌超 90%。` above a chart of DeFi lending rates).
  for (let k = i - 1; k >= Math.max(0, i - FIGURE_LOOKBACK) && all[k].block === s.block; k--) {
    const f = about(k, true);
    if (f) return f;
  }
  const next = all[i + 1];
  const states = j.signals.some((x) => x.group === 'number' && x.weight > 0 && x.id !== 'number.any');
  if (!next || states) return undefined;
  if (next.block === s.block || (/[:：]\s*$/.test(clean.text) && nextBlock(post, s.block) === next.block)) return about(i + 1, false);
  return undefined;
}

/**
 * The data figure right next to the claim's paragraph (figureSource.ts `adjacentData`: a live embed or a
 * `数据源` caption) whose subject the claim goes on with (`goesOnWithFigure`) after an earlier sentence of
 * the paragraph that is about it (`aboutFigure`, by a shared Latin name too): the seed-81206 readers'
 * 'cited nearby' (fan-wb rwa.md:417, Goldfinch's 30-day revenue over two Dune embeds). A claim that
 * reports from a source of its own, or names a thing neither the caption nor that sentence names, stays.
 */
function figureGoesOn(post: Post, all: readonly Sentence[], i: number, clean: CleanText, name: NamedSource | undefined, set: CueSet): CaptionSource | undefined {
  if (name && !name.mentioned) return undefined;
  const s = all[i];
  const figures = figuresNear(post, s.block, set).filter(adjacentData);
  if (!figures.length) return undefined;
  for (let k = i - 1; k >= Math.max(0, i - FIGURE_LOOKBACK) && all[k].block === s.block; k--) {
    const text = cleanText(post, all[k]).text;
    const f = figures.find((c) => aboutFigure(post, c, text, undefined) && goesOnWithFigure(post, c, clean.text, text));
    if (f) return f;
  }
  return undefined;
}

/** The prose block right after a block. */
function nextBlock(post: Post, block: Sentence['block']): Sentence['block'] | undefined {
  const { blocks } = post;
  return blocks[countWhile(blocks.length, (k) => blocks[k].span.start <= block.span.start)];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The signals that make the claim (those that open the detector's gate, else any not against it) and have a place in the sentence, strongest first. */
function forSignals(d: Detector, j: Judgement): Signal[] {
  const placed = j.signals.filter((x) => x.weight >= 0 && x.matches.length);
  const gate = placed.filter((x) => x.weight > 0 && opensGate(d, x));
  // A claim made by weaker signals (its gate feature weighs 0 here): quote what it has in the sentence.
  return (gate.length ? gate : placed).sort((a, b) => b.weight - a.weight);
}

/** A span that starts or ends inside a link is widened to take the whole link. */
function wholeLinks(span: Span, links: readonly CitationLink[]): Span {
  let { start, end } = span;
  for (const l of links) {
    if (l.span.start < start && l.span.end > start) start = l.span.start;
    if (l.span.start < end && l.span.end > end) end = l.span.end;
  }
  return { start, end };
}

function hasFootnote(cites: Citations, s: Span): boolean {
  for (const r of cites.footnoteRefs) if (r.start < s.end && r.end > s.start) return true;
  return false;
}

/** Links (not footnote references) overlapping the sentence. */
function linksIn(cites: Citations, s: Span): CitationLink[] {
  const out: CitationLink[] = [];
  const ls = cites.links;
  let lo = 0;
  let hi = ls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ls[mid].span.start < s.start) lo = mid + 1;
    else hi = mid;
  }
  // A link starting before the sentence may still overlap it (a sentence inside link text).
  for (let k = Math.max(0, lo - 1); k < ls.length && ls[k].span.start < s.end; k++) if (ls[k].span.end > s.start) out.push(ls[k]);
  // Undefined footnote references and other citations without a link node still clear.
  return out.length || !overlapsCitation(cites, s) ? out : [{ span: s, url: '' }];
}

function overlapsCitation(cites: Citations, s: Span): boolean {
  for (const c of cites.spans) {
    if (c.start >= s.end) break;
    if (c.end > s.start) return true;
  }
  return false;
}

/** `[11]`, `[3, 4]` after text: a reference to the post's numbered reference list. */
const REFERENCE_MARK = /[^\s\[\]]\s?\[\d{1,3}(?:\s*[,，–-]\s*\d{1,3})*\]/;

const HOME_PAGE = /^(?:https?:)?\/\/[^/?#\s]+\/?(?:index\.html?)?$/i;
const NAMES_SOURCE_AFTER = /^[\s\uE000\uFFFC]*(?:的|发布的|公布的)?\s*(?:最新)?(?:数据|报告|统计|研究|调查|调研|估计|预测|显示|称|指出|表明|披露|公布|发布|财报|白皮书|\s+(?:data|reports?|shows?|says?|found|estimates?))/i;

/**
 * The sentence's links when every one is a site's home page and the sentence states a statistic
 * none of them is named as the source of (`[Docker](https://docker.com) 的市场份额达 80%`);
 * undefined when a link may cite it.
 */
function homePagesOnly(links: CitationLink[], j: Judgement, clean: CleanText): CitationLink[] | undefined {
  if (!links.every((l) => HOME_PAGE.test(l.url))) return undefined;
  if (!j.signals.some((x) => x.weight > 0 && x.kind === 'statistic' && x.group === 'number')) return undefined;
  const sources = j.signals.filter((x) => x.group === 'source' && x.weight > 0).flatMap((x) => x.matches);
  for (const l of links) {
    if (sources.some((m) => m.span.start < l.span.end && m.span.end > l.span.start)) return undefined;
    const at = clean.map.findIndex((off) => off >= l.span.end);
    if (at >= 0 && NAMES_SOURCE_AFTER.test(clean.text.slice(at, at + 12))) return undefined;
  }
  return links;
}

/** The next sentence opens by pointing to a source (`（来源：…）`, `详情请见…`, `具体的历史可以参考…`, `--摘自[…](…)`). */
const SOURCE_LEAD = /^[\s\uE000]*(?:-{1,2}|—{1,2})?\s*[（(【\[]?\s*(?:(?:有关|关于|更多)[^，。；！？]{0,16}[，,]?\s*)?(?:(?:具体|详细|详情|更多)[^，。；！？]{0,8}?)?(?:请\s*|可以\s*|可\s*)?(?:数据来源|资料来源|来源|出处|引自|摘自|摘录自|转自|转载自|出自|参考|参见|参阅|详见|请见|见|据|source|sources|via|see|ref|for (?:details|more))\s*[:：]?/i;

/** The next sentence cites this one: `（来源：[X](…)）` right after, or a link to the source the claim names. */
function citedNext(ctx: RuleContext<unknown>, next: Sentence | undefined, s: Sentence, name: NamedSource | undefined, cites: Citations): boolean {
  if (!next || next.block !== s.block) return false;
  const links = linksIn(cites, next);
  if (!links.length && !hasFootnote(cites, next)) return false;
  const text = cleanText(ctx.post, next).text;
  if (SOURCE_LEAD.test(text)) return true;
  if (!name) return false;
  const key = nameKey(name.text);
  if (key.length < 2) return false;
  const { prose } = ctx.post;
  return links.some((l) => {
    const lt = nameKey(prose.slice(l.span.start, l.span.end).split(MARK).join('').split(ATOM).join(''));
    return lt.length >= 2 && (lt.includes(key) || key.includes(lt));
  });
}

/** A footnote reference right after the sentence's full stop (`…用户。[^1]`) belongs to it. */
function citedEnd(ctx: RuleContext<unknown>, s: Sentence, refs: readonly { start: number; end: number }[]): number {
  const { prose } = ctx.post;
  let end = s.end;
  for (;;) {
    let i = end;
    while (i < s.block.span.end && (prose[i] === ' ' || prose[i] === MARK)) i++;
    const ref = refsByStart(refs).get(i);
    if (!ref || i >= s.block.span.end + 1) return end;
    end = ref.end;
  }
}

const refsMemo = new WeakMap<readonly Span[], Map<number, Span>>();
/** The first reference starting at each offset. */
function refsByStart(refs: readonly Span[]): Map<number, Span> {
  let m = refsMemo.get(refs);
  if (!m) {
    m = new Map();
    for (const r of refs) if (!m.has(r.start)) m.set(r.start, r);
    refsMemo.set(refs, m);
  }
  return m;
}

const CLAUSE_BREAK = /[，,；;：:]/;

/** From the start of the clause holding the first signal to the end of the clause holding the last. */
function claimSpan(clean: CleanText, positive: Signal[]): Span {
  const t = clean.text;
  const matches = positive.flatMap((x) => x.matches);
  if (!matches.length) return toSource(clean, 0, t.length);
  const firstStart = Math.min(...matches.map((m) => m.span.start));
  const lastEnd = Math.max(...matches.map((m) => m.span.end));
  const first = Math.max(0, clean.map.findIndex((off) => off >= firstStart));
  let last = clean.map.findIndex((off) => off >= lastEnd);
  if (last < 0) last = t.length;
  let a = first;
  while (a > 0 && !isBreak(t, a - 1)) a--;
  let b = Math.max(last, first + 1);
  while (b < t.length && !isBreak(t, b)) b++;
  while (a < b && /[\s\uFFFC]/.test(t[a])) a++;
  while (b > a && /[\s。！？!?.]/.test(t[b - 1])) b--;
  return toSource(clean, a, b);
}

function isBreak(t: string, i: number): boolean {
  const c = t[i];
  if (!CLAUSE_BREAK.test(c)) return false;
  // An English comma or colon breaks a clause only before a space (not 1,000 or 10:30).
  if (c === ',' || c === ':') return t[i + 1] === ' ' || i + 1 >= t.length;
  return true;
}

/** Merged spans of the signals' matches, in text order. */
function mergedMatches(positive: Signal[]): Array<{ span: Span; signals: Signal[] }> {
  const all = positive.flatMap((x) => x.matches.map((m) => ({ span: m.span, signal: x }))).sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const out: Array<{ span: Span; signals: Signal[] }> = [];
  for (const m of all) {
    const last = out[out.length - 1];
    if (last && m.span.start < last.span.end) {
      last.span = { start: last.span.start, end: Math.max(last.span.end, m.span.end) };
      if (!last.signals.includes(m.signal)) last.signals.push(m.signal);
    } else out.push({ span: { ...m.span }, signals: [m.signal] });
  }
  return out;
}

function proseText(prose: string, s: Span, max = 40): string {
  const t = prose.slice(s.start, s.end).split(MARK).join('').split(ATOM).join('…').replace(/\s+/g, ' ');
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

/** The strongest signals' texts, overlapping ones merged: “据 Demandsage 报告显示 … 一亿用户”. */
function cueSummary(prose: string, positive: Signal[]): string {
  // The merged places that hold the three strongest signals, in text order.
  const merged = mergedMatches(positive);
  const top = new Set(positive.slice(0, 3));
  const chosen = merged.filter((m) => m.signals.some((x) => top.has(x))).slice(0, 3);
  return (chosen.length ? chosen : merged.slice(0, 3)).map((m) => proseText(prose, m.span)).join(' … ');
}

function namedSource(j: Judgement, clean: CleanText, library: SourceLibrary, set: CueSet): NamedSource | undefined {
  for (const x of j.signals) {
    if (x.weight <= 0) continue;
    for (const m of x.matches) {
      const n = m.name && cleanName(m.name.text);
      if (m.name && n) {
        const at = clean.map.indexOf(m.name.span.start);
        const off = at + m.name.text.indexOf(n);
        if (at >= 0) return { text: n, span: toSource(clean, off, off + n.length) };
      }
    }
  }
  const m = matchesAny(set.sourceName, clean.text);
  const raw = m?.groups?.name;
  const n = raw && cleanName(raw);
  if (m && raw && n) {
    const at = m.index + m[0].indexOf(raw) + raw.indexOf(n);
    return { text: n, span: toSource(clean, at, at + n.length) };
  }
  for (const n of library.namesIn(clean.text)) {
    const at = clean.text.indexOf(n);
    if (at >= 0) return { text: n, span: toSource(clean, at, at + n.length), mentioned: true };
  }
  return undefined;
}

/**
 * The hover: the rule once, the confidence, the signals that make the claim (each place in the
 * sentence once: overlapping matches merged into one quote that lists the features reading it),
 * the weaker signals that add to it, what counts against, and where to find the source.
 */
/**
 * Why an unsourced claim is shown as a hint rather than a warning (or, `homePages`, why its links do not clear it), each
 * with what the hover names: a link that is only a home page, a captioned figure naming the source, a source named by
 * its web address, a paragraph's footnote, a section's document, a link nearby, an earlier statement of the figure, a
 * screenshot under a named source, a run of a named source, a data chart it goes on with, a figure a few paragraphs away
 * whose title names its source, a repost, a product's own figure, a personal log.
 */
interface Why {
  homePages?: CitationLink[];
  byFigure?: CaptionSource;
  byAddress?: boolean;
  note?: { note: string; reportsOnly: boolean };
  doc?: { id: string; url: string };
  near?: string;
  recapLine?: number;
  shown?: { text: string };
  ran?: SourceRun;
  figureAt?: { line: number; name: string };
  namedFigure?: NamedFigure;
  repost?: boolean;
  own?: boolean;
  log?: true | 'hearsay';
}

/** Does any reason but a home-page link (which keeps a strong claim a warning) make the claim a hint? */
function hinted(w: Why): boolean {
  return !!(w.byFigure || w.byAddress || w.note || w.doc || w.near || w.recapLine || w.shown || w.ran || w.figureAt || w.namedFigure || w.repost || w.own || w.log);
}

function hover(ctx: RuleContext<unknown>, det: Detector, j: Judgement, name: NamedSource | undefined, library: SourceLibrary, why: Why): string {
  const { homePages, byFigure, own, byAddress, note, doc, near, log, recapLine, shown, ran, figureAt, namedFigure } = why;
  const lang = ctx.config.language;
  const zh = lang === 'zh-cn';
  const { prose } = ctx.post;
  const pct = Math.round(j.confidence * 100);
  const lines = [ctx.t('hoverTitle'), '', ctx.t('hoverConfidence', { pct, strength: ctx.t(j.strong ? 'strong' : 'weak') }), ''];
  const sep = zh ? '、' : ', ';
  const quote = (m: { span: Span; signals: Signal[] }) => `“${proseText(prose, m.span)}”${zh ? '（' : ' ('}${m.signals.map((x) => x.label[lang]).join(sep)}${zh ? '）' : ')'}`;
  const main = j.signals.filter((x) => x.weight > 0 && x.matches.length && opensGate(det, x));
  const placed = mergedMatches(main);
  if (placed.length) lines.push(ctx.t('hoverFor', { list: placed.map(quote).join(zh ? '；' : '; ') }), '');
  const also = j.signals.filter((x) => x.weight > 0 && !main.includes(x) && x.group !== 'context' && x.group !== 'number');
  if (also.length) lines.push(ctx.t('hoverAlso', { list: also.map((x) => x.label[lang]).join(sep) }), '');
  const against = j.signals.filter((x) => x.weight < 0);
  if (against.length) {
    lines.push(ctx.t('hoverAgainst', { list: against.map((x) => (x.matches[0] ? `${x.label[lang]}“${proseText(prose, x.matches[0].span)}”` : x.label[lang])).join(sep) }), '');
  }
  if (j.unanchored) lines.push(ctx.t('hoverUnanchored'), '');
  if (j.aside === 'hearsay') lines.push(ctx.t('hoverAsideHearsay'), '');
  else if (j.aside === 'howItWorks') lines.push(ctx.t('hoverAsideHowItWorks'), '');
  else if (j.aside === 'prediction') lines.push(ctx.t('hoverAsidePrediction'), '');
  else if (j.aside === 'hedge') lines.push(ctx.t('hoverAsideHedge'), '');
  else if (j.aside === 'example') lines.push(ctx.t('hoverAsideExample'), '');
  else if (j.aside === 'scenario') lines.push(ctx.t('hoverAsideScenario'), '');
  if (homePages) for (const l of homePages) lines.push(ctx.t('hoverHomePage', { url: l.url }), '');
  if (byFigure) lines.push(ctx.t('hoverFigure', { name: byFigure.name.text }), '');
  if (byAddress && name) lines.push(ctx.t('hoverAddress', { name: name.text }), '');
  if (note) lines.push(ctx.t(note.reportsOnly ? 'hoverParagraphNote' : 'hoverNoteNext', { note: note.note }), '');
  if (doc) lines.push(doc.url ? ctx.t('hoverSectionDocument', doc) : ctx.t('hoverSectionDocumentNamed', { id: doc.id }), '');
  if (near) lines.push(ctx.t('hoverNearbyLink', { url: near }), '');
  if (recapLine) lines.push(ctx.t('hoverRestated', { line: recapLine }), '');
  if (shown) lines.push(ctx.t('hoverScreenshot', { name: shown.text }), '');
  if (ran) lines.push(ctx.t('hoverSourceRun', { line: ran.line, name: ran.name }), '');
  if (figureAt) lines.push(ctx.t('hoverFigureGoesOn', { line: figureAt.line, name: figureAt.name }), '');
  if (namedFigure) lines.push(ctx.t('hoverFigureNamesSource', { line: namedFigure.line, title: namedFigure.title.length > 60 ? namedFigure.title.slice(0, 59) + '…' : namedFigure.title }), '');
  if (log) lines.push(ctx.t(log === 'hearsay' ? 'hoverPersonalLogHearsay' : 'hoverPersonalLog'), '');
  if (isRepost(ctx.post)) lines.push(ctx.t('hoverRepost'), '');
  else if (own) lines.push(ctx.t('hoverFirstParty'), '');
  lines.push(name ? knownSourcesMarkdown(ctx, name.text, library) : ctx.t('hoverNoName'));
  return lines.join('\n');
}

/**
 * Does a gate feature fire on the sentence (else `judge` finds no claim, and most sentences stop
 * here)? The gate features are patterns over the sentence's clean text, so the answer is kept per
 * clean text by the run's rule cache (blockCache.ts `memoized`): after an edit only the edited
 * sentences are scored again. Should a gate feature be a builtin (post context), nothing is kept.
 */
function gateOpens(det: Detector, post: Post, s: Sentence, clean: CleanText): boolean {
  const gate = (f: Pick<Signal, 'id' | 'group'>) => opensGate(det, f);
  const open = () => signalsOf(det, post, s, clean, gate).length > 0;
  if (det.features.some((f) => f.builtin && gate(f))) return open();
  return memoized(post, 'claim/gate', clean.text, open);
}

/**
 * Which of the post's sentences may be unlinked claims, by what their block's own text decides (no
 * numbered reference mark, the detector's gate opens, the bound of the score reaches the threshold:
 * `mayClaim`): kept per block window by the run's rule cache, so after an edit only the edited
 * block's sentences are looked at again. `check` runs its other tests (what the post around says:
 * footnotes, links, captions, the next sentence) and `judge` on these only; all are tests a claim
 * must pass, so the order does not change what is found. Undefined when a gate feature is a builtin.
 */
function possibleClaims(det: Detector, post: Post): boolean[] | undefined {
  if (det.features.some((f) => f.builtin && opensGate(det, f))) return undefined;
  const one = (s: Sentence) => {
    const clean = cleanText(post, s);
    return !REFERENCE_MARK.test(clean.text) && gateOpens(det, post, s, clean) && mayClaim(det, post, clean);
  };
  const possible = groupPass(post, 'claim/possible', (g) => g.sentences.map(one));
  const out: boolean[] = [];
  for (const g of sentencesByBlock(post)) for (const f of possible(g, g.sub)) out.push(f);
  return out;
}
