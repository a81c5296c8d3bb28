/**
 * term/mixed: one concept written in two or more ways in the same post, with no definition
 * tying the spellings together (`大型语言模型` beside `大语言模型`, `K8s` beside `Kubernetes`;
 * for names also across languages: `谷歌` beside `Google`), and any Latin name written two ways
 * in the author's prose, glossary or not (`Go Modules` / `Go modules`, `mq` / `MQ`, `SHA3` /
 * `SHA-3`, `dev tools` / `DevTools`: clusters.ts). Reports the first three uses of each
 * minority spelling. Abbreviations (term/abbr-undefined) and discouraged spellings (term/variant) are
 * left to their rules; a definition such as `Kubernetes (K8s)` or `谷歌 (Google)` ties them, and so do
 * `A/B`, `A（B）` and a row of a terms table (`| robustness | 鲁棒性 |`). A name in a list of English
 * names (`Bitcoin、Ethereum、BNB Chain`), or opening one of a series of sibling headings opened by Latin names
 * (`### Ethereum - 2015 年 7 月`, `### Cardano - …`, `### Solana - …`), does not compete with its Chinese name, nor does a word with
 * a suffix of part of speech compete with the word (`分治法` / `分治`, `幂等性` / `幂等`), nor a name written
 * all in lower case (`alibaba`, a value) with its Chinese name. Synonyms given as such are tied
 * (`哈希函数（Hash Function），或者叫散列函数`, `也叫哈希值、散列值`).
 *
 *   Bad:  大语言模型的成本在下降……大型语言模型的能力在提升。
 *   Good: 大语言模型的成本在下降……大语言模型的能力在提升。
 *
 * Graded (confidence.ts): two Chinese wordings and rare slips beside a common spelling keep the
 * warning; a difference in letter case or separators only, an alias (`Golang` / `Go`), a lower-case
 * spelling (a command or package), one in code, a key, quotes or a run of English text (an English
 * sentence or a cited page title: `Incremental Static Regeneration | Next.js`), a title in 《…》, a list of
 * references (under `参考资料`, `References`), a pasted chat log, `在…时` (`在编译时指定`: when, not the phase
 * 编译期), the same two words in the other order (`进行通知推送` beside `推送通知`), another name given on purpose
 * (`也叫`, `又称`, `或称`) or the first word of a longer name the post also writes joined (`Defi Llama` beside `DefiLlama`) is a hint;
 * so are (session 14) a short and a long form (`子域` / `子域名`), two senses the glossary joins (`缓存区` opening with 缓存, cache,
 * beside `缓冲区`; `Mining（矿池）` beside 挖矿), both spellings only in quotations (blockquotes other than the author's note boxes),
 * and a record of several people's words (`chai2010：…`, `changkun：…`); (session 15) a name written once as its Chinese name
 * and once as its English name (`安卓` / `Android`, `谷歌` / `Google`: both standard, a style choice); (session 16) two Chinese
 * wordings the site itself writes widely (each in 10 or more other posts, neither in twice as many as the other: pingcap's
 * `元数据` and `元信息`), and any finding in a raw transcript of speech. (Session 18) Where the glossary's preferred Chinese wording is
 * the site's house wording (its other posts write it in three or more, twice as many as each other wording), that wording is
 * kept whatever the post's counts: `内存泄露` ×3 beside one `内存泄漏` on a site writing 内存泄漏 in 42 posts reports the three
 * `内存泄露`, where the edit is needed; (session 19) so is the wording the site's terms page gives the concept (`| metadata | 元信息 |`
 * in pingcap's `resources/tidb-terms.md`), unless the site's posts write another wording of the post in twice as many posts, or
 * write both widely (`元数据锁`, a feature's name, beside the table's 元信息).
 * (Session 20) A minority wording whose sentence holds two or more other terms ending in its last character (its head) and none
 * in the majority's (`候选键值（通常是主键，也可以是唯一键）` in a post writing 候选码 14×) is a hint: the fix would write 码 beside 键.
 * So is a minority wording written once or twice, only in notes on a linked article (the sub-items of a list item that is only
 * the article's link, `* [一次使用 ebpf 来解决 k8s 网络通信故障记录](https://…)`): the article's wording, copied with its points.
 * A slip for another term the post writes, one last character apart and read from the verb after it (`javac编译期编译后`,
 * `编译期一定会编译…`: 编译器, the compiler), counts for no spelling: neither in the majority nor reported.
 * A spelling term/variant reports for its letter case
 * (`Node.JS`) is that rule's finding only. `data` and the hover give
 * the confidence and its evidence; option `confidence` (0–1) sets the bar.
 *
 * Fixes: use the majority spelling here; use it everywhere in this post.
 *
 * Options: `confidence` (0–1, default 0.6): findings below it are hints (0: none).
 */
import type { Rule, Span, Workspace } from '../../types';
import type { Post } from '../../document';
import { CJK_RANGES } from '../../cjk';
import { analyzeTerms, type HitFacts, type PostTerms, type TermHit } from './analysis';
import { initialCaseOnly, nameClusters } from './clusters';
import type { NameRun } from './names';
import { variantFlags } from './variant';
import { isLatinForm, type Concept, type Glossary } from './glossary';
import { replaceAllFix, replaceFix } from './fixes';
import { renderingDrifts } from './renderings';
import { countWhile, positionAt } from '../../text';
import { CONFIDENCE_MESSAGES, inNotesOnLink, innerShortForm, otherSense, reportGraded, shortLongForms, spellingEvidence, type GradedOptions } from './confidence';
import { conceptsByKey, otherHead, renderingKey, tableWording } from './renderings';
import { blockquotesOf, overlapsAny } from '../../containers';
import { headingIndexAt } from '../../sections';
import { aggregateTerms, sameAuthorFilter } from './summary';

