/**
 * term/abbr-undefined: an abbreviation (mixed case too: `DeComp`, `OTel`) used before the post
 * defines it, or a glossary abbreviation the post never defines. Definitions are
 * `全称 (ABBR)`, `全称（简称 ABBR）`, `全称，简称 ABBR`, `Full Name (ABBR)`, `ABBR（全称）`,
 * `全称（English Name，或 ABBR）`, `ABBR，全称为…`, `ABBR …，它是「English Name」的缩写`, `ABBR 即 English Name`,
 * `ABBR 为 English Name 的简称`, the glossary's full name right beside it (`去中心化自治组织 DAO`), a Chinese glossary term right
 * beside it whose English name's initials spell it (`EC 椭圆曲线`: elliptic curve; also after Latin words that give its first
 * letters: `Solana 虚拟机 SVM`), the Chinese full name in quotes (`“未花费交易输出”
 * (Unspent Transaction Output, UTXO)`), an abbreviation
 * that starts with a digit (`两阶段提交 (2PC)`), a written-out name of three words or more that leaves out one letter
 * of a long abbreviation (`Cryptography Secure Random Number Generators(CSPRNG)`), also with the abbreviation or the full name in inline code
 * (`` `CDC` (Change Data Capture) ``, `` 时间点恢复（`PITR`） ``); a definition within a few lines
 * after the first use counts as given there. `ABBR（…）` counts only if the parentheses read as a
 * name (initials that fit, or a Chinese name; not a remark such as `（见上图）`). Abbreviations every
 * reader knows (AI, GPU, API, URL, …: `data/glossary/well-known.json`), words in capitals
 * (`data/glossary/capital-words.json`: SQL keywords, HTTP methods) pass, and so do those the
 * user lists in `.zhen.yml` with only `abbr:`. Uses in headings do not count as the first use; nor, when the post
 * defines it later, uses in a blockquote (a note box: `> - IPNS KEY: …`; a quoted question: `> v1.1 STW`) or on a
 * figure's caption line (`_图16 GCN与GAT_` above the paragraph that defines it).
 *
 *   Bad:  推动了 DeComp 的创新……加密领域的去中心化计算 (DeComp) 正崛起。
 *   Good: 推动了去中心化计算 (DeComp) 的创新……DeComp 正崛起。  (or `DeComp（去中心化计算）` at first use)
 *
 * Abbreviations outside the glossary are graded by how well readers know them
 * (`data/glossary/abbreviations.json`, grades 1–5 from public lists and 12 real sites): one less
 * common than the option `known` (default 2) that the post never defines is reported, saying why
 * (`CSPRNG`, `DRA`). The blog's own vocabulary (an abbreviation used in `vocabulary` (default 5)
 * posts of the workspace, or defined in one of them) gets one hint with "add to glossary", in the
 * first post that uses it, instead of a finding in every post.
 * Graded (confidence.ts): use before the definition keeps the rule's severity, but for an item of an overview
 * defined in the part of the post the overview opens (`有浏览器钱包、手机钱包、MPC 钱包等` … the paragraph `MPC 全称为…`
 * in the same section, or a subsection headed by it, or (session 19) a paragraph whose first sentence defines it: `目前主流的就是
 * AMM 模式了，AMM 为 Automated Market Maker 的简称` after `两种：**Orderbook 模式**和 **AMM 模式**`; not from the post's lead to a
 * later chapter): a hint; so (session 15) is a
 * first use in a sentence that announces the definition (`下面我们会学习到，上述这个 NAT 工作方式实际上是 NAPT`), and one a few lines
 * below the full name the definition gives (`**Type 2：统一内核镜像**` above `EFI 格式的 UKI 镜像`, defined later as `UKI（统一内核镜像）`). A glossary abbreviation
 * never defined is graded by on how many of the 12 measured sites authors write it without defining it
 * (`abbreviations.json`: `TDD`, `LRU` on four or more are known to their readers) and less when a public technical list
 * has it (cspell's computing, software, data-science or Google Cloud terms, MDN's glossary: `LLM`, `GCP`, `AIGC`), and weighs more when
 * the post writes the full name elsewhere without tying the two (`大语言模型` … `LLM`), and less when it is the
 * only hand-written term of its field in the post (`ZK` for 零知识 in a post on etcd), and less again when the
 * post is written in its field (three or more other hand-written terms of the concept's domain, a quarter more
 * as of any other field: `SVM` in a post on scikit-learn's classifiers, `IaaS` in one on cloud deployment, `KYC` in a
 * crypto post; not in a post across AI and crypto): the readers of a post know the abbreviations of its field; so do the
 * readers of a blog written in that field (15 % or more of its posts of one field, five at least: `KYC` on a crypto blog,
 * whatever the post is about). An abbreviation
 * outside the glossary keeps the severity when it is in no list and on no other blog and the post
 * uses it three times or more. One that blogs commonly write, that two other posts of the workspace
 * use, that is explained on the spot (`SVS，即 Singing Voice Synthesis`, `简称 MOS`, a list item
 * `- AOF：AOF 机制对每条写入命令作为日志…`, `CLH 锁是一种…`, English words just before whose initials spell it:
 * `织入切面(Load time weaving)，也就是LTW`, or such a name in parentheses earlier on its line), whose letters are a CamelCase name of the post
 * (`PodDisruptionBudget` … `PDB`) or, never defined, the initials of English words it writes (`Path MTU
 * discovery` … `PMTUD`), that is part of a longer name (`EDC China`), one of a pair with its two letters
 * exchanged (`PNP` / `NPN`), a code after an amount (`19555 JPY`), that stands in a list of
 * its peers (`SA > OEM > MDA > XDA > DSA`, `Paxos、Raft、PBFT、PoW`), or that reads as a name (after a
 * maker's name: `NVIDIA NIM`, `Intel的HAXM`; before a number or version: `SOSP 2023`, `JSR 303`, `GTR5`; a `$TICKER`; letters
 * in a row: `BCD`; on the names list), that is paired with a known abbreviation differing in its first letter only (`UID 和 GID`),
 * or that stands in a run of English text (a quotation, a cited
 * title, a quoted config line), a title in 《…》, a list of references or a pasted chat log, is a hint. So is one
 * explained as a kind of something (`FEC也是一种纠错算法`), and one that opens a short label in quotes (`“ICO钱包”`: a category as it is called).
 * Names listed before what names them (`SLP 和 AXS 代币`, a file format: `JMOD 文件`) are not reported, nor a name written in
 * capitals that the post also writes as a name (`SUN 公司` … `Sun 公司`), nor a word term/misspelt reports as a slip (`PTEG`
 * beside a known `PETG`: one finding, under that rule); one in capitals (four or more, in no list) two neighbouring letters
 * away from another such abbreviation the post or another post writes (`PTEG` here, `PETG` in one other post: which is the
 * slip term/misspelt cannot tell) is a hint (`swapOfAbbr`; session 18, second round).
 * Session 16: an abbreviation a short heading names is the subject of that heading's section (`### LoRA` then `使用LoRA的语法`,
 * `#### FC（NES）` then `NES模拟器`; used before its definition in a section of its own: `像 2PC、3PC 就属于刚性事务` …
 * `### 2PC（两阶段提交协议）`): a hint (`sectionSubject`, the lead's decision). A use in a raw transcript of speech
 * (core transcript.ts: `嗯`, `呃` written out) is a hint (`transcript`).
 * Session 18: in a log page (three or more dated headings: `### 2022-05-24`), a glossary abbreviation never defined whose
 * entry is written in its field (three or more other hand-written terms of it there, leading every other field: a day's
 * deep-learning notes naming 机器学习, 监督学习, 强化学习 before `GAN`) weighs less (`sectionField`), as in a post of its field
 * (not the sections of one essay across two fields: the example post's `ZK`, `KYC`); and a use in an index entry (a list
 * item that links to another page of the site and says what it covers: `[Maven 核心概念总结](./maven/…)：理解 POM、坐标…`) is a
 * hint (`indexEntry`): the linked page explains it.
 *
 * Options: `unknown: false` reports no abbreviation outside the glossary, `unknown: true` every one
 * not on the well-known list (both as before); `known`, `vocabulary`; `confidence` (0–1, default
 * 0.6): findings below it are hints (0: none).
 *
 * Fixes: define it at the first use as `ABBR（全称）` (the post's own full name, else the
 * glossary's); add the abbreviation to the glossary as known (`.zhen.yml`).
 */
