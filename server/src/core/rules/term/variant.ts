/**
 * term/variant: a discouraged spelling of a glossary term (its `avoid` list: `中央化` for `中心化`),
 * or a name in the wrong letter case: a glossary name (`Github` for `GitHub`, `MacOS` for `macOS`)
 * or any name in a casing its owner never uses
 * (`Phonegap`, `Jetbrains`, `XBox`: `data/glossary/names.json`, canonical spellings from public
 * lists and a reviewed list). Found inside unspaced Chinese too (`用Github的`); never inside
 * code, URLs or link targets (the prose view masks them), and an all-lower-case or all-capitals
 * spelling of a name outside the glossary is left alone (a command, a package, a label).
 * The glossary's `avoid` lists and the casing of names are data.
 *
 *   Bad:  去中心化计算要直面来自中央化云服务商的竞争，代码托管在 Github 上。
 *   Good: 去中心化计算要直面来自中心化云服务商的竞争，代码托管在 GitHub 上。
 *
 * An alias in the wrong case is told the alias's own casing (`K8S`: write `K8s`; `VScode`: `VSCode`).
 *
 * Fixes: replace with the preferred form, replace every such spelling in the post, mark as an
 * accepted variant (adds it to the entry's `variants` in `.zhen.yml`). Fix-all and `--fix` do
 * not rewrite the author's words by default: with the option `autofix: true` the replacement
 * becomes a preferred fix wherever the spelling belongs to one concept with one sense.
 *
 * Graded (confidence.ts): a discouraged Chinese spelling, and a casing the post contradicts (it
 * also writes the right one) keep the warning; a casing the post keeps throughout (a habit, like a
 * house style), a lower-case spelling, one in code, a key, quotes or a run of English text, or one of a
 * list of misspelt names shown on purpose (`例如 JAVA、javascript、MySql、Hbase`) is a hint. So is a gloss whose rendering is
 * not the glossary's (`增量校验（validator）`) when the glossary's concept is of a specialist field no other term of the post
 * is of: the English word has another sense there (a data-checking tool's validator, not a blockchain's 验证者).
 *
 * (Session 16) a rendering ending in the glossary's term for another concept (`主动限流 (throttle)`: 限流 is rate limiting) is
 * a hint; a casing the post writes once beside other spellings of the name (`Node.JS` beside four `NodeJS`) keeps its
 * severity (`writtenOtherwise`). (Session 17) a discouraged Chinese spelling the post also writes in inline code, a
 * program's own label (`进入设置中的帐户` beside `` `添加一个没有 Microsoft 帐户的用户` ``), is a hint (`labelInCode`).
 * (Session 18) a gloss inside a longer term the glossary has under another rendering, the glossed word opening that term's
 * English name (`备用（backup）任务进程`: MapReduce's backup task 备用任务, a spare run, not the data backup 备份), is a hint
 * (`otherSense`).
 *
 * Options: `autofix` (default false): fix-all and `zhen check --fix` apply the replacement where
 * the spelling belongs to one concept with one sense; `confidence` (0–1, default 0.6): findings
 * below it are hints (0: none).
 */
import type { Config, Rule } from '../../types';
import type { Post } from '../../document';
import { analyzeTerms, type PostTerms, type TermHit } from './analysis';
import { isCapitalWord, preferredFor, type Concept } from './glossary';
import { nameKey, ownerSpelling, postNames, wrongCasing } from './names';
import { acceptVariantFix, addToGlossaryFix, replaceAllFix, replaceFix } from './fixes';
import { beforeCommandCue, dotName, inCapsLabel, inKeywordList, inValueContext } from './context';
import { countWhile } from '../../text';
import { MARK } from '../../document';
import { CJK_RANGES } from '../../cjk';
import { offGlossaryRenderings } from './renderings';
import { aloneInField } from './fields';
import { CONFIDENCE_MESSAGES, inInlineCode, otherSense, preferredUses, reportGraded, spellingEvidence, type GradedOptions } from './confidence';