/** Which spellings of a concept compete: a name's in any language, otherwise those in the same script. */
export function mixGroup(concept: Concept, formText: string): string {
  return concept.name ? 'name' : isLatinForm(formText) ? 'latin' : 'cjk';
}

/** A hit that competes as a spelling of its concept (no abbreviation, no spelling to avoid). */
export function competes(h: HitFacts): boolean {
  return h.form.kind !== 'abbr' && h.form.kind !== 'avoid';
}

/** Do the competing hits (`competes`) of a concept (its hits' indices in `terms.blockHits`) write two form texts or more? */
function twoForms(terms: PostTerms, at: readonly number[]): boolean {
  let first: string | undefined;
  for (let i = 0; i < at.length; i++) {
    const h = terms.blockHits[at[i]];
    if (h.form.kind === 'abbr' || h.form.kind === 'avoid') continue;
    if (first === undefined) first = h.form.text;
    else if (h.form.text !== first) return true;
  }
  return false;
}

/** A name's Latin spelling competes with its Chinese one only inside Chinese text (not in an English sentence). (`h` at `start`–`end`.) */
function competesHere(h: HitFacts, start: number, end: number, prose: string): boolean {
  // A cited page's title is not the author's wording.
  if (h.cited) return false;
  if (!h.concept.name || !h.form.latin || !h.concept.zh.length) return true;
  // A name written all in lower case (`alibaba`, a data value or an id in an example) is no other spelling of its Chinese name.
  if (h.text === h.text.toLowerCase() && h.form.text !== h.form.text.toLowerCase()) return false;
  // One of a list of English names (`Bitcoin、Ethereum、BNB Chain、Polygon`): the list keeps one script.
  if (inLatinEnumeration(prose, start, end)) return false;
  // In an English sentence, or quoted as a literal word (`“Bitcoin”的搜索量`).
  // Also a gloss in parentheses: `以太坊回退 (Ethereum fallback)`.
  if (!h.chineseBlock || h.quoted || h.inDefinition) return false;
  // Part of a longer English name (`NVIDIA Developer`, `Alibaba Cloud Linux`): no Chinese form for that.
  return !/^[ \u00a0]?[A-Z][A-Za-z]/.test(prose.slice(end, end + 3)) && !/[A-Z][A-Za-z]*[ \u00a0]$/.test(prose.slice(Math.max(0, start - 12), start));
}

/**
 * Is the run the first word of a two-word name that the post also writes as one word (`Defi Llama` beside `DefiLlama`,
 * `Open Sea` beside `OpenSea`)? Then the run belongs to that longer name.
 */
function splitOfJoinedName(prose: string, r: { start: number; end: number; text: string }): boolean {
  const next = /^[ \u00a0]([A-Z][A-Za-z0-9]+)/.exec(prose.slice(r.end, r.end + 32))?.[1];
  if (!next || /\s/.test(r.text)) return false;
  const joined = (r.text + next).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9])${joined}(?![A-Za-z0-9])`, 'i').test(prose);
}

/**
 * A name's Latin spelling that opens a heading of a series of sibling headings opened by Latin names (`### Ethereum - 2015 年 7 月`,
 * `### Cardano - …`, `### Solana - …`): like a list of English names, the series keeps one script.
 */
function inLatinHeadingSeries(post: Post, h: HitFacts, start: number): boolean {
  if (!h.inHeading || !h.concept.name || !h.form.latin) return false;
  const heads = headingsOf(post);
  const i = heads.findIndex((x) => x.start <= start && start < x.end);
  if (i < 0 || start - heads[i].textStart > 1) return false;
  const depth = heads[i].depth;
  let latin = 0;
  // The siblings: the headings of the same depth on both sides, up to one of a lower depth (the parent's next section).
  for (const dir of [-1, 1]) {
    for (let j = i + dir; j >= 0 && j < heads.length && heads[j].depth >= depth; j += dir) {
      if (heads[j].depth === depth && heads[j].latinLead) latin++;
    }
  }
  return latin >= 2;
}

const headingsMemo = new WeakMap<Post, Array<{ start: number; end: number; depth: number; textStart: number; latinLead: boolean }>>();

