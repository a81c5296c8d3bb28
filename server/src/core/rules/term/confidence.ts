/**
 * How sure a term finding is (issue #19 point 3: severity that matches value and confidence).
 * Each finding gets evidence from its own text and context: how its spelling differs from the one
 * it is told to use (letter case only, spaces or hyphens only, two Chinese wordings), whether it
 * reads as code (lower case like a command or package, written so in the post's code, joined to
 * a path or key, in quotes, shaped like an identifier), how often the post writes each form, and,
 * for an abbreviation, how well blogs know it and whether it looks like a name rather than an
 * abbreviation (after a maker's name, before a number or version, a `$TICKER`, a known word or
 * name). The core's weighted-evidence model (core/confidence.ts, shared with the claim detector)
 * turns it into a confidence; a finding below `strong` (data/glossary/term-confidence.json, or the
 * rule's option `confidence`) becomes a hint. `data` and the hover name the confidence and the
 * evidence.
 */
import type { Post } from '../../document';
import { walk } from '../../document';
import type { ReportInput, RuleContext, Span } from '../../types';
import { roundConfidence, weigh, type Evidence } from '../../confidence';
import { CJK_RANGES, hasCjk } from '../../cjk';
import { countWhile } from '../../text';
import data from '../../../../../data/glossary/term-confidence.json';
import quotationCues from '../../../../../data/glossary/quotation-cues.json';
import { blockquotesOf, inBlockquote } from '../../containers';
import { isRepost } from '../claim/repost';
import { inTranscript } from '../../transcript';
import { isKnownWord } from './known';
import { byText, cacheTable, memoPass } from '../../blockCache';
import { joinParts, sameStrings } from '../../windowSums';
import type { Concept, Glossary } from './glossary';

type Label = { en: string; 'zh-cn': string };
const BIAS = data.bias as Record<string, number>;
const WEIGHTS = data.weights as Record<string, number>;
const LABELS = data.labels as Record<string, Label>;

/** The finding kinds that have a bias (a rule, or a rule's message). */
export type TermKind = keyof typeof data.bias;

/** Messages every graded term rule carries (its hover). */
export const CONFIDENCE_MESSAGES = {
  confidence: {
    en: 'Confidence {pct} % ({strength}).',
    'zh-cn': '置信度 {pct}%（{strength}）。',
  },
  confidenceStrong: { en: 'strong: shown with the rule\'s severity', 'zh-cn': '较强：按规则的严重级别显示' },
  confidenceWeak: { en: 'weak: a hint, out of the Problems panel', 'zh-cn': '较弱：作为提示，不进入“问题”面板' },
  confidenceFor: { en: 'For: {list}.', 'zh-cn': '支持：{list}。' },
  confidenceAgainst: { en: 'Against: {list}.', 'zh-cn': '反对：{list}。' },
};

/** The option every graded term rule takes: the confidence from which a finding keeps its rule's severity. */
export interface GradedOptions {
  confidence?: number;
}

/** The confidence from which a finding keeps its rule's severity: the rule's option `confidence`, else the data's. */
function strongAt(options: Readonly<GradedOptions>): number {
  const o = options.confidence;
  return typeof o === 'number' && o >= 0 && o <= 1 ? o : data.strong;
}

/**
 * Report a term finding graded by its evidence (ids of data/glossary/term-confidence.json `weights`;
 * `vars` fill the labels' placeholders): below the strong confidence it is a hint; `data` gets
 * `confidence`, `strength` and `evidence`, and the hover says them.
 */
export function reportGraded(ctx: RuleContext<GradedOptions>, input: ReportInput, kind: TermKind, ids: readonly string[], vars: Record<string, string> = {}): void {
  const g = grade(ctx, kind, ids, vars);
  // (Built field by field, and `data` by Object.assign: an object spread followed by properties the source lacks made V8 build the
  // object in dictionary mode, ~1 KB per finding on every edit.)
  const out: ReportInput = {
    messageId: input.messageId,
    span: input.span,
    hover: input.hover ? `${input.hover}\n\n${g.hover}` : g.hover,
    detail: Object.assign({}, input.detail, { confidence: g.confidence, strength: g.strong ? 'strong' : 'weak', evidence: g.evidence }),
  };
  if (input.data) out.data = input.data;
  if (input.fixes) out.fixes = input.fixes;
  const severity = g.strong ? input.severity : 'hint';
  if (severity) out.severity = severity;
  ctx.report(out);
}

/** A finding's grade: its confidence, whether it is strong, the hover's lines on it and `data.evidence` (shared: never changed). */
interface Grade {
  confidence: number;
  strong: boolean;
  hover: string;
  evidence: ReadonlyArray<Readonly<{ id: string; weight: number }>>;
}

/** The rule cache's table of grades (`cacheTable`), by what a grade is made of, and how many it made (for the tests). */
export interface GradeTable {
  byKey: Map<string, Grade>;
  made: number;
}
export const GRADES = 'term/grades';
/** A bound on the table (a post has a few dozen distinct grades: past it, it starts again). */
const MAX_GRADES = 4096;