/**
 * Is a spelling that differs only in letter case worth a finding? Not for an all-lower-case
 * spelling of an all-caps abbreviation (`cpu`, `json`: identifiers, keys, commands), not for an
 * abbreviation unless written in all capitals for a mixed-case name (`WASM` for `Wasm`; `Pos` is not
 * `PoS`), not for a one-word name in all capitals (`META`), and not when only the first letter of
 * later words differs (`Merkle Tree`, title case).
 */
export function casingMatters(found: string, canonical: string, isAbbr: boolean, isName: boolean): boolean {
  if (!/[A-Z]/.test(canonical) && !isName) return false;
  // A term (not a name) capitalised at the start of a sentence or label (`Shadow DOM` for `shadow DOM`).
  if (!isName && found.slice(1) === canonical.slice(1) && found[0] === canonical[0].toUpperCase()) return false;
  const allCaps = found === found.toUpperCase();
  // An abbreviation: only all capitals for a mixed-case one (`WASM` for `Wasm`); `Ts` in `Resolved Ts` is another word.
  if (isAbbr) return isName && allCaps && canonical !== canonical.toUpperCase();
  if (found === found.toLowerCase() && canonical === canonical.toUpperCase()) return false;
  // `META` in an all-caps label is not a misspelt `Meta`.
  if (allCaps && /^[A-Z][a-z]+$/.test(canonical)) return false;
  const fw = found.split(/(\s+)/);
  const cw = canonical.split(/(\s+)/);
  if (fw.length > 1 && fw.length === cw.length && fw.every((w, i) => w === cw[i] || (i > 0 && w.slice(1) === cw[i].slice(1) && w[0].toLowerCase() === cw[i][0].toLowerCase()))) return false;
  return true;
}

/** Next to another lower-case Latin word (`rocksdb defaultcf`, `[kubernetes github]`): a key, command or repository name. */
function lowercaseContext(prose: string, start: number, end: number): boolean {
  return /^ [a-z][a-z0-9_]*\b/.test(prose.slice(end, end + 24)) || /\b[a-z][a-z0-9_]* $/.test(prose.slice(Math.max(0, start - 24), start));
}

export interface VariantFlag {
  hit: Pick<TermHit, 'start' | 'end' | 'text'> & { concept?: Concept; form?: TermHit['form'] };
  preferred: string;
  kind: 'avoid' | 'casing' | 'owner';
  /** Graded against this spelling rather than `preferred` (an alias in the wrong case: the concept's preferred form, as before the suggestion became the alias's casing). */
  gradeAs?: string;
}

const flagMemo = new WeakMap<Post, WeakMap<object, VariantFlag[]>>();

/**
 * The spellings term/variant reports, worked out once per post and glossary (term/mixed leaves
 * them to it): discouraged glossary spellings, glossary terms in the wrong letter case, and names
 * in a casing their owner never uses (`Phonegap`, `Jetbrains`: data/glossary/names.json).
 */