/** The post's headings: span, depth, where their words start (after `#`, numbering and emphasis) and whether a Latin name opens them. */
function headingsOf(post: Post): Array<{ start: number; end: number; depth: number; textStart: number; latinLead: boolean }> {
  let heads = headingsMemo.get(post);
  if (heads) return heads;
  heads = [];
  for (const b of post.blocks) {
    if (b.type !== 'heading') continue;
    const text = post.prose.slice(b.span.start, b.span.end);
    const lead = /^[#\s\d.、)）*_\uE000]*/.exec(text)![0].length;
    heads.push({ start: b.span.start, end: b.span.end, depth: (b.node as { depth?: number }).depth ?? 1, textStart: b.span.start + lead, latinLead: /^[A-Z][A-Za-z0-9]/.test(text.slice(lead)) });
  }
  headingsMemo.set(post, heads);
  return heads;
}

/**
 * `分治法` beside `分治`, `幂等性` beside `幂等`: a form that is another with a suffix that only says
 * "method" or "-ness" (another part of speech: `用到了分治思想`) is not another spelling.
 */
const POS_SUFFIX_RE = /^(.{2,})[法性]$/;

const SEP = '[ \u00a0\uE000]*[、,，/][ \u00a0\uE000]*';
const LATIN_ITEM = '[A-Z][A-Za-z0-9.&+-]*(?: [A-Z][A-Za-z0-9.&+-]*)*(?:\\([A-Za-z0-9 ]+\\))?';
const ENUM_BEFORE_RE = new RegExp(`(?:${LATIN_ITEM}${SEP}){2}$`);
const ENUM_AFTER_RE = new RegExp(`^(?:${SEP}${LATIN_ITEM}){2}`);
const ENUM_AROUND_BEFORE_RE = new RegExp(`${LATIN_ITEM}${SEP}$`);
const ENUM_AROUND_AFTER_RE = new RegExp(`^${SEP}${LATIN_ITEM}`);

const CJK_ITEM_BEFORE_RE = new RegExp(`[${CJK_RANGES}]${SEP}$`);
const CJK_ITEM_AFTER_RE = new RegExp(`^${SEP}[${CJK_RANGES}]`);

/**
 * Two other capitalised Latin names listed next to it with `、` or commas (before, after, or one
 * on each side), and no Chinese name right beside it (`OpenAI、Meta、Google、阿里` mixes scripts).
 */
export function inLatinEnumeration(prose: string, start: number, end: number): boolean {
  const before = prose.slice(Math.max(0, start - 80), start);
  const after = prose.slice(end, end + 80);
  if (CJK_ITEM_BEFORE_RE.test(before) || CJK_ITEM_AFTER_RE.test(after)) return false;
  return ENUM_BEFORE_RE.test(before) || ENUM_AFTER_RE.test(after) || (ENUM_AROUND_BEFORE_RE.test(before) && ENUM_AROUND_AFTER_RE.test(after));
}

const MAX_PER_FORM = 3;

/**
 * `通知推送` and `推送通知`: two Chinese spellings made of the same two words in the other order. In
 * Chinese the head comes last, so the swap names another thing (pushing notifications, not a push
 * notification), not another spelling of the term.
 */
export function swappedHalves(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 4 || a === b || /[A-Za-z]/.test(a + b)) return false;
  for (let k = 2; k <= a.length - 2; k++) if (a === b.slice(k) + b.slice(0, k)) return true;
  return false;
}

/**
 * Are the two the singular and plural of one name (`DApp` / `DApps`, `jwtRule` / `jwtRules`, `Colored Coin` /
 * `Coloredcoins`), letter case, spaces and hyphens aside? (Both endings are tried: `jwtRules` is `jwtRule` + `s`.)
 */
function singularPlural(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/[\s\u00a0_-]+/g, '');
  const y = b.toLowerCase().replace(/[\s\u00a0_-]+/g, '');
  return x + 's' === y || y + 's' === x || x + 'es' === y || y + 'es' === x;
}

