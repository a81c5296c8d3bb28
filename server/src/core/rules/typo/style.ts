/**
 * House style, learnt (issue #19). Not a rule: the machinery the typo rules share to read how a
 * post (and its workspace) writes each typography choice, and to keep a post that consistently
 * follows another style than the configured one quiet.
 *
 * - A *styled* rule (typo/cjk-latin-spacing, typo/punctuation) has a body that reports findings,
 *   tags those that only follow from a typography choice (`choice`), and counts every place of
 *   the post by the value it is written in (its *census*: `spaceBetweenCjkAndLatin` true for
 *   `用 AI`, false for `用AI`). The body runs once per post, style and options (`runStyled`); the
 *   rule's check replays it, and typo/house-style reads the same run.
 * - `houseStyle` decides, per choice, whether the post consistently writes it another way than
 *   the configured one (`learnt`): then the choice's findings become hints and typo/house-style
 *   reports one finding for the whole post. A post with too few places of its own follows the
 *   workspace's practice (the census of every post, from the index) when it agrees with it.
 * - `typography` resolves the configured style, `auto` included: the workspace's majority.
 *
 * Thresholds were measured on the 12 sites of the corpus (README, "House style").
 */
import type { Config, Finding, Fix, ReportInput, Rule, RuleContext, Severity, PostSummary, Workspace, WorkspaceIndex } from '../../types';
import { collectFixAllEdits } from '../../fix';
import { isSuppressed, type Post, type ProseBlock } from '../../document';
import { blockWindows, cacheTable, memoized, moveReports, placedReports, windowPass, type BlockWindow } from '../../blockCache';
import { format, fixIsOffered } from '../../engine';
import { ruleOptions, ruleSeverity } from '../../config';
import { positionAt } from '../../text';
import practice from '../../../../../data/typo/practice.json';
import { joinParts } from '../../windowSums';

/** The house style. Defaults follow the Chinese copywriting guidelines (sparanoid/chinese-copywriting-guidelines). */
export interface Typography {
  /** A space between Chinese and Latin letters (`用 AI 写`). */
  spaceBetweenCjkAndLatin: boolean;
  /** A space between Chinese and digits (`自 2023 年`). */
  spaceBetweenCjkAndDigits: boolean;
  /** A space between Chinese and inline code or math (``用 `npm` 安装``). */
  spaceAroundCode: boolean;
  /** Parentheses around English inside Chinese: keep them half-width with a space outside (`训练 (Training)`), or make them full-width (`训练（Training）`). */
  latinParentheses: 'halfwidth' | 'fullwidth';
  /** Parentheses around Chinese text: make them full-width (`（中文）`), or leave them as written. */
  cjkParentheses: 'fullwidth' | 'keep';
  /** Straight quotes around Chinese text become curly (`“中文”`), corner brackets (`「中文」`), or stay. */
  quotes: 'curly' | 'corner' | 'keep';
  /** Convert half-width `,.:;!?` next to Chinese into full-width. */
  fullwidthPunctuation: boolean;
  /** Write the ellipsis after Chinese as `……` (with `fullwidthPunctuation`); false leaves `...` and `。。。` as written. */
  chineseEllipsis: boolean;
  /** Convert full-width punctuation in English sentences into half-width. */
  halfwidthPunctuationInEnglish: boolean;
  /**
   * Convert half-width `,.:;` after a Latin word, inline code or a link in a Chinese clause into
   * full-width (`来更新 ztunnel.` → `来更新 ztunnel。`); false leaves them as written. A choice of its
   * own: many posts write full-width marks after Chinese and half-width ones after English words.
   */
  fullwidthPunctuationAfterLatin: boolean;
  /**
   * No space between an English word, inline code or math and the full-width stop or opening
   * bracket after it (`用 iPhone，`, `` `x`。 ``, `为 $n$：`); false leaves `用 iPhone ，` as written. A
   * choice of its own: some posts set every English word and formula off with spaces, punctuation
   * or not. A space between Chinese and full-width punctuation (`中文 ，`) is a slip in any style and
   * is not this choice.
   */
  tightPunctuationAfterLatin: boolean;
}

/** `.zhen.yml` `typography:` as resolved: any choice may be left out (the default) or be `auto` (the workspace's majority). */
export type TypographyConfig = { [K in keyof Typography]?: Typography[K] | 'auto' };

export const TYPOGRAPHY_DEFAULTS: Typography = {
  spaceBetweenCjkAndLatin: true,
  spaceBetweenCjkAndDigits: true,
  spaceAroundCode: true,
  latinParentheses: 'halfwidth',
  cjkParentheses: 'fullwidth',
  quotes: 'curly',
  fullwidthPunctuation: true,
  chineseEllipsis: true,
  halfwidthPunctuationInEnglish: true,
  fullwidthPunctuationAfterLatin: true,
  tightPunctuationAfterLatin: true,
};

/** The typography choices a post's practice is read for (`halfwidthPunctuationInEnglish` is not: English lines are few). */
export const CHOICES = ['spaceBetweenCjkAndLatin', 'spaceBetweenCjkAndDigits', 'spaceAroundCode', 'latinParentheses', 'cjkParentheses', 'quotes', 'fullwidthPunctuation', 'chineseEllipsis', 'fullwidthPunctuationAfterLatin', 'tightPunctuationAfterLatin'] as const;
export type Choice = (typeof CHOICES)[number];

/**
 * Per choice, how many places are written each way, keyed by the configured value that accepts
 * them (`"true"`/`"false"`, `"fullwidth"`, `"keep"` for `(中文)` or `"中文"` left as written…).
 */
export type Census = Partial<Record<Choice, Record<string, number>>>;

/** The smallest number of places of one choice in a post that tells its own style (below: the workspace's). */
export const MIN_PLACES: number = practice.minPlaces;
/** The share of a choice's places written one way for a post (or workspace) to follow that way consistently. */
export const CONSISTENT_SHARE: number = practice.consistentShare;
/** The fewest places of a choice over the workspace for `auto` to follow its majority (else the default). */
export const MIN_WORKSPACE_PLACES: number = practice.minWorkspacePlaces;