export function variantFlags(post: Post, config: Readonly<Config>): VariantFlag[] {
  const terms = analyzeTerms(post, config);
  let m = flagMemo.get(post);
  if (!m) flagMemo.set(post, (m = new WeakMap()));
  let flagged = m.get(terms.glossary);
  if (flagged) return flagged;
  flagged = [];
  const isTerm = (w: string) => terms.glossary.byText.has(w.toLowerCase()) || (terms.glossary.wellKnown.has(w.toLowerCase()) && !isCapitalWord(w));
  // (Indexed loops: a for-of over an array allocates an iterator result per item wherever V8 runs the loop unoptimised.)
  // (The hits as their blocks keep them: a place is asked only of a casing to look around, and only a flagged hit is placed.)
  for (let i = 0; i < terms.blockHits.length; i++) {
    const hit = terms.blockHits[i];
    const { form, concept } = hit;
    // A cited page's title or a repository name as its URL spells it: not the author's wording.
    if (hit.cited) continue;
    if (form.kind === 'avoid') {
      flagged.push({ hit: terms.hitAt(i), preferred: preferredFor(concept, form.text), kind: 'avoid' });
    } else if (!hit.exact && form.latin && casingMatters(hit.text, form.text, form.kind === 'abbr', concept.name) &&
      // All lower case in a heading or quotes is a config section, value or command (`### tidb`, `"tikv"`).
      !(hit.text === hit.text.toLowerCase() && (hit.inHeading || hit.quoted || lowercaseContext(post.prose, terms.hitStart(i), terms.hitEnd(i)) || beforeCommandCue(post.prose, terms.hitEnd(i)) || dotName(post.prose, terms.hitStart(i)))) &&
      // A value (`默认值：linux`, `--os=linux`), a keyword list (`- TIDB`), a label or SQL (`Avg TiKV GRPC Duration`, `KILL [TIDB]`).
      !inValueContext(post, terms.hitStart(i)) &&
      !inKeywordList(post, terms.hitStart(i)) &&
      !(hit.text === hit.text.toUpperCase() && inCapsLabel(post.prose, terms.hitStart(i), terms.hitEnd(i), isTerm))) {
      // Another accepted spelling of the same concept written exactly so is fine (`WASM` if accepted); two
      // concepts spelt alike up to case (`React`, `ReAct`) leave a third casing (`react`) undecided.
      const owners = new Set((terms.glossary.byText.get(hit.text.toLowerCase()) ?? []).map((f) => f.concept));
      const ok = [...concept.en, ...concept.abbr, ...concept.variants].includes(hit.text) || owners.size > 1;
      // A variant in the wrong case: the preferred form where it has the same letters (`GITHUB` beside an accepted
      // `Github`: `GitHub`), else the variant's own casing (`K8S`: `K8s`, not `Kubernetes`; `VScode`: `VSCode`).
      if (!ok) {
        const pref = form.kind === 'variant' ? preferredFor(concept, form.text) : form.text;
        const alias = form.kind === 'variant' && nameKey(pref) !== nameKey(form.text);
        flagged.push({ hit: terms.hitAt(i), preferred: alias ? form.text : pref, kind: 'casing', ...(alias ? { gradeAs: pref } : {}) });
      }
    }
  }
  // Names outside the glossary in a casing their owner never uses.
  // Hits are in text order and do not overlap: the last one starting at or before `s` is the only candidate.
  const covered = (s: number, e: number) => {
    let lo = 0;
    let hi = terms.blockHits.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (terms.hitStart(mid) <= s) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && e <= terms.hitEnd(found);
  };
  const taken: Array<[number, number]> = [];
  const { runs } = postNames(post);
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (!run.author || taken.some(([s, e]) => s < run.end && run.start < e)) continue;
    const name = ownerSpelling(run.key);
    if (!name || covered(run.start, run.end)) continue;
    const written = run.text.replace(/[ \u00a0]+/g, ' ');
    // The glossary accepts this very spelling (`Nginx` for NGINX).
    if (terms.glossary.byText.get(written.toLowerCase())?.some((f) => f.text === written && f.kind !== 'avoid')) continue;
    // `Go Modules` for the name `Go Module`, `Pods` for `Pod`: the plural of the name (a lower-case `s`
    // the name does not have: `Nest.js` is `NestJS`, `SunOS` is no plural of `Suno`).
    const plural = /[a-z]s$/.test(written) && nameKey(written) === nameKey(name) + 's';
    // The other letters must be the name's; `Linux Container` for `Linux Containers` is grammar, not casing.
    if (!plural && nameKey(written) !== nameKey(name)) continue;
    if (!wrongCasing(plural ? written.slice(0, -1) : written, name)) continue;
    if (run.text === run.text.toUpperCase() && inCapsLabel(post.prose, run.start, run.end, isTerm)) continue;
    taken.push([run.start, run.end]);
    flagged.push({ hit: { start: run.start, end: run.end, text: run.text }, preferred: plural ? name + 's' : name, kind: 'owner' });
  }
  flagged.sort((a, b) => a.hit.start - b.hit.start);
  m.set(terms.glossary, flagged);
  return flagged;
}