export const rule: Rule<GradedOptions> = {
  id: 'term/mixed',
  description: 'One concept written in two or more ways in the same post.',
  defaultSeverity: 'warning',
  repeats: 'message', // one finding above hint per problem (core/repeats.ts)
  messages: {
    mixed: {
      en: 'This post writes {concept} as "{majority}" ({majorityCount}×) and as "{found}" ({count}×): pick one.',
      'zh-cn': '本文中同一概念（{concept}）写作“{majority}”（{majorityCount} 次）和“{found}”（{count} 次），应统一。',
    },
    mixedHouse: {
      en: 'This post writes {concept} as "{found}" ({count}×) and as "{majority}" ({majorityCount}×): keep "{majority}", the glossary\'s wording, which {posts} other posts of this workspace write.',
      'zh-cn': '本文中同一概念（{concept}）写作“{found}”（{count} 次）和“{majority}”（{majorityCount} 次），应统一为“{majority}”：术语表的写法，工作区中另有 {posts} 篇文章这样写。',
    },
    mixedTable: {
      en: 'This post writes {concept} as "{found}" ({count}×) and as "{majority}" ({majorityCount}×): keep "{majority}", the wording of this site\'s terms table ({table}).',
      'zh-cn': '本文中同一概念（{concept}）写作“{found}”（{count} 次）和“{majority}”（{majorityCount} 次），应统一为“{majority}”：本站术语表（{table}）的写法。',
    },
    name: {
      en: 'This post writes "{preferred}" also as "{found}" ({count}×): keep one spelling, "{preferred}" ({why}).',
      'zh-cn': '本文中同一名称既写作“{preferred}”，又写作“{found}”（{count} 次），应统一为“{preferred}”（{why}）。',
    },
    byGlossary: { en: "the glossary's spelling", 'zh-cn': '术语表的写法' },
    byOwner: { en: "its owner's spelling", 'zh-cn': '官方写法' },
    byWorkspace: { en: 'as {posts} posts of this workspace write it', 'zh-cn': '工作区中 {posts} 篇文章的写法' },
    byPost: { en: 'the spelling this post uses most', 'zh-cn': '本文最常用的写法' },
    rendering: {
      en: 'This post renders "{en}" as "{found}" here and as "{other}" on line {line}: keep one rendering.',
      'zh-cn': '本文把“{en}”在此译作“{found}”，在第 {line} 行译作“{other}”，应统一译法。',
    },
    renderingUse: {
      en: '"{found}" renders "{en}" ({source}), which this post glosses as "{other}" on line {line}: keep one rendering.',
      'zh-cn': '“{found}”是“{en}”的另一种译法（{source}），本文第 {line} 行译作“{other}”，应统一译法。',
    },
    renderingGloss: {
      en: 'This post glosses "{en}" as "{found}" here but writes "{other}" for it {count}× ({source}): keep one rendering.',
      'zh-cn': '本文在此把“{en}”译作“{found}”，别处却写作“{other}”（{count} 次；{source}），应统一译法。',
    },
    byGlossaryRendering: { en: 'the glossary renders it so', 'zh-cn': '术语表的译法' },
    byPostRendering: { en: 'as {post} glosses it', 'zh-cn': '{post} 中的译法' },
    fixOne: { en: 'Use "{to}" here', 'zh-cn': '此处改用“{to}”' },
    fixAll: { en: 'Use "{to}" everywhere in this post ({count} changes)', 'zh-cn': '全文统一为“{to}”（{count} 处）' },
    ...CONFIDENCE_MESSAGES,
  },
  check(ctx) {
    const terms = analyzeTerms(ctx.post, ctx.config);
    const flags = variantFlags(ctx.post, ctx.config);
    const reported: Span[] = flags.map((f) => ({ start: f.hit.start, end: f.hit.end }));
    // A spelling term/variant reports for its letter case (`Node.JS`: write Node.js) is that rule's finding, not also a
    // second spelling here (one token, one finding; session 16).
    const casingFlagged = new Set(flags.filter((f) => f.kind === 'casing' || f.kind === 'owner').map((f) => f.hit.start));
    // A concept whose competing hits all write one form (most of them) has no second spelling to report: passed over before its
    // hits are filtered (the filters only drop hits, and one form text makes one spelling, tied or not). (`forEach`: a for-of over
    // the map allocates an entry and an iterator result per concept wherever V8 runs the loop unoptimised.)
    // (The concepts' hits are filtered and grouped by index, their facts read in place and their places asked by index
    // (`hitStart`, `hitEnd`): only the hits a finding reports or fixes are placed, perf35.)
    const facts = terms.blockHits;
    const mixedConcepts: Array<[Concept, readonly number[]]> = [];
    terms.conceptHits.forEach((at, concept) => {
      if (twoForms(terms, at)) mixedConcepts.push([concept, at]);
    });
    for (const [concept, all] of mixedConcepts) {
      // Spellings a definition ties together (`大语言模型 (LLM)`) count as one; any other spelling still competes.
      const tiedSet = terms.tiedForms.get(concept);
      const tied = (h: HitFacts) => (tiedSet?.has(h.form.text) ? [...tiedSet][0] : h.form.text);
      // A form that is another with a suffix of part of speech (`分治法` / `分治`) counts as that one.
      const texts = new Set(all.map((i) => tied(facts[i])));
      const formOf = (h: HitFacts) => {
        const t = tied(h);
        const stem = POS_SUFFIX_RE.exec(t)?.[1];
        return stem && texts.has(stem) ? stem : t;
      };
      const groups = new Map<string, number[]>();
      // In a Chinese post, an English block (a quotation, a cited title) is not the author's wording.
      // Nor is a slip for another term (`javac编译期编译后`: the compiler) a use of this one: it counts for no spelling (session 20).
      for (let k = 0; k < all.length; k++) {
        const i = all[k];
        const x = facts[i];
        if (!competes(x)) continue;
        const start = terms.hitStart(i);
        const end = terms.hitEnd(i);
        if (!competesHere(x, start, end, ctx.post.prose) || inLatinHeadingSeries(ctx.post, x, start) || !(x.chineseBlock || !terms.chinese) || casingFlagged.has(start) || agentSlip(ctx.post, terms.glossary, x, end)) continue;
        const g = mixGroup(concept, x.form.text);
        const arr = groups.get(g);
        if (arr) arr.push(i);
        else groups.set(g, [i]);
      }
      for (const hits of groups.values()) {
        const byForm = new Map<string, number[]>();
        for (const i of hits) {
          const f = formOf(facts[i]);
          const arr = byForm.get(f);
          if (arr) arr.push(i);
          else byForm.set(f, [i]);
        }
        if (byForm.size < 2) continue;
        // The majority spelling; a tie goes to the glossary's preferred one, then to the first used. Where a usage
        // authority prefers one spelling (其他 over 其它, 《现代汉语词典》), that one is kept whatever the counts.
        // Likewise a name spelt two Latin ways (`HuggingFace` ×3 beside one `Hugging Face`): its owner's spelling, the
        // glossary's, is the one to keep, as for the names of nameClusters (issue #17 item 1; session 17, seed-71206 noise
        // sample: the finding sat on the owner's spelling and offered to change it).
        const latinName = concept.name === true && [...byForm.keys()].every((k) => isLatinForm(k));
        // (Written by the author: in a Chinese block, not only in a list of English titles.)
        const norm = (x: [string, number[]]) => Number((concept.normative === true && facts[x[1][0]].form.preferred && facts[x[1][0]].form.kind === 'zh') ||
          (latinName && facts[x[1][0]].form.preferred && x[1].some((i) => facts[i].chineseBlock)));
        // And where the glossary's preferred Chinese wording is the site's house wording (its other posts write it in at least
        // twice as many posts as each other wording of the post, three at least: pingcap's 内存泄漏 in 42 posts, 内存泄露 in 20),
        // the post's own majority (内存泄露 ×3 beside one 内存泄漏) is the one to change: the finding sits where the edit is
        // needed (session 18, seed-71206 noise sample, row 14; row 24, a name's two Latin spellings, was session 17's latinName).
        const house = houseWording(ctx.workspace, ctx.post, concept, [...byForm.entries()].map(([f, at]): [string, HitFacts] => [f, facts[at[0]]]));
        const keep = (x: [string, number[]]) => norm(x) || Number(x[0] === house?.form);
        const ranked = [...byForm.entries()].sort((a, b) => keep(b) - keep(a) || b[1].length - a[1].length ||
          Number(facts[b[1][0]].form.preferred) - Number(facts[a[1][0]].form.preferred) || terms.hitStart(a[1][0]) - terms.hitStart(b[1][0]));
        const [majority, majorityHits] = ranked[0];
        // The minority's hits placed, for the fix-all, when a finding is first reported.
        const minorityAt = ranked.slice(1).flatMap(([, at]) => at);
        let minority: TermHit[] | undefined;
        // The definition that ties an abbreviation to a full name (`采用 SPA，即单页面应用模型（Single-page App）`) introduces the
        // abbreviation: it is no use to correct, whatever the post writes later (session 17, seed-61216 sample); the uses outside
        // it are reported. (A gloss of a Chinese wording, `内存顺序（memory order）` after two `内存序`, is still a wording to
        // keep consistent: no abbreviation, no exemption.)
        const tieSpan = terms.tied.get(concept);
        const tieHasAbbr = !!tieSpan && [...(terms.tiedForms.get(concept) ?? [])].some((t) => concept.abbr.some((a) => a.toLowerCase() === t.toLowerCase()));
        const inTie = (i: number) => tieHasAbbr && terms.hitStart(i) >= tieSpan!.start && terms.hitEnd(i) <= tieSpan!.end;
        for (const [found, fhits] of ranked.slice(1)) {
          // The first few uses of each minority spelling; "use X everywhere" fixes them all.
          for (const at of fhits.filter((i) => !inTie(i)).slice(0, MAX_PER_FORM)) {
            minority ??= minorityAt.map((i) => terms.hitAt(i));
            const h = terms.hitAt(at);
            const ev = spellingEvidence(ctx.post, h, h.text, majority, false);
            // (A short and a long form, `子域` ×4 beside `子域名`, is a choice of wording, not a slip of the hand: session 17.)
            const shortLong = shortLongForms(found, majority);
            if (fhits.length <= 2 && majorityHits.length >= 3 && !shortLong) ev.push('slip');
            // `通知推送` beside `推送通知`: the same two words in the other order make another word (the act, not the thing).
            if (swappedHalves(found, majority)) ev.push('reordered');
            // Two Latin names of one thing (`Golang` / `Go`, `K8s` / `Kubernetes`): an alias, not a slip of spelling.
            if (isLatinForm(h.text) && isLatinForm(majority) && !ev.includes('caseOnly') && !ev.includes('separatorsOnly')) ev.push('alias');
            // Both spellings only ever in blockquotes (two project descriptions quoted, one writing 链路追踪, the other 分布式追踪):
            // the drift is between other people's texts, neither is the author's wording.
            // (Not a note box of the author's own: `> **注意：**`, `> [!NOTE]`.)
            if ([...fhits, ...majorityHits].every((i) => inQuotation(ctx.post, terms.hitStart(i), terms.hitEnd(i)))) ev.push('allQuoted');
            // `子域` beside `子域名`: a short and a long form, both in use.
            // Or one leaving out a character inside (`控制面` / `控制平面`), each written once and in different sections: entries of
            // a log written months apart, no wording settled in the post (session 17). (Written more often, or in one section, or
            // a heading over its own section's body, it keeps its grade: `大型语言模型` beside `大语言模型`, `小模型` in a heading
            // over `小型模型`, the lead's decision of session 15; `创世块` ×2 beside `创世区块` ×2 in one essay.)
            if (shortLong || (innerShortForm(found, majority) && fhits.length === 1 && majorityHits.length === 1 && apartInSections(ctx.post, terms, fhits, majorityHits))) ev.push('shortLong');
            // `安卓` beside `Android`, `谷歌` beside `Google`: a name's Chinese and English names are both standard in Chinese tech
            // prose, a style choice (session 15, the lead's decision on the seed-91406 sample). Not `Github` beside `GitHub` (one script).
            if (concept.name && isLatinForm(found) !== isLatinForm(majority)) ev.push('twoScripts');
            // `缓存区` (cache area) beside `缓冲区` (buffer): the glossary joins two senses.
            // (Not where the post glosses the wording with the concept's English: `缓存区（Buffer）` renders buffer, loosely.)
            // (Nor where the post writes both after the same words, `系统内核缓存区` and `系统内核缓冲区`: one thing named two ways.)
            if (!glossedWith(ctx.post.prose, h.end, concept) && !sameModifier(ctx.post.prose, terms, h, majorityHits) && otherSense(terms.glossary, found, majority, [concept])) ev.push('otherSense');
            // The site writes both wordings widely (`元数据` in 113 posts, `元信息` in 102: the docs' two words, used for different
            // objects): its two accepted wordings, not this post's drift (session 16, from the seed-51206 sample).
            // (Not a pair of standard orthographic variants, `其他`/`其它`: the dictionary names the form to keep within a post.)
            if (!isLatinForm(found) && !concept.normative && siteWritesBoth(ctx.workspace, concept, found, majority)) ev.push('siteWritesBoth');
            // `候选键` in a sentence pairing it with `主键` and `唯一键`, where the post's majority is `候选码`: the fix would write 码
            // beside 键, mixing two families of wording (session 20, seed-91207 sample).
            if (siblingHead(ctx.post.prose, terms, h, found, majority)) ev.push('siblingHead');
            // A lone wording (once or twice) only in notes on a linked article (the sub-items under `* [title](https://…)`): the
            // article's wording, copied with its points (session 20, seed-91207 sample: xiaodongq's lone 其它 in such an excerpt).
            if (fhits.length <= 2 && majorityHits.length >= 3 && fhits.every((i) => inNotesOnLink(ctx.post, terms.hitAt(i)))) ev.push('linkedNotes');
            // (Kept for being the house wording, not for being written most in this post: the message says so.)
            const byHouse = majority === house?.form && fhits.length > majorityHits.length;
            reportGraded(ctx, {
              messageId: house?.table && majority === house.form ? 'mixedTable' : byHouse ? 'mixedHouse' : 'mixed',
              data: { concept: [concept.zh[0], concept.en[0]].filter(Boolean).join(' / '), majority, majorityCount: majorityHits.length, found, count: fhits.length, ...(byHouse ? { posts: house.posts } : {}), ...(house?.table ? { table: house.table } : {}) },
              span: { start: h.start, end: h.end },
              fixes: [
                replaceFix(ctx.t('fixOne', { to: majority }), { start: h.start, end: h.end }, majority),
                replaceAllFix(ctx.t('fixAll', { to: majority, count: minority.length }), minority, majority),
              ],
              detail: { concept: concept.id, majority, found },
            }, 'mixed.concept', ev, { preferred: majority });
            reported.push({ start: h.start, end: h.end });
          }
        }
      }
    }
    // Names written two ways, whatever the glossary says (`Go Modules` / `Go modules`, `mq` / `MQ`).
    // (A binary search over them sorted by start: the names pass asks once per run of the post.)
    const reportedByStart = [...reported].sort((a, b) => a.start - b.start);
    const skip = (start: number, end: number) => overlapsAny(reportedByStart, { start, end });
    for (const cl of nameClusters(ctx.post, ctx.config, ctx.workspace, skip)) {
      // A spelling that differs from the preferred one only in the case of an initial, for a common word
      // (`network` beside `NetWork` and `Network`), is left alone: only the odd one (`NetWork`) is reported.
      const others = [...cl.spellings].filter(([sp]) => sp !== cl.preferred && !(initialCaseOnly(sp, cl.preferred) && !cl.named));
      const all = others.flatMap(([, runs]) => runs);
      const why = cl.by === 'glossary' ? ctx.t('byGlossary') : cl.by === 'owner' ? ctx.t('byOwner') : cl.by === 'workspace' ? ctx.t('byWorkspace', { posts: cl.posts ?? 0 }) : ctx.t('byPost');
      // A plural stays plural (`pods` → `Pods` where the name is `Pod`).
      const to = (r: NameRun) => (/s$/.test(r.text) && !/s$/.test(r.spelling) && !/s$/.test(cl.preferred) ? cl.preferred + 's' : cl.preferred);
      for (const [, runs] of others) {
        for (const r of runs.slice(0, MAX_PER_FORM)) {
          const found = r.text;
          const fixes = [replaceFix(ctx.t('fixOne', { to: to(r) }), { start: r.start, end: r.end }, to(r))];
          if (all.length > 1) fixes.push({ title: ctx.t('fixAll', { to: cl.preferred, count: all.length }), edits: all.map((x) => ({ span: { start: x.start, end: x.end }, newText: to(x) })) });
          const ev = spellingEvidence(ctx.post, r, r.text, to(r), false);
          if (cl.by === 'glossary' || cl.by === 'owner') ev.push('authority');
          if (runs.length <= 2 && (cl.spellings.get(cl.preferred)?.length ?? 0) >= 3) ev.push('slip');
          // `DApps` beside `DApp`, `jwtRule` beside `jwtRules` (the list and one item of it): the plural, not another spelling.
          // (Not before a model number: `iPhones 6s` names one model, a slip for `iPhone 6s`.)
          if (singularPlural(found, cl.preferred) && !/^[ \u00a0]?\d/.test(ctx.post.prose.slice(r.end, r.end + 2))) ev.push('plural');
          // The first word of a longer name the post also writes joined (`Defi Llama` beside `DefiLlama`): that name's, not this one's.
          if (splitOfJoinedName(ctx.post.prose, r)) ev.push('partOfName');
          reportGraded(ctx, {
            messageId: 'name',
            data: { preferred: cl.preferred, found, count: runs.length, why },
            span: { start: r.start, end: r.end },
            fixes,
            detail: { name: cl.key, preferred: cl.preferred, found, by: cl.by },
          }, 'mixed.name', ev, { preferred: to(r) });
        }
      }
    }
    // One English term rendered two ways (`模块路径（module path）` … `模块版本（module path）`, `鲁棒性 (Robustness)` … `健壮性`).
    const lineOf = (at: number) => positionAt(ctx.post.lineStarts, at).line + 1;
    // Two renderings of one English word where one of them is the glossary's term for another concept (`Mining（矿池）` beside
    // 挖矿: 矿池 is the mining pool) name two things; a short and a long form are both in use.
    const renderingEvidence = (span: Span, found: string, keep: string, key: string) => {
      const ev = spellingEvidence(ctx.post, span, found, keep, false);
      if (shortLongForms(found, keep)) ev.push('shortLong');
      // (Or one names the category or the object the English belongs to: `内核函数（kprobe）` beside 内核探针, see otherHead.)
      if (otherSense(terms.glossary, found, keep, conceptsByKey(terms.glossary).get(key) ?? [], key, false) || otherHead(ctx.post, terms.glossary, found, keep, key)) ev.push('otherSense');
      return ev;
    };
    for (const d of renderingDrifts(ctx.post, ctx.config, ctx.workspace)) {
      const { keep } = d;
      const keepAt = keep.anchors[0]?.zhSpan.start ?? keep.uses[0].start;
      const source = (g: typeof keep) => (g.source === 'workspace' ? ctx.t('byPostRendering', { post: g.posts?.[0] ?? '' }) : ctx.t('byGlossaryRendering'));
      for (const g of d.others) {
        if (g.anchors.length) {
          for (const a of g.anchors.slice(0, MAX_PER_FORM)) {
            if (skip(a.zhSpan.start, a.zhSpan.end)) continue;
            const data: Record<string, string | number> = keep.anchors.length
              ? { en: d.en, found: a.zh, other: keep.zh, line: lineOf(keepAt) }
              : { en: d.en, found: a.zh, other: keep.zh, count: keep.uses.length, source: source(keep) };
            reportGraded(ctx, { messageId: keep.anchors.length ? 'rendering' : 'renderingGloss', data, span: a.zhSpan, detail: { en: d.key, found: a.zh, keep: keep.zh } }, 'mixed.rendering', renderingEvidence(a.zhSpan, a.zh, keep.zh, d.key), { preferred: keep.zh });
            reported.push(a.zhSpan);
          }
        } else if (keep.anchors.length) {
          for (const u of g.uses.slice(0, MAX_PER_FORM)) {
            if (skip(u.start, u.end)) continue;
            const fixes = [replaceFix(ctx.t('fixOne', { to: keep.zh }), u, keep.zh)];
            if (g.uses.length > 1) fixes.push(replaceAllFix(ctx.t('fixAll', { to: keep.zh, count: g.uses.length }), g.uses, keep.zh));
            reportGraded(ctx, { messageId: 'renderingUse', data: { en: d.en, found: g.zh, other: keep.zh, line: lineOf(keepAt), source: source(g) }, span: u, fixes, detail: { en: d.key, found: g.zh, keep: keep.zh } }, 'mixed.rendering', renderingEvidence(u, g.zh, keep.zh, d.key), { preferred: keep.zh });
            reported.push(u);
          }
        }
      }
    }
  },
};