import type { Fix, Rule, Workspace } from '../../types';
import type { Post } from '../../document';
import { positionAt } from '../../text';
import { CJK_RANGES, isCjkChar } from '../../cjk';
import { analyzeTerms, type AbbrDefinition, type PostTerms } from './analysis';
import type { Concept } from './glossary';
import { addToGlossaryFix } from './fixes';
import { abbrInfo, inPublicList } from './abbreviations';
import { aloneInField, inPostField, inSectionField } from './fields';
import { abbreviationShaped, amongPeers, listPeers } from './peers';
import { isKnownWord } from './known';
import { misspellings, slipOf } from './misspelt';
import { aggregateAbbrs, siteFields, SPECIALIST_FIELDS as SPECIALIST } from './summary';
import { canonicalNames, clusterKey } from './names';
import { CONFIDENCE_MESSAGES, codeWords, contextEvidence, quoted, reportGraded, type GradedOptions } from './confidence';
import { inBlockquote } from '../../containers';
import { headingsOf, sectionEnd } from '../../sections';
import { joinWindows, sameStrings, type WindowSum } from '../../windowSums';

interface Options extends GradedOptions {
  /**
   * Abbreviations outside the glossary: `false` reports none of them (the old default), `true` reports
   * every one that is not on the well-known list; unset (the default), those less common than `known`.
   */
  unknown?: boolean;
  /** The grade (1–5, data/glossary/abbreviations.json) from which an abbreviation counts as known to readers (default 2). */
  known: number;
  /** An abbreviation used in this many posts of the workspace (or defined in one) is the blog's vocabulary (default 5; 0: off). */
  vocabulary: number;
}

interface Use {
  start: number;
  end: number;
  text: string;
  inHeading: boolean;
  inDefinition: boolean;
  cited: boolean;
}

/** A definition this close after the first use (UTF-16 code units, a few lines) counts as given at the first use. */
const CLOSE_DEFINITION = 300;