/** The effective house style: `.zhen.yml` `typography:` over the defaults, `auto` read from the workspace. */
export function typography(ctx: Pick<RuleContext, 'config'> & { workspace?: Readonly<Workspace> }): Typography {
  const t: TypographyConfig = ctx.config.typography ?? {};
  const out = { ...TYPOGRAPHY_DEFAULTS };
  for (const k of Object.keys(TYPOGRAPHY_DEFAULTS) as Array<keyof Typography>) {
    const v = t[k];
    if (v === 'auto') {
      const w = (CHOICES as readonly string[]).includes(k) ? workspaceMajority(ctx.workspace?.index, k as Choice) : undefined;
      if (w !== undefined) (out as Record<string, unknown>)[k] = w;
    } else if (v !== undefined && typeof v === typeof TYPOGRAPHY_DEFAULTS[k]) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** The config value written for a census key. */
function valueOf(key: string): boolean | string {
  return key === 'true' ? true : key === 'false' ? false : key;
}

/** The value the workspace writes a choice in most, if it has enough places of it. */
function workspaceMajority(index: WorkspaceIndex | undefined, choice: Choice): boolean | string | undefined {
  const counts = index ? workspaceCensus(index)[choice] : undefined;
  if (!counts) return undefined;
  let best: string | undefined;
  let total = 0;
  for (const [k, n] of Object.entries(counts)) {
    total += n;
    if (best === undefined || n > counts[best]) best = k;
  }
  return best !== undefined && total >= MIN_WORKSPACE_PLACES ? valueOf(best) : undefined;
}

/** A post's census in its index summary (the typo family's slice). */
function censusOf(summary: PostSummary | undefined): Census | undefined {
  return (summary?.typo as { census?: Census } | undefined)?.census;
}

const censusMemo = new WeakMap<WorkspaceIndex, { version: number; census: Census }>();

/** The census of every post of the workspace (the typo family's slice of the index), summed. */
export function workspaceCensus(index: WorkspaceIndex): Census {
  const m = censusMemo.get(index);
  if (m && m.version === index.version) return m.census;
  const census: Census = {};
  for (const s of index.posts.values()) addCensus(census, censusOf(s));
  censusMemo.set(index, { version: index.version, census });
  return census;
}

function addCensus(into: Census, from: Census | undefined): void {
  if (!from || typeof from !== 'object') return;
  for (const c of CHOICES) {
    const src = from[c];
    if (!src || typeof src !== 'object') continue;
    const dst = (into[c] ??= {});
    for (const k in src) {
      const n = src[k];
      if (typeof n === 'number') dst[k] = (dst[k] ?? 0) + n;
    }
  }
}

/** The censuses summed in order (a fresh object). */
function sumCensus(parts: readonly Census[]): Census {
  const census: Census = {};
  for (const p of parts) addCensus(census, p);
  return census;
}

/** Two censuses count the same places (and keys in the same order: the sum's keys keep the order they were first counted in). */
function sameCensus(a: Census, b: Census): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return false;
    const x = a[ka[i] as Choice]!;
    const y = b[kb[i] as Choice]!;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    for (let j = 0; j < kx.length; j++) if (kx[j] !== ky[j] || x[kx[j]] !== y[ky[j]]) return false;
  }
  return true;
}

/** A `Tally` that counts into `census`. */
function tallyInto(census: Census): Tally {
  return (choice, value, n = 1) => {
    const m = (census[choice] ??= {});
    const k = String(value);
    m[k] = (m[k] ?? 0) + n;
  };
}

/** A report of a styled rule; `choice` when it follows from a typography choice only. */
export interface StyledReport extends ReportInput {
  choice?: Choice;
}

/** Count `n` places of `choice` written as `value`. */
export type Tally = (choice: Choice, value: string | boolean, n?: number) => void;

/**
 * The body of a styled rule: reports (with `choice`) and counts places. `runStyled` calls it once
 * per block with `blocks` holding that block (its block-level part: kept by the block, it may read
 * the block's lines and two characters either side), then once with `blocks` undefined (its
 * post-level part, e.g. over the post's links).
 */
export type StyledBody<O> = (ctx: RuleContext<O>, style: Typography, tally: Tally, blocks: readonly ProseBlock[] | undefined) => void;

export interface StyledRun {
  reports: StyledReport[];
  census: Census;
  /** Per prose block, in order: its reports (`reports[from, to)`) and its census (for passages). */
  parts?: Array<{ from: number; to: number; census: Census }>;
}

interface Styled {
  rule: Pick<Rule<unknown>, 'id' | 'defaultSeverity'>;
  /** The rule's messages whose findings (with no choice) are one typing habit per post (`habits`). */
  habits: ReadonlySet<string>;
  /** The rule's messages whose findings in a post are one problem of their own (`habits`), not part of its typesetting practice. */
  repeated: ReadonlySet<string>;
  /** The rule's run on a post outside the engine (its options read from the config). */
  run(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>, style: Typography): StyledRun;
}

const styled: Styled[] = [];

/** typo/house-style, whose `messages` hold the text this machinery shows (a passage's hover). */
let houseRule: Pick<Rule<unknown>, 'messages'> | undefined;

/** Register typo/house-style (at module load): the one l10n path for the hovers written here. */
export function registerHouseStyle(rule: Pick<Rule<unknown>, 'messages'>): void {
  houseRule = rule;
}

/** A message of typo/house-style in `lang`, as its context's `t` gives it. */
function houseText(lang: string, id: string, data: Record<string, string | number>): string {
  const m = houseRule?.messages[id];
  return m ? format(m[lang as keyof typeof m] ?? m.en, data) : id;
}

/** Register a styled rule (at module load), so typo/house-style and the summary can run it. */
export function registerStyled<O>(rule: Rule<O>, body: StyledBody<O>, habits: readonly string[] = [], repeated: readonly string[] = []): void {
  styled.push({ rule, habits: new Set(habits), repeated: new Set(repeated), run: (post, config, workspace, style) => runStyled(contextFor(rule, post, config, workspace, 'warning'), rule, body, style) });
}

