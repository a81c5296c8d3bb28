/**
 * typo/house-style: a post that consistently writes a typography choice another way than the
 * configured house style (`.zhen.yml` `typography:`) gets one finding for the whole post instead
 * of one per place; the places themselves become hints (dots in the editor, out of the Problems
 * panel, still in the CLI's JSON and still fixed by fix-all).
 *
 *   Bad:  a post that writes `用AI写`, `在ZK中` … in 395 places and `用 AI` in none (house style: spaced)
 *   Good: one finding, "this post writes Chinese and English without a space in 395 places",
 *         with "Fix all 395 places" and "Keep this style" (writes `typography:` in `.zhen.yml`)
 *
 * A choice with fewer than MIN_PLACES places of its own (learnt from the workspace, following the
 * post's other spacing choices, or written the other way in all its places in a post that follows
 * another style in a choice of its own) is never said to be the post's consistent style: the
 * message says where its style comes from ("in 2 places, as most of this workspace does").
 *
 * It is the post's one style finding: where the post departs from its own style (a few places
 * against a choice it keeps, typo/style `slips`), the message names them ("It departs from its own
 * style in 3 places (lines 5, 11, 17).") and a fix puts them right; those places are hints.
 *
 * A blog that writes that way everywhere (typo/style `blog`: at least 80 % of at least 10 other posts
 * that decide each choice write it so): the finding is a hint saying so ("Like 179 of the 194 other
 * posts of this blog…"), but in the first such post by path, the blog's one suggestion; the post's
 * slips then keep their own finding.
 *
 * Which choices are read, how places are counted and the thresholds: typo/style. The finding sits
 * on the first place. A post that mixes both ways (its own inconsistency) is not learnt: its
 * places keep their severity. Off (`typo/house-style: off`): nothing is learnt.
 *
 * Fixes: fix all the places (fix-all does too); keep this style (writes `typography:` in `.zhen.yml`).
 */
import type { Fix, Language, Rule } from '../../types';
import { MIN_PLACES, fixAllOf, houseStyle, postPlan, registerHouseStyle, type Choice, type Learnt } from './style';

/** What the post writes, per choice, for the message (en, zh-cn). */
const WRITES: Record<Choice, Record<Language, string>> = {
  spaceBetweenCjkAndLatin: { en: 'Chinese and English without a space', 'zh-cn': '中英文之间不加空格' },
  spaceBetweenCjkAndDigits: { en: 'Chinese and digits without a space', 'zh-cn': '中文与数字之间不加空格' },
  spaceAroundCode: { en: 'Chinese and inline code without a space', 'zh-cn': '中文与行内代码之间不加空格' },
  cjkParentheses: { en: 'half-width parentheses around Chinese', 'zh-cn': '中文内容外用半角括号' },
  latinParentheses: { en: 'half-width parentheses around English in Chinese text', 'zh-cn': '中文句中的英文外用半角括号' },
  quotes: { en: 'straight quotes around Chinese', 'zh-cn': '中文内容外用直引号' },
  fullwidthPunctuation: { en: 'half-width punctuation after Chinese', 'zh-cn': '中文后用半角标点' },
  chineseEllipsis: { en: 'the ellipsis after Chinese as "..."', 'zh-cn': '中文省略号写作“...”' },
  fullwidthPunctuationAfterLatin: { en: 'half-width punctuation after English words in Chinese text', 'zh-cn': '中文句中英文词后用半角标点' },
  tightPunctuationAfterLatin: { en: 'a space between English words or code and the full-width punctuation after them', 'zh-cn': '英文词或代码与其后的全角标点之间加空格' },
};