export const rule: Rule<Options> = {
  id: 'term/abbr-undefined',
  description: 'An abbreviation used before its definition, or never defined.',
  defaultSeverity: 'info',
  defaultOptions: { known: 2, vocabulary: 5 },
  messages: {
    beforeDefinition: {
      en: '"{abbr}" is used before its definition on line {line}: define it at its first use.',
      'zh-cn': '“{abbr}”在第 {line} 行才给出定义，应在首次出现时定义。',
    },
    undefined: {
      en: '"{abbr}" ({full}) is never defined in this post: write the full name at its first use.',
      'zh-cn': '本文未定义“{abbr}”（{full}），应在首次出现时写出全称。',
    },
    unknown: {
      en: '"{abbr}" is never defined in this post.',
      'zh-cn': '本文未定义缩写“{abbr}”。',
    },
    notKnown: {
      en: '"{abbr}" is never defined in this post, and readers may not know it: {why}. Write the full name at its first use.',
      'zh-cn': '本文未定义缩写“{abbr}”，读者未必认识（{why}），应在首次出现时写出全称。',
    },
    unlisted: { en: 'it is not among the common abbreviations Zhen knows', 'zh-cn': '不在常见缩写表中' },
    rare: { en: 'few blogs use it ({sites} of the 12 sites Zhen was measured on)', 'zh-cn': '少见，Zhen 统计的 12 个站点中仅 {sites} 个使用' },
    vocabulary: {
      en: '"{abbr}" is used in {posts} posts of this workspace{defined}: it is part of this blog\'s vocabulary. Add it to the glossary once rather than defining it in every post.',
      'zh-cn': '工作区中有 {posts} 篇文章使用“{abbr}”{defined}，已是本站常用词：宜一次性加入术语表，而不必每篇都定义。',
    },
    definedIn: { en: ' (defined in {post})', 'zh-cn': '（{post} 中有定义）' },
    fixDefine: { en: 'Define it here: "{text}"', 'zh-cn': '在此处定义：“{text}”' },
    fixKnown: { en: 'Add "{abbr}" to the glossary as well known (.zhen.yml)', 'zh-cn': '将“{abbr}”作为常见缩写加入术语表（.zhen.yml）' },

    ...CONFIDENCE_MESSAGES,
  },
  check(ctx) {
    const { post } = ctx;
    const terms = analyzeTerms(post, ctx.config);
    // How sure: how well blogs know the abbreviation, and whether it reads as a name (a maker's
    // product, a spec or event with a number, a ticker, a known word or name) rather than one to spell out.
    // (A glossary abbreviation the post never defines is not graded by the lists, which say how often it
    // is written, but by on how many independent sites authors write it without defining it: they take
    // it as known to their readers. The glossary says itself which are well known, and the blog's own
    // vocabulary turns the rest into one hint.)
    const evidence = (abbr: string, list: Use[], first: Use, graded: 'grade' | 'undefinedSites' | 'none', concept?: Concept, defined = false): string[] => {
      const ev = contextEvidence(post, first);
      const info = abbrInfo(abbr);
      if (graded === 'grade') ev.push(info.grade >= 4 ? 'knownGrade' : info.grade >= 1 || info.sites > 0 ? 'someGrade' : 'unseen');
      if (graded === 'undefinedSites') {
        if (info.undefinedSites >= 4) ev.push('undefinedWidely');
        else if (info.undefinedSites === 3) ev.push('undefinedOften');
        else if (info.undefinedSites === 2) ev.push('undefinedSometimes');
        // In a public technical list (cspell's computing, software, data-science or Google Cloud terms, MDN's glossary):
        // technical writing uses it without spelling it out, and readers of a technical blog have met it (`LLM`, `GCP`, `AIGC`).
        if (inPublicList(abbr)) ev.push('publicList');
        // The post writes the full name elsewhere (`大语言模型` … `LLM`) but never ties the two together.
        if (concept && fullNameElsewhere(post.prose, concept, first)) ev.push('fullNameInPost');
        // No other term of the concept's field in the post (`ZK` for 零知识 in a post on etcd, where it is ZooKeeper):
        // the letters may stand for something else, and the reader of this post may know that.
        if (concept && aloneInField(terms, concept)) ev.push('aloneInField');
        // The post is written in the concept's field (three or more other hand-written terms of it, and its leading
        // field: `SVM` in a post on scikit-learn's classifiers, `IaaS` in one on cloud deployment): its readers know
        // the field's abbreviations. (Not in a post across two fields, AI × crypto: a reader from one meets the other's.)
        else if (concept && inPostField(terms, concept)) ev.push('inField');
        // The blog is written in the concept's field (15 % or more of its posts of one field, five at least: `KYC` on a
        // crypto blog, `2PC` on a Java back-end one): its readers know the field's abbreviations, whatever this one post is about.
        else if (concept && inSiteField(ctx.workspace, terms.glossary, concept)) ev.push('siteField');
        // A log page (three or more dated headings) whose entry the first use is in is written in the concept's field (three or
        // more other hand-written terms of it there, leading every other field: a yearly log's day of notes on deep learning naming
        // 机器学习, 监督学习 and 强化学习 before `GAN`): the entry's readers know the field's abbreviations (session 18). (Not the
        // sections of one essay across two fields: the example post's `ZK`, `KYC`.)
        else if (concept && inSectionField(post, terms, concept, first.start)) ev.push('sectionField');
      }
      // One of a list of abbreviations and names (`SA > OEM > MDA > XDA > DSA`, `Paxos、ZAB、Raft、PBFT、PoW`):
      // it names one item among its peers.
      if (amongPeers(post.prose, first.start, first.end, (w) => abbreviationShaped(w) || /^[A-Z]/.test(w))) ev.push('peerList');
      // An index entry: a list item that opens with a link to another page of the site and then says what that page covers
      // (`2. [Maven 核心概念总结](./maven/maven-core-concepts.md)：理解 Java 项目构建、POM、坐标…`): the linked page is where
      // the abbreviation is explained, and the index only names it (session 18, seed-71206 sample).
      if (INDEX_ENTRY_RE.test(post.text.slice(post.lineStarts[positionAt(post.lineStarts, first.start).line], first.start))) ev.push('indexEntry');
      // The post writes the name its letters stand for (`PodDisruptionBudget` … `PDB`).
      // Or the English words it stands for (`类加载期间织入切面(Load time weaving)` … `LTW`, `Path MTU discovery` … `PMTUD`).
      // (Not for one used before its definition: the definition writes those words.)
      if (camelInitials(post).has(abbr.toUpperCase()) || (!defined && abbr.length >= 3 && wordInitials(post).has(abbr.toUpperCase()))) ev.push('namedInPost');
      if (explainedAfter(post.prose, first.end, abbr, concept)) ev.push('explained');
      if (letterRun(abbr)) ev.push('letterRun');
      if (!terms.chinese) ev.push('englishPost');
      if (vocabulary(ctx.workspace, abbr, ctx.options.vocabulary ?? 5)) ev.push('blogVocabulary');
      // Two other posts of the blog use it too: its readers have met it.
      else if (otherPostsUsing(ctx.workspace, abbr) >= 2) ev.push('usedInBlog');
      if (BRAND_BEFORE_RE.test(post.prose.slice(Math.max(0, first.start - 24), first.start))) ev.push('brandBefore');
      // A number or version after it, or glued to it (`GTR5`, `RTX3070`: a model's name).
      if (NUMBER_AFTER_RE.test(post.prose.slice(first.end, first.end + 6)) || /[A-Z]\d+$/.test(abbr)) ev.push('numberAfter');
      if (post.prose[first.start - 1] === '$') ev.push('ticker');
      // After a number (`19555 JPY`, `875 CNY`): a unit or currency code, read with the number.
      if (!concept && AMOUNT_BEFORE_RE.test(post.prose.slice(Math.max(0, first.start - 16), first.start))) ev.push('unitAfterNumber');
      // Outside the glossary, a capitalised word right after it (`EDC China 电音节`, `KCC Mall`): one name of several words.
      if (!concept && NAME_WORD_AFTER_RE.test(post.prose.slice(first.end, first.end + 4))) ev.push('nameAfter');
      // The post writes its two letters exchanged too (`PNP` and `NPN`): labels of a pair of kinds, not names to spell out.
      if (!concept && mirrorInPost(terms.tokens, abbr)) ev.push('mirrorPair');
      if (canonicalNames().has(clusterKey(abbr))) ev.push('knownName');
      // Paired with a known abbreviation that differs in its first letter only (`UID 和 GID`, `PID/TID`): the reader reads it off its sibling.
      if (!concept && knownSibling(post.prose, first.start, first.end, abbr, glossary.wellKnown, ctx.options.known ?? 2)) ev.push('knownSibling');
      if (list.length >= 3) ev.push('manyUses');
      // The first use is in a section headed by it (`### LoRA` then `使用LoRA的语法是…`, `## CTP` … `实盘CTP比较麻烦`, `#### FC（NES）`
      // then `NES模拟器`): the section's subject, named where the reader turned to it (the lead, session 16).
      if (!defined && namingSections(post, abbr).some((h) => h.start < first.start && first.start < h.end)) ev.push('sectionSubject');
      // The first word of a short label in quotes (`“ICO钱包”、“矿池”、“交易所”`): a category's name, quoted as it is called.
      if (!ev.includes('quoted') && QUOTED_LABEL_RE.test(post.prose[first.start - 1] + post.prose.slice(first.end, first.end + 9))) ev.push('quotedLabel');
      return ev;
    };
    const { glossary } = terms;
    const uses = new Map<string, Use[]>();
    const push = (u: Use) => {
      const arr = uses.get(u.text);
      if (arr) arr.push(u);
      else uses.set(u.text, [u]);
    };
    const tokenStarts = new Set<number>();
    // (Indexed loops: a for-of over an array allocates an iterator result per item wherever V8 runs the loop unoptimised.)
    for (let i = 0; i < terms.tokens.length; i++) {
      const t = terms.tokens[i];
      push(t);
      tokenStarts.add(t.start);
    }
    // (The hits as their blocks keep them: only those pushed are placed.)
    for (let i = 0; i < terms.blockHits.length; i++) {
      const h = terms.blockHits[i];
      if (h.form.kind === 'abbr' && h.exact && !tokenStarts.has(terms.hitStart(i))) push(terms.hitAt(i));
    }

    // A word term/misspelt reports as a slip of a name or abbreviation (`PTEG` for PETG): one finding, under that rule.
    // (Not three capitals: `MDL` beside `DML` is as often another abbreviation, metadata lock, and stays this rule's too.)
    const slips = new Set(misspellings(post, ctx.config, ctx.workspace).map((m) => m.run.text).filter((w) => !/^[A-Z]{3}$/.test(w)));
    for (const [abbr, list] of uses) {
      if (glossary.wellKnown.has(abbr.toLowerCase())) continue;
      if (slips.has(abbr)) continue;
      const forms = glossary.byText.get(abbr.toLowerCase()) ?? [];
      const abbrForm = forms.find((f) => f.kind === 'abbr');
      // A glossary name (GitHub, OpenAI) is not an abbreviation.
      if (!abbrForm && forms.length) continue;
      const concept = abbrForm?.concept;
      if (concept?.wellKnown) continue;
      // An imported concept's abbreviation is graded like any other (`UUID`, `TTL`, `ORM`: known to readers);
      // the hand-written glossary says itself which of its abbreviations are well known.
      if (concept?.imported && ctx.options.unknown !== true && abbrInfo(abbr).grade >= (ctx.options.known ?? 2)) continue;
      // Six or more capitals the glossary does not know are a word in capitals (`AFFINITY`, `CONSTRAINTS`), not an abbreviation.
      if (!concept && /^[A-Z]{6,}$/.test(abbr) && isKnownWord(abbr)) continue;
      // A link on the abbreviation (`[PITR](/br/pitr.md)`) explains it.
      if (list.some((u) => (u as { linked?: boolean }).linked)) continue;
      // Uses in headings, definitions and cited titles (`[DeepSeek 3FS 源码解读——RDMA篇](https://…)`) are not the first use in running text.
      const first = list.filter((u) => !u.inDefinition && !u.inHeading && !u.cited).sort((a, b) => a.start - b.start)[0];
      if (!first) continue;
      // (Or a use with the glossary's full name right beside it, `去中心化自治组织 DAO`, `DAO 去中心化自治组织`: a definition there.)
      const def = terms.abbrDefs.get(abbr) ?? defsByLowerCase(terms).get(abbr.toLowerCase()) ??
        (concept ? besideFullName(post.prose, list, concept) : undefined);
      if (def) {
        // A note box or quotation (a blockquote: `> - IPNS KEY: …` in a banner, `> v1.1 STW` as a question) or a figure's
        // caption (`_图16 GCN与GAT_` above the paragraph that defines it) is not the running text a definition serves:
        // the first use that counts is the first one outside them.
        const first = list.filter((u) => !u.inDefinition && !u.inHeading && !u.cited && !asideUse(post, u)).sort((a, b) => a.start - b.start)[0];
        if (!first || first.start >= def.span.start) continue;
        // Used earlier in the same paragraph or sentence as the definition: close enough.
        if (post.blocks.some((b) => b.span.start <= first.start && def.span.start < b.span.end && first.start < b.span.end && def.span.start >= b.span.start)) continue;
        // Defined in the lines right after (`涉及的RCU概念，贴一下相关解释：` then `RCU（Read-Copy Update）是…`): the reader gets it at once.
        if (def.span.start - first.end <= CLOSE_DEFINITION) continue;
        const line = positionAt(post.lineStarts, def.span.start).line + 1;
        reportGraded(ctx, {
          messageId: 'beforeDefinition',
          data: { abbr, line },
          span: { start: first.start, end: first.end },
          fixes: defineFixes(ctx, first, abbr, def.full ?? fullName(concept, terms.chinese)),
          detail: { abbr, definedAt: def.span.start },
        }, 'abbr.beforeDefinition', [
          ...evidence(abbr, list, first, 'grade', concept, true),
          ...(overviewThenDefined(post, first, def.span.start, abbr) ? ['overviewThenDefined'] : []),
          // `下面我们会学习到，上述这个 NAT 工作方式实际上是 NAPT`: the sentence says the definition is coming.
          ...(SIGNPOST_RE.test(sentenceBefore(post.prose, first.start)) ? ['signpost'] : []),
          // The full name the definition gives is written just above the first use (`**Type 2：统一内核镜像**` over
          // `将 EFI 格式的 UKI 镜像放在…`, defined later as `UKI（统一内核镜像）`): the reader has just read what it stands for.
          ...(fullNameJustBefore(post.prose, first.start, def.full) ? ['fullNameJustBefore'] : []),
          // A heading after the first use names it, and the definition is in its section (`像 2PC、3PC 就属于刚性事务` …
          // `### 2PC（两阶段提交协议）`; `映射 session -> UID -> TTY` … `### 2.1 TTY 与 VT（Virtual Terminal）`): the post gives
          // it a section of its own, which the reader sees in the outline (the lead, session 16).
          ...(namingSections(post, abbr).some((h) => h.start >= first.end && h.start <= def.span.start && def.span.start < h.end) ? ['sectionSubject'] : []),
        ]);
      } else {
        // The blog's own vocabulary: used in many posts of the workspace, or defined in another one.
        const vocab = vocabulary(ctx.workspace, abbr, ctx.options.vocabulary ?? 5);
        if (vocab) {
          // One suggestion for the whole workspace, in the first post (by path) that uses it.
          if (vocab.first !== ctx.workspace.path) continue;
          ctx.report({
            messageId: 'vocabulary',
            data: { abbr, posts: vocab.posts, defined: vocab.definedIn ? ctx.t('definedIn', { post: vocab.definedIn }) : '' },
            span: { start: first.start, end: first.end },
            severity: 'hint',
            fixes: [addToGlossaryFix(ctx.t('fixKnown', { abbr }), { abbr })],
            detail: { abbr, posts: vocab.posts, vocabulary: true },
          });
        } else if (concept) {
          const full = fullName(concept, terms.chinese);
          reportGraded(ctx, {
            messageId: 'undefined',
            data: { abbr, full: full ?? abbr },
            span: { start: first.start, end: first.end },
            fixes: defineFixes(ctx, first, abbr, full),
            detail: { abbr, concept: concept.id },
          }, 'abbr.glossary', evidence(abbr, list, first, 'undefinedSites', concept));
        } else if (ctx.options.unknown !== false && abbr.replace(/[^A-Za-z]/g, '').length >= 3 && (terms.chinese || ctx.options.unknown === true)) {
          // (An English post, a README or notes, is left out: its readers are not the ones the grades describe.)
          // Outside the glossary: graded by how common it is (data/glossary/abbreviations.json).
          const info = abbrInfo(abbr);
          const threshold = ctx.options.unknown === true ? 6 : ctx.options.known ?? 2;
          if (info.grade >= threshold) continue;
          // Not an abbreviation: a word in another casing (`NaN`), a run of repeated letters (`AAAABBBB`);
          // or one built on a well-known abbreviation (`EASCII`, `GPGPU`): readers can read it.
          if (ctx.options.unknown !== true && ((abbr !== abbr.toUpperCase() && isKnownWord(abbr)) || /([A-Z])\1\1/.test(abbr) || builtOnKnown(abbr, glossary.wellKnown))) continue;
          // A name written in capitals that the post also writes as a name (`SUN 公司` … `Sun 公司`, `NOKIA` … `Nokia`): no abbreviation.
          if (ctx.options.unknown !== true && writtenAsName(post, abbr)) continue;
          // Four or more capitals that spell a word or a technology's name (`PROS`, `LLVM`): no abbreviation to spell out.
          if (ctx.options.unknown !== true && abbr.length >= 4 && isKnownWord(abbr)) continue;
          // A list of user or project names or of commands (`Nigh、Dr-XYZ、MolDuM、XC-Zero`, `BRPOP、LLEN、LSET`,
          // `PREROUTING -> FORWARD -> POSTROUTING`), or a message or command named by what follows (`用 IHAVE 消息回复`):
          // names, not abbreviations. A mixed-case word outside the glossary is a name too (`QCon`, `MuMu`, `WebOS`).
          if (ctx.options.unknown !== true && (inNameList(post.prose, first.start, first.end) || namedBy(post.prose, first.end) || abbr !== abbr.toUpperCase())) continue;
          // The post shows it in code as well (`save all as HAR`, `hsl(…)`): a label, command or value the
          // reader meets as the program writes it, not an abbreviation the author coined.
          if (ctx.options.unknown !== true && codeWords(post).has(abbr.toLowerCase())) continue;
          // A name the author introduces (`名为 HGATE 的编码器`), an example in quotes (`“CDE”`), or a known
          // abbreviation with a number (`ERC20`, `AES256`: the reader knows ERC and AES).
          if (ctx.options.unknown !== true && (NAMING_RE.test(post.prose.slice(Math.max(0, first.start - 8), first.start)) || quoted(post.prose, first.start, first.end) || knownWithNumber(abbr, glossary, ctx.options.known ?? 2))) continue;
          const ev = evidence(abbr, list, first, 'grade');
          // Two neighbouring letters swapped from another unlisted abbreviation this post or another post of the site writes
          // (`PTEG` here, `PETG` in one other post): one of the two is a slip, which neither term/misspelt can tell from one post
          // against one nor this rule should call undefined (session 18, seed-81206 sample).
          const swapped = info.grade === 0 ? swapPartner(ctx.workspace, uses.keys(), abbr) : undefined;
          if (swapped) ev.push('swapOfAbbr');
          reportGraded(ctx, {
            messageId: 'notKnown',
            data: { abbr, why: info.sites > 0 ? ctx.t('rare', { sites: info.sites }) : ctx.t('unlisted') },
            span: { start: first.start, end: first.end },
            fixes: [addToGlossaryFix(ctx.t('fixKnown', { abbr }), { abbr })],
            detail: { abbr, grade: info.grade },
          }, 'abbr.unknown', ev, { other: swapped ?? '' });
        }
      }
    }
  },
};

