/**
 * The public types of Zhen's analysis core. Everything here is plain data:
 * no editor, LSP or Node type leaks in or out (see ARCHITECTURE.md).
 *
 * Offsets are UTF-16 code-unit offsets into the whole document text, the same
 * unit JavaScript strings, LSP positions and VS Code use.
 */
import type { Post, ProseBlock } from './document';
import type { Dialect } from './dialect';
import type { ClaimsConfig } from './rules/claim/cues';
import type { TypographyConfig } from './rules/typo/style';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export type Language = 'en' | 'zh-cn';

/** A half-open range [start, end) of UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  span: Span;
  newText: string;
}

/**
 * One way to resolve a finding. `isPreferred` fixes are the safe, obvious
 * ones: fix-all, `zhen check --fix` and the editor's "auto fix" apply them.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
  /**
   * The fix needs a value from the user (a URL, a name). Each `{{input}}` in
   * the edits' newText is replaced by it. A client that cannot ask leaves
   * the placeholder text `placeholder` instead. Never applied by fix-all.
   */
  input?: { prompt: string; placeholder: string; kind: 'url' | 'text' };
  /**
   * The fix (also) appends an item to a list in the workspace's `.zhen.yml`
   * (`sources`, `glossary`, …). Hosts apply it with `addToConfigList`.
   */
  configEdit?: { key: string; item: Record<string, unknown> };
  /**
   * The fix (also) renames this document, e.g. `_posts/2024-05-01-x.md` to match the date in its
   * front matter. `to` is root-relative POSIX. Never applied by fix-all.
   */
  rename?: { to: string };
}

export interface Finding {
  /** Stable public id: `front-matter/…`, `claim/…`, `term/…`, `typo/…`, `internal`. */
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes?: Fix[];
  /** Markdown shown on hover: why it was raised, what to do. */
  hover?: string;
  /** Extra machine-readable detail (stable per rule, documented there). */
  data?: Record<string, unknown>;
}

/** A rule's setting in config: a severity, or an object with severity and options. */
export type RuleSetting = SeveritySetting | ({ severity?: SeveritySetting } & Record<string, unknown>);

/** A source in the citation library (`.zhen.yml` `sources:`). */
export interface SourceEntry {
  name: string;
  url: string;
  aliases?: string[];
}

/** A glossary entry as users write it in `.zhen.yml` `glossary:`. */
export interface GlossaryEntryInput {
  id?: string;
  zh?: string | string[];
  en?: string | string[];
  abbr?: string | string[];
  variants?: string[];
  avoid?: string[];
  definition?: { zh?: string; en?: string };
  link?: string;
  [key: string]: unknown;
}

/** The resolved configuration that `analyze` receives. Hosts build it with `resolveConfig`. */
export interface Config {
  /** Per-rule severity/options. Keys: rule ids, a family (`claim`), or `*`. */
  rules: Record<string, RuleSetting>;
  /** Language of messages. */
  language: Language;
  frontMatter: { schema?: string; [key: string]: unknown };
  sources: SourceEntry[];
  glossary: GlossaryEntryInput[];
  /** Words and names that are spelt right (`.zhen.yml` `words:`): term/misspelt never takes them for a slip. */
  words: string[];
  /** Extra cue words, caption labels, features and weights for claim detection (see the claim rules). */
  claims: ClaimsConfig;
  /** House-style options for typesetting (each may be `auto`: the workspace's majority). */
  typography: TypographyConfig;
  /** Hovers: the glossary card on a term's first use, its definition and terms marked `explain` (`first`), or on every use (`every`). */
  hover: { glossaryCard: 'first' | 'every' };
  /** Markdown dialect switches. `singleDollarMath` unset: as the site's math extension says. */
  markdown: { singleDollarMath?: boolean };
  /**
   * The site, when guessing from the workspace is not wanted: generator (`jekyll`, `hexo`, `hugo`,
   * `vuepress`, `vitepress`, `docusaurus`, `mkdocs`, `none`), theme, Markdown renderer.
   */
  site: { generator?: string; theme?: string; renderer?: string };
  /** Glob patterns (relative to the workspace root) the CLI and server skip. */
  ignore: string[];
  /** Files larger than this are not read by the Node host: bytes, or `512KB`, `10MB` (host knowledge; the core never reads files). */
  maxFileSize?: number | string;
}