/** Where a clause ends. */
const CLAUSE_END_RE = /[，,。！？；;：:!?\n（）()]/;

/**
 * A slip for another term the post writes, one last character apart, read from the verb after it: `javac编译期编译后`,
 * `编译期一定会编译AnnoAspect类` (编译期, the compile phase, for 编译器, the compiler, which the post writes too: the phase does not
 * compile; the word's stem comes back as the verb of its clause). Chinese wordings of three characters or more; the other
 * term is another concept's Chinese term (`编译器`), written in the post; the stem follows within the clause (8 characters).
 */
function agentSlip(post: Post, glossary: Glossary, h: HitFacts, hitEnd: number): boolean {
  const prose = post.prose;
  const t = h.text;
  if (t.length < 3 || !CJK_WORD_RE.test(t)) return false;
  const stem = t.slice(0, -1);
  // The stem again, as the verb of the clause after the word.
  let end = hitEnd;
  while (end < prose.length && end - hitEnd < 8 && !CLAUSE_END_RE.test(prose[end])) end++;
  if (!prose.slice(hitEnd, end).includes(stem)) return false;
  // Another concept's term that differs in the last character, written in the post (one scan per post, stem and concept).
  let memo = slipMemo.get(post);
  if (!memo) slipMemo.set(post, (memo = new Map()));
  const key = `${t}\u0001${h.concept.id}`;
  let r = memo.get(key);
  if (r === undefined) {
    r = false;
    for (let i = prose.indexOf(stem); i >= 0 && !r; i = prose.indexOf(stem, i + 1)) {
      const other = prose.slice(i, i + t.length);
      if (other.length !== t.length || other === t) continue;
      r = (glossary.byText.get(other) ?? []).some((f) => f.kind === 'zh' && f.concept !== h.concept);
    }
    memo.set(key, r);
  }
  return r;
}

