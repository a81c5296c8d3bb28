/**
 * term/cross-post: the same concept written differently in different posts of the workspace
 * (one post `大语言模型`, another `大型语言模型`). Reads the workspace index (each post's
 * spellings, from the term family's `summarize`); one finding per concept and post, on the
 * first use of the post's spelling, and only where that spelling is not the workspace's majority.
 * In a tie (two posts writing it two ways) the glossary decides: the post with the other spelling
 * gets the finding, the post that keeps the preferred spelling only a hint without a fix; a tie
 * between two spellings the glossary does not rank is not reported (no evidence for either).
 * Only the author's own wording counts, here and in the index: not quotes, cited titles,
 * definitions in parentheses, or English blocks of a Chinese post. Spellings compete within one
 * script (a Chinese post may say 谷歌 where another says Google; that is not reported here).
 * On a site of many authors (two or more `author:` names, in a quarter of the posts or more: a
 * community site) a post is compared only with its own author's posts: 其它 in one contributor's
 * posts beside 其他 in the others' is their own way of writing, not drift.
 *
 *   Bad:  (this post) 大型语言模型的能力……   (two other posts) 大语言模型……
 *   Good: (this post) 大语言模型的能力……     (two other posts) 大语言模型……
 *
 * Graded (confidence.ts): a Chinese wording that five or more other posts write another way (and never this post's way:
 * a post writing both, `mutex(互斥量/互斥锁)`, takes them for two names of one thing; session 18) keeps the rule's severity; a difference from fewer posts, or in Latin letters only, is a hint, and so is
 * one where the site is split (the other spelling in fewer than twice as many posts as this one:
 * no house spelling to follow), and so is another name given on purpose (`哈希算法也叫散列函数或摘要算法`: 也叫, 又称, 或称), and so
 * is a pair of standard orthographic variants (`其它` where other posts write `其他`: the glossary's `normative` usage entries, both
 * in the dictionary; session 16, the lead's decision), and so is a pair only the review of an imported concept ties, which no
 * source gives together (`数据路径` for 数据目录, `元信息` for 元数据: an ordinary synonym, another thing, or the site's own term),
 * unless a post of the site glosses both with the same English (`unattestedVariant`; session 18, second round).
 * A site's terms page (a table of 20 or more rows of one English and one Chinese term: pingcap's `resources/tidb-terms.md`) is
 * its house wording (session 19): a post writing the page's wording for a concept is not told to leave it (`元信息` where the
 * page writes `metadata | 元信息`, whatever other posts write), and a post writing another wording is measured against the page's
 * where other posts write it too (`houseTable`, +1.0; the message names the page).
 * A release note or changelog (its title: `TiDB 3.0.8 Release Notes`, `X 更新日志`) is a hint (`archived`, session 19): the
 * record of one version is not rewritten to follow the wording of later posts.
 * Another author's article (`作者: 听风 原文地址: …`, `本文来自 X 投稿`, a reprint the blog says it amended, `完善补充`; not a
 * translation) is a hint too (`guestText`, session 20): its wording is that author's, not one the blog's house wording governs.
 *
 * Fixes: use the other posts' spelling here; everywhere in this post.
 *
 * Options: `confidence` (0–1, default 0.6): findings below it are hints (0: none).
 */
import type { Rule } from '../../types';
import { analyzeTerms } from './analysis';
import { competes } from './mixed';
import { isLatinForm } from './glossary';
import { isReleaseNote } from '../claim/ownProduct';
import { aggregateTerms, countsAcrossPosts, sameAuthorFilter } from './summary';
import { replaceAllFix, replaceFix } from './fixes';
import { aggregateRenderings, conceptsByKey, otherHead, postRenderings, sameRendering, shareMorpheme, tableWording } from './renderings';
import { CONFIDENCE_MESSAGES, guestText, otherSense, reportGraded, shortLongForms, spellingEvidence, type GradedOptions } from './confidence';

/**
 * The workspace has a house spelling only where the other spelling's posts are at least this many
 * times this spelling's (this post included): 元信息 in 102 posts beside 元数据 in 113 is a site
 * split in two, not one post drifting from the rest (evidence `splitWorkspace`).
 */
const SPLIT_RATIO = 2;