/** Host-supplied, read-only access to workspace files (root-relative POSIX paths). Synchronous, never network. */
export interface WorkspaceFiles {
  exists(path: string): boolean;
  read(path: string): string | undefined;
  /**
   * The entries of a folder (`dir` ends with `/`, `''` is the root): names, folders with a trailing
   * `/`. Optional: used to read a theme's layouts and a site's templates where the host can list.
   */
  list?(dir: string): string[];
}

/** What one post contributes to the workspace index; each family owns a slice. */
export interface PostSummary {
  path: string;
  [family: string]: unknown;
}

export interface WorkspaceIndex {
  /** Root-relative POSIX path → summary. */
  posts: ReadonlyMap<string, PostSummary>;
  /** Bumped by the host on every change, so rules can memoise aggregates. */
  version: number;
}

/**
 * What the host learnt when it turned the post's bytes into text (the core never sees bytes):
 * the encoding it found and where the bytes could not be decoded or written back. `file/encoding`
 * reports from it; hosts that get text, not bytes (an editor's open document), leave it out.
 */
export interface SourceFacts {
  /** The encoding the bytes were decoded from: `UTF-8`, `UTF-16LE`, `GB18030`, `Big5`, … */
  encoding: string;
  /** The bytes start with a byte order mark (it is in the text as U+FEFF). */
  bom?: boolean;
  /** Characters (U+FFFD in the text) that stand for bytes not valid in the encoding; kept as they are on disk. */
  invalid?: Span[];
  /** Encoding the text again does not give back the same bytes: no fix is written to this file. */
  noRoundTrip?: boolean;
  /**
   * Fixes were not written because of the encoding: a fix's new text has characters the encoding
   * lacks (`unencodable`, `chars` names them), or a fix would replace bytes that are not valid
   * in it (`invalid`). The span is the first such fix's place in the text as it is on disk.
   */
  unwritten?: { reason: 'unencodable' | 'invalid'; span: Span; chars?: string };
}

/** Everything outside the text that a rule may use. All optional: the CLI on stdin has none of it. */
export interface Workspace {
  /** This document's root-relative POSIX path, e.g. `_posts/2024-05-22-x.md`. */
  path?: string;
  /** The current time in ms since the epoch (rules never read the clock themselves). */
  now?: number;
  files?: WorkspaceFiles;
  index?: WorkspaceIndex;
  /**
   * Host-supplied time budget of this analysis: true once it is used up (the host reads the clock;
   * the core only calls this). Checked between rules and by every match of a user pattern; a rule
   * stopped by it, and the rules not run after it, become `internal` findings.
   */
  overBudget?: () => boolean;
  /** How the host decoded this post's bytes (see `SourceFacts`). */
  source?: SourceFacts;
}

export interface ReportInput {
  messageId: string;
  data?: Record<string, string | number>;
  span: Span;
  fixes?: Fix[];
  hover?: string;
  /** Override the configured severity downwards (e.g. a weaker cue reported as hint). */
  severity?: Severity;
  detail?: Record<string, unknown>;
}

/** The options of a rule that has none. A rule with options declares their type next to it: `Rule<Options>`. */
export type NoOptions = Record<string, never>;