const runs = new WeakMap<Post, Map<string, StyledRun>>();
/**
 * The last short id given to a run key (rule, language, style, options). An id is kept in the run's
 * rule cache with its key (`memoized`), so it lives as long as that cache uses the key, and is never
 * given to another key: a module-level table of every key ever seen grew for the server's lifetime.
 */
let lastRunId = 0;

/** The body's run on this post for this style, options and language, computed once. */
export function runStyled<O>(ctx: RuleContext<O>, rule: Rule<O>, body: StyledBody<O>, style: Typography): StyledRun {
  let byKey = runs.get(ctx.post);
  if (!byKey) runs.set(ctx.post, (byKey = new Map()));
  const key = `${rule.id}\u0000${ctx.config.language}\u0000${JSON.stringify(style)}\u0000${JSON.stringify(ctx.options)}`;
  let run = byKey.get(key);
  if (run) return run;
  const r: StyledRun = { reports: [], census: {}, parts: [] };
  // The run's key as a short id in each block's `sub` (compared on every lookup of the block).
  const id = memoized(ctx.post, 'typo/styled-run', key, () => String(++lastRunId));
  const censuses: Census[] = [];
  const subs = cacheTable(ctx.post, STYLED_SUBS, newStyledSubs);
  const partOf = windowPass(ctx.post, 'typo/styled', (w) => styledBlock(ctx, body, style, w));
  for (const w of blockWindows(ctx.post)) {
    const part = partOf(w, styledSub(subs, id, w.edges));
    const from = r.reports.length;
    for (const x of placedReports(part, w.base)) r.reports.push(x);
    r.parts!.push({ from, to: r.reports.length, census: part.census });
    censuses.push(part.census);
  }
  // The blocks' census summed: a join reused while every block's census equals the one it was made from
  // (the core's windowSums.ts `joinParts`; the same object for a kept block), copied before the post-level part counts into it.
  const sum = joinParts(ctx.post, `typo/styled-census:${id}`, censuses, sameCensus, sumCensus);
  for (const c in sum) r.census[c as Choice] = { ...sum[c as Choice] };
  body({ ...ctx, report: (x: StyledReport) => void r.reports.push(x) }, style, tallyInto(r.census), undefined);
  byKey.set(key, r);
  return r;
}

/** A run id's subs by edges (see `styledSub`), and how many were made (for the tests). */
export interface StyledSubs {
  byId: Map<string, Map<string, string>>;
  made: number;
}

/**
 * A block's `sub` in the run's rule cache: the run's id and the window's edges. The same string
 * object each time (an unchanged window's edges are the last run's string, so the look-up hashes
 * nothing): not one joined per window and edit, nor compared anew in the memo's chain. The table is
 * the rule cache's own (`cacheTable`: gone with it when the document closes), emptied past a bound;
 * without a cache (the CLI) the sub is simply joined.
 */
function styledSub(subs: StyledSubs | undefined, id: string, edges: string): string {
  if (!subs) return `${id}\u0000${edges}`;
  let byEdges = subs.byId.get(id);
  if (!byEdges) {
    if (subs.byId.size >= 16) subs.byId.clear(); // (ids of runs the cache uses no more)
    subs.byId.set(id, (byEdges = new Map()));
  }
  let sub = byEdges.get(edges);
  if (sub === undefined) {
    if (byEdges.size >= 1 << 16) byEdges.clear();
    byEdges.set(edges, (sub = `${id}\u0000${edges}`));
    subs.made++;
  }
  return sub;
}

/** The rule cache's table of `styledSub` (typo/style.ts's). */
export const STYLED_SUBS = 'typo/styled-subs';
export const newStyledSubs = (): StyledSubs => ({ byId: new Map(), made: 0 });

/** A block's part of a run (window offsets), and its reports as last placed in a post. */
interface StyledPart extends StyledRun {
  placed?: { base: number; reports: StyledReport[] };
}

/**
 * The body's part on one block, in window offsets. It reads the block's lines and at most two
 * characters either side of them (`BlockWindow.edges`), so these are its key in the run's rule cache.
 */
function styledBlock<O>(ctx: RuleContext<O>, body: StyledBody<O>, style: Typography, w: BlockWindow): StyledPart {
  const reports: StyledReport[] = [];
  const census: Census = {};
  body({ ...ctx, report: (x: StyledReport) => void reports.push(x) }, style, tallyInto(census), [w.block]);
  const local: StyledReport[] = [];
  moveReports(reports, -w.base, (x) => local.push(x));
  return { reports: local, census };
}

/** A styled rule's check: its run, replayed, shaped by the post's plan (typo/style `postPlan`). */
export function checkStyled<O>(ctx: RuleContext<O>, rule: Rule<O>, body: StyledBody<O>): void {
  const out = postPlan(ctx.post, ctx.config, ctx.workspace).outs.get(rule.id);
  // (a rule not registered or run outside its registration: shape it alone)
  for (const r of out ?? shapeRun(runStyled(ctx, rule, body, typography(ctx)), typography(ctx), houseStyle(ctx.post, ctx.config, ctx.workspace).learnt, ctx.config)) ctx.report(r);
}

/** `typo/house-style: off`: every place is reported as it is (no learnt style, passages or slips). */
function houseOff(config: Readonly<Config>): boolean {
  return ruleSeverity(config, { id: HOUSE_STYLE_RULE, defaultSeverity: 'info' }) === 'off';
}

/** A rule's reports with the findings of a learnt choice as hints, and one finding per passage. */
function shapeRun(run: StyledRun, style: Typography, learnt: Map<Choice, Learnt>, config: Readonly<Config>): StyledReport[] {
  const inPassage = houseOff(config) ? new Map<StyledReport, PassagePlace>() : passages(run, style, learnt, config.language);
  const shown = (x: StyledReport): StyledReport => {
    // The choice a finding follows from, in its data (`choice`): what one problem of a post is keyed by.
    const r = x.choice ? { ...x, detail: { ...x.detail, choice: x.choice } } : x;
    const l = r.choice ? learnt.get(r.choice) : undefined;
    const p = inPassage.get(x);
    if (l) return { ...r, severity: 'hint' as const, detail: { ...r.detail, houseStyle: r.choice } };
    if (p) return p.first ? { ...r, hover: p.hover, detail: { ...r.detail, passage: p.places } } : { ...r, severity: 'hint' as const, detail: { ...r.detail, passage: p.places } };
    return r;
  };
  return run.reports.map(shown);
}

