/**
 * claim/unlinked: a sentence that states a statistic or reports a source, with no link or
 * footnote reference inside that sentence.
 *
 *   Bad:  据 Demandsage 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。
 *   Good: 据 [Demandsage](https://www.demandsage.com/chatgpt-statistics/) 报告显示，ChatGPT 仅用短短两个月就吸引了一亿用户。
 *
 * Cues are data (data/claims/cues.json, extended by `.zhen.yml` `claims.cues`): reporting
 * phrases (据…报告显示, 研究表明, according to), statistics (84%, 70 万个, 6000 万美元, 5 倍,
 * 八倍, 一亿用户, 2x faster), market superlatives (规模最大, 全球首个) and comparative market
 * performance (跑赢大盘). Not claims: first-person results (我们的测试中, in our benchmark), what the
 * reader sees right here (如下图所示), sentences that refer to a figure (its caption carries the
 * source, see claim/caption-source), `claims.ignore` phrases; and a sentence whose only cues
 * are numbers when it states a setting, threshold, hypothetical or example (默认, 当…时, 假设, e.g.),
 * or restates numbers that a table or code block of the same post shows. Dates, versions and plain counts
 * never match. Code never counts (the prose view masks it). A link, reference-style link,
 * autolink or footnote reference (`[^1]`) inside the sentence clears it; one in the next
 * sentence does not. Headings, table cells (option `tables`), captions that name a source and
 * footnote definitions are not checked. The finding covers the clauses from the first cue to
 * the last, not the paragraph.
 */
import type { Rule, RuleContext, Span } from '../../types';
import { sentences, type Sentence } from '../../sentences';
import { ATOM, MARK, walk, type Post, type ProseBlock } from '../../document';
import { cleanName, cleanText, cueSet, findCues, matchesAny, toSource, type CleanText, type Cue, type CueKind, type CueSet } from './cues';
import { citations, insideAny, overlapsAny } from './citations';
import { captionSource } from './captions';
import { sourceLibrary, type SourceLibrary } from './sources';
import { FIX_MESSAGES, disableFix, footnoteFix, knownSourcesMarkdown, sourceFixes, type NamedSource } from './fixes';
import { countWhile } from '../../text';

interface Options {
  /** Also check sentences in table cells (default false: tables are mostly measurements). */
  tables: boolean;
  /** Also check headings (default false). */
  headings: boolean;
}

const KIND_LABEL: Record<CueKind, { en: string; 'zh-cn': string }> = {
  report: { en: 'reporting phrase', 'zh-cn': '转述来源' },
  statistic: { en: 'statistic', 'zh-cn': '统计数字' },
  superlative: { en: 'market superlative', 'zh-cn': '市场最高级' },
  comparison: { en: 'market comparison', 'zh-cn': '市场比较' },
};

export const rule: Rule<Options> = {
  id: 'claim/unlinked',
  description: 'A statistic or sourced statement needs a link or footnote in the same sentence.',
  defaultSeverity: 'warning',
  defaultOptions: { tables: false, headings: false },
  messages: {
    unlinked: {
      en: 'Unsourced claim: “{cue}” has no link or footnote in this sentence.',
      'zh-cn': '未注明出处：“{cue}”所在的句子没有链接或脚注。',
    },
    hoverTitle: { en: '**Unlinked claim** (`claim/unlinked`)', 'zh-cn': '**未注明出处的论断**（`claim/unlinked`）' },
    hoverCue: { en: 'Raised by the {kind} “{text}”.', 'zh-cn': '触发依据：{kind}“{text}”。' },
    hoverNoName: {
      en: 'Add a link to the source in this sentence, or a footnote `[^n]` whose definition links it.',
      'zh-cn': '请在本句中链接来源，或添加脚注 `[^n]` 并在脚注定义中给出链接。',
    },
    ...FIX_MESSAGES,
  },
  check(ctx) {
    const { post } = ctx;
    const set = cueSet(ctx.config);
    const cites = citations(post);
    let library: SourceLibrary | undefined;
    for (const s of sentences(post)) {
      const type = s.block.type;
      if ((type === 'heading' && !ctx.options.headings) || (type === 'tableCell' && !ctx.options.tables)) continue;
      if (insideAny(cites.definitions, s)) continue;
      if (captionSource(post, s.block, set)) continue;
      const clean = cleanText(post, s);
      const cues = findCues(set, clean);
      if (!cues.length) continue;
      if (overlapsAny(cites.spans, { start: s.start, end: citedEnd(ctx, s, cites.footnoteRefs) })) continue;
      if (matchesAny(set.notClaim, clean.text) || matchesAny(set.figureRef, clean.text)) continue;
      if (cues.every((c) => c.kind === 'statistic') && (matchesAny(set.notStatistic, clean.text) || readsOwnData(post, s, set))) continue;
      if (cues.every((c) => c.kind === 'statistic' && restatesOwnData(post, c))) continue;
      library ??= sourceLibrary(post, ctx.config, ctx.workspace, set);
      const span = claimSpan(clean, cues);
      const name = namedSource(cues, clean, library, set);
      const source = sourceFixes(ctx, name, library);
      const fixes = [...source.links, footnoteFix(ctx, span.end), ...source.config];
      const disable = disableFix(ctx, rule.id, s.block.span.start);
      if (disable) fixes.push(disable);
      ctx.report({
        messageId: 'unlinked',
        data: { cue: cueSummary(post.prose, cues) },
        span,
        fixes,
        hover: hover(ctx, cues, name, library),
        detail: { cues: cues.map((c) => ({ kind: c.kind, text: c.text })), ...(name ? { source: name.text } : {}) },
      });
    }
  },
};

