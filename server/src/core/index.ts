/**
 * API BOUNDARY of Zhen's analysis core. Hosts (the language server, the web-worker
 * server, the CLI, the tests) use only what is exported here.
 *
 * Architecture invariant: nothing under core/ imports vscode, vscode-languageserver,
 * or any node: module, and no rule does I/O or reads the clock. Hosts pass text,
 * config and workspace data in; findings come out with UTF-16 offsets.
 */
import type { CompletionItem, Config, Finding, Language, PostSummary, Span, TextEdit, Workspace } from './types';
import { parsePost, type ParseCache, type Post } from './document';
import { loadConfigText as loadConfigTextWith, resolveConfig, type ConfigInput, type LoadedConfig } from './config';
import { codePointStart } from './text';
import { runRules, ruleSteps } from './engine';
import { allRules, families } from './rules';
import { fixAll as fixAllWith } from './fix';

export * from './types';
export { parsePost, walk, nodeSpan, ATOM, MARK, isSuppressed, ruleMatches, ParseCache } from './document';
export type { Post, FrontMatter, ProseBlock } from './document';
export { resolveConfig, defaultConfig, normalizeLanguage, ruleSeverity } from './config';
export type { ConfigInput, ConfigProblem, LoadedConfig } from './config';
export { CONFIG_MESSAGES, TYPE_NAMES } from './configMessages';
export { YAML_ERROR_TEXTS } from './yamlErrors';
export { applyEdits, collectFixAllEdits, composeEdits, fixAllPass, fixPost, fixPostSteps, preferredFix, type FixPass } from './fix';
export { drain, once } from './steps';
export { IgnoreRules, ignoredByConfig, pathIgnore } from './ignore';
export { compileUserPattern, userPatternProblem, type PatternLike } from './userPattern';
export { addToConfigList } from './configEdit';
export { disableNextLineEdit, blockStartAt } from './suppressEdit';
export { codePointStart, computeLineStarts, positionAt, offsetAt, splitsSurrogate } from './text';
export { families, allRules } from './rules';
export { importVale, importTextlintTerminology, importPrh } from './rules/term/import';
export type { ImportResult } from './rules/term/import';
export { glossaryList, glossaryCard } from './rules/term/listing';
export type { GlossaryListItem } from './rules/term/listing';
export { citeSources } from './rules/claim/cite';
export type { CitedName } from './rules/claim/cite';
export type { SourceCandidate } from './rules/claim/sources';
export { didYouMean } from './suggest';

/**
 * Read `.zhen.yml` text into a config and its problems (messages in `language`): each invalid
 * value is dropped alone, and `rules:` keys are checked against the rules and families there are.
 */
export function loadConfigText(text: string, language: Language = 'en'): LoadedConfig {
  return loadConfigTextWith(text, { language, rules: { ids: allRules.map((r) => r.id), families: families.map((f) => f.name) } });
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

/** Parse a post. A host that re-parses one document often (the language server) passes a cache. */
export function parse(text: string, config?: ConfigInput | Config, cache?: ParseCache): Post {
  return parsePost(text, { singleDollarMath: toConfig(config).markdown.singleDollarMath, cache });
}

/** The one entry point: text in, findings out. Never throws. */
export function analyze(text: string, config?: ConfigInput | Config, workspace: Workspace = {}): Finding[] {
  const c = toConfig(config);
  return analyzePost(parse(text, c), c, workspace);
}

/** As `analyze`, for a host that keeps the parsed post (for hover and completion on the same version). */
export function analyzePost(post: Post, config?: ConfigInput | Config, workspace: Workspace = {}): Finding[] {
  return runRules(post, families, toConfig(config), workspace);
}

/** As `analyzePost`, one rule per step (see `steps.ts`): the language server runs it in slices. */
export function analyzePostSteps(post: Post, config?: ConfigInput | Config, workspace: Workspace = {}): Generator<void, Finding[]> {
  return ruleSteps(post, families, toConfig(config), workspace);
}

/**
 * Apply every preferred fix until none is left. `edits` are all the passes' edits as one sorted,
 * disjoint list over `text` (`composeEdits`): hosts that write bytes copy everything outside them.
 */
export function fixAll(text: string, config?: ConfigInput | Config, workspace: Workspace = {}): { text: string; applied: number; edits: TextEdit[] } {
  const c = toConfig(config);
  return fixAllWith(text, (t) => parse(t, c), (post) => analyzePost(post, c, workspace));
}

/** Hover markdown at an offset: findings' explanations first, then the families' providers (glossary cards…). */
export function hoverAt(post: Post, at: number, findings: readonly Finding[], config?: ConfigInput | Config, workspace: Workspace = {}): { markdown: string; span: Span } | undefined {
  const c = toConfig(config);
  const offset = codePointStart(post.text, at);
  const parts: string[] = [];
  let span: Span | undefined;
  for (const f of findings) {
    if (f.hover && f.span.start <= offset && offset <= f.span.end) {
      parts.push(f.hover);
      span ??= f.span;
    }
  }
  for (const fam of families) {
    for (const h of fam.hovers ?? []) {
      try {
        const r = h({ post, offset, config: c, workspace });
        if (r) {
          parts.push(r.markdown);
          span ??= r.span;
        }
      } catch {
        /* a failing provider contributes nothing */
      }
    }
  }
  return parts.length && span ? { markdown: parts.join('\n\n---\n\n'), span } : undefined;
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
export function summarize(text: string, path: string, config?: ConfigInput | Config): PostSummary {
  const c = toConfig(config);
  return summarizePost(parse(text, c), path, c);
}

/** As `summarize`, for a host that has parsed the post already (the CLI parses each post once). */
export function summarizePost(post: Post, path: string, config?: ConfigInput | Config): PostSummary {
  const c = toConfig(config);
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