/**
 * What the typo family shows of a post's typesetting, decided once for all the styled rules: each
 * rule's reports as shown (`outs`), and the post's slips from its own style (`slips`), which may
 * span both rules and every choice.
 */
export interface PostPlan {
  outs: Map<string, StyledReport[]>;
  slips?: Slips;
}

/** A post's slips from its own style: one problem (see `slips`). */
export interface Slips {
  /** The places above hint, in the post's order, and their lines (1-based). */
  places: number;
  lines: number[];
  /** The typography choices they slip in. */
  choices: Choice[];
  /** One fix for all of them (and their passages' hints): the same edits as fix-all. */
  fix?: Fix;
  /** Folded into typo/house-style's finding (the post's one style finding): every place is a hint pointing to it. */
  intoHouseStyle: boolean;
}

/** The post's plan (memoised per post, config and workspace, as `houseStyle`). */
export const postPlan = perContext(computePlan);

function computePlan(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>): PostPlan {
  const style = typography({ config, workspace });
  const hs = houseStyle(post, config, workspace);
  const rules: SlipRule[] = [];
  const outs = new Map<string, StyledReport[]>();
  for (const s of styled) {
    const setting = ruleSeverity(config, s.rule);
    if (setting === 'off') continue;
    const run = s.run(post, config, workspace, style);
    const out = shapeRun(run, style, hs.learnt, config);
    outs.set(s.rule.id, out);
    rules.push({ id: s.rule.id, setting, run, out, habits: s.habits, repeated: s.repeated });
  }
  const plan: PostPlan = { outs };
  if (!houseOff(config)) {
    // (habits first: a post's habit of one kind is one finding, and that finding is one place of its practice)
    for (const x of rules) habits(post, config, x);
    plan.slips = slips(post, config, style, rules, hs);
  }
  return plan;
}

interface SlipRule {
  id: string;
  setting: Severity;
  run: StyledRun;
  out: StyledReport[];
  habits: ReadonlySet<string>;
  repeated: ReadonlySet<string>;
}

/**
 * A post's typing habits (issue #19 item 2, one finding per problem): the findings of one kind that
 * no typography choice explains and that a hand repeats while typing (a rule's `habits`: a space
 * beside a full-width mark, `。 然后`, `金融： 蚂蚁金服`; a stray space between Chinese characters;
 * spaces inside link brackets; and a rule's `repeated` kinds, slips that are no matter of style but that
 * a hand repeats all the same: full-width digits typed in full-width mode, `。。`, `--` for a dash), at
 * least CONTRADICTION_MIN of them above hint in one post, are one problem: the first (the most severe, then in the post's order) keeps its severity, names the
 * others' lines in its hover (`data.habit`: how many, and where) and offers one fix for all of them
 * when their fixes are preferred ones; the others become hints that point to it (`data.firstAt`).
 * Every place keeps its own fix. A habit's head is then one place of the post's typesetting practice
 * (`slips`); a `repeated` kind's head stays a finding of its own. Off with `typo/house-style: off`.
 * Changes `x.out` in place.
 */
function habits(post: Post, config: Readonly<Config>, x: SlipRule): void {
  if ((!x.habits.size && !x.repeated.size) || x.setting === 'hint') return;
  const byKind = new Map<string, number[]>();
  x.out.forEach((r, i) => {
    if (r.choice || r.severity === 'hint' || !(x.habits.has(r.messageId) || x.repeated.has(r.messageId)) || isSuppressed(post, x.id, r.span)) return;
    let l = byKind.get(r.messageId);
    if (!l) byKind.set(r.messageId, (l = []));
    l.push(i);
  });
  const lang = config.language;
  const rank = (r: StyledReport) => SEVERITY_RANK[r.severity && SEVERITY_RANK[r.severity] < SEVERITY_RANK[x.setting] ? r.severity : x.setting];
  for (const list of byKind.values()) {
    if (list.length < CONTRADICTION_MIN) continue;
    list.sort((a, b) => x.out[a].span.start - x.out[b].span.start || x.out[a].span.end - x.out[b].span.end);
    let head = list[0];
    for (const i of list) if (rank(x.out[i]) > rank(x.out[head])) head = i;
    const at = (i: number) => positionAt(post.lineStarts, x.out[i].span.start);
    const lines = [...new Set(list.map((i) => at(i).line + 1))];
    const h = at(head);
    const firstAt = { line: h.line + 1, column: h.character + 1 };
    const detail = { places: list.length, lines };
    const fix = fixAllOf(post, list.map((i) => x.out[i]), houseText(lang, 'habitFix', { n: list.length }));
    const hover = houseText(lang, 'habit', { n: list.length, lines: lines.join(lang === 'zh-cn' ? '、' : ', ') });
    for (const i of list) {
      const r = x.out[i];
      x.out[i] = i === head
        ? { ...r, hover: r.hover ? `${r.hover}\n\n${hover}` : hover, fixes: fix ? [...(r.fixes ?? []), fix] : r.fixes, detail: { ...r.detail, habit: detail } }
        : { ...r, severity: 'hint', detail: { ...r.detail, habit: detail, firstAt } };
    }
  }
}

/** The fewest findings above hint that `slips` makes one finding of (a single slip is one finding already). */
export const CONTRADICTION_MIN = 2;

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/**
 * A post's slips from its own style (issue #19 item 2, one finding per problem). A post that writes
 * a choice the configured way consistently (CONSISTENT_SHARE of at least MIN_PLACES places) and the
 * other way in a few places contradicts itself there; the post's slips, over every such choice and
 * both styled rules, are one problem, "this post departs from its own style in these places",
 * however scattered (a passage of them is already one finding: its first counts as one place).
 *
 * - With a typo/house-style finding (the post consistently writes some choice another way than
 *   configured), that finding is the post's one style finding: it names the slips (message, hover,
 *   `data.slips`) and offers one fix for them, and every slip is a hint pointing to it
 *   (`data.firstAt` with `rule`). Only when the house-style finding is at least as severe as each slip.
 * - Otherwise, with at least CONTRADICTION_MIN slips, the first (the most severe, then in the post's
 *   order) keeps its severity, names the others' lines in its hover (`data.contradiction`) and offers
 *   one fix for all of them; the others become hints pointing to it (`data.firstAt`; with `rule`
 *   when the first is another rule's finding: the editor's related information).
 * Every place keeps its own fix, so fix-all still fixes every place. A mixed choice (under
 * CONSISTENT_SHARE either way) keeps every finding. Changes the rules' `out` in place.
 */