export const rule: Rule<GradedOptions> = {
  id: 'term/cross-post',
  description: 'The same concept written differently in different posts of the workspace.',
  defaultSeverity: 'info',
  messages: {
    differs: {
      en: 'This post writes "{found}"; {posts} other post(s) write "{other}" (e.g. {example}).',
      'zh-cn': '本文写作“{found}”，另有 {posts} 篇文章写作“{other}”（如 {example}）。',
    },
    differsTable: {
      en: 'This post writes "{found}"; this site\'s terms table ({table}) writes "{other}", and so do {posts} other post(s) (e.g. {example}).',
      'zh-cn': '本文写作“{found}”；本站术语表（{table}）写作“{other}”，另有 {posts} 篇文章也这样写（如 {example}）。',
    },
    othersDiffer: {
      en: 'This post writes the preferred "{found}"; {posts} other post(s) write "{other}" (e.g. {example}).',
      'zh-cn': '本文使用推荐写法“{found}”，另有 {posts} 篇文章写作“{other}”（如 {example}）。',
    },
    rendering: {
      en: 'This post renders "{en}" as "{found}"; {posts} other post(s) render it "{other}" (e.g. {example}).',
      'zh-cn': '本文把“{en}”译作“{found}”，另有 {posts} 篇文章译作“{other}”（如 {example}）。',
    },
    fixOne: { en: 'Use "{to}" here, as the other posts do', 'zh-cn': '此处改用其他文章的写法“{to}”' },
    fixAll: { en: 'Use "{to}" everywhere in this post ({count} changes), as the other posts do', 'zh-cn': '全文改用其他文章的写法“{to}”（{count} 处）' },

    ...CONFIDENCE_MESSAGES,
  },
  check(ctx) {
    const index = ctx.workspace.index;
    if (!index || !index.posts.size) return;
    const agg = aggregateTerms(index);
    const self = ctx.workspace.path;
    // On a site of many authors, only this author's other posts.
    const sameAuthor = sameAuthorFilter(index, ctx.post);
    const releaseNote = isReleaseNote(ctx.post);
    const guest = guestText(ctx.post);
    const terms = analyzeTerms(ctx.post, ctx.config);
    let renderingsMemo: ReturnType<typeof aggregateRenderings> | undefined;
    const renderings = () => (renderingsMemo ??= aggregateRenderings(index));
    // (The hits as their blocks keep them, by index: only the first use reported is placed.)
    for (const [concept, all] of terms.conceptHits) {
      const stats = agg.get(concept.id);
      if (!stats) continue;
      for (const latin of [false, true]) {
        const mineAt = all.filter((i) => {
          const h = terms.blockHits[i];
          return competes(h) && isLatinForm(h.form.text) === latin && countsAcrossPosts(h, terms.chinese);
        });
        if (!mineAt.length) continue;
        const mine = mineAt.map((i) => terms.blockHits[i]);
        const myForms = new Set(mine.map((h) => h.form.text));
        // Other posts' spellings in the same script that this post never uses, most common first.
        let best: { form: string; posts: string[] } | undefined;
        for (const [form, st] of stats) {
          if (myForms.has(form) || isLatinForm(form) !== latin) continue;
          const formOwner = terms.glossary.byText.get(latin ? form.toLowerCase() : form)?.find((f) => f.concept === concept);
          if (!formOwner || formOwner.kind === 'avoid' || formOwner.kind === 'abbr') continue;
          const posts = st.posts.filter((p) => p !== self && sameAuthor(p));
          if (posts.length && (!best || posts.length > best.posts.length)) best = { form, posts };
        }
        if (!best) continue;
        // The site's terms page gives the concept a wording (pingcap's `| data directory | 数据路径 |`): a post writing it follows the
        // site's own choice and is not told to leave it, whatever other posts write; a post writing another wording is measured
        // against the page's where other posts write that too (session 19).
        const table = latin ? undefined : tableWording(index, concept);
        if (table && myForms.has(table.form)) continue;
        // Only where this post's spelling is not the workspace's majority: posts (this one included)
        // using this post's spellings must not outnumber those using the other one.
        let minePosts = 1;
        for (const f of myForms) minePosts = Math.max(minePosts, (stats.get(f)?.posts.filter((p) => p !== self && sameAuthor(p)).length ?? 0) + 1);
        if (table && best.form !== table.form) {
          const posts = stats.get(table.form)?.posts.filter((p) => p !== self && sameAuthor(p)) ?? [];
          if (posts.length >= minePosts) best = { form: table.form, posts };
        }
        if (minePosts > best.posts.length) continue;
        // Never advise leaving the glossary's preferred spelling for a mere variant (`Go` → `Golang`):
        // such a post only gets a hint that the other posts drift.
        const bestForm = terms.glossary.byText.get(latin ? best.form.toLowerCase() : best.form)?.find((f) => f.concept === concept);
        const isPreferred = (f: { preferred: boolean; kind: string } | undefined) => !!f && f.preferred && f.kind !== 'variant';
        // (The site's terms page outranks the glossary: its wording is the one to keep, session 19.)
        const byTable = table?.form === best.form;
        const keepsPreferred = !byTable && mine.some((h) => isPreferred(h.form)) && !isPreferred(bestForm);
        // A tie between two spellings neither of which the glossary prefers: no evidence for either, so no finding.
        if (minePosts === best.posts.length && !keepsPreferred && !isPreferred(bestForm) && !byTable) continue;
        // Report on the first use of this post's main spelling.
        const counts = new Map<string, number[]>();
        for (const i of mineAt) {
          const text = terms.blockHits[i].form.text;
          counts.set(text, [...(counts.get(text) ?? []), i]);
        }
        const [found, hits] = [...counts.entries()].sort((a, b) => b[1].length - a[1].length)[0];
        const first = terms.hitAt(hits[0]);
        if (keepsPreferred) {
          // Only in a tie (two posts, two spellings): otherwise the majority keeps the preferred form.
          if (minePosts !== best.posts.length) continue;
          ctx.report({
            messageId: 'othersDiffer',
            data: { found, other: best.form, posts: best.posts.length, example: best.posts.slice(0, 2).join(', ') },
            span: { start: first.start, end: first.end },
            severity: 'hint',
            detail: { concept: concept.id, found, other: best.form, posts: best.posts.length },
          });
          continue;
        }
        const ev = spellingEvidence(ctx.post, first, first.text, best.form, false);
        // Only the posts that write the other spelling and never this post's show a house spelling: a post writing both
        // (`mutex(互斥量/互斥锁)`) takes them for one word's two names (session 18, seed-71206 sample: 互斥量 against five posts
        // writing 互斥锁, one of which names both).
        if (best.posts.length >= 5) {
          const mineSet = new Set([...myForms].flatMap((f) => stats.get(f)?.posts ?? []));
          if (best.posts.filter((p) => !mineSet.has(p)).length >= 5) ev.push('manyPosts');
        }
        if (best.posts.length < SPLIT_RATIO * minePosts) ev.push('splitWorkspace');
        if (shortLongForms(found, best.form)) ev.push('shortLong');
        if (otherSense(terms.glossary, found, best.form, [concept])) ev.push('otherSense');
        // The other posts write the wording of the site's terms page: its house wording, not only a majority.
        if (byTable) ev.push('houseTable');
        // A pair of standard orthographic variants (`其他` / `其它`, `撤销` / `撤消`: the glossary's `normative` usage entries, where the
        // dictionary names one form preferred and lists the other): a site's way of writing, not drift (the lead, session 16).
        if (concept.normative) ev.push('standardVariant');
        // Evidence that the site means one concept by the two wordings: the glossary gives both for it from a source or a
        // hand-written entry (内存泄露 beside 内存泄漏), or a post of this site glosses each with the same English. A pair the review
        // of an imported concept tied (数据路径 for 数据目录, 元信息 for 元数据: TiDB's own terms table writes 数据路径 and 元信息) may be
        // an ordinary synonym, another thing (a path setting, not the directory) or the site's own term: a hint (session 18,
        // seed-81206 sample: cross-post 7/12, its five wrong ordinary synonyms).
        if ((concept.unattested ?? []).some((v) => v === found || v === best!.form) && !glossedAlike(renderings(), found, best.form)) ev.push('unattestedVariant');
        // A release note (`TiDB 3.0.8 Release Notes`) is the record of one version, written once: the wording of later
        // posts is no reason to rewrite it (session 19, seed-91207 sample: 6 of pingcap's 7 cross-post findings, all on
        // release notes of different versions, judged wrong as independent pieces). Within the note, term/mixed still reports.
        if (releaseNote) ev.push('archived');
        // Another author's article the blog reprints or was sent (`作者: 听风 原文地址: …`, `本文来自 X 投稿`), amended or not: its
        // wording is that author's; the blog's other posts set no house wording for it (session 20, seed-91207 sample: JavaGuide's
        // reprint writing 关系数据库 once). Within the post, term/mixed still reports.
        if (guest) ev.push('guestText');
        reportGraded(ctx, {
          messageId: byTable ? 'differsTable' : 'differs',
          data: { found, other: best.form, posts: best.posts.length, example: best.posts.slice(0, 2).join(', '), ...(table ? { table: table.post } : {}) },
          span: { start: first.start, end: first.end },
          fixes: [
            replaceFix(ctx.t('fixOne', { to: best.form }), { start: first.start, end: first.end }, best.form),
            replaceAllFix(ctx.t('fixAll', { to: best.form, count: mine.length }), mineAt.map((i) => terms.hitAt(i)), best.form),
          ],
          detail: { concept: concept.id, found, other: best.form, posts: best.posts.length },
        }, 'cross-post', ev, { preferred: best.form });
      }
    }
    // One English term rendered differently in different posts: `模块路径（module path）` here, `模块地址（module path）` in two others.
    const byKey = conceptsByKey(terms.glossary);
    for (const [key, anchors] of postRenderings(ctx.post).byKey) {
      // Two renderings in this post are term/mixed's to report.
      if (anchors.some((a) => !sameRendering(a.zh, anchors[0].zh))) continue;
      const all = renderings().get(key);
      if (!all) continue;
      const clusters: Array<{ zh: string; posts: Set<string> }> = [];
      for (const [zh, posts] of all) {
        const others = posts.filter((p) => p !== self && sameAuthor(p));
        if (!others.length) continue;
        let c = clusters.find((x) => sameRendering(x.zh, zh));
        if (!c) clusters.push((c = { zh, posts: new Set() }));
        for (const p of others) c.posts.add(p);
      }
      const mine = clusters.find((c) => sameRendering(c.zh, anchors[0].zh));
      const minePosts = 1 + (mine?.posts.size ?? 0);
      // Only renderings sharing a character with this post's are taken for the same term (see shareMorpheme).
      const best = clusters.filter((c) => c !== mine && shareMorpheme(c.zh, anchors[0].zh)).sort((a, b) => b.posts.size - a.posts.size)[0];
      if (!best || best.posts.size < minePosts) continue;
      if (best.posts.size === minePosts) {
        // A tie: only the glossary's preferred rendering decides.
        const preferred = (zh: string) => (byKey.get(key) ?? []).some((c) => !!c.zh[0] && sameRendering(c.zh[0], zh));
        if (!preferred(best.zh) || preferred(anchors[0].zh)) continue;
      }
      const a = anchors[0];
      const posts = [...best.posts].sort();
      const ev = spellingEvidence(ctx.post, a.zhSpan, a.zh, best.zh, false);
      if (posts.length >= 5) ev.push('manyPosts');
      if (posts.length < SPLIT_RATIO * minePosts) ev.push('splitWorkspace');
      if (shortLongForms(a.zh, best.zh)) ev.push('shortLong');
      if (otherSense(terms.glossary, a.zh, best.zh, byKey.get(key) ?? [], key, false) || otherHead(ctx.post, terms.glossary, a.zh, best.zh, key)) ev.push('otherSense');
      if (guest) ev.push('guestText');
      reportGraded(ctx, {
        messageId: 'rendering',
        data: { en: a.en, found: a.zh, other: best.zh, posts: posts.length, example: posts.slice(0, 2).join(', ') },
        span: a.zhSpan,
        detail: { en: key, found: a.zh, other: best.zh, posts: posts.length },
      }, 'cross-post', ev, { preferred: best.zh });
    }
  },
};

/** Some post of the site glosses `a` and some post `b` with the same English (`数据目录（data directory）`): the site's one concept. */
function glossedAlike(renderings: ReturnType<typeof aggregateRenderings>, a: string, b: string): boolean {
  for (const byZh of renderings.values()) if (byZh.has(a) && byZh.has(b)) return true;
  return false;
}