const lowerDefs = new WeakMap<object, Map<string, AbbrDefinition>>();

/** The post's first definition of each abbreviation by its letters in lower case (one look-up per abbreviation, not a scan of all). */
function defsByLowerCase(terms: PostTerms): Map<string, AbbrDefinition> {
  let m = lowerDefs.get(terms);
  if (!m) {
    m = new Map();
    for (const d of terms.abbrDefs.values()) if (!m.has(d.abbr.toLowerCase())) m.set(d.abbr.toLowerCase(), d);
    lowerDefs.set(terms, m);
  }
  return m;
}

/** A sentence that announces what comes later in the post: `下面我们会学习到`, `后文会介绍`, `接下来将讲到`. */
const SIGNPOST_RE = /(?:下面|下文|后面|后文|稍后|接下来|之后)[^。！？!?\n]{0,8}?(?:会|将|再)[^。！？!?\n]{0,6}?(?:学习|介绍|讲|说明|解释|详述|展开|看到|提到|谈到)/;

/** The text of the sentence before a position (back to the last sentence end or line break, 60 characters at most). */
function sentenceBefore(prose: string, at: number): string {
  const lead = prose.slice(Math.max(0, at - 60), at);
  return lead.slice(Math.max(lead.lastIndexOf('。'), lead.lastIndexOf('！'), lead.lastIndexOf('？'), lead.lastIndexOf('\n')) + 1);
}

/** How far above the first use the definition's full name still counts as just read (UTF-16 code units, a few lines). */
const JUST_BEFORE = 300;

/**
 * Is the full name a later definition gives (`统一内核镜像` of `UKI（统一内核镜像）`) written in the lines right above the
 * abbreviation's first use? A Chinese name of four characters or more, or English words of two or more.
 */
function fullNameJustBefore(prose: string, at: number, full: string | undefined): boolean {
  const f = full?.trim();
  if (!f || !(new RegExp(`^[${CJK_RANGES}]{4,}$`).test(f) || /^[A-Za-z]+(?:[ \u00a0-]+[A-Za-z]+)+$/.test(f))) return false;
  return prose.slice(Math.max(0, at - JUST_BEFORE), at).toLowerCase().includes(f.toLowerCase());
}