function slips(post: Post, config: Readonly<Config>, style: Typography, rules: SlipRule[], hs: HouseStyle): Slips | undefined {
  const lang = config.language;
  const cands: Array<{ rule: SlipRule; i: number; sev: Severity }> = [];
  /** The choices of the slips proper (a choice the post keeps), with how many places keep it. */
  const choices = new Map<Choice, { kept: number }>();
  /** Every choice among the places (slips, few-place choices, passages): their passages' hints join the fix. */
  const allChoices = new Set<Choice>();
  /** Places that are no slip of a kept choice: a typing habit, a choice with too few places to tell. */
  let others = 0;
  for (const x of rules) {
    if (x.setting === 'hint') continue;
    x.out.forEach((r, i) => {
      if (r.severity === 'hint' || isSuppressed(post, x.id, r.span)) return;
      const sev = r.severity && SEVERITY_RANK[r.severity] < SEVERITY_RANK[x.setting] ? r.severity : x.setting;
      if (!r.choice) {
        // A typing habit (a space beside a full-width mark, a stray space, spaced link brackets): a
        // departure from how the post writes; a habit of several places is already one finding.
        if (!x.habits.has(r.messageId)) return;
        cands.push({ rule: x, i, sev });
        others++;
        return;
      }
      const value = findingValue(r.choice, style[r.choice]);
      const counts = x.run.census[r.choice] ?? {};
      const total = placesOf(counts);
      const kept = total - (value ? counts[value] ?? 0 : 0);
      if (!value) return;
      const slip = total >= MIN_PLACES && kept >= CONSISTENT_SHARE * total;
      // A choice with too few places to tell the post's own way (`(中文)` twice), or a passage
      // written the other way (the rest of the post keeps the choice): part of its practice too.
      // A choice the post mixes (neither way at CONSISTENT_SHARE) keeps every place.
      if (!slip && total >= MIN_PLACES && r.detail?.passage === undefined) return;
      cands.push({ rule: x, i, sev });
      allChoices.add(r.choice);
      if (slip) choices.set(r.choice, { kept });
      else others++;
    });
  }
  if (!cands.length) return undefined;
  const houseSetting = ruleSeverity(config, { id: HOUSE_STYLE_RULE, defaultSeverity: 'info' }) as Severity; // (not off: see computePlan)
  const houseAt = hs.learnt.size ? houseStyleSpan(hs) : undefined;
  // (a suppressed house-style finding is not shown: its slips stay on their own)
  const houseShown = houseAt !== undefined && !isSuppressed(post, HOUSE_STYLE_RULE, { start: houseAt, end: houseAt + 1 });
  // (a house-style finding that is a hint because the blog writes that way (`blog`) names no slips: they
  // are a real inconsistency of the post and keep their own head, above hint)
  const houseHint = hs.blog !== undefined && !hs.blog.keeps;
  const intoHouseStyle = houseAt !== undefined && houseShown && houseSetting !== 'hint' && !houseHint && cands.every((c) => SEVERITY_RANK[c.sev] <= SEVERITY_RANK[houseSetting]);
  if (!intoHouseStyle && cands.length < CONTRADICTION_MIN) return undefined;
  const spanOf = (c: { rule: SlipRule; i: number }) => c.rule.out[c.i].span;
  cands.sort((a, b) => spanOf(a).start - spanOf(b).start || spanOf(a).end - spanOf(b).end);
  const at = (start: number) => positionAt(post.lineStarts, start);
  // The group's places: its findings above hint, and the hints of its passages and habits (fixed with them).
  const isMember = new Set(cands.map((c) => c.rule.out[c.i]));
  const group: StyledReport[] = [];
  // (a habit's head stands for its places: their hints share its `habit` detail)
  const habitsIn = new Set<unknown>(cands.map((c) => c.rule.out[c.i].detail?.habit).filter((h) => h !== undefined));
  for (const x of rules) {
    for (const r of x.out) {
      if (isMember.has(r)) group.push(r);
      else if (r.severity !== 'hint' || r.detail?.houseStyle) continue;
      else if (r.choice ? allChoices.has(r.choice) && r.detail?.passage !== undefined : habitsIn.has(r.detail?.habit)) group.push(r);
    }
  }
  const fix = fixAllOf(post, group, houseText(lang, 'contradictionFix', { n: group.length }));
  // Every place the group stands for, in the post's order: its lines, how many (the message and hover say so).
  group.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const lines = [...new Set(group.map((r) => at(r.span.start).line + 1))];
  const places = group.length;
  const detail = { places, lines };
  const result: Slips = { places, lines, choices: [...allChoices], fix: group.length > 1 || intoHouseStyle ? fix : undefined, intoHouseStyle };
  let head: (typeof cands)[number] | undefined;
  let firstAt: { line: number; column: number; rule?: string };
  if (intoHouseStyle) {
    const h = at(houseAt);
    firstAt = { line: h.line + 1, column: h.character + 1, rule: HOUSE_STYLE_RULE };
  } else {
    head = cands[0];
    for (const c of cands) if (SEVERITY_RANK[c.sev] > SEVERITY_RANK[head.sev]) head = c;
    const h = at(spanOf(head).start);
    firstAt = { line: h.line + 1, column: h.character + 1 };
    const only = choices.size === 1 ? [...choices.values()][0] : undefined;
    const list = lines.join(lang === 'zh-cn' ? '、' : ', ');
    const hover = others ? houseText(lang, 'practice', { n: places, lines: list }) : only ? houseText(lang, 'contradiction', { n: places, kept: only.kept, lines: list }) : houseText(lang, 'contradictions', { n: places, c: choices.size, lines: list });
    const r = head.rule.out[head.i];
    head.rule.out[head.i] = { ...r, hover: r.hover ? `${r.hover}\n\n${hover}` : hover, fixes: result.fix ? [...(r.fixes ?? []), result.fix] : r.fixes, detail: { ...r.detail, contradiction: detail } };
  }
  for (const c of cands) {
    if (c === head) continue;
    const r = c.rule.out[c.i];
    const point = head && head.rule !== c.rule ? { ...firstAt, rule: head.rule.id } : firstAt;
    c.rule.out[c.i] = { ...r, severity: 'hint', detail: { ...r.detail, contradiction: detail, firstAt: point } };
    // a habit's other places pointed to this one, now a hint: they point where it points
    const habit = r.detail?.habit;
    if (habit !== undefined) c.rule.out.forEach((o, k) => {
      if (k !== c.i && o.detail?.habit === habit && o.severity === 'hint') c.rule.out[k] = { ...o, detail: { ...o.detail, firstAt: point } };
    });
  }
  return result;
}