export interface RuleContext<O = NoOptions> {
  post: Post;
  options: Readonly<O>;
  config: Readonly<Config>;
  workspace: Readonly<Workspace>;
  /** The configured severity of this rule. */
  severity: Severity;
  report(input: ReportInput): void;
  /** A message of this rule in the configured language, with `{name}` placeholders filled. */
  t(messageId: string, data?: Record<string, string | number>): string;
  /**
   * For a rule with a block-level part (`Rule.block`): each prose block of the post, in order, with
   * what the block part returned for it (its offsets are window offsets: add `base`).
   */
  blocks?: ReadonlyArray<BlockResult>;
}

/** What a rule's block-level part returned for one block of the post. */
export interface BlockResult<S = unknown> {
  block: ProseBlock;
  /** Post offset of the block's window (offset 0 of `BlockContext.text`). */
  base: number;
  value: S;
}

/**
 * What a rule's block-level part sees: one prose block and nothing else of the post. Its result
 * and reports must be a function of these fields alone (the engine caches them by the window's
 * text and prose view, the block's kind and place in it, and the config object and dialect).
 * Offsets are window offsets: 0 is the start of the block's first line.
 */
export interface BlockContext<O = NoOptions> {
  kind: ProseBlock['type'];
  /** The text and prose view (see document.ts) of the block's whole lines. */
  text: string;
  prose: string;
  /** The block within them: [from, to). */
  from: number;
  to: number;
  options: Readonly<O>;
  config: Readonly<Config>;
  dialect: Readonly<Dialect>;
  /** Spans and fix edits in window offsets; the engine moves them to the block's place in the post. */
  report(input: ReportInput): void;
  t(messageId: string, data?: Record<string, string | number>): string;
}

export type Messages = Record<string, { en: string; 'zh-cn': string }>;

export interface Rule<O = NoOptions> {
  id: string;
  description: string;
  defaultSeverity: SeveritySetting;
  defaultOptions?: O;
  messages: Messages;
  /**
   * The post-level part. Synchronous and pure: reads ctx, calls ctx.report. No I/O, no clock.
   * Optional for a rule whose `block` part does all its work.
   */
  check?(ctx: RuleContext<O>): void;
  /**
   * The block-level part (see ARCHITECTURE.md, "Writing a rule"): run on each prose block of the
   * post, before `check`, and cached by the block, so that after an edit only the edited blocks run
   * it again. Its reports become findings; what it returns reaches `check` as `ctx.blocks`.
   */
  block?(b: BlockContext<O>): unknown;
  /**
   * One problem, one finding above hint (issue #19, see repeats.ts): the rule's findings with the
   * same message in one post are one problem; the first keeps its severity, the others become hints
   * that point to it (`data.firstAt`). For rules whose message names the problem (a drift pair, a
   * source), not for those whose every place needs its own fix (an unsourced sentence).
   */
  repeats?: 'message';
}

/** A completion item in core terms; lsp/ converts it. */
export interface CompletionItem {
  label: string;
  kind: 'property' | 'value' | 'text' | 'reference';
  detail?: string;
  documentation?: string;
  /** Text to insert (defaults to label); replaces `span` when given. */
  insertText?: string;
  span?: Span;
  sortText?: string;
}

export interface FeatureContext {
  post: Post;
  offset: number;
  config: Readonly<Config>;
  workspace: Readonly<Workspace>;
}

/** Contributed by a rule family: markdown hover text at an offset, if any. */
export type HoverProvider = (ctx: FeatureContext) => { markdown: string; span: Span } | undefined;
/** Contributed by a rule family: completion items at an offset. */
export type CompletionProvider = (ctx: FeatureContext) => CompletionItem[];
/** Contributed by a rule family: the family's slice of a post's summary for the workspace index. */
export type Summarizer = (post: Post, config: Readonly<Config>) => unknown;

/** What each rule family (`rules/<family>/index.ts`) exports. */
export interface RuleFamily {
  name: string;
  /** Each `Rule<Options>` of the family (a rule's check only ever sees its own options). */
  rules: Rule<unknown>[];
  hovers?: HoverProvider[];
  completions?: CompletionProvider[];
  /** Stored in PostSummary[name]. */
  summarize?: Summarizer;
}