const CJK_WORD_RE = new RegExp(`^[${CJK_RANGES}]+$`);
const slipMemo = new WeakMap<Post, Map<string, boolean>>();

/** Where a sentence ends (its own punctuation, or a line break). */
const SENTENCE_END_RE = /[。！？；!?;\n]/;

/**
 * Do the other terms of the minority wording's sentence share its head (last character), which the majority's lacks: `候选键值
 * （通常是主键，也可以是唯一键）` where the post's majority is 候选码? The fix would write 码 beside 键, mixing two families of the
 * sentence's wording (主码/候选码/外码 against 主键/唯一键/外键). Two such sibling terms at least, of other concepts, and none with
 * the majority's head in the sentence. Only for Chinese wordings whose heads differ.
 */
const sortedMemo = new WeakMap<PostTerms, number[]>();

function siblingHead(prose: string, terms: PostTerms, h: TermHit, found: string, majority: string): boolean {
  const head = found[found.length - 1];
  if (!head || head === majority[majority.length - 1] || !new RegExp(`^[${CJK_RANGES}]{2,}$`).test(found) || !new RegExp(`^[${CJK_RANGES}]{2,}$`).test(majority)) return false;
  let a = h.start;
  while (a > 0 && h.start - a < 300 && !SENTENCE_END_RE.test(prose[a - 1])) a--;
  let b = h.end;
  while (b < prose.length && b - h.end < 300 && !SENTENCE_END_RE.test(prose[b])) b++;
  const mine = new Set<string>();
  // (The sentence's hits by a binary search in the hits sorted by start, once per post: the rule stays linear.)
  // (The hits' indices in `terms.blockHits`, sorted by their places: no hit is placed.)
  let sorted = sortedMemo.get(terms);
  if (!sorted) {
    const order: number[] = [];
    for (let i = 0; i < terms.blockHits.length; i++) order.push(i);
    sortedMemo.set(terms, (sorted = order.sort((x, y) => terms.hitStart(x) - terms.hitStart(y))));
  }
  const byStart = sorted;
  for (let k = countWhile(byStart.length, (i) => terms.hitStart(byStart[i]) < a); k < byStart.length && terms.hitStart(byStart[k]) < b; k++) {
    const x = terms.blockHits[byStart[k]];
    if (terms.hitEnd(byStart[k]) > b || x.concept === h.concept || x.text.length < 2) continue;
    const last = x.text[x.text.length - 1];
    if (last === majority[majority.length - 1]) return false;
    if (last === head) mine.add(x.concept.id);
  }
  return mine.size >= 2;
}