/** Where typo/house-style's finding sits: the first of its learnt findings. */
export function houseStyleSpan(hs: HouseStyle): number {
  let first = Infinity;
  for (const l of hs.learnt.values()) for (const f of l.findings) if (f.span.start < first) first = f.span.start;
  return first;
}

/** A finding's place in a passage: the first, and the passage's number of findings. */
interface PassagePlace {
  first: boolean;
  places: number;
  hover: string;
}

/** The fewest places of a passage: consecutive blocks that write a choice the other way in every one of its places. */
export const PASSAGE_MIN = 3;

/**
 * Passages written in another convention (issue #19 item 2, one finding per problem): a run of
 * consecutive blocks, each with places of a choice and every one of them written the findings' way
 * (a pasted section, a paragraph typed with the input method in English mode: `先看看世界局势:`,
 * `12 月 3 日 22 时: [韩国戒严], 这是…`), with at least PASSAGE_MIN findings, is one problem: its first
 * finding keeps its severity and says so, the others are hints (still fixed by fix-all), when the
 * rest of the post writes the choice the other way consistently (CONSISTENT_SHARE of at least
 * MIN_PLACES places): a mixed post keeps every finding. A block that writes the choice both ways
 * ends the run, and its findings stay as they are. Off with
 * `typo/house-style: off`.
 */
function passages(run: StyledRun, style: Typography, learnt: Map<Choice, Learnt>, lang: string): Map<StyledReport, PassagePlace> {
  const out = new Map<StyledReport, PassagePlace>();
  const parts = run.parts ?? [];
  const open = new Map<Choice, StyledReport[]>();
  const places = new Map<Choice, number>();
  const close = (c: Choice) => {
    const list = open.get(c);
    const n = places.get(c) ?? 0;
    open.delete(c);
    places.delete(c);
    if (!list || list.length < PASSAGE_MIN) return;
    // The rest of the post writes the choice the other way consistently (a mixed post is not learnt:
    // its places keep their severity, README "House style, learnt").
    const value = findingValue(c, style[c]);
    const counts = run.census[c] ?? {};
    const rest = placesOf(counts) - n;
    const restOther = rest - ((value ? counts[value] ?? 0 : 0) - n);
    if (rest < MIN_PLACES || restOther < CONSISTENT_SHARE * rest) return;
    const hover = houseText(lang, 'passage', { n: list.length });
    list.forEach((r, i) => out.set(r, { first: i === 0, places: list.length, hover }));
  };
  // (Once per block of the post on every edit: nothing is allocated for a block that counts nothing, and the loops
  // are indexed: unoptimised, a `for…of` makes an iterator and a result per item.)
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    const census = part.census as Record<Choice, Record<string, number> | undefined>;
    for (const key in census) {
      const c = key as Choice;
      const counts = census[c]!;
      if (learnt.has(c)) continue;
      const value = findingValue(c, style[c]);
      const total = placesOf(counts);
      if (!total) continue;
      if (!value || (counts[value] ?? 0) !== total) { close(c); continue; }
      const list = open.get(c) ?? [];
      for (let k = part.from; k < part.to; k++) if (run.reports[k].choice === c) list.push(run.reports[k]);
      open.set(c, list);
      places.set(c, (places.get(c) ?? 0) + total);
    }
    // A passage ends at a block that has no place of its choice (open choices are never learnt ones).
    // (Deleting the current key while a Map is iterated is safe.)
    if (open.size) for (const c of open.keys()) {
      const counts = census[c];
      if (!counts || !placesOf(counts)) close(c);
    }
  }
  for (const c of [...open.keys()]) close(c);
  return out;
}

/** A styled rule's context outside the engine (for typo/house-style and the summary). */
function contextFor<O>(rule: Rule<O>, post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>, severity: Severity): RuleContext<O> {
  const lang = config.language;
  return {
    post,
    options: ruleOptions(config, rule),
    config,
    workspace,
    severity,
    report: () => undefined,
    t: (id, data) => {
      const m = rule.messages[id];
      return m ? format(m[lang] ?? m.en, data) : id;
    },
  };
}

/** A choice the post consistently writes another way than the configured one. */
export interface Learnt {
  choice: Choice;
  /** The rule whose findings these are. */
  ruleId: string;
  /** The configured value, and the post's (a config value: `false`, `keep`, `halfwidth`…). */
  configured: boolean | string;
  written: boolean | string;
  /** The findings of the choice that are not suppressed, in order. */
  findings: StyledReport[];
  /** Places of the choice in the post, and of them written the post's way. */
  places: number;
  matching: number;
  /** Decided on the workspace's practice (the post alone has too few places). */
  fromWorkspace: boolean;
  /** Too few places, all written the other way, in a post that follows another style in a choice of its own (not by its spacing). */
  alongside?: true;
}