/**
 * The grade of a finding of `kind` with evidence `ids` and label values `vars` (perf32): a function of those, the rule's
 * `confidence` option and the language alone (the confidence messages are the same in every graded rule: CONFIDENCE_MESSAGES),
 * so the language server's rule cache keeps each one made (`cacheTable`) and an edit that leaves a finding's evidence as it was
 * does not weigh it, label it and write its hover again. Without a cache (the CLI) it is simply made.
 */
function grade(ctx: RuleContext<GradedOptions>, kind: TermKind, ids: readonly string[], vars: Record<string, string>): Grade {
  const table = cacheTable(ctx.post, GRADES, (): GradeTable => ({ byKey: new Map(), made: 0 }));
  if (!table) return makeGrade(ctx, kind, ids, vars);
  let key = `${kind}\u0001${strongAt(ctx.options)}\u0001${ctx.config.language}`;
  for (let i = 0; i < ids.length; i++) key += `\u0001${ids[i]}`;
  // (Each value with its length: a post's text in a value cannot pass for another label's name and value.)
  for (const k in vars) key += `\u0002${k}\u0003${vars[k].length}\u0003${vars[k]}`;
  let g = table.byKey.get(key);
  if (!g) {
    if (table.byKey.size >= MAX_GRADES) table.byKey.clear();
    table.byKey.set(key, (g = makeGrade(ctx, kind, ids, vars)));
    table.made++;
  }
  return g;
}

function makeGrade(ctx: RuleContext<GradedOptions>, kind: TermKind, ids: readonly string[], vars: Record<string, string>): Grade {
  const evidence: Evidence[] = [...new Set(ids)].filter((id) => id in WEIGHTS && WEIGHTS[id] !== 0).map((id) => ({ id, weight: WEIGHTS[id] }));
  const { confidence } = weigh(BIAS[kind] ?? 0, evidence);
  const strong = confidence >= strongAt(ctx.options);
  const lang = ctx.config.language === 'zh-cn' ? 'zh-cn' : 'en';
  const label = (id: string) => (LABELS[id]?.[lang] ?? id).replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  const sep = lang === 'zh-cn' ? '、' : '; ';
  const pros = evidence.filter((x) => x.weight > 0).map((x) => label(x.id));
  const cons = evidence.filter((x) => x.weight < 0).map((x) => label(x.id));
  const hover = [
    ctx.t('confidence', { pct: Math.round(confidence * 100), strength: ctx.t(strong ? 'confidenceStrong' : 'confidenceWeak') }),
    ...(pros.length ? ['', ctx.t('confidenceFor', { list: pros.join(sep) })] : []),
    ...(cons.length ? ['', ctx.t('confidenceAgainst', { list: cons.join(sep) })] : []),
  ].join('\n');
  return { confidence: roundConfidence(confidence), strong, hover, evidence: Object.freeze(evidence.map((x) => Object.freeze({ id: x.id, weight: x.weight }))) };
}

const SEPARATORS_RE = /[\s\u00a0\-_./·\u2010\u2011\u2012\u2013]/g;

/**
 * Evidence about a spelling `found` (at `span`) that should read `preferred`: how the two differ,
 * whether `found` reads as code, and (`askPreferred`) whether the post writes `preferred` too.
 * Shared by term/mixed, term/variant and term/cross-post.
 */
export function spellingEvidence(post: Post, span: Span, found: string, preferred: string, askPreferred = true): string[] {
  const ids: string[] = [];
  const latin = /[A-Za-z]/.test(found);
  if (found !== preferred && found.toLowerCase() === preferred.toLowerCase()) ids.push('caseOnly');
  else if (found.replace(SEPARATORS_RE, '').toLowerCase() === preferred.replace(SEPARATORS_RE, '').toLowerCase()) ids.push('separatorsOnly');
  // Two Chinese wordings (not one with a slash or space more: `发布/订阅` beside `发布订阅`).
  if (!latin && hasCjk(found + preferred) && !ids.includes('separatorsOnly')) ids.push('chinese');
  if (latin && found === found.toLowerCase() && preferred !== preferred.toLowerCase()) ids.push('lowerCase');
  if (latin && codeTokens(post).has(found)) ids.push('inCode');
  // `在编译时指定`, `在运行时候`: 在…时 says when something happens (at compile time), not the name of the phase.
  if (!latin && /时$/.test(found) && !/时$/.test(preferred) && post.prose[span.start - 1] === '在') ids.push('timeClause');
  ids.push(...contextEvidence(post, span));
  // The post writes the spelling it should use as well: an inconsistency, not a habit (term/mixed's
  // findings are inconsistencies by definition: `askPreferred` false).
  if (askPreferred && preferred !== found && preferredUses(post, found, preferred) > 0) ids.push('alsoPreferred');
  return ids;
}

/**
 * How often the post writes `preferred`; for a name of several words, the word that differs
 * (`Github Copilot` → `GitHub Copilot` counts the post's `GitHub`s).
 */