/** The abbreviation introduced as a short form (`一般简称 MOS 管`, `缩写为 ESB`). */
const SHORT_FOR_RE = /(?:简称|缩写为|简写为|缩写|abbreviated(?: as)?|short for)[ \u00a0]*$/;
/** Only list markers, numbers, emphasis and spaces before a word at the start of its line. */
const TERM_START_RE = /^[\s\uE000*+\-\d.、)）>]*$/;
/** A colon and an explanation after it. */
const TERM_COLON_RE = /^[\uE000*]*[ \u00a0]*[：:][ \u00a0]*\S/;
/** A definition right after the abbreviation: `SVS，即 Singing Voice Synthesis`, `HA 高可用性`, `X 全称…`. */
const EXPLAINED_RE = /^[ \u00a0]*[，,：:]?[ \u00a0]*(?:即|也就是|也即|全称|全名|是指|指的是|意为|stands for|means)/;
/** What it names, then what that is: `CLH 锁是一种基于自旋锁的实现`, `XYZ 协议是指…`; or a kind it is one of: `FEC也是一种纠错算法`. */
const NAMED_THING_IS_RE = new RegExp(`^[ \u00a0]?(?:(?![也还就都则又即便])[${CJK_RANGES}]{1,4}(?:是一种|是一个|是一类|是指|指的是)|也是一[种类])`);

/** An English name of two words or more in parentheses: `(Load time weaving)`. */
const GLOSS_RE = /[(（][ \u00a0]*([A-Za-z][A-Za-z]*(?:[ \u00a0-]+[A-Za-z][A-Za-z]*)+)[ \u00a0]*[)）]/g;

/** An English name of two words or more said to be what it is short for, within its sentence: `它是「Demilitarized Zone」的缩写`. */
const SHORT_OF_RE = /^[^。！？\n]{0,40}?(?:是|为|即|指)[ \u00a0]*[「“"'《(（]?[ \u00a0]*([A-Za-z][A-Za-z-]*(?:[ \u00a0]+[A-Za-z][A-Za-z-]*)+)[ \u00a0]*[」”"'》)）]?[ \u00a0]*的(?:英文)?(?:首字母)?(?:缩写|简称|简写)/;

/**
 * Is the abbreviation explained where it is first used: introduced as a short form (`简称 MOS`), a defining phrase right after it, English
 * words whose initials spell it within the next 60 characters (`SVS，即 Singing Voice Synthesis`),
 * or its glossary concept's full name right beside it (`HA 高可用性`, `高可用 HA`)?
 */
function explainedAfter(prose: string, end: number, abbr: string, concept: Concept | undefined): boolean {
  // `MOSFET 晶体管一般简称 MOS 管`: named as the short form of what comes before.
  if (SHORT_FOR_RE.test(prose.slice(Math.max(0, end - abbr.length - 8), end - abbr.length))) return true;
  const after = prose.slice(end, end + 60);
  if (EXPLAINED_RE.test(after) || NAMED_THING_IS_RE.test(after)) return true;
  // English words whose initials spell it just before, in the same sentence (`织入切面(Load time weaving)，也就是LTW`).
  const lead = prose.slice(Math.max(0, end - abbr.length - 60), end - abbr.length);
  const sentence = lead.slice(Math.max(lead.lastIndexOf('。'), lead.lastIndexOf('\n')) + 1);
  // (Words, not other abbreviations: `KYC/AML … KYC 或 AML`, `AES-256-GCM … GCM` spell nothing out.)
  const leadInitials = (sentence.match(/[A-Za-z]+(?:-[A-Za-z]+)*/g) ?? []).filter((w) => /[a-z]/.test(w) || w.length === 1).map((w) => w[0].toUpperCase()).join(' ');
  const abbrLetters = abbr.replace(/[^A-Za-z]/g, '').toUpperCase();
  if (abbrLetters.length >= 3 && (' ' + leadInitials.replace(/ /g, '') + ' ').includes(abbrLetters) && leadInitials.split(' ').length >= abbrLetters.length) return true;
  // An English name in parentheses earlier on its line whose initials spell it (`在类加载期间织入切面(Load time weaving)。…除非需要使用LTW`):
  // the gloss the reader has just read, a sentence or two before.
  const lineLead = prose.slice(Math.max(prose.lastIndexOf('\n', end - abbr.length - 1) + 1, end - abbr.length - 240), end - abbr.length);
  for (const m of lineLead.matchAll(GLOSS_RE)) {
    if (abbrLetters.length >= 3 && m[1].split(/[ \u00a0-]+/).map((w) => w[0].toUpperCase()).join('') === abbrLetters) return true;
  }
  // Said to stand for an English name in the same sentence: `DMZ 主机的功能，它是「Demilitarized Zone」的缩写`.
  const short = SHORT_OF_RE.exec(after);
  if (short && short[1][0].toUpperCase() === abbr[0].toUpperCase()) return true;
  // The term of a list item or line that explains it (`- AOF：AOF 机制对每条写入命令作为日志…`).
  const lineStart = prose.lastIndexOf('\n', end - abbr.length - 1) + 1;
  if (TERM_START_RE.test(prose.slice(lineStart, end - abbr.length)) && TERM_COLON_RE.test(after)) return true;
  const letters = abbr.replace(/[^A-Za-z]/g, '').toUpperCase();
  const initials = (after.match(/[A-Za-z][A-Za-z-]*/g) ?? []).map((w) => w[0].toUpperCase()).join('');
  if (letters.length >= 2 && initials.includes(letters)) return true;
  // The full name right beside it, after (`HA 高可用性`) or before (`高可用 HA`).
  const near = (prose.slice(Math.max(0, end - abbr.length - 12), end - abbr.length) + '\u0000' + prose.slice(end, end + 12)).toLowerCase();
  return !!concept && [...concept.zh, ...concept.en].some((f) => f.length >= 2 && near.includes(f.toLowerCase()));
}

/** The first use written right beside the concept's full name (`去中心化自治组织 DAO`, `DAO（去中心化自治组织）` aside): where the post ties them. */
function besideFullName(prose: string, list: readonly Use[], concept: Concept): { span: { start: number; end: number }; full?: string } | undefined {
  const forms = [...concept.zh, ...concept.en.filter((f) => /\s/.test(f.trim()))].filter((f) => f.length >= 2);
  for (const u of [...list].sort((a, b) => a.start - b.start)) {
    const before = prose.slice(Math.max(0, u.start - 24), u.start).replace(/[ \u00a0\uE000]+$/, '');
    const after = prose.slice(u.end, u.end + 24).replace(/^[ \u00a0\uE000]+/, '');
    if (forms.some((f) => before.endsWith(f) || after.startsWith(f))) return { span: { start: u.start, end: u.end } };
  }
  return undefined;
}

/**
 * Does the post write the concept's full name (a Chinese form, or an English form of two words or
 * more) away from the abbreviation's first use (not the `HA 高可用性` right beside it, `explained`)?
 */
function fullNameElsewhere(prose: string, concept: Concept, first: { start: number; end: number }): boolean {
  const forms = [...concept.zh.filter((f) => f.length >= 2), ...concept.en.filter((f) => /\s/.test(f.trim()))];
  for (const f of forms) {
    let i = prose.indexOf(f);
    while (i >= 0) {
      if (i + f.length < first.start - 12 || i > first.end + 12) return true;
      i = prose.indexOf(f, i + f.length);
    }
  }
  return false;
}

/**
 * What abbr-undefined reads of the Latin words of a stretch of prose (a window's whole lines, or lines between windows):
 * the words written as a name (a capital, then two lower-case letters or more: `Nokia`, `writtenAsName`), the capitals of
 * its CamelCase names (`PodDisruptionBudget` → `PDB`, `camelInitials`) and the initials of its runs of English words
 * (`wordInitials`). None of the three crosses a line, so the post's are the union of its windows' and of what lies between.
 */
interface LatinWords {
  names: string[];
  camel: string[];
  initials: string[];
}

/** A word written as a name, whole (`Nokia`, `Sun`; not `Sun2` or `SunOS`). */
const NAME_WORD_RE = /(?<![A-Za-z0-9])[A-Z][a-z]{2,}(?![A-Za-z0-9])/g;
const CAMEL_RE = /(?<![A-Za-z0-9])(?:[A-Z][a-z]+){2,}(?![A-Za-z0-9])/g;
const WORD_RUN_RE = /[A-Za-z]+(?:[ \u00a0-]+[A-Za-z]+)+/g;
const LATIN_RE = /[A-Za-z]/g;
const NO_WORDS: LatinWords = { names: [], camel: [], initials: [] };

/** `re`'s matches that start in text[from, to) (lines: no match crosses `to`). */
function matchesIn(re: RegExp, text: string, from: number, to: number, each: (m: string) => void): void {
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < to) each(m[0]);
}