export const rule: Rule = {
  id: 'typo/house-style', // = HOUSE_STYLE_RULE (typo/style)
  description: 'A post that consistently follows another typography style than the configured one: one finding, its places as hints.',
  defaultSeverity: 'info',
  messages: {
    post: {
      en: 'This post consistently writes {what}; the house style does not. They are shown as hints.{slips}{blog}',
      'zh-cn': '本文一贯{what}，与本站排版风格不同；这 {n} 处仅以提示显示。{slips}{blog}',
    },
    /** Only choices with too few places of their own: no "consistently". */
    postFew: {
      en: 'This post writes {what}; the house style does not. They are shown as hints.{slips}{blog}',
      'zh-cn': '本文{what}，与本站排版风格不同；这 {n} 处仅以提示显示。{slips}{blog}',
    },
    /** Choices of its own, and others with too few places that follow them or the workspace. */
    postAlso: {
      en: 'This post consistently writes {what}; the house style does not. It also writes {few}. They are shown as hints.{slips}{blog}',
      'zh-cn': '本文一贯{what}，与本站排版风格不同；另外{few}。这 {n} 处仅以提示显示。{slips}{blog}',
    },
    item: { en: '{what} in {places}', 'zh-cn': '{what}（{n} 处）' },
    fewWorkspace: { en: '{list}, as most of this workspace does', 'zh-cn': '{list}（与工作区多数文章相同）' },
    fewSpacing: { en: '{list}, like its other spacing', 'zh-cn': '{list}（与本文其他空格写法一致）' },
    fewAlongside: { en: '{list}, all its places of them', 'zh-cn': '{list}（本文仅有的几处均如此）' },
    fixAll: { en: 'Fix all {places}', 'zh-cn': '全部修正（{n} 处）' },
    keep: { en: 'Keep this style (typography: {{settings}} in .zhen.yml)', 'zh-cn': '保留这种写法（在 .zhen.yml 中设 typography: {{settings}}）' },
    hover: {
      en: 'The post is consistent with itself, so these places are hints (dots), not problems. **Fix all** applies their fixes at once (fix-all and `zhen check --fix` do too); **Keep this style** writes `typography: {{settings}}` to `.zhen.yml`, after which they are not reported. Places where the post contradicts itself keep their severity.',
      'zh-cn': '本文自身一致，这些位置以提示（圆点）显示，不计为问题。**全部修正**一次应用它们的修正（“修复全部”与 `zhen check --fix` 亦然）；**保留这种写法**会在 `.zhen.yml` 中写入 `typography: {{settings}}`，之后不再报告。本文自相矛盾之处保持原有级别。',
    },
    /** The hover of the first of a post's slips from its own style, all in one choice (typo/style `slips`). */
    contradiction: {
      en: 'This post writes this choice the other way in {kept} places and this way in these {n} (lines {lines}): one finding for them, the others are hints. **Fix all {n}** applies their fixes (fix-all and `zhen check --fix` do too).',
      'zh-cn': '本文此类写法有 {kept} 处与此不同，只有这 {n} 处如此（第 {lines} 行）：只报告这一处，其余以提示显示。**全部修正**一并修正它们（“修复全部”与 `zhen check --fix` 亦然）。',
    },
    /** The first of a post's slips in several choices it otherwise keeps (typo/style `slips`). */
    contradictions: {
      en: 'This post departs from its own style in these {n} places (lines {lines}), in {c} typography choices it otherwise keeps: one finding for them, the others are hints. **Fix all {n}** applies their fixes (fix-all and `zhen check --fix` do too).',
      'zh-cn': '本文在 {c} 类排版写法上一贯如一，只有这 {n} 处例外（第 {lines} 行）：只报告这一处，其余以提示显示。**全部修正**一并修正它们（“修复全部”与 `zhen check --fix` 亦然）。',
    },
    /** Appended to the house-style message when the post also departs from its own style (typo/style `slips`). */
    slips: {
      en: ' It departs from its own style in {places} ({lines}).',
      'zh-cn': '另有 {n} 处与本文自身写法不一致（第 {lines} 行）。',
    },
    /** Appended when the post's style is the blog's own practice (typo/style `blog`): the finding is a hint but in one post. */
    blog: {
      en: ' Like {posts} of the {deciding} other posts of this blog that decide it; set `typography: {{settings}}` in .zhen.yml to make it the blog\'s style.',
      'zh-cn': '本站另外 {deciding} 篇有定式的文章中 {posts} 篇也如此；可在 .zhen.yml 中设 `typography: {{settings}}`，把它定为本站风格。',
    },
    blogHover: {
      en: 'This blog writes this way in most of its posts, so this finding is a hint here; one post of the workspace ({first}) carries it above hint as the blog\'s one suggestion. Where this post departs from its own style, those places keep their own finding.',
      'zh-cn': '本站多数文章都如此书写，故此处仅为提示；工作区中只有一篇文章（{first}）以问题显示，作为对全站的一条建议。本文与自身写法不一致之处仍单独报告。',
    },
    blogKeeps: {
      en: 'This blog writes this way in most of its posts: this post, the first of them, carries the blog\'s one suggestion; in the others this finding is a hint.',
      'zh-cn': '本站多数文章都如此书写：本文是其中第一篇，承载对全站的这一条建议；其他文章中此项仅为提示。',
    },
    slipsHover: {
      en: 'Where the post departs from its own style ({places}, {lines}), its places are hints pointing here: **Fix all {n} to the post\'s own style** fixes them (fix-all and `zhen check --fix` do too).',
      'zh-cn': '本文与自身写法不一致的 {n} 处（第 {lines} 行）以提示显示并指向此处：**按本文自身写法全部修正**一并修正它们（“修复全部”与 `zhen check --fix` 亦然）。',
    },
    /** The first of a post's departures from its own typesetting that are not all slips of kept choices: typing habits, choices with too few places (typo/style `slips`). */
    practice: {
      en: 'This post departs from its own typesetting in these {n} places (lines {lines}): slips from the style it keeps, typing habits such as a space beside a full-width mark, or a choice it writes only a few times against the house style. One finding for them, the others are hints. **Fix all** applies their fixes (fix-all and `zhen check --fix` do too).',
      'zh-cn': '本文有 {n} 处排版与自身写法不一致（第 {lines} 行）：偏离本文一贯写法之处、全角标点旁多空格之类的输入习惯，或只出现几次且与本站风格不同的写法。只报告这一处，其余以提示显示。**全部修正**一并修正它们（“修复全部”与 `zhen check --fix` 亦然）。',
    },
    /** The first of a post's findings of one typing habit (typo/style `habits`), on the styled rule's finding. */
    habit: {
      en: 'This post does this in {n} places (lines {lines}): one finding for them, the others are hints.',
      'zh-cn': '本文有 {n} 处同样的写法（第 {lines} 行）：只报告这一处，其余以提示显示。',
    },
    habitFix: { en: 'Fix all {n} of these', 'zh-cn': '全部修正这类写法（{n} 处）' },
    contradictionFix: { en: 'Fix all {n} to the post\'s own style', 'zh-cn': '按本文自身写法全部修正（{n} 处）' },
    /** The hover of a passage's first finding (typo/style `passages`), on the styled rule's finding. */
    passage: {
      en: 'This passage writes all its {n} places of this choice this way: one finding for them, the others are hints (fix-all fixes all of them).',
      'zh-cn': '这段文字中此类写法共 {n} 处，全部如此：只报告这一处，其余以提示显示（“修复全部”会一并修正）。',
    },
  },
  check(ctx) {
    const lang = ctx.config.language;
    const learnt = [...houseStyle(ctx.post, ctx.config, ctx.workspace).learnt.values()];
    const slips = postPlan(ctx.post, ctx.config, ctx.workspace).slips;
    const folded = slips?.intoHouseStyle ? slips : undefined;
    if (!learnt.length) return;
    const findings = learnt.flatMap((l) => l.findings);
    const n = findings.length;
    // A choice learnt from fewer than MIN_PLACES of its own places is not the post's consistent style.
    // Those are named apart, once per source: the workspace's practice, or the post's other spacing.
    const few = (l: Learnt) => l.fromWorkspace || l.places < MIN_PLACES;
    const itemOf = (l: Learnt) => ctx.t('item', { what: WRITES[l.choice][lang], n: l.findings.length, places: places(l.findings.length) });
    const sep = lang === 'zh-cn' ? '、' : ', ';
    const strong = learnt.filter((l) => !few(l)).map(itemOf).join(sep);
    const fromWorkspace = learnt.filter((l) => l.fromWorkspace).map(itemOf).join(sep);
    const fromSpacing = learnt.filter((l) => few(l) && !l.fromWorkspace && !l.alongside).map(itemOf).join(sep);
    const alongside = learnt.filter((l) => few(l) && l.alongside).map(itemOf).join(sep);
    const weak = [fromSpacing && ctx.t('fewSpacing', { list: fromSpacing }), alongside && ctx.t('fewAlongside', { list: alongside }), fromWorkspace && ctx.t('fewWorkspace', { list: fromWorkspace })]
      .filter(Boolean)
      .join(lang === 'zh-cn' ? '，以及' : ', and ');
    const item: Record<string, unknown> = {};
    for (const l of learnt) item[l.choice] = l.written;
    const settings = learnt.map((l) => `${l.choice}: ${String(l.written)}`).join(', ');
    const fixes: Fix[] = [];
    const all = fixAllOf(ctx.post, findings, ctx.t('fixAll', { n, places: places(n) }));
    if (all) fixes.push(all);
    if (folded?.fix) fixes.push(folded.fix);
    fixes.push({ title: ctx.t('keep', { settings }), edits: [], configEdit: { key: 'typography', item } });
    const lines = folded?.lines.join(lang === 'zh-cn' ? '、' : ', ');
    const slipData = folded && { n: folded.places, places: places(folded.places), lines: lang === 'zh-cn' ? lines! : `line${folded.lines.length === 1 ? '' : 's'} ${lines}` };
    const blog = ctx.workspace ? houseStyle(ctx.post, ctx.config, ctx.workspace).blog : undefined;
    const blogText = blog ? ctx.t('blog', { posts: blog.posts, deciding: blog.deciding, settings }) : '';
    let first = findings[0].span;
    for (const f of findings) if (f.span.start < first.start) first = f.span;
    ctx.report({
      messageId: !strong ? 'postFew' : weak ? 'postAlso' : 'post',
      data: { what: strong || weak, few: weak, n, slips: slipData ? ctx.t('slips', slipData) : '', blog: blogText },
      span: first,
      // The blog's own practice: a hint, but in the one post that carries the blog's suggestion.
      ...(blog && !blog.keeps && { severity: 'hint' as const }),
      fixes,
      hover: ctx.t('hover', { settings }) + (slipData ? `\n\n${ctx.t('slipsHover', slipData)}` : '') + (blog ? `\n\n${blog.keeps ? ctx.t('blogKeeps') : ctx.t('blogHover', { first: blog.first ?? '' })}` : ''),
      detail: {
        choices: learnt.map((l) => ({ choice: l.choice, written: l.written, configured: l.configured, places: l.findings.length, rule: l.ruleId, fromWorkspace: l.fromWorkspace })),
        ...(folded && { contradiction: { places: folded.places, lines: folded.lines, choices: folded.choices } }),
        ...(blog && { blog: { choice: blog.choice, posts: blog.posts, deciding: blog.deciding, keeps: blog.keeps } }),
      },
    });
  },
};

registerHouseStyle(rule);

/** `1 place`, `2 places` (the English messages). */
function places(n: number): string {
  return `${n} place${n === 1 ? '' : 's'}`;
}
