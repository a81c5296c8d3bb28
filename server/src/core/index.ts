/**
 * API BOUNDARY of Zhen's analysis core. Hosts (the language server, the web-worker
 * server, the CLI, the tests) use only what is exported here.
 *
 * Architecture invariant: nothing under core/ imports vscode, vscode-languageserver,
 * or any node: module, and no rule does I/O or reads the clock. Hosts pass text,
 * config and workspace data in; findings come out with UTF-16 offsets.
 */
import type { CompletionItem, Config, Finding, Language, PostSummary, Span, TextEdit, Workspace, WorkspaceFiles } from './types';
import { siteOf } from './rules/front-matter/site';
import { parsePost, type ParseCache, type ParseOptions, type Post } from './document';
import { dialectFor, siteModel } from './site';
import { dialectKey } from './dialect';
import { resolveConfig, loadConfigText as loadConfigTextWith, type ConfigInput, type LoadedConfig } from './config';
import { codePointStart } from './text';
import { runRules, ruleSteps } from './engine';
import type { RuleCache } from './blockCache';
import { allRules, families } from './rules';
import { fixAll as fixAllWith } from './fix';
import { assembleHover, type HoverPart } from './hover';

export * from './types';
export { parsePost, walk, nodeSpan, ATOM, MARK, isSuppressed, ruleMatches, ParseCache } from './document';
export type { Post, FrontMatter, ProseBlock } from './document';
export { resolveConfig, defaultConfig, normalizeLanguage, ruleSeverity, TYPOGRAPHY_KEYS } from './config';
export type { ConfigInput, ConfigProblem, LoadedConfig, KnownRules } from './config';
export { CONFIG_MESSAGES, TYPE_NAMES } from './configMessages';
export { format } from './engine';
export { RuleCache, type BlockRunStats } from './blockCache';
export { YAML_ERROR_TEXTS } from './yamlErrors';
export { applyEdits, collectFixAllEdits, composeEdits, fixAllPass, fixPost, fixPostSteps, preferredFix, type FixPass, type FixResult } from './fix';
export { drain, once } from './steps';
export { IgnoreRules, ignoredByConfig, pathIgnore } from './ignore';
export { compileUserPattern, userPatternProblem, type PatternLike } from './userPattern';
export { addToConfigList } from './configEdit';
export { disableNextLineEdit, blockStartAt } from './suppressEdit';
export { codePointStart, computeLineStarts, positionAt, offsetAt, splitsSurrogate } from './text';
export { families, allRules } from './rules';
export { siteModel, dialectFor, generatorName, GENERATOR_NAMES } from './site';
export type { SiteModel, SiteProblem, Generator } from './site';
export { RENDERERS, COMMONMARK, flankingEmphasis } from './dialect';
export type { Dialect, Renderer, SyntaxSpan } from './dialect';
export { importVale, importTextlintTerminology, importPrh } from './rules/term/import';
export type { ImportResult } from './rules/term/import';
export { glossaryList, glossaryCard } from './rules/term/listing';
export type { GlossaryListItem } from './rules/term/listing';
export { citeSources } from './rules/claim/cite';
export type { CitedName } from './rules/claim/cite';
export type { SourceCandidate } from './rules/claim/sources';
export { didYouMean } from './suggest';
export { configCompletionsAt, configContextAt, configHoverAt } from './configAssist';

/**
 * The site generator a workspace is built with, as the front-matter rules guess it (`_config.yml`
 * with the Chirpy theme or gem → chirpy, Hexo keys or `scaffolds/` → hexo, other `_config.yml` →
 * jekyll, a Hugo config → hugo, else default), and the config file it was read from.
 */
export function detectGenerator(files: WorkspaceFiles): { generator: string; configFile?: string } {
  const site = siteOf({ files }, resolveConfig());
  return { generator: site.generator, ...(site.configFile ? { configFile: site.configFile } : {}) };
}

/**
 * Read `.zhen.yml` text into a config and its problems (messages in `language`): each invalid
 * value is dropped alone, and `rules:` keys are checked against the rules and families there are.
 */
export function loadConfigText(text: string, language: Language = 'en'): LoadedConfig {
  return loadConfigTextWith(text, { language, rules: { ids: ['internal', ...allRules.map((r) => r.id)], families: families.map((f) => f.name) } });
}

const resolved = new WeakMap<object, Config>();

/** Accept a full Config or a partial one (defaults filled in), memoised per object. */
export function toConfig(config?: ConfigInput | Config): Config {
  if (!config) return resolveConfig();
  let c = resolved.get(config);
  if (!c) {
    c = resolveConfig(config);
    resolved.set(config, c);
  }
  return c;
}

/** How a post of this workspace is parsed: the site's Markdown dialect (site.ts), `.zhen.yml` over it. */
function parseOptions(text: string, c: Config, workspace: Readonly<Workspace> | undefined, cache?: ParseCache): ParseOptions {
  const site = siteModel(workspace?.files, c, workspace?.index?.version);
  return { dialect: dialectFor(site, workspace?.path, text), singleDollarMath: c.markdown.singleDollarMath, cache };
}