export interface HouseStyle {
  census: Census;
  learnt: Map<Choice, Learnt>;
  /**
   * Every learnt choice is the blog's own practice (`blogPractice`): typo/house-style's finding is a
   * hint saying so, except in the one post (`keeps`) that carries the blog's one suggestion.
   */
  blog?: BlogStyle;
}

/** The workspace's posts that decide a choice, and how many of them write it the post's way (`blogPractice`). */
export interface BlogStyle {
  /** For the message: the choice with the most places, its posts written this way and its deciding posts (other than this one). */
  choice: Choice;
  posts: number;
  deciding: number;
  /** This post is the first (by path) of the workspace that decides some of its learnt choices this way: it keeps the finding above hint. */
  keeps: boolean;
  /** The first post (by path) that decides `choice` this way: the one that carries the suggestion for it. */
  first?: string;
}

/** The fewest other posts of the workspace that decide a choice for it to tell the blog's practice. */
export const BLOG_MIN_POSTS: number = practice.blogMinPosts;
/** The share of those deciding posts that write it one way for that way to be the blog's practice. */
export const BLOG_SHARE: number = practice.blogShare;

/** How a post decides a choice: the value of CONSISTENT_SHARE of at least MIN_PLACES of its places, if any. */
function decides(counts: Record<string, number> | undefined): string | undefined {
  return Object.keys(counts ?? {}).find((k) => consistent(counts, k, MIN_PLACES));
}

const decidersMemo = new WeakMap<WorkspaceIndex, { version: number; byChoice: Map<Choice, Array<{ path: string; value: string }>> }>();

/** Per choice, the posts of the workspace that decide it and how, by path. */
function deciders(index: WorkspaceIndex): Map<Choice, Array<{ path: string; value: string }>> {
  const m = decidersMemo.get(index);
  if (m && m.version === index.version) return m.byChoice;
  const byChoice = new Map<Choice, Array<{ path: string; value: string }>>();
  const paths = [...index.posts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    const census = censusOf(index.posts.get(path));
    if (!census || typeof census !== 'object') continue;
    for (const c of CHOICES) {
      const value = decides(census[c]);
      if (value === undefined) continue;
      let l = byChoice.get(c);
      if (!l) byChoice.set(c, (l = []));
      l.push({ path, value });
    }
  }
  decidersMemo.set(index, { version: index.version, byChoice });
  return byChoice;
}

/**
 * Is writing `choice` as `value` the blog's own practice (issue #19, a blog that writes one way
 * everywhere)? Of the workspace's other posts that decide the choice (`decides`), at least
 * BLOG_MIN_POSTS, BLOG_SHARE write it this way. Then `first` says whether this post is the first
 * by path of those that decide it this way (itself included, by its own census): the blog's one
 * suggestion, as term/abbr-undefined's vocabulary hint sits in the first post that uses the abbreviation.
 */
function blogPractice(workspace: Readonly<Workspace>, census: Census, choice: Choice, value: string): { posts: number; deciding: number; first: boolean; firstPath?: string; against?: true } | undefined {
  const index = workspace.index;
  if (!index || !index.posts.size) return undefined;
  const others = (deciders(index).get(choice) ?? []).filter((d) => d.path !== workspace.path);
  const posts = others.filter((d) => d.value === value).length;
  if (others.length < BLOG_MIN_POSTS) return undefined;
  if (posts < BLOG_SHARE * others.length) return { posts, deciding: others.length, first: false, against: true };
  const self = workspace.path !== undefined && decides(census[choice]) === value;
  const firstOther = others.find((d) => d.value === value)?.path;
  const first = self && (firstOther === undefined || workspace.path! < firstOther);
  return { posts, deciding: others.length, first, firstPath: first ? workspace.path : firstOther };
}

/** The value that a choice's findings are written in, given the configured one (the findings' style). */
function findingValue(choice: Choice, configured: boolean | string): string | undefined {
  switch (choice) {
    case 'spaceBetweenCjkAndLatin':
    case 'spaceBetweenCjkAndDigits':
    case 'spaceAroundCode':
    case 'fullwidthPunctuation':
    case 'chineseEllipsis':
    case 'fullwidthPunctuationAfterLatin':
    case 'tightPunctuationAfterLatin':
      return configured === true ? 'false' : undefined;
    case 'cjkParentheses':
      return configured === 'fullwidth' ? 'keep' : undefined;
    case 'quotes':
      return configured === 'keep' ? undefined : 'keep';
    case 'latinParentheses':
      return configured === 'fullwidth' ? 'halfwidth' : undefined;
  }
}

/** Does the share of `value` among the counts reach CONSISTENT_SHARE, with at least `min` such places? */
function consistent(counts: Record<string, number> | undefined, value: string, min: number): boolean {
  if (!counts) return false;
  const n = counts[value] ?? 0;
  return n >= min && n >= CONSISTENT_SHARE * placesOf(counts);
}

/** How many places a choice's census counts, whichever way they are written. */
function placesOf(counts: Record<string, number>): number {
  let total = 0;
  for (const k in counts) total += counts[k];
  return total;
}

/**
 * How the post writes each typography choice, and which ones it consistently writes another way
 * than configured (typo/house-style on and the finding's rule on). Memoised per post and config.
 */
export const houseStyle = perContext(computeHouseStyle);

/**
 * A function of a post, a config and a workspace, memoised per post on the config, the workspace's index (and its
 * version) and path: the last five such contexts (an editor's post is checked with one, the CLI's with one, a test with
 * a few).
 */
function perContext<T>(compute: (post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>) => T) {
  const memo = new WeakMap<Post, Array<{ config: Readonly<Config>; index: WorkspaceIndex | undefined; version: number; path: string | undefined; value: T }>>();
  return (post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>): T => {
    let list = memo.get(post);
    if (!list) memo.set(post, (list = []));
    const index = workspace.index;
    const version = index?.version ?? 0;
    const hit = list.find((m) => m.config === config && m.index === index && m.version === version && m.path === workspace.path);
    if (hit) return hit.value;
    const value = compute(post, config, workspace);
    if (list.length > 4) list.shift();
    list.push({ config, index, version, path: workspace.path, value });
    return value;
  };
}

export const HOUSE_STYLE_RULE = 'typo/house-style';