/**
 * Are two sets of uses (hit indices in `terms.blockHits`) in different sections only (no section holds one of each), a heading
 * counting with the section it opens?
 */
function apartInSections(post: Post, terms: PostTerms, a: readonly number[], b: readonly number[]): boolean {
  const sa = new Set(a.map((i) => headingIndexAt(post, terms.hitStart(i))));
  return b.every((i) => !sa.has(headingIndexAt(post, terms.hitStart(i))));
}

/** The English in parentheses right after a wording (`缓存区（Buffer）`) is one of the concept's English names. */
function glossedWith(prose: string, end: number, concept: Concept): boolean {
  const m = /^[ \u00a0]*[（(][ \u00a0]*([A-Za-z][A-Za-z \u00a0-]{0,40}?)[ \u00a0]*[)）]/.exec(prose.slice(end, end + 48));
  return !!m && concept.en.some((e) => renderingKey(e) === renderingKey(m[1]));
}

/** The two characters before a wording: what it is of (`内核` in `系统内核缓存区`). */
const modifier = (prose: string, at: number) => prose.slice(Math.max(0, at - 2), at);

/** Is a hit written after the same two Chinese characters as one of the other spelling's hits (indices in `terms.blockHits`)? */
function sameModifier(prose: string, terms: PostTerms, h: Span, others: readonly number[]): boolean {
  const m = modifier(prose, h.start);
  return new RegExp(`^[${CJK_RANGES}]{2}$`).test(m) && others.some((o) => modifier(prose, terms.hitStart(o)) === m);
}