function latinWords(text: string, from: number, to: number): LatinWords {
  LATIN_RE.lastIndex = from;
  const any = LATIN_RE.exec(text);
  if (!any || any.index >= to) return NO_WORDS;
  const names = new Set<string>();
  const camel = new Set<string>();
  const initials = new Set<string>();
  matchesIn(NAME_WORD_RE, text, from, to, (m) => names.add(m));
  matchesIn(CAMEL_RE, text, from, to, (m) => camel.add(m.replace(/[a-z]/g, '')));
  // The initials of every run of two to six English words (a word in capitals counts whole: `Path MTU discovery` → `PMTUD`;
  // `Load time weaving` → `LTW`), upper case.
  matchesIn(WORD_RUN_RE, text, from, to, (m) => {
    const words = m.split(/[ \u00a0-]+/).slice(0, 60).map((w) => (/^[A-Z]{2,}$/.test(w) ? w : w[0].toUpperCase()));
    for (let i = 0; i < words.length; i++) {
      let acc = '';
      for (let j = i; j < Math.min(words.length, i + 6); j++) {
        acc += words[j];
        if (j > i) initials.add(acc);
      }
    }
  });
  if (!names.size && !camel.size && !initials.size) return NO_WORDS;
  return { names: [...names], camel: [...camel], initials: [...initials] };
}

const LATIN_WORDS: WindowSum<LatinWords> = {
  name: 'term/latin-words',
  part: (w) => latinWords(w.prose, 0, w.prose.length),
  gap: latinWords,
  same: (a, b) => a === b || (sameStrings(a.names, b.names) && sameStrings(a.camel, b.camel) && sameStrings(a.initials, b.initials)),
};

interface PostWords {
  names: Set<string>;
  camel: Set<string>;
  initials: Set<string>;
}

const wordsMemo = new WeakMap<Post, PostWords>();

/** The post's Latin words as abbr-undefined reads them (`LatinWords`): the windows' parts joined (windowSums.ts). */
function postWords(post: Post): PostWords {
  let words = wordsMemo.get(post);
  if (!words) {
    words = joinWindows(post, LATIN_WORDS, (parts) => {
      const names = new Set<string>();
      const camel = new Set<string>();
      const initials = new Set<string>();
      for (const p of parts) {
        if (p === NO_WORDS) continue;
        for (const x of p.names) names.add(x);
        for (const x of p.camel) camel.add(x);
        for (const x of p.initials) initials.add(x);
      }
      return { names, camel, initials };
    });
    wordsMemo.set(post, words);
  }
  return words;
}

/** The capitals of the post's CamelCase names (`PodDisruptionBudget` → `PDB`, `ZooKeeper` → `ZK`). */
function camelInitials(post: Post): Set<string> {
  return postWords(post).camel;
}

/**
 * The initials of every run of two to six English words the post writes (a word in capitals counts
 * whole: `Path MTU discovery` → `PMTUD`; `Load time weaving` → `LTW`), upper case.
 */
function wordInitials(post: Post): Set<string> {
  return postWords(post).initials;
}

/** Is the concept (hand-written, of a specialist field) of a field the blog writes in (summary.ts `siteFields`)? */
function inSiteField(workspace: Readonly<Workspace>, glossary: { byId: ReadonlyMap<string, Concept> }, concept: Concept): boolean {
  const index = workspace.index;
  if (!concept.domain || !SPECIALIST.has(concept.domain) || !index || !index.posts.size) return false;
  return siteFields(index, (id) => {
    const c = glossary.byId.get(id);
    return c && !c.imported ? c.domain : undefined;
  }).has(concept.domain);
}

/** An opening quote, then after the word a few more characters of the label and the closing quote (`“ICO钱包”`). */
const QUOTED_LABEL_RE = /^(?:“[^“”。，,！？\n]{1,8}”|「[^「」。，,！？\n]{1,8}」|"[^"。，,！？\n]{1,8}")/;

/** A figure's or table's caption line (`_图16 GCN与GAT_`, `**图 3：…**`, `Figure 2. …`, `表 1 …`). */
const CAPTION_LINE_RE = /^[ \t>]*(?:[*_]{1,3}[ \t]*)?(?:图|表|Figure|Fig\.|Table)[ \t]*[\d一二三四五六七八九十]/;

/** Is the use in a blockquote (a note box, a quotation) or on a figure's caption line? */
function asideUse(post: Post, u: { start: number; end: number }): boolean {
  if (inBlockquote(post, u)) return true;
  const lineStart = post.text.lastIndexOf('\n', u.start - 1) + 1;
  return CAPTION_LINE_RE.test(post.text.slice(lineStart, Math.min(u.start, lineStart + 40)) + post.text.slice(u.start, u.start + 1));
}

/** Does the post write the letters as a name too, capital and lower case (`Sun` for `SUN`, `Nokia` for `NOKIA`)? */
function writtenAsName(post: Post, abbr: string): boolean {
  if (!/^[A-Z]{3,}$/.test(abbr)) return false;
  return postWords(post).names.has(abbr[0] + abbr.slice(1).toLowerCase());
}

/**
 * Is the abbreviation paired (`和`, `与`, `或`, `、`, `/`) with a known one that differs from it in its first letter only
 * (`UID 和 GID`, `PID/TID`)? Known: on the well-known list, or graded at least `known`.
 */
function knownSibling(prose: string, start: number, end: number, abbr: string, wellKnown: ReadonlySet<string>, known: number): boolean {
  if (!/^[A-Z]{3,6}$/.test(abbr)) return false;
  const before = /([A-Z]{3,6})[ \u00a0]*(?:和|与|及|或|、|\/|,|，)[ \u00a0]*$/.exec(prose.slice(Math.max(0, start - 12), start))?.[1];
  const after = /^[ \u00a0]*(?:和|与|及|或|、|\/|,|，)[ \u00a0]*([A-Z]{3,6})(?![A-Za-z0-9])/.exec(prose.slice(end, end + 12))?.[1];
  return [before, after].some((o) => !!o && o !== abbr && o.length === abbr.length && o.slice(1) === abbr.slice(1) &&
    (wellKnown.has(o.toLowerCase()) || abbrInfo(o).grade >= known));
}

/**
 * The start of an index entry up to a word in it: a list item's marker, a link (bold or not) to a page of the same site (a
 * relative URL, not `http:` or `//`), then a colon or dash and the entry's description.
 */