/**
 * Numbers in a paragraph that earlier said what the reader is looking at (观察火焰图，可以看到…;
 * 在我们的测试中…; 如图 3 所示…), or in a list introduced by such a line (结果分析：), read the
 * post's own data.
 */
function readsOwnData(post: Post, s: Sentence, set: CueSet): boolean {
  // An earlier sentence of the same block that says so: the first such sentence of the block is
  // found once (sentences are read in order, each at most once per post), then compared.
  const state = ownDataState(post, s.block, set);
  while (state.firstEnd < 0 && state.next < state.list.length && state.list[state.next].end <= s.start) {
    const other = state.list[state.next++];
    const t = cleanText(post, other).text;
    if (matchesAny(set.notClaim, t) || matchesAny(set.figureRef, t)) state.firstEnd = other.end;
  }
  if (state.firstEnd >= 0 && state.firstEnd <= s.start) return true;
  const lead = leadIn(post, s.block.span.start);
  return !!lead && (!!matchesAny(set.notClaim, lead) || !!matchesAny(set.figureRef, lead));
}

interface OwnDataState {
  /** The block's sentences, in order. */
  list: Sentence[];
  /** The next sentence not yet read. */
  next: number;
  /** The end of the first sentence that reads the post's own data (-1: none found yet). */
  firstEnd: number;
}
const ownDataMemo = new WeakMap<Post, { set: CueSet; blocks: Map<ProseBlock, OwnDataState> }>();

function ownDataState(post: Post, block: ProseBlock, set: CueSet): OwnDataState {
  let m = ownDataMemo.get(post);
  if (!m || m.set !== set) {
    const blocks = new Map<ProseBlock, OwnDataState>();
    for (const x of sentences(post)) {
      let st = blocks.get(x.block);
      if (!st) blocks.set(x.block, (st = { list: [], next: 0, firstEnd: -1 }));
      st.list.push(x);
    }
    ownDataMemo.set(post, (m = { set, blocks }));
  }
  return m.blocks.get(block) ?? { list: [], next: 0, firstEnd: -1 };
}

interface LeadIns {
  /** Lists introduced by a paragraph ending with a colon, outermost only, sorted by start. */
  top: Array<{ span: Span; lead: string }>;
}
const leadMemo = new WeakMap<Post, LeadIns>();

/** The paragraph that introduces the list holding an offset, when it ends with a colon. */
function leadIn(post: Post, offset: number): string | undefined {
  let memo = leadMemo.get(post);
  if (!memo) {
    const lists: Array<{ span: Span; lead: string }> = [];
    walk(post.root, (node) => {
      const kids = (node as { children?: Array<{ type: string; position?: { start: { offset?: number }; end: { offset?: number } } }> }).children;
      if (!kids) return;
      for (let i = 1; i < kids.length; i++) {
        const prev = kids[i - 1];
        const cur = kids[i];
        if (cur.type !== 'list' || prev.type !== 'paragraph' || !prev.position || !cur.position) continue;
        const text = cleanText(post, { start: prev.position.start.offset ?? 0, end: prev.position.end.offset ?? 0 }).text.trim();
        if (/[:：]$/.test(text)) lists.push({ span: { start: cur.position.start.offset ?? 0, end: cur.position.end.offset ?? 0 }, lead: text });
      }
    });
    // Lists nest or are disjoint, and the walk lists an outer list before the lists inside it, so
    // the first list holding an offset is the outermost one: keep only those, sorted.
    lists.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    const top: LeadIns['top'] = [];
    for (const l of lists) if (!top.length || l.span.start >= top[top.length - 1].span.end) top.push(l);
    leadMemo.set(post, (memo = { top }));
  }
  const { top } = memo;
  const lo = countWhile(top.length, (k) => top[k].span.start <= offset);
  const l = lo > 0 ? top[lo - 1] : undefined;
  return l && offset < l.span.end ? l.lead : undefined;
}