/** A note box's label at the start of a blockquote (`> **注意：**`, `> 提示：`, `> [!NOTE]`): the author's own aside, not a quotation. */
const NOTE_BOX_RE = /^>[ \t]*(?:\[!\w+\]|(?:\*\*|__)?(?:注意|注|提示|警告|说明|小贴士|贴士|重要|备注|版本说明|Note|Notes|Warning|Tip|Important|Caution|Info)(?:\*\*|__)?[ \t]*[：:])/i;

/** `start`–`end` in a blockquote that is not a note box of the author's own. */
function inQuotation(post: Post, start: number, end: number): boolean {
  let q: Span | undefined;
  for (const b of blockquotesOf(post)) if (b.start <= start && end <= b.end && (!q || b.start < q.start)) q = b;
  return !!q && !NOTE_BOX_RE.test(post.text.slice(q.start, q.start + 40));
}

/** The site's house wording is written in at least this many other posts, and this many times as many as each other wording. */
const HOUSE_POSTS = 3;
const HOUSE_RATIO = 2;

/**
 * The glossary's preferred Chinese wording of the concept, where the post's wordings are all Chinese, it is one of them, and it is
 * the site's house wording:
 * the workspace's other posts (this author's, on a site of many authors) write it in HOUSE_POSTS or more, and in HOUSE_RATIO
 * times as many as each other wording the post writes. Undefined otherwise (no index, a split site, a Latin or unranked form).
 */
function houseWording(workspace: Readonly<Workspace>, post: Post, concept: Concept, forms: ReadonlyArray<[string, HitFacts]>): { form: string; posts: number; table?: string } | undefined {
  const index = workspace.index;
  // (Chinese wordings only: a name's Chinese and English names, `谷歌` / `Google`, are a style choice, session 15.)
  if (!index || !index.posts.size || concept.normative || forms.some(([f]) => isLatinForm(f))) return undefined;
  const stats = aggregateTerms(index).get(concept.id);
  const sameAuthor = sameAuthorFilter(index, post);
  const count = (form: string) => stats?.get(form)?.posts.filter((p) => p !== workspace.path && sameAuthor(p)).length ?? 0;
  // The wording the site's terms page gives the concept (`| metadata | 元信息 |`), where the post writes it: the site chose it
  // (session 19). Not where the site's posts left it: another wording of the post in HOUSE_RATIO times as many posts (pingcap's
  // table writes 日志等级, its posts 日志级别 in 34, 日志等级 in 11: the page is outvoted by the docs). (Not the terms page itself.)
  const table = tableWording(index, concept);
  // Nor where the site writes both widely (siteWritesBoth: pingcap's 元数据 in 113 posts, 元信息 in 102, the table's): its two
  // wordings, used for different objects (`元数据锁`, the metadata lock feature, is no slip from the table's 元信息).
  if (table && table.post !== workspace.path && forms.some(([f]) => f === table.form) &&
    forms.every(([f]) => f === table.form || (count(f) < HOUSE_RATIO * Math.max(1, count(table.form)) && !siteWritesBoth(workspace, concept, f, table.form)))) {
    return { form: table.form, posts: count(table.form), table: table.post };
  }
  const preferred = forms.find(([, h]) => h.form.preferred && h.form.kind === 'zh');
  if (!preferred || !stats) return undefined;
  const n = count(preferred[0]);
  if (n < HOUSE_POSTS) return undefined;
  return forms.every(([f]) => f === preferred[0] || n >= HOUSE_RATIO * count(f)) ? { form: preferred[0], posts: n } : undefined;
}

/** Each of two wordings in at least this many other posts of the workspace, for the site to write both. */
const SITE_BOTH_POSTS = 10;

/**
 * Does the workspace write both wordings of the concept widely: each in `SITE_BOTH_POSTS` other posts or more, and neither in
 * twice as many posts as the other (cross-post's split workspace)? Then both are the site's wordings.
 */
function siteWritesBoth(workspace: Readonly<Workspace>, concept: Concept, a: string, b: string): boolean {
  const index = workspace.index;
  if (!index || !index.posts.size) return false;
  const stats = aggregateTerms(index).get(concept.id);
  const count = (form: string) => stats?.get(form)?.posts.filter((p) => p !== workspace.path).length ?? 0;
  const x = count(a);
  const y = count(b);
  return Math.min(x, y) >= SITE_BOTH_POSTS && Math.max(x, y) < 2 * Math.min(x, y);
}