export function preferredUses(post: Post, found: string, preferred: string): number {
  const whole = wordCount(post, preferred);
  const a = found.split(' ');
  const b = preferred.split(' ');
  if (whole || a.length !== b.length || a.length < 2) return whole;
  const differing = b.filter((w, i) => w !== a[i]);
  return differing.length ? Math.min(...differing.map((w) => wordCount(post, w))) : 0;
}

const wordCounts = new WeakMap<Post, Map<string, number>>();

/** `countWord` of the post's prose, memoised per post and word (findings of one spelling ask for the same word). */
function wordCount(post: Post, word: string): number {
  let m = wordCounts.get(post);
  if (!m) wordCounts.set(post, (m = new Map()));
  let n = m.get(word);
  if (n === undefined) m.set(word, (n = countWord(post.prose, word)));
  return n;
}

/**
 * Another name given on purpose, before the word in its sentence: `也叫`, `又叫`, `又称`, `也称`, `或称`, `亦称`, `俗称`, `别称`, `也被称为`,
 * `或者叫`, then at most a few words of the same list (`也叫散列函数或摘要算法`: 摘要算法 too).
 */
const NAMED_ALSO_RE = /(?:(?:也|又|或|亦)(?:叫|称|名)(?:为|作|做)?|俗称|别称|也被称为|也被称作|也可以叫|或者叫)[ \u00a0]*(?:[^。！？；;\n，,]{0,8}(?:或|或者|和|、|\/)[ \u00a0]*)?[“"「]?$/;

/** Per post: are its prose blocks in text order without overlap (each starts at or after the end of the one before)? */
const blocksInOrder = new WeakMap<Post, boolean>();

/**
 * The first of the post's prose blocks that holds `at` (`post.blocks.find`), by binary search when the blocks are in text order
 * without overlap (then the last block starting at or before `at` is the only one that can hold it). A scan per finding was
 * O(blocks): on a 1 MB post (5,600 blocks) most of the evidence's time.
 */
function blockAt(post: Post, at: number): Post['blocks'][number] | undefined {
  const { blocks } = post;
  let ordered = blocksInOrder.get(post);
  if (ordered === undefined) {
    ordered = true;
    for (let i = 1; i < blocks.length && ordered; i++) if (blocks[i].span.start < blocks[i - 1].span.end) ordered = false;
    blocksInOrder.set(post, ordered);
  }
  if (!ordered) return blocks.find((b) => b.span.start <= at && at < b.span.end);
  const i = countWhile(blocks.length, (k) => blocks[k].span.start <= at) - 1;
  return i >= 0 && at < blocks[i].span.end ? blocks[i] : undefined;
}

/** Evidence from what surrounds a finding: joined to a path, key or identifier; in quotes; in a heading; in a quotation (one that cites its source, too). */
export function contextEvidence(post: Post, span: Span): string[] {
  const ids: string[] = [];
  const p = post.prose;
  const before = p[span.start - 1] ?? '';
  const after = p[span.end] ?? '';
  if ((before !== '' && /[./\\_=:@#<>{}~$-]/.test(before)) || /^[./\\_=(<>{}[\]~@#]/.test(after) && /^[./\\_=(<>{}[\]~@#][A-Za-z0-9_]/.test(p.slice(span.end, span.end + 2))) ids.push('keyContext');
  if (quoted(p, span.start, span.end)) ids.push('quoted');
  if (blockAt(post, span.start)?.type === 'heading') ids.push('inHeading');
  if (inBlockquote(post, span)) {
    ids.push('inBlockquote');
    if (inCitedQuote(post, span)) ids.push('citedQuote');
  }
  if (inEnglishRun(p, span.start, span.end)) ids.push('inEnglish');
  // Listed as another name on purpose (`哈希算法也叫散列函数或摘要算法`, `又称`, `或称`, `亦称`, `俗称`): the author names the synonyms.
  if (NAMED_ALSO_RE.test(p.slice(Math.max(0, span.start - 16), span.start))) ids.push('namedAlso');
  if (inChatLog(p, span.start)) ids.push('chatLog');
  else if (inVoicesRecord(post, span.start)) ids.push('manyVoices');
  if (repostOfOthers(post)) ids.push('repost');
  // A raw transcript of speech (core transcript.ts: `嗯`, `呃` written out): the speakers' and the recogniser's words (`APA`, `ap I`).
  if (inTranscript(post, span)) ids.push('transcript');
  if (inTitleMarks(p, span.start, span.end)) ids.push('inTitleMarks');
  else if (inReferences(post, span.start)) ids.push('inReferences');
  return ids;
}

/**
 * The post says it reposts someone else's text: its title is marked `【转载】`, `[转载]`, `[转自 X]`, or its first
 * lines say `本文转载自朋友写的…`, `本文转自推特上 meditic`. The wording is the quoted author's, not this blog's to
 * change. (Not a repost of the author's own answer: `这篇文章转载自[我在知乎上的回答]`; nor `转载请保留链接`.) Also what the claim
 * family reads as a repost notice at the top (`本文引自[caoz的梦呓的同名文章](…)`, `原文地址：`), unless it says the blog translated,
 * rewrote or edited the text (`翻译自`, `改写`, `完善总结`, `[译]`, `「译」`): then the wording is the blog's.
 */
const REPOST_TITLE_RE = /^\s*title\s*[:=]\s*["']?\s*[【\[(（]\s*(?:转载|转自)/m;
const REPOST_LEAD_RE = /(?<![旋运周流扭翻])(?:本文|这篇文章|此文|全文)?(?:转载自|转自)(?![\s\[【「“"\uE000-\uF8FF]*我)/;

/** The original's address on a line of its own at the top, its label in bold: `> **原文地址**：<https://…>`. */
const SOURCE_LABEL_RE = /^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+)?(?:\*\*|__)(?:原文链接|原文地址|原文出处|原帖链接|转载来源|原作者)(?:\*\*|__)[ \t]*[：:]/m;

/** A notice that the blog translated, rewrote or edited the text it reposts: the wording is the blog's. */
const OWN_WORDING_RE = /翻译|译自|译文|译者|[[【(（「『]译[\]】)）」』]|改写|改编|编译自|完善|整理自|润色/;

const repostMemo = new WeakMap<Post, boolean>();

/** The post's text right after its front matter (its first 600 characters, where notices of another's text stand), as written. */
function textHead(post: Post): string {
  const bodyStart = post.frontMatter ? post.frontMatter.span.end : 0;
  return post.text.slice(bodyStart, bodyStart + 600);
}

export function repostOfOthers(post: Post): boolean {
  let r = repostMemo.get(post);
  if (r !== undefined) return r;
  const fm = post.frontMatter?.raw ?? '';
  const bodyStart = post.frontMatter ? post.frontMatter.span.end : 0;
  // The claim family's reading of a repost notice (claim/repost.ts: `本文引自…`, `原文链接：`, `[译]` titles, a front-matter key)
  // is the project's one repost detector; the term family's own two patterns stay beside it.
  // But a translation or a rewrite (`翻译自…`, `本文翻译并改写自…`, `JavaGuide 对本文进行了完善总结`, a `[译]` title) is worded by this
  // blog: its claims are the original author's, its terms the translator's (session 14: three such findings judged right).
  const head = fm + post.prose.slice(bodyStart, bodyStart + 600);
  // (Also the source's label in bold, `> **原文地址**：<https://…>` (session 15: a JavaGuide reprint), which the claim family's
  // patterns, written for `原文地址：`, do not read.)
  r = ((isRepost(post) || SOURCE_LABEL_RE.test(textHead(post))) && !OWN_WORDING_RE.test(head)) ||
    REPOST_TITLE_RE.test(fm) || REPOST_LEAD_RE.test(post.prose.slice(bodyStart, bodyStart + 200));
  repostMemo.set(post, r);
  return r;
}

const alt = (words: readonly string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
/** A byline at the start of a line near the top: `作者：飞天小牛肉`, `> 作者: 听风 原文地址: …`, `> **Author**: Kenny Allen`. */
const BYLINE_RE = new RegExp(String.raw`^[ \t>*_+-]*(?:\*\*|__)?(?:${alt(quotationCues.guest.bylines)})(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?([^\s*_<>[\]()（）,，。]{1,30})`, 'mi');
/** A contributed article: `本文来自公号程序猿阿星投稿`, `本文来自末读代码投稿：<…>`. */
const CONTRIBUTION_RE = new RegExp(String.raw`(?:来自|由)[^。！？\n]{1,30}?(?:${alt(quotationCues.guest.contribution)})`);
/** What the blog says it did to another's text: `完善总结`, `补充完善`, `本文重构完善自[…](…)`. */
const AMENDED_RE = new RegExp(alt(quotationCues.guest.amended));
/** `本文重构完善自[谈谈为什么写单元测试 - 键盘男 - 2016](…)`: amended from a linked original. */
const AMENDED_FROM_RE = new RegExp(String.raw`(?:${alt(quotationCues.guest.amended)})[^。！？\n]{0,4}自[ \t]*[\[【《<\uE000]`);
const TRANSLATED_RE = new RegExp(String.raw`${alt(quotationCues.guest.translated)}|[[【(（]译[\]】)）]`);

const guestMemo = new WeakMap<Post, boolean>();

/**
 * A guest's text (session 20): the post says at its top that someone other than the blog wrote it: a byline naming them
 * (`作者：飞天小牛肉`, `作者: 听风 原文地址: …`), a contribution (`本文来自公号程序猿阿星投稿`), or a notice of another's text
 * the blog reposts and says it amended (`原文地址：…，JavaGuide 对本文进行了完善总结`, `本文重构完善自[…](…)`: repostOfOthers takes
 * its wording for the blog's, which term/mixed holds it to). The wording is still that author's: the blog's other posts set no
 * house wording for it (term/cross-post). Not a translation (`翻译自`, `[译]`: the translator's, the blog's, wording), not the
 * author's own text reposted (`转载自[我在知乎上的回答]`), not a byline naming the front matter's author. Words: quotation-cues.json `guest`.
 */
export function guestText(post: Post): boolean {
  let r = guestMemo.get(post);
  if (r !== undefined) return r;
  const fm = post.frontMatter?.raw ?? '';
  const head = textHead(post);
  r = false;
  if (!TRANSLATED_RE.test(fm + head)) {
    const byline = BYLINE_RE.exec(head)?.[1];
    const owner = postAuthorName(post);
    if (byline && !(owner && (byline.includes(owner) || owner.includes(byline)))) r = true;
    else if (CONTRIBUTION_RE.test(head)) r = true;
    else if (AMENDED_FROM_RE.test(head)) r = true;
    else if ((isRepost(post) || SOURCE_LABEL_RE.test(head)) && AMENDED_RE.test(head) && !/(?:转载|转)自[\s\[【「“"\uE000-\uF8FF]*我/.test(head)) r = true;
  }
  guestMemo.set(post, r);
  return r;
}

/** The author the front matter names (`author: x`), read from its raw text (this file reads no parsed header). */
function postAuthorName(post: Post): string | undefined {
  const m = /^\s*authors?\s*[:=]\s*["'[]?\s*([^"'\],\n]+)/m.exec(post.frontMatter?.raw ?? '');
  return m?.[1].trim() || undefined;
}

const linkNotesMemo = new WeakMap<Post, Span[]>();

/**
 * Notes on a linked article: the sub-items of a list item whose own text is only a link to another site's page
 * (`* [一次使用 ebpf 来解决 k8s 网络通信故障记录](https://mp.weixin.qq.com/…)` over the points the author copied or summarised
 * from it). Their wording is largely the article's (session 20, seed-91207 sample: a lone 其它 in such an excerpt).
 */
export function inNotesOnLink(post: Post, span: Span): boolean {
  let notes = linkNotesMemo.get(post);
  if (!notes) {
    notes = [];
    walk(post.root, (n) => {
      if (n.type !== 'listItem') return;
      const kids = (n as { children?: Array<{ type: string; children?: Array<{ type: string; url?: string; value?: string; children?: unknown[] }>; position?: { start: { offset?: number }; end: { offset?: number } } }> }).children ?? [];
      const [first, ...rest] = kids;
      if (first?.type !== 'paragraph' || !rest.length || !rest[0].position) return;
      // The item's text: one link to a web page, nothing else but spaces (or emphasis around the link).
      let inner = first.children ?? [];
      if (inner.length === 1 && (inner[0].type === 'strong' || inner[0].type === 'emphasis')) inner = (inner[0].children ?? []) as typeof inner;
      const links = inner.filter((c) => c.type === 'link');
      if (links.length !== 1 || !/^https?:\/\//i.test(links[0].url ?? '') || inner.some((c) => c.type !== 'link' && !(c.type === 'text' && !(c.value ?? '').trim()))) return;
      const end = (n as { position?: { end: { offset?: number } } }).position?.end.offset;
      if (end !== undefined) notes!.push({ start: rest[0].position.start.offset ?? 0, end });
    });
    linkNotesMemo.set(post, notes);
  }
  return notes.some((q) => q.start <= span.start && span.end <= q.end);
}

/**
 * A blockquote that says whose words it quotes: a citation number or footnote in it (`当GCC和其它一些商业编译器支持C99的…的时候[4]`,
 * `[^2]`), an attribution line of its own (`—— Linus Torvalds`, `-- 鲁迅`), `来源：`, `出处：`, `原文：`, `出自`, `引自`, `摘自`;
 * or the line before it introduces a quotation (`书中写道：`, `官方文档是这么说的：`, `原文如下：`). Its wording is the quoted
 * author's, not the post's to change. (A blockquote of the author's own note, `> 注意：…`, says none of this.)
 */
// (The words are data/glossary/quotation-cues.json; the format signs, a citation number and an attribution line, are here.)
const alternation = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const ATTRIBUTION_RE = new RegExp(String.raw`[^\s[\]]\s?\[\^?\d{1,3}\](?!\()|^[ \t>]*(?:——|—|--)[ \t]*[^\s\-—>][^\n]{0,40}$|(?:${alternation(quotationCues.labels)})[ \t]*[：:]|${alternation(quotationCues.verbs)}`, 'm');
const QUOTE_INTRO_RE = new RegExp(String.raw`(?:${alternation(quotationCues.intro)})[^。！？\n]{0,8}[：:][ \t]*$`);

const citedMemo = new WeakMap<Post, Span[]>();

/** Is the span in a blockquote that names or cites whose words it quotes? */
export function inCitedQuote(post: Post, span: Span): boolean {
  let cited = citedMemo.get(post);
  if (!cited) {
    cited = [];
    let outer = -1;
    // The outermost blockquotes (the post's one walk for them, shared with inBlockquote): a nested one is read with its outer one.
    for (const q of blockquotesOf(post)) {
      if (q.start < outer) continue;
      outer = q.end;
      const before = post.text.slice(Math.max(0, q.start - 200), q.start).replace(/\s+$/, '');
      const lastLine = before.slice(before.lastIndexOf('\n') + 1);
      if (ATTRIBUTION_RE.test(post.text.slice(q.start, Math.min(q.end, q.start + 4000))) || QUOTE_INTRO_RE.test(lastLine)) cited.push(q);
    }
    citedMemo.set(post, cited);
  }
  return cited.some((q) => q.start <= span.start && span.end <= q.end);
}

/** A line of a chat log pasted in the post: `21:59:06 From Jayden Yang : …`, `23:05 From a to b (Privately) : …`. */
const CHAT_LINE_RE = /^[ \t>*+-]*\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]+(?:From|来自)[ \t][^:：\n]{1,80}[:：]/;

/** Is `at` in a line of a chat log (someone's message, quoted as sent)? */
export function inChatLog(prose: string, at: number): boolean {
  const lineStart = prose.lastIndexOf('\n', at - 1) + 1;
  return CHAT_LINE_RE.test(prose.slice(lineStart, Math.min(at, lineStart + 200)) + prose.slice(at, at + 1));
}

/** Only Chinese characters. */
const ALL_CJK_RE = new RegExp(`^[${CJK_RANGES}]+$`);

/**
 * A short and a long form of one concept, both in use (issue #17, session 14: `子域` / `子域名`, `小端` / `小端序`): the
 * shorter is the longer less its last character. Not drift a reader trips on. (`生成式 AI` / `生成式人工智能`, a tail written
 * as its abbreviation, is left a finding: the example post's README lists it as one.)
 */
export function shortLongForms(a: string, b: string): boolean {
  const x = a.replace(/[\s\u00a0]+/g, '');
  const y = b.replace(/[\s\u00a0]+/g, '');
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (ALL_CJK_RE.test(long) && short.length >= 2 && long.length === short.length + 1 && long.startsWith(short)) return true;
  return false;
}

/**
 * A short form that leaves out one character inside the long one (`控制面` / `控制平面`, `小模型` / `小型模型`, `单页应用` / `单页面应用`;
 * not the first or the last character): both standard Chinese wordings of one term (session 17).
 */
export function innerShortForm(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (!ALL_CJK_RE.test(long) || short.length < 2 || long.length !== short.length + 1) return false;
  for (let i = 1; i < long.length - 1; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

/**
 * Two senses, not two spellings (issue #17, session 14): the wording questioned is itself the Chinese term of a concept
 * other than the one at issue (`Mining（矿池）`: 矿池 is the mining pool; `给你一个数据集（Training Set）`: 数据集 is the data
 * set), or one of the two wordings opens with another concept's Chinese term the other does not open with (`缓存区` opens
 * with 缓存, cache, where `缓冲区`, buffer, does not): the author names another thing, or the same thing by another of its
 * aspects (not a head that is part of the term: 版本控制, version control, in 版本控制系统). The concepts at issue are `concepts` and any concept sharing an English name with them or with `en` (the
 * glossary holds some concepts twice, from two sources: those are one concept here). `heads` false: only the first test
 * (for two renderings of an English word, whose Chinese is read off the text around a gloss and may carry a word more: `用模块路径`).
 */
export function otherSense(glossary: Glossary, found: string, other: string, concepts: readonly Concept[], en?: string, heads = true): boolean {
  if (!ALL_CJK_RE.test(found) || !ALL_CJK_RE.test(other)) return false;
  const names = new Set([...concepts.flatMap((c) => c.en), ...(en ? [en] : [])].map((e) => e.toLowerCase().replace(/[\s_-]+/g, ' ').replace(/s$/, '')));
  const same = (c: Concept) => concepts.includes(c) || c.en.some((e) => names.has(e.toLowerCase().replace(/[\s_-]+/g, ' ').replace(/s$/, '')));
  const formOf = (text: string, c: Concept) => (glossary.byText.get(text) ?? []).some((f) => f.concept === c);
  const otherTerm = (text: string, not: string) => (glossary.byText.get(text) ?? []).some((f) => f.kind === 'zh' && !same(f.concept) && !formOf(not, f.concept));
  if (otherTerm(found, other)) return true;
  // A head whose concept's English is part of the term's (版本控制, version control, in 版本控制系统) is that term's own head.
  const norm = (e: string) => ` ${e.toLowerCase().replace(/[\s_-]+/g, ' ')} `;
  const partOf = (c: Concept) => c.en.some((e) => [...names].some((n) => norm(n).includes(norm(e))));
  const opensWithOther = (x: string, y: string) => {
    for (let n = 2; n < x.length; n++) {
      const head = x.slice(0, n);
      if (!y.startsWith(head) && (glossary.byText.get(head) ?? []).some((f) => f.kind === 'zh' && !same(f.concept) && !partOf(f.concept) && !formOf(y, f.concept))) return true;
    }
    return false;
  };
  return heads && (opensWithOther(found, other) || opensWithOther(other, found));
}

/**
 * A line that opens with whose words follow: a speaker's handle and a colon (`chai2010 ：@FelixSeptem wasm 和…`,
 * `changkun：还没有在生产环境…`), or a contributor's label (`分享人: [@luojiego](…)`, `作者：`, `贡献者：`).
 * The handle is Latin letters and digits, not an English word (`Note:`, `Example:` label the author's own text).
 */
const SPEAKER_LINE_RE = /^[ \t>*+-]*(?:\*\*)?(?:([A-Za-z][A-Za-z0-9_.-]{2,24})(?:\*\*)?[ \t]*[：:](?![/\\])[ \t]*\S|(?:分享人|贡献者|投稿人|投稿者|发言人|讲者|作者)(?:\*\*)?[ \t]*[：:][ \t]*(?:\*\*)?\[?@?([^\s\]()（）,，]{2,24}))/;

const voicesMemo = new WeakMap<Post, { start: number; end: number } | null>();

/**
 * Does `at` lie in a record of several people's words: a discussion or chat written out as `name：message` lines, or a page
 * of contributions each headed by its contributor (`分享人: @luojiego`)? Two or more names, three such lines or more; the
 * record runs from the first such line to the end of the section of the last one. Their wordings are theirs, not one
 * author's to make consistent (其它 in one speaker's message, 其他 in the next one's).
 */
export function inVoicesRecord(post: Post, at: number): boolean {
  let rec = voicesMemo.get(post);
  if (rec === undefined) {
    rec = null;
    const names = new Set<string>();
    let first = -1;
    let last = -1;
    let lines = 0;
    const text = post.prose;
    for (let i = 0; i < text.length; ) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      const m = SPEAKER_LINE_RE.exec(text.slice(i, Math.min(end, i + 120)));
      const name = m && (m[1] ?? m[2]);
      if (name && (m[2] || (!isKnownWord(name) && !/^(?:https?|ftp|mailto)$/i.test(name) && !/^[A-Z]{1,4}\d*$/.test(name)))) {
        names.add(name.toLowerCase().replace(/^@/, ''));
        lines++;
        if (first < 0) first = i;
        last = i;
      }
      i = end + 1;
    }
    if (names.size >= 2 && lines >= 3) {
      const nextHeading = post.blocks.filter((b) => b.type === 'heading' && b.span.start > last).sort((a, b) => a.span.start - b.span.start)[0];
      rec = { start: first, end: nextHeading ? nextHeading.span.start : text.length };
    }
    voicesMemo.set(post, rec);
  }
  return !!rec && rec.start <= at && at < rec.end;
}

/** Inside a title in title marks on its line (`《深入理解 Linux 内核》`): a book's or an article's title, not the author's wording. */
export function inTitleMarks(prose: string, start: number, end: number): boolean {
  const before = prose.slice(Math.max(0, start - 60), start);
  const after = prose.slice(end, end + 60);
  return /《[^《》\n]*$/.test(before) && /^[^《》\n]*》/.test(after);
}

/**
 * A heading that opens a list of works cited or worth reading (`参考资料`, `延伸阅读`, `相关链接`,
 * `References`, `Further reading`): the titles under it are other people's wording.
 */
const REFERENCES_HEADING_RE = /^(?:\d+(?:\.\d+)*[.、]?)?(?:参考(?:资料|文献|文章|链接|阅读|资源|内容)?|引用(?:资料|文献|文章)?|参见|文献|资料(?:来源)?|延伸阅读|扩展阅读|拓展阅读|推荐阅读|进一步阅读|相关(?:链接|阅读|文章|资料|资源)|references?|further reading|see also|bibliography|resources|reading list|links)(?:(?:与|和|及|&|and)(?:致谢|鸣谢|链接|资料|文献|文章|推荐阅读|延伸阅读|acknowledge?ments|further reading))?$/i;

const referencesMemo = new WeakMap<Post, Array<{ start: number; refs: boolean }>>();

/** Does `at` lie in a section whose heading (the nearest one before it) opens a list of references? */
export function inReferences(post: Post, at: number): boolean {
  let heads = referencesMemo.get(post);
  if (!heads) {
    heads = post.blocks.filter((b) => b.type === 'heading').map((b) => ({
      start: b.span.start,
      refs: REFERENCES_HEADING_RE.test(post.prose.slice(b.span.start, Math.min(b.span.end, b.span.start + 80)).replace(/[\s\uE000-\uF8FF\uFFFC#*_:：]/g, '')),
    })).sort((a, b) => a.start - b.start);
    referencesMemo.set(post, heads);
  }
  const last = countWhile(heads.length, (k) => heads[k].start <= at) - 1;
  return last >= 0 && heads[last].refs;
}

/** A Chinese character or punctuation mark, or a line end: where a run of English text stops. */
const RUN_STOP_RE = new RegExp(`[\\n${CJK_RANGES}\\u3000-\\u303F\\uFF00-\\uFF65]`);
/** English words of a run (an apostrophe or hyphen inside a word). */
const EN_WORD_RE = /[A-Za-z]+(?:['\u2019-][A-Za-z]+)*/g;

/**
 * Does the span stand in a run of English text: six English words or more between the nearest
 * Chinese characters or line ends around it (an English quotation or sentence, a cited page title,
 * a config line quoted in prose), or a line of three English words or more next to another (a list
 * of English titles)? Such text is not the author's Chinese wording.
 */
export function inEnglishRun(prose: string, start: number, end: number): boolean {
  let a = start;
  for (const lo = Math.max(0, start - 300); a > lo && !RUN_STOP_RE.test(prose[a - 1]); ) a--;
  let b = end;
  for (const hi = Math.min(prose.length, end + 300); b < hi && !RUN_STOP_RE.test(prose[b]); ) b++;
  if ((prose.slice(a, b).match(EN_WORD_RE)?.length ?? 0) >= 6) return true;
  // Or a line of English words beside another such line (a list of English titles: `37. Dockerizing a Node.js application`).
  if (!englishLine(prose, start)) return false;
  const lineStart = prose.lastIndexOf('\n', start - 1) + 1;
  const next = prose.indexOf('\n', start);
  return (lineStart > 0 && englishLine(prose, lineStart - 1)) || (next >= 0 && next + 1 < prose.length && englishLine(prose, next + 1));
}

/** Is the line at `at` three English words or more and nothing Chinese (list marks and numbering aside)? */
function englishLine(prose: string, at: number): boolean {
  const lineStart = prose.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = prose.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = prose.length;
  if (lineEnd - lineStart > 300) return false;
  const line = prose.slice(lineStart, lineEnd);
  return !RUN_STOP_RE.test(line.replace(/\n/g, '')) && (line.match(EN_WORD_RE)?.length ?? 0) >= 3;
}

export function quoted(prose: string, start: number, end: number): boolean {
  const b = prose[start - 1];
  const a = prose[end];
  return (b === '“' && a === '”') || (b === '"' && a === '"') || (b === "'" && a === "'") || (b === '‘' && a === '’') || (b === '「' && a === '」');
}

/** Occurrences of `word` in the prose as a whole word (not inside a longer Latin word). */
export function countWord(prose: string, word: string): number {
  if (!word) return 0;
  let n = 0;
  let i = -1;
  while ((i = prose.indexOf(word, i + 1)) >= 0) {
    const b = prose[i - 1] ?? ' ';
    const a = prose[i + word.length] ?? ' ';
    if (!/[A-Za-z0-9]/.test(b) && !/[A-Za-z0-9]/.test(a)) n++;
    if (n > 50) break;
  }
  return n;
}

interface CodeSets {
  exact: Set<string>;
  lower: Set<string>;
  /** The texts of the post's inline code spans, and the answers of `inInlineCode` so far. */
  inline: string[];
  inInline: Map<string, boolean>;
}

const codeMemo = new WeakMap<Post, CodeSets>();

/** How much of a code span or block is read for its words. */
const CODE_READ = 20_000;
const CODE_WORD_RE = /[A-Za-z][A-Za-z0-9]*/g;

/** The distinct words of one code text (its first `CODE_READ` characters). */
function codeTextWords(code: string): string[] {
  return [...new Set(code.match(CODE_WORD_RE) ?? [])];
}

/**
 * The words of the post's inline code and code blocks. Each code text's words are kept by the run's rule cache
 * (`term/code-words`, by the text), and the sets are the join of them, reused while every code text's words are
 * what they were (windowSums.ts `joinParts`): an edit in prose tokenises no code.
 */
function codeWordSets(post: Post): CodeSets {
  let sets = codeMemo.get(post);
  if (sets) return sets;
  const inline: string[] = [];
  const parts: string[][] = [];
  const wordsOf = memoPass(post, 'term/code-words', byText, codeTextWords);
  walk(post.root, (node) => {
    if (node.type !== 'inlineCode' && node.type !== 'code') return;
    if (node.type === 'inlineCode') inline.push(node.value);
    const code = node.value.length > CODE_READ ? node.value.slice(0, CODE_READ) : node.value;
    parts.push(wordsOf(code));
    return 'skip';
  });
  const { exact, lower } = joinParts(post, 'term/code-words', parts, sameStrings, (all) => {
    const exact = new Set<string>();
    const lower = new Set<string>();
    for (const words of all) {
      for (const w of words) {
        exact.add(w);
        lower.add(w.toLowerCase());
      }
    }
    return { exact, lower };
  });
  sets = { exact, lower, inline, inInline: new Map() };
  codeMemo.set(post, sets);
  return sets;
}

/** Does the post write the text inside one of its inline code spans (a program's label it quotes)? Memoised per post and text. */
export function inInlineCode(post: Post, text: string): boolean {
  const { inline, inInline } = codeWordSets(post);
  let r = inInline.get(text);
  if (r === undefined) inInline.set(text, (r = inline.some((c) => c.includes(text))));
  return r;
}

/** The words written in the post's inline code and code blocks, as written. */
export function codeTokens(post: Post): Set<string> {
  return codeWordSets(post).exact;
}

/** The words (lower case) written in the post's inline code and code blocks. */
export function codeWords(post: Post): Set<string> {
  return codeWordSets(post).lower;
}