const ownNumbersMemo = new WeakMap<Post, Set<string>>();

/** Numbers (two or more significant characters) that the post's own tables and code blocks show. */
function ownNumbers(post: Post): Set<string> {
  let set = ownNumbersMemo.get(post);
  if (set) return set;
  set = new Set();
  const add = (t: string) => {
    for (const m of t.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
      const n = m[0].replace(/,/g, '');
      if (n.replace('.', '').length >= 2) set!.add(n);
    }
  };
  for (const b of post.blocks) if (b.type === 'tableCell') add(post.text.slice(b.span.start, b.span.end));
  walk(post.root, (n) => {
    if (n.type === 'code') add(n.value);
  });
  ownNumbersMemo.set(post, set);
  return set;
}

/** A statistic whose numbers all appear in a table or code block of this post restates the post's own data. */
function restatesOwnData(post: Post, cue: Cue): boolean {
  const nums = [...cue.text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => m[0].replace(/,/g, ''));
  if (!nums.length || nums.some((n) => n.replace('.', '').length < 2)) return false;
  const own = ownNumbers(post);
  return nums.every((n) => own.has(n));
}

/** A footnote reference right after the sentence's full stop (`…用户。[^1]`) belongs to it. */
function citedEnd(ctx: RuleContext<any>, s: Sentence, refs: readonly { start: number; end: number }[]): number {
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

/** From the start of the clause holding the first cue to the end of the clause holding the last. */
function claimSpan(clean: CleanText, cues: Cue[]): Span {
  const t = clean.text;
  const first = Math.max(0, clean.map.indexOf(cues[0].span.start));
  const lastEnd = Math.max(...cues.map((c) => c.span.end));
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

/** The cues' texts, overlapping ones merged: “据 Demandsage 报告显示 … 一亿用户”. */
function cueSummary(prose: string, cues: Cue[]): string {
  const merged: Span[] = [];
  for (const c of cues) {
    const last = merged[merged.length - 1];
    if (last && c.span.start < last.end) last.end = Math.max(last.end, c.span.end);
    else merged.push({ ...c.span });
  }
  return merged
    .slice(0, 3)
    .map((s) => prose.slice(s.start, s.end).split(MARK).join('').split(ATOM).join('…').replace(/\s+/g, ' '))
    .map((t) => (t.length > 40 ? t.slice(0, 39) + '…' : t))
    .join(' … ');
}

function namedSource(cues: Cue[], clean: CleanText, library: SourceLibrary, set: CueSet): NamedSource | undefined {
  for (const c of cues) if (c.name) return c.name;
  for (const re of set.sourceName) {
    re.lastIndex = 0;
    const m = re.exec(clean.text);
    const raw = m?.groups?.name;
    const n = raw && cleanName(raw);
    if (m && raw && n) {
      const at = m.index + m[0].indexOf(raw) + raw.indexOf(n);
      return { text: n, span: toSource(clean, at, at + n.length) };
    }
  }
  for (const n of library.namesIn(clean.text)) {
    const at = clean.text.indexOf(n);
    if (at >= 0) return { text: n, span: toSource(clean, at, at + n.length) };
  }
  return undefined;
}

function hover(ctx: RuleContext<any>, cues: Cue[], name: NamedSource | undefined, library: SourceLibrary): string {
  const lang = ctx.config.language;
  const lines = [ctx.t('hoverTitle'), ''];
  const seen = new Set<string>();
  for (const c of cues) {
    const key = c.kind + c.text;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`- ${ctx.t('hoverCue', { kind: KIND_LABEL[c.kind][lang], text: c.text })}`);
  }
  lines.push('');
  lines.push(name ? knownSourcesMarkdown(ctx, name.text, library) : ctx.t('hoverNoName'));
  return lines.join('\n');
}