const INDEX_ENTRY_RE = /^[ \t>]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\*\*|__)?\[[^\]\n]+\]\((?![a-z][a-z0-9+.-]*:|\/\/|#)[^)\s]+\)(?:\*\*|__)?[ \t]*(?:[：:]|[-—–]+)[^\n]*$/i;

/** A markdown list item's marker at the start of a line (`- `, `* `, `1. `, `2) `), after any indent or quote marks. */
const LIST_ITEM_RE = /^[ \t>]*(?:[-*+]|\d{1,3}[.)])[ \t]/;
/** What may open a line before the word it is about: indent, quote, list and heading marks, numbering, emphasis, code marks. */
const DEFINITION_LEAD_RE = /^[\s>*+\-#`\uE000\d.、)）]*/;
/** A few words that may lead into it (`最后是 DID`, `简单来说，NewSQL`; not `修复当使用 CTE…`): up to five characters ending in 是 or a comma or colon. */
const OPENING_LEAD_RE = /^(?:[^\s，,。：:]{0,5}(?:是|，|,|：|:)[ \u00a0`\uE000]*)?/;

/**
 * Is the first use one item of an overview, defined further on in the part of the post the overview opens?
 * The first use is an item of a list (a markdown list item, or an inline list: `浏览器钱包、手机钱包、MPC 钱包、智能合约钱包`,
 * `NoSQL 和 NewSQL 数据库`), and every heading between it and the definition opens a subsection of the
 * first use's section (the definition is in the same section, or deeper: `## 三、分组模式` lists `AES-256-GCM`,
 * `### 2. GCM (Galois/Counter) 分组模式` explains it); or those headings are of the same level and the last of
 * them, a sibling of the first use's section, names the abbreviation (`### NoSQL 数据库` … `### NewSQL 数据库` after the
 * overview sentence in `### 关系型数据库`). That is the
 * order of a tutorial: name the items, then explain each. (Not a use in the post's lead, before any heading or
 * under its title, with a heading between it and the definition; not a use in a section of its own whose heading
 * is above the definition's: `logind 把 VT 绑定到 seat` in section 1.2, `### 2.1 TTY 与 VT（Virtual Terminal）` under
 * a new chapter; nor a use in running text that is no list: `一个名为 UTXO 的列表`.)
 */
function overviewThenDefined(post: Post, first: { start: number; end: number }, defStart: number, abbr: string): boolean {
  const lineStart = post.lineStarts[positionAt(post.lineStarts, first.start).line];
  if (!LIST_ITEM_RE.test(post.text.slice(lineStart, first.start)) && listPeers(post.prose, first.start, first.end).items < 1) return false;
  let level = 0;
  const between: Array<{ depth: number; start: number; end: number }> = [];
  const depths: number[] = [];
  for (const b of post.blocks) {
    if (b.type !== 'heading') continue;
    const depth = (b.node as { depth?: number }).depth ?? 1;
    depths.push(depth);
    if (b.span.end <= first.start) level = depth;
    else if (b.span.start >= first.end && b.span.start <= defStart) between.push({ depth, start: b.span.start, end: b.span.end });
  }
  const word = new RegExp(`(?<![A-Za-z0-9])${abbr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);
  const named = (h: { start: number; end: number }) => word.test(post.prose.slice(h.start, h.end));
  // The definition is where the post turns to it: its line opens with the abbreviation (`MPC 全称为…`, `最后是 DID，全称为…`,
  // `简单来说，NewSQL 就是…`), or a heading on the way names it. (Not one item of a list of changes that happens to
  // spell it out: `修复…使用公共表表达式 (CTE) 可能导致…的问题` after `修复包含 CTE 的查询…` two items up.)
  const defLine = post.lineStarts[positionAt(post.lineStarts, defStart).line];
  const opening = post.prose.slice(defLine, defLine + 80).replace(DEFINITION_LEAD_RE, '');
  // Or (session 19) the paragraph's first sentence gives the definition: a paragraph that turns to it with a clause
  // first (`完全去中心化…的交易模式，目前主流的就是 AMM 模式了，AMM 为 Automated Market Maker 的简称` after `两种：**Orderbook
  // 模式**和 **AMM 模式**` and Orderbook's own paragraph). A paragraph, not a list item (the release-note item above).
  const firstSentence = !LIST_ITEM_RE.test(post.text.slice(defLine, defStart)) && !/[。！？!?]/.test(post.prose.slice(defLine, defStart));
  if (!(OPENING_LEAD_RE.exec(opening)?.[0].length === opening.indexOf(abbr) && word.test(opening)) && !firstSentence && !between.some(named)) return false;
  if (!between.length) return true;
  // The post's lead (before any heading, or under its one top heading, the title) opens the whole post, not a part of it:
  // `推动了 DeComp、ZK、数据以及应用等方面的创新` in the lead, `去中心化计算 (DeComp)` a hundred lines on under a chapter of its own.
  const top = Math.min(...depths);
  if (!level || (level === top && depths.filter((d) => d === top).length === 1)) return false;
  if (between.every((h) => h.depth > level)) return true;
  if (!between.every((h) => h.depth >= level)) return false;
  const last = between.reduce((a, h) => (h.start > a.start ? h : a));
  return last.depth === level && named(last);
}

/** `ABC`, `BCD`, `XYZ`: consecutive letters name things in a row (systems B, C and D), not an abbreviation. */
function letterRun(abbr: string): boolean {
  if (!/^[A-Z]{3,}$/.test(abbr)) return false;
  for (let i = 1; i < abbr.length; i++) if (abbr.charCodeAt(i) !== abbr.charCodeAt(i - 1) + 1) return false;
  return true;
}

/** A capitalised name right before (`NVIDIA NIM`, `Chainlink CCIP`, `Intel的HAXM`): a maker's product, not an abbreviation to spell out. */
const BRAND_BEFORE_RE = /(?:^|[^A-Za-z0-9])[A-Z][A-Za-z0-9]+(?:[ \u00a0]|[ \u00a0]?的[ \u00a0]?)$/;
/** An amount right before (`19555 JPY`, `1,200 CNY`; not a version: `v1.1 STW`). */
const AMOUNT_BEFORE_RE = /(?:^|[^A-Za-z0-9.,])\d[\d,]*(?:\.\d+)?[ \u00a0]?$/;

/** A capitalised word right after (`EDC China`): the abbreviation is part of a longer name. */
const NAME_WORD_AFTER_RE = /^[ \u00a0][A-Z][a-z]{2}/;

/**
 * Does the post write the abbreviation with its two letters exchanged too (`PNP` beside `NPN`)? A word of two
 * letters and its mirror label the two kinds of a pair (layers, polarities), not names to spell out.
 */
function mirrorInPost(tokens: ReadonlyArray<{ text: string }>, abbr: string): boolean {
  if (!/^[A-Z]{3,6}$/.test(abbr)) return false;
  const letters = [...new Set(abbr)];
  if (letters.length !== 2) return false;
  const [x, y] = letters;
  const mirror = [...abbr].map((c) => (c === x ? y : x)).join('');
  let words = mirrorMemo.get(tokens);
  if (!words) mirrorMemo.set(tokens, (words = new Set(tokens.map((t) => t.text))));
  return words.has(mirror);
}

const mirrorMemo = new WeakMap<object, Set<string>>();

/** A number or version right after (`SOSP 2023`, `JSR 303`, `EIP-1559`, `GPT 4o`, `V2`). */
const NUMBER_AFTER_RE = /^(?:[ \u00a0]?-?[vV]?\d|[ \u00a0]?['’]\d\d)/;
const NAME_BEFORE_RE = /[A-Za-z0-9][\w.-]*[ \u00a0]*(?:[、,，;；/|和与及]|->|→)[ \u00a0]*$/;
const NAME_AFTER_RE = /^[ \u00a0]*(?:[、,，;；/|和与及]|->|→)[ \u00a0]*[A-Za-z0-9][\w.-]*/;
/** What a name of a message, command or event is followed by. */
const NAMED_BY_RE = /^[ \u00a0]*(?:消息|命令|指令|报文|帧|事件|信号|字段|标志|状态|链|代币|币|函数|类型|关键字|认证方式|文件格式|文件)/;
/** A list of names before what names them: `SLP 和 AXS 代币`, `SYN、ACK 报文`. */
const PEER_BEFORE_NAMED_RE = /^[ \u00a0]*(?:[和与及、/,，]|以及)[ \u00a0]*[A-Z][A-Za-z0-9]{1,11}/;

/** Is the word named by what follows it, or by what follows the list it opens (`SLP 和 AXS 代币`)? */
function namedBy(prose: string, end: number): boolean {
  if (NAMED_BY_RE.test(prose.slice(end, end + 4))) return true;
  const m = PEER_BEFORE_NAMED_RE.exec(prose.slice(end, end + 24));
  return !!m && NAMED_BY_RE.test(prose.slice(end + m[0].length, end + m[0].length + 4));
}

/** The author introduces a name (`提出了名为 HGATE 的编码器`). */
const NAMING_RE = /(?:名为|叫做|称为|命名为|named|called)[ \u00a0]*$/;

/** One of a list of three or more Latin names or keywords (`Nigh、Dr-XYZ、MolDuM`, `BRPOP、LLEN、LSET`, `USDC、DAI、USDT 和 FRAX`). */
function inNameList(prose: string, start: number, end: number): boolean {
  let before = prose.slice(Math.max(0, start - 60), start);
  let after = prose.slice(end, end + 60);
  let m: RegExpExecArray | null;
  let left = 0;
  while (left < 3 && (m = NAME_BEFORE_RE.exec(before))) { before = before.slice(0, m.index); left++; }
  let right = 0;
  while (right < 3 && (m = NAME_AFTER_RE.exec(after))) { after = after.slice(m[0].length); right++; }
  // Three items at least, this one among them: in the middle, or first or last of the list.
  return left + right >= 2;
}

/** `ERC20`, `AES256`, `SHA3`: an abbreviation readers know, followed by a number. */
function knownWithNumber(abbr: string, glossary: { wellKnown: ReadonlySet<string>; byText: Map<string, Array<{ kind: string }>> }, known: number): boolean {
  const base = /^([A-Z]{2,})\d+$/.exec(abbr)?.[1];
  if (!base) return false;
  return glossary.wellKnown.has(base.toLowerCase()) || !!glossary.byText.get(base.toLowerCase())?.some((f) => f.kind === 'abbr') || abbrInfo(base).grade >= known;
}

/** `EASCII` (ASCII), `GPGPU` (GPU): one letter before or after a well-known abbreviation. */
function builtOnKnown(abbr: string, wellKnown: ReadonlySet<string>): boolean {
  const a = abbr.toLowerCase();
  return a.length >= 4 && (wellKnown.has(a.slice(1)) || wellKnown.has(a.slice(0, -1)) || (a.length >= 5 && wellKnown.has(a.slice(2))));
}

/** How many other posts of the workspace use `abbr`. */
/** Abbreviations of four or more capitals by their letters sorted (a swap keeps them): this post's, and the workspace's. */
const lettersKey = (a: string) => [...a].sort().join('');
const swapMemo = new WeakMap<object, Map<string, string[]>>();

/**
 * An abbreviation of four or more capitals, unlisted (grade 0), that is `abbr` with two neighbouring letters swapped, written in
 * this post (`uses`) or in another post of the workspace (`OVMF` beside `OMVF`, `PETG` beside `PTEG`).
 */
function swapPartner(workspace: Readonly<Workspace>, uses: Iterable<string>, abbr: string): string | undefined {
  if (!/^[A-Z]{4,}$/.test(abbr)) return undefined;
  const isPartner = (o: string) => o !== abbr && /^[A-Z]{4,}$/.test(o) && slipOf(abbr, o) === 'swap' && abbrInfo(o).grade === 0;
  for (const o of uses) if (isPartner(o)) return o;
  const index = workspace.index;
  if (!index || !index.posts.size) return undefined;
  const agg = aggregateAbbrs(index);
  let byLetters = swapMemo.get(agg);
  if (!byLetters) {
    byLetters = new Map();
    for (const a of agg.keys()) {
      if (!/^[A-Z]{4,}$/.test(a)) continue;
      const k = lettersKey(a);
      const l = byLetters.get(k);
      if (l) l.push(a);
      else byLetters.set(k, [a]);
    }
    swapMemo.set(agg, byLetters);
  }
  return (byLetters.get(lettersKey(abbr)) ?? []).find((o) => isPartner(o) && (agg.get(o)?.used ?? []).some((p) => p !== workspace.path));
}

function otherPostsUsing(workspace: Readonly<Workspace>, abbr: string): number {
  const index = workspace.index;
  if (!index || !index.posts.size) return 0;
  return aggregateAbbrs(index).get(abbr)?.used.filter((p) => p !== workspace.path).length ?? 0;
}

/** Is `abbr` part of the workspace's vocabulary: used in at least `min` posts, or defined in one? */
function vocabulary(workspace: Readonly<Workspace>, abbr: string, min: number): { posts: number; first: string; definedIn?: string } | undefined {
  const index = workspace.index;
  if (!min || !index || !index.posts.size) return undefined;
  const a = aggregateAbbrs(index).get(abbr);
  if (!a || !a.used.length) return undefined;
  // Defined in another post and used in a few more: its readers have met it. Defined once and used in
  // one other post only (a series' later part defining what the first part used): not yet.
  const definedIn = a.defined.find((p) => p !== workspace.path);
  if (a.used.length < min && !(definedIn && a.used.length >= 3)) return undefined;
  // The first post (by path) that uses it without defining it gets the one suggestion.
  const first = a.used.find((p) => !a.defined.includes(p)) ?? a.used[0];
  return { posts: a.used.length, first, definedIn };
}

function fullName(c: Concept | undefined, chinese: boolean): string | undefined {
  if (!c) return undefined;
  return (chinese ? c.zh[0] ?? c.en[0] : c.en[0] ?? c.zh[0]) ?? undefined;
}

/**
 * Define the abbreviation at its first use, in the `ABBR（全称）` form so the edit stays on the
 * abbreviation: `DeComp` → `DeComp（去中心化计算）` (Chinese full name, full-width parentheses),
 * `LLM` → `LLM (large language model)` (English full name).
 */
function defineFixes(ctx: { t: (id: string, d?: Record<string, string | number>) => string }, use: Use, abbr: string, full: string | undefined): Fix[] {
  const fixes: Fix[] = [];
  if (full && full !== abbr) {
    const text = isCjkChar(full[0]) ? `（${full}）` : ` (${full})`;
    fixes.push({ title: ctx.t('fixDefine', { text: abbr + text }), edits: [{ span: { start: use.end, end: use.end }, newText: text }] });
  }
  fixes.push(addToGlossaryFix(ctx.t('fixKnown', { abbr }), { abbr }));
  return fixes;
}

/** A heading short enough to name its section's subject (prose characters, numbering left out). */
const SUBJECT_HEADING_MAX = 40;
/** Numbering before a heading's words (`2.1 `, `3.`, `一、`, `(3)`; not the digit of `2PC`). */
const HEADING_NUMBER_RE = /^[\s\uE000\uFFFC]*(?:\d+(?:\.\d+)*(?:[.、)）]|(?=\s))|[一二三四五六七八九十]+[、.]|[(（]\d+[)）])?[\s\uE000]*/;

/** The post's short headings (`SUBJECT_HEADING_MAX`), read once per post: each one's words, and the text of each. */
interface SubjectHeadings {
  /** A word (a run of letters and digits, whole) → the short headings holding it, in order. */
  byWord: Map<string, number[]>;
  /** The short headings: index among the post's headings, and text without numbering and masks. */
  short: Array<{ i: number; text: string }>;
  /** Results by abbreviation. */
  byAbbr: Map<string, Array<{ start: number; end: number }>>;
}

const namingMemo = new WeakMap<Post, SubjectHeadings>();

function subjectHeadings(post: Post): SubjectHeadings {
  let s = namingMemo.get(post);
  if (s) return s;
  s = { byWord: new Map(), short: [], byAbbr: new Map() };
  const headings = headingsOf(post);
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i];
    const text = post.prose.slice(h.start, h.end).replace(/[\uE000\uFFFC]/g, '').replace(HEADING_NUMBER_RE, '').trim();
    if (!text || text.length > SUBJECT_HEADING_MAX) continue;
    s.short.push({ i, text });
    for (const w of text.match(/[A-Za-z0-9]+/g) ?? []) {
      const l = s.byWord.get(w);
      if (!l) s.byWord.set(w, [i]);
      else if (l[l.length - 1] !== i) l.push(i);
    }
  }
  namingMemo.set(post, s);
  return s;
}

/**
 * The sections whose heading names the abbreviation as their subject: a short heading (`## 2PC`, `### LoRA`, `#### FC（NES）`,
 * `### 2.1 TTY 与 VT（Virtual Terminal）`) holding it as a word; each from its heading to the next heading of the same or a higher level.
 * (An abbreviation of letters and digits is a word of the heading exactly when it is one of its runs of letters and digits:
 * looked up, not searched for in every heading.)
 */
function namingSections(post: Post, abbr: string): Array<{ start: number; end: number }> {
  const s = subjectHeadings(post);
  let out = s.byAbbr.get(abbr);
  if (out) return out;
  let at: number[];
  if (/^[A-Za-z0-9]+$/.test(abbr)) at = s.byWord.get(abbr) ?? [];
  else {
    const word = new RegExp(`(?<![A-Za-z0-9])${abbr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);
    at = s.short.filter((h) => word.test(h.text)).map((h) => h.i);
  }
  const headings = headingsOf(post);
  out = at.map((i) => ({ start: headings[i].start, end: sectionEnd(post, i) }));
  s.byAbbr.set(abbr, out);
  return out;
}