/** The three spacing choices: a post's habit in one tells about the others. */
const SPACING = new Set<Choice>(['spaceBetweenCjkAndLatin', 'spaceBetweenCjkAndDigits', 'spaceAroundCode']);

function computeHouseStyle(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>): HouseStyle {
  const census: Census = {};
  const learnt = new Map<Choice, Learnt>();
  const style = typography({ config, workspace });
  const reports = new Map<Choice, { ruleId: string; list: StyledReport[] }>();
  for (const s of styled) {
    if (ruleSeverity(config, s.rule) === 'off') continue; // no findings to learn about
    const run = s.run(post, config, workspace, style);
    addCensus(census, run.census);
    for (const r of run.reports) {
      if (!r.choice || isSuppressed(post, s.rule.id, r.span)) continue;
      let g = reports.get(r.choice);
      if (!g) reports.set(r.choice, (g = { ruleId: s.rule.id, list: [] }));
      g.list.push(r);
    }
  }
  if (ruleSeverity(config, { id: HOUSE_STYLE_RULE, defaultSeverity: 'info' }) === 'off') return { census, learnt };
  const ws = workspace.index ? workspaceCensus(workspace.index) : undefined;
  const pending: Array<{ choice: Choice; g: { ruleId: string; list: StyledReport[] }; configured: boolean | string; value: string; places: number; counts: Record<string, number> }> = [];
  for (const [choice, g] of reports) {
    const configured = style[choice];
    const value = findingValue(choice, configured);
    if (!value || !g.list.length) continue;
    const counts = census[choice] ?? {};
    let places = 0;
    for (const n of Object.values(counts)) places += n;
    const own = consistent(counts, value, MIN_PLACES);
    const fromWorkspace = !own && places < MIN_PLACES && consistent(counts, value, 1) && consistent(ws?.[choice], value, MIN_WORKSPACE_PLACES);
    if (!own && !fromWorkspace) {
      if (places < MIN_PLACES && consistent(counts, value, 1)) pending.push({ choice, g, configured, value, places, counts });
      continue;
    }
    learnt.set(choice, { choice, ruleId: g.ruleId, configured, written: valueOf(value), findings: g.list, places, matching: counts[value] ?? 0, fromWorkspace });
  }
  // A spacing choice with too few places of its own (`在`calldata`中`, twice) follows the post's
  // other spacing choices when it agrees with them: a post that spaces neither letters nor digits
  // does not space code either. The post's own practice comes before the workspace's.
  const spacing = [...SPACING].some((c) => learnt.get(c)?.written === false);
  // Any other choice with too few places of its own, written the other way in all of them (at
  // CONSISTENT_SHARE), in a post that consistently follows another style than the configured one in
  // some choice of its own (at least MIN_PLACES places): part of that style (`alongside`), not a
  // contradiction (`(中文)` twice in a post of 300 unspaced `用AI`): one finding for the post's style.
  const own = [...learnt.values()].some((l) => !l.fromWorkspace && l.places >= MIN_PLACES);
  for (const p of pending) {
    const bySpacing = spacing && SPACING.has(p.choice);
    if (!bySpacing && !own) continue;
    learnt.set(p.choice, { choice: p.choice, ruleId: p.g.ruleId, configured: p.configured, written: valueOf(p.value), findings: p.g.list, places: p.places, matching: p.counts[p.value] ?? 0, fromWorkspace: false, ...(!bySpacing && { alongside: true as const }) });
  }
  return { census, learnt, blog: blogStyle(workspace, census, learnt) };
}

/**
 * The post's learnt style is the blog's own practice when every learnt choice is (`blogPractice`);
 * the post keeps its finding above hint when it is the first to decide one of them this way. A
 * post whose style goes against the blog's (the blog's other posts are spaced) is the odd one out:
 * no `blog`, its finding stays.
 */
function blogStyle(workspace: Readonly<Workspace>, census: Census, learnt: Map<Choice, Learnt>): BlogStyle | undefined {
  if (!learnt.size || !workspace.index) return undefined;
  let main: { l: Learnt; posts: number; deciding: number; first?: string } | undefined;
  let keeps = false;
  const againstBlog: Choice[] = [];
  for (const l of learnt.values()) {
    const b = blogPractice(workspace, census, l.choice, String(l.written));
    // A choice with too few places of its own (`(中文)` once, riding along the post's style) does not
    // stop the post's style being the blog's: when the blog does not decide that choice it rides along
    // as before; when the blog writes it the other way (mythsman: `（中文）` in 21 of 26 deciding posts)
    // its places are slips against the blog and are unlearnt (`slips` then names them). A choice of the
    // post's own (MIN_PLACES) that the blog does not share keeps the finding above hint.
    const weak = l.fromWorkspace || l.places < MIN_PLACES;
    if (!b || b.against) {
      if (weak && !b) continue;
      if (weak) { againstBlog.push(l.choice); continue; }
      return undefined;
    }
    keeps ||= b.first;
    if (!main || l.findings.length > main.l.findings.length) main = { l, posts: b.posts, deciding: b.deciding, first: b.firstPath };
  }
  if (!main) return undefined;
  for (const c of againstBlog) learnt.delete(c);
  return { choice: main.l.choice, posts: main.posts, deciding: main.deciding, keeps, first: main.first };
}

/** The census of a post for the workspace index: the styled rules' counts, with `auto` read as the default. */
export function summarizeStyle(post: Post, config: Readonly<Config>): Census {
  const census: Census = {};
  const style = typography({ config });
  for (const s of styled) {
    const run = s.run(post, config, {}, style);
    addCensus(census, run.census);
  }
  return census;
}

/**
 * One fix that applies every finding's preferred fix (those whose edits do not collide), for
 * "fix all of them": the same edits fix-all applies to the hints one by one.
 */
export function fixAllOf(post: Post, findings: readonly StyledReport[], title: string): Fix | undefined {
  const offered = findings.map((f) => ({ fixes: f.fixes?.filter((x) => fixIsOffered(post, x)) }) as Finding);
  const edits = collectFixAllEdits(offered);
  return edits.length ? { title, edits } : undefined;
}