/**
 * Parse a post. A host that re-parses one document often (the language server) passes a cache; the
 * workspace (its files and the post's path) gives the site's Markdown dialect.
 */
export function parse(text: string, config?: ConfigInput | Config, cache?: ParseCache, workspace?: Workspace): Post {
  const c = toConfig(config);
  return parsePost(text, parseOptions(text, c, workspace, cache));
}

/** The post as the workspace's dialect reads it: `post` itself, or parsed again when a host parsed it in another. */
function inDialect(post: Post, c: Config, workspace: Readonly<Workspace> | undefined): Post {
  const want = parseOptions(post.text, c, workspace);
  const key = dialectKey({ ...want.dialect!, singleDollarMath: want.singleDollarMath ?? want.dialect!.singleDollarMath });
  return key === dialectKey(post.dialect) ? post : parsePost(post.text, want);
}

/** The one entry point: text in, findings out. Never throws. */
export function analyze(text: string, config?: ConfigInput | Config, workspace: Workspace = {}): Finding[] {
  const c = toConfig(config);
  return analyzePost(parse(text, c, undefined, workspace), c, workspace);
}

/**
 * As `analyze`, for a host that keeps the parsed post (for hover and completion on the same version).
 * A host that analyses one document again and again (the language server) passes its `RuleCache`:
 * the rules' block-level parts then re-run only on the blocks that changed.
 */
export function analyzePost(post: Post, config?: ConfigInput | Config, workspace: Workspace = {}, cache?: RuleCache): Finding[] {
  const c = toConfig(config);
  return runRules(inDialect(post, c, workspace), families, c, workspace, cache);
}

/** As `analyzePost`, one rule per step (see `steps.ts`): the language server runs it in slices. */
export function* analyzePostSteps(post: Post, config?: ConfigInput | Config, workspace: Workspace = {}, cache?: RuleCache): Generator<void, Finding[]> {
  const c = toConfig(config);
  const p = inDialect(post, c, workspace);
  if (p !== post) yield; // parsed again in the site's dialect: a step of its own
  return yield* ruleSteps(p, families, c, workspace, cache);
}

/**
 * Apply every preferred fix until none is left. `edits` are all the passes' edits as one sorted,
 * disjoint list over `text` (`composeEdits`): hosts that write bytes copy everything outside them.
 */
export function fixAll(text: string, config?: ConfigInput | Config, workspace: Workspace = {}): { text: string; applied: number; edits: TextEdit[]; byRule: Record<string, number> } {
  const c = toConfig(config);
  return fixAllWith(text, (t) => parse(t, c, undefined, workspace), (post) => analyzePost(post, c, workspace));
}

/**
 * Hover markdown at an offset: findings' explanations first, then the families' providers (glossary
 * cards…), each said once (core/hover.ts `assembleHover`).
 */
export function hoverAt(post: Post, at: number, findings: readonly Finding[], config?: ConfigInput | Config, workspace: Workspace = {}): { markdown: string; span: Span } | undefined {
  const c = toConfig(config);
  const offset = codePointStart(post.text, at);
  const parts: HoverPart[] = [];
  let span: Span | undefined;
  for (const f of findings) {
    if (f.hover && f.span.start <= offset && offset <= f.span.end) {
      parts.push({ markdown: f.hover, ruleId: f.ruleId, span: f.span });
      span ??= f.span;
    }
  }
  for (const fam of families) {
    for (const h of fam.hovers ?? []) {
      try {
        const r = h({ post, offset, config: c, workspace });
        if (r) {
          parts.push({ markdown: r.markdown });
          span ??= r.span;
        }
      } catch {
        /* a failing provider contributes nothing */
      }
    }
  }
  const markdown = parts.length ? assembleHover(post.text, parts) : '';
  return markdown && span ? { markdown, span } : undefined;
}

export function completionsAt(post: Post, at: number, config?: ConfigInput | Config, workspace: Workspace = {}): CompletionItem[] {
  const c = toConfig(config);
  const offset = codePointStart(post.text, at);
  const out: CompletionItem[] = [];
  for (const fam of families) {
    for (const p of fam.completions ?? []) {
      try {
        out.push(...p({ post, offset, config: c, workspace }));
      } catch {
        /* ignore */
      }
    }
  }
  return out;
}

/** One post's contribution to the workspace index (links, terms, tags…), by family. */
export function summarize(text: string, path: string, config?: ConfigInput | Config, files?: WorkspaceFiles): PostSummary {
  const c = toConfig(config);
  return summarizePost(parse(text, c, undefined, { path, files }), path, c, files);
}

/** As `summarize`, for a host that has parsed the post already (the CLI parses each post once). */
export function summarizePost(post: Post, path: string, config?: ConfigInput | Config, files?: WorkspaceFiles): PostSummary {
  const c = toConfig(config);
  post = inDialect(post, c, { path, files });
  const s: PostSummary = { path };
  for (const fam of families) {
    if (!fam.summarize) continue;
    try {
      s[fam.name] = fam.summarize(post, c);
    } catch {
      /* a failing summarizer leaves its slice out */
    }
  }
  return s;
}