/** Only names and list separators between two names: one list (`JAVA、javascript、python、MySql`). */
const LIST_BETWEEN_RE = /^(?:[ \u00a0]*[、,，/][ \u00a0]*[A-Za-z][A-Za-z0-9.+#-]*)*[ \u00a0]*[、,，/][ \u00a0]*$/;

interface Options extends GradedOptions {
  /** Let fix-all / `zhen check --fix` apply unambiguous replacements (default false). */
  autofix: boolean;
}

export const rule: Rule<Options> = {
  id: 'term/variant',
  description: 'A discouraged variant of a glossary term, or a name written in the wrong letter case.',
  defaultSeverity: 'warning',
  repeats: 'message', // one finding above hint per problem (core/repeats.ts)
  defaultOptions: { autofix: false },
  messages: {
    avoid: {
      en: '"{found}" is a discouraged spelling of {concept}: write "{preferred}".',
      'zh-cn': '“{found}”是不推荐的写法，应写作“{preferred}”（{concept}）。',
    },
    avoidNoFix: {
      en: '"{found}" is on the glossary\'s list of spellings to avoid.',
      'zh-cn': '“{found}”是术语表中要求避免的写法。',
    },
    casing: {
      en: 'Write "{preferred}" with this letter case, not "{found}".',
      'zh-cn': '大小写应为“{preferred}”，而非“{found}”。',
    },
    owner: {
      en: '"{found}" is not how its owner writes the name: write "{preferred}".',
      'zh-cn': '“{found}”不是该名称的官方写法，应写作“{preferred}”。',
    },
    rendering: {
      en: '"{en}" is rendered "{found}" here; the glossary renders it "{preferred}".',
      'zh-cn': '此处把“{en}”译作“{found}”，术语表的译法是“{preferred}”。',
    },
    fixOne: { en: 'Replace with "{preferred}"', 'zh-cn': '替换为“{preferred}”' },
    fixAll: { en: 'Replace all {count} "{found}" in this post with "{preferred}"', 'zh-cn': '将本文全部 {count} 处“{found}”替换为“{preferred}”' },
    accept: { en: 'Mark "{found}" as an accepted variant (.zhen.yml)', 'zh-cn': '将“{found}”标记为可接受的写法（.zhen.yml）' },
    ...CONFIDENCE_MESSAGES,
  },
  check(ctx) {
    const terms = analyzeTerms(ctx.post, ctx.config);
    const flagged = variantFlags(ctx.post, ctx.config);
    // How sure: how the spelling differs, whether it reads as code, and whether the post writes it
    // so throughout (a habit) or beside the preferred one (an inconsistency).
    const evidence = (hit: { start: number; end: number; text: string }, preferred: string, count: number) => {
      const ev = spellingEvidence(ctx.post, hit, hit.text, preferred);
      // One of a list of several misspelt names (`例如 JAVA、javascript、python、MySql、Hbase`): examples shown on purpose.
      if (listedWith(hit) >= 2) ev.push('exampleList');
      if (count >= 2) ev.push('repeated');
      else if (preferredUses(ctx.post, hit.text, preferred) >= 3) ev.push('slip');
      return ev;
    };
    // The flagged spellings by place, to find those listed together (a binary search keeps it linear).
    const byStart = flagged.map((f) => f.hit).sort((a, b) => a.start - b.start);
    const listedWith = (hit: { start: number; end: number }) => {
      let n = 0;
      for (let i = countWhile(byStart.length, (k) => byStart[k].start < hit.start - 60); i < byStart.length && byStart[i].start <= hit.start + 60; i++) {
        const o = byStart[i];
        if (o.start === hit.start) continue;
        if (LIST_BETWEEN_RE.test(ctx.post.prose.slice(Math.min(o.end, hit.end), Math.max(o.start, hit.start)))) n++;
      }
      return n;
    };
    const groups = new Map<string, Array<VariantFlag['hit']>>();
    for (const f of flagged) {
      const k = `${f.hit.text}\u0000${f.preferred}`;
      const g = groups.get(k);
      if (g) g.push(f.hit);
      else groups.set(k, [f.hit]);
    }
    for (const { hit, preferred, kind, gradeAs } of flagged) {
      if (kind === 'owner' || !hit.concept || !hit.form) {
        const same = groups.get(`${hit.text}\u0000${preferred}`)!;
        const fixes = [replaceFix(ctx.t('fixOne', { preferred }), { start: hit.start, end: hit.end }, preferred)];
        if (same.length > 1) fixes.push(replaceAllFix(ctx.t('fixAll', { count: same.length, found: hit.text, preferred }), same, preferred));
        fixes.push(addToGlossaryFix(ctx.t('accept', { found: hit.text }), { en: preferred, name: true, variants: [hit.text] }));
        reportGraded(ctx, { messageId: 'owner', data: { found: hit.text, preferred }, span: { start: hit.start, end: hit.end }, fixes, detail: { preferred, found: hit.text } }, 'variant.owner', evidence(hit, preferred, same.length), { preferred });
        continue;
      }
      if (preferred === hit.text) {
        // An entry with only `avoid:` (imported from a reject list): nothing to replace it with.
        ctx.report({ messageId: 'avoidNoFix', data: { found: hit.text }, span: { start: hit.start, end: hit.end }, fixes: [acceptVariantFix(ctx.t('accept', { found: hit.text }), hit.concept, hit.text)], detail: { concept: hit.concept.id, found: hit.text } });
        continue;
      }
      const same = groups.get(`${hit.text}\u0000${preferred}`)!;
      // Unambiguous: the spelling belongs to this concept only, and the concept has no senses to choose from.
      const owners = terms.glossary.byText.get(hit.form.latin ? hit.form.text.toLowerCase() : hit.form.text) ?? [];
      const unambiguous = owners.length === 1 && !hit.concept.senses;
      const fixes = [replaceFix(ctx.t('fixOne', { preferred }), { start: hit.start, end: hit.end }, preferred, unambiguous && ctx.options.autofix === true)];
      if (same.length > 1) fixes.push(replaceAllFix(ctx.t('fixAll', { count: same.length, found: hit.text, preferred }), same, preferred));
      fixes.push(acceptVariantFix(ctx.t('accept', { found: hit.text }), hit.concept, hit.text));
      reportGraded(ctx, {
        messageId: kind,
        data: { found: hit.text, preferred, concept: [hit.concept.zh[0], hit.concept.en[0]].filter(Boolean).join(' / ') || preferred },
        span: { start: hit.start, end: hit.end },
        fixes,
        detail: { concept: hit.concept.id, preferred, found: hit.text },
      }, kind === 'casing' ? 'variant.casing' : 'variant.avoid', [
        ...evidence(hit, gradeAs ?? preferred, same.length),
        // The post writes the name other ways too (`Node.JS` once beside `NodeJS` four times): its spellings drift, which term/mixed
        // leaves to this finding (one token, one finding; session 16).
        // (Not an all-lower-case spelling: `postgres`, `nodejs` are as often a value, a database or a command.)
        ...(kind === 'casing' && hit.text !== hit.text.toLowerCase() && writtenOtherwise(terms, hit.concept, hit.text, preferred) ? ['writtenOtherwise'] : []),
        // A Chinese spelling the post also writes in inline code (`添加一个没有 Microsoft 帐户的用户`, a button's text), and never
        // the preferred one: the software's own label, whose spelling the author follows when naming its pages (`进入设置中的帐户`;
        // session 17). (A post writing both, `帐户` ×9 beside `账户` ×13, drifts whatever its code says.)
        ...(kind !== 'casing' && !hit.form.latin && !ctx.post.prose.includes(preferred) && inInlineCode(ctx.post, hit.text) ? ['labelInCode'] : []),
      ], { preferred });
    }
    // A gloss whose rendering is not the glossary's (`注解（annotation）` where the glossary writes 注释): advice, not an error.
    for (const { rendering: r, concept } of offGlossaryRenderings(ctx.post, ctx.config, ctx.workspace)) {
      const preferred = concept.zh[0];
      reportGraded(ctx, {
        messageId: 'rendering',
        data: { en: r.en, found: r.zh, preferred },
        span: r.zhSpan,
        severity: 'info',
        fixes: [replaceFix(ctx.t('fixOne', { preferred }), r.zhSpan, preferred), acceptVariantFix(ctx.t('accept', { found: r.zh }), concept, r.zh)],
        detail: { concept: concept.id, preferred, found: r.zh, en: r.key },
      }, 'variant.rendering', [
        ...spellingEvidence(ctx.post, r.zhSpan, r.zh, preferred),
        // The glossary's concept is of a specialist field no other term of the post is of (`throttle`, the web's 节流, in a
        // database's docs where it is 限流; `validator` of crypto in a data-checking tool): the English word has another sense here.
        ...(aloneInField(terms, concept) ? ['otherField'] : []),
        // The rendering is the glossary's term for another concept, or opens with one (`备用` where backup is 备份): another sense.
        // (Or ends with one, the rendering read off the text with a word more before it: `主动限流 (throttle)`, 限流 being rate
        // limiting's term, in a database's docs; session 16.)
        // (Or the gloss stands inside a longer term the glossary knows under another rendering, the English a word of its name:
        // `备用（backup）任务进程`, MapReduce's backup task 备用任务, a spare run, not a data backup 备份; session 18.)
        ...(otherSense(terms.glossary, r.zh, preferred, [concept], r.key, false) || tailOfOtherSense(terms.glossary, r.zh, preferred, concept, r.key) ||
          (r.kind === 'gloss' && compoundOfOther(terms.glossary, ctx.post.prose, r.zh, r.span.end, concept, r.key)) ? ['otherSense'] : []),
      ], { preferred });
    }
  },
};

/**
 * Does a rendering end with the glossary's Chinese term for another concept (`主动限流` ends with 限流, rate limiting, where
 * the glossary renders throttle 节流)? The rendering is read off the text before a gloss and may carry a word more
 * (`主动`), so its tail of two characters or more is what names the thing, when that word more shares no character with the
 * glossary's rendering.
 */
function tailOfOtherSense(glossary: Parameters<typeof otherSense>[0], zh: string, preferred: string, concept: Concept, en: string): boolean {
  for (let i = 1; i <= zh.length - 2; i++) {
    // (The word more shares nothing with the glossary's rendering: `服务网络` for 服务网格 opens as the right term does, and its
    // tail 网络 is the wrong word, not another thing named.)
    if ([...zh.slice(0, i)].some((ch) => preferred.includes(ch))) return false;
    if (otherSense(glossary, zh.slice(i), preferred, [concept], en, false)) return true;
  }
  return false;
}

/** CJK characters right after a gloss (past spaces and Markdown syntax), as many as a glossary term might still need. */
const AFTER_GLOSS_RE = new RegExp(`^[ \\u00a0${MARK}]*([${CJK_RANGES}]{1,6})`);

/**
 * Is a gloss part of a longer term written on across it (`备用（backup）任务`: the rendering, then the term's last characters right
 * after the parentheses), a term the glossary has as another concept whose English name opens with the glossed word (`backup task`
 * 备用任务)? Then the gloss names a word of that term, in that term's sense, not the glossary's own concept for the word alone.
 */
function compoundOfOther(glossary: Parameters<typeof otherSense>[0], prose: string, zh: string, glossEnd: number, concept: Concept, key: string): boolean {
  const m = AFTER_GLOSS_RE.exec(prose.slice(glossEnd, glossEnd + 12));
  if (!m) return false;
  const after = m[1];
  const norm = (e: string) => e.toLowerCase().replace(/[\s_-]+/g, ' ');
  const word = norm(key);
  for (let i = 0; i <= zh.length - 1; i++) {
    for (let n = 1; n <= after.length; n++) {
      const term = zh.slice(i) + after.slice(0, n);
      if ((glossary.byText.get(term) ?? []).some((f) => f.kind === 'zh' && f.concept !== concept && f.concept.en.some((e) => norm(e).startsWith(`${word} `)))) return true;
    }
  }
  return false;
}

/** Does the post write the concept in Latin spellings other than `found` and `preferred` two times or more (`NodeJS` beside `Node.JS`)? */
function writtenOtherwise(terms: PostTerms, concept: Concept, found: string, preferred: string): boolean {
  let n = 0;
  for (const i of terms.conceptHits.get(concept) ?? []) {
    const h = terms.blockHits[i];
    if (h.form.latin && h.text !== found && h.text !== preferred && !h.quoted && !h.cited) n++;
  }
  return n >= 2;
}
