/**
 * What `zhen mcp`'s tools do, apart from the protocol (server.ts registers them): check, fix,
 * explain, glossary and cite over one workspace on disk. Everything goes through the core API
 * (core/index.ts) and the Node host (node/workspace.ts, node/check.ts), the same way `zhen check`
 * does, so a tool's findings are `zhen check --format json`'s on the same text and config.
 *
 * Read-only on disk: files are read inside the workspace root only (node/workspace.ts refuses
 * `../` and symbolic links that lead out), `.zhen.yml` is read on every call (so edits apply at
 * once) and the workspace index is kept in memory, re-summarising only changed posts. The one
 * write is `fix` with a path and `write: true`, and only when the server was started with
 * `--allow-write` or the client, asked through MCP elicitation, confirms it. Files are read and
 * that write made through node/textFile.ts, as `zhen check --fix` does (the file's encoding and
 * bytes outside the fixes kept, not written if it changed meanwhile, links, mode and owner kept).
 */
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { explainRule } from '../cli/explain';
import {
  allRules,
  analyze,
  analyzePost,
  citeSources,
  composeEdits,
  computeLineStarts,
  didYouMean,
  fixAllPass,
  glossaryCard,
  glossaryList,
  normalizeLanguage,
  parse,
  positionAt,
  preferredFix,
  resolveConfig,
  summarize,
  type Config,
  type ConfigInput,
  type Finding,
  type Language,
  type PostSummary,
  type TextEdit,
  type Workspace,
  type WorkspaceIndex,
} from '../core/index';
import { findWorkspaceRoot, listMarkdownFiles, loadWorkspaceConfig, nodeFiles, toRootRelative } from '../node/workspace';
import { summarizeOnWorkers } from '../node/check';
import { encodeEdits, readText, readTextFile, writeFileSafely, type TextFile } from '../node/textFile';
import { toJson, type FileResult } from '../cli/format';

/** A failure the caller should see as a tool error (bad argument, missing file, broken config). */
export class ToolError extends Error {}

export interface ToolsOptions {
  /** Where the workspace is looked for (its root: the nearest .zhen.yml, site config or .git). */
  root: string;
  /** `fix` may write files without asking (`zhen mcp --allow-write`). */
  allowWrite: boolean;
  /** Language of messages when a call names none (`zhen mcp --lang`). */
  lang?: Language;
  /** The bundle to start index workers from (dist/cli.js). */
  script: string;
}

/** The JSON document of `zhen check --format json`. */
export interface CheckJson {
  files: Array<{ path: string; findings: Array<Record<string, unknown>> }>;
}

export interface FixChange {
  rule: string;
  title: string;
  message: string;
  /** 1-based, in the text as given (UTF-16 columns, as in the JSON format). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  before: string;
  after: string;
  /** Fix-all works in passes (a fix can make another one possible): the pass that made this change. */
  pass: number;
}

export interface FixResult {
  path?: string;
  text: string;
  changed: boolean;
  applied: number;
  changes: FixChange[];
  /** Findings left in the fixed text (those need a person: a source URL, a choice). */
  remaining: number;
  written?: boolean;
  note?: string;
}

/** Above this a text argument is refused (a post is rarely over 1 MB; the CLI takes any size). */
export const MAX_TEXT = 5_000_000;

interface Cached {
  mtimeMs: number;
  size: number;
  summary: PostSummary;
}

export class ZhenTools {
  readonly root: string;
  private readonly files;
  private readonly cache = new Map<string, Cached>();
  private readonly posts = new Map<string, PostSummary>();
  private readonly index: WorkspaceIndex = { posts: this.posts, version: 0 };
  private indexConfig = '';

  constructor(private readonly opts: ToolsOptions) {
    this.root = findWorkspaceRoot(opts.root);
    this.files = nodeFiles(this.root);
  }

  /** The workspace's `.zhen.yml` and the language: as `zhen check` resolves them. A broken config is an error, as there. */
  config(lang?: string): { input: ConfigInput; config: Config; path?: string } {
    const loaded = loadWorkspaceConfig(this.root);
    if (loaded.problems.length) {
      const ls = computeLineStarts(loaded.text ?? '');
      const where = (at: number) => {
        const p = positionAt(ls, at, (loaded.text ?? '').length);
        return `${p.line + 1}:${p.character + 1}`;
      };
      throw new ToolError(
        `The workspace configuration ${loaded.path} has ${loaded.problems.length} problem(s); fix them first (zhen check refuses it too):\n` +
          loaded.problems.map((p) => `  ${where(p.span.start)} ${p.message}`).join('\n'),
      );
    }
    const chosen = lang ?? this.opts.lang;
    const language = chosen ? normalizeLanguage(chosen) : loaded.config.language ?? normalizeLanguage(process.env.ZHEN_LANG || process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');
    const input: ConfigInput = { ...loaded.config, language };
    return { input, config: resolveConfig(input), path: loaded.path };
  }

  /** A path argument inside the workspace root, absolute or root-relative. */
  resolvePath(p: string): { abs: string; rel?: string } {
    if (!p.trim()) throw new ToolError('path is empty');
    const abs = resolve(this.root, p);
    if (abs === this.root) return { abs };
    const rel = toRootRelative(this.root, abs);
    if (rel === undefined) throw new ToolError(`${p} is outside the workspace ${this.root}; the server reads only inside it`);
    if (!this.files.exists(rel)) throw new ToolError(`no such file or folder in the workspace: ${rel} (or it leads out of the workspace)`);
    return { abs, rel };
  }

  /** The workspace index (every post's summary), brought up to date: only changed posts are read again. */
  async workspaceIndex(input: ConfigInput, config: Config): Promise<WorkspaceIndex> {
    const key = JSON.stringify(input);
    if (key !== this.indexConfig) {
      this.cache.clear();
      this.posts.clear();
      this.indexConfig = key;
    }
    const { files } = listMarkdownFiles(['.'], this.root, this.root, config.ignore);
    const stale: Array<{ abs: string; rel: string; mtimeMs: number; size: number }> = [];
    const present = new Set<string>();
    for (const abs of files) {
      const rel = toRootRelative(this.root, abs);
      if (!rel) continue;
      present.add(rel);
      try {
        const st = statSync(abs);
        const c = this.cache.get(rel);
        if (!c || c.mtimeMs !== st.mtimeMs || c.size !== st.size) stale.push({ abs, rel, mtimeMs: st.mtimeMs, size: st.size });
      } catch {
        /* vanished: dropped below */
      }
    }
    let changed = false;
    for (const rel of [...this.cache.keys()]) {
      if (!present.has(rel)) {
        this.cache.delete(rel);
        this.posts.delete(rel);
        changed = true;
      }
    }
    // Many posts: on worker threads (as the language server does); a few: here.
    const summaries =
      stale.length > 32
        ? await summarizeOnWorkers(this.opts.script, stale, this.root, input, () => undefined, () => false)
        : new Map(stale.flatMap((f) => {
          const text = readText(f.abs);
          return text === undefined ? [] : [[f.rel, summarize(text, f.rel, input, this.files)] as const];
        }));
    for (const f of stale) {
      const s = summaries?.get(f.rel);
      if (!s) continue;
      this.cache.set(f.rel, { mtimeMs: f.mtimeMs, size: f.size, summary: s });
      this.posts.set(f.rel, s);
      changed = true;
    }
    if (changed) this.index.version++;
    return this.index;
  }

  /** The workspace a text argument is checked in: as `zhen check --stdin [--stdin-filename]`. */
  private textWorkspace(filename: string | undefined): { workspace: Workspace; label: string } {
    const now = Date.now();
    if (!filename) return { workspace: { now }, label: '<stdin>' };
    const rel = toRootRelative(this.root, resolve(this.root, filename));
    return { workspace: { now, path: rel, files: rel ? this.files : undefined }, label: filename };
  }

  private static text(text: string | undefined, name = 'text'): string {
    if (typeof text !== 'string') throw new ToolError(`${name} must be a string`);
    if (text.length > MAX_TEXT) throw new ToolError(`${name} is ${text.length.toLocaleString('en')} characters; the limit is ${MAX_TEXT.toLocaleString('en')} (use zhen check on the file instead)`);
    return text;
  }

  /** `check`: findings for a text or for the Markdown files at a path (a file or a folder), as `zhen check --format json`. */
  async check(args: { text?: string; path?: string; filename?: string; lang?: string }): Promise<CheckJson> {
    oneOf(args);
    const { input, config } = this.config(args.lang);
    const results: FileResult[] = [];
    if (args.text !== undefined) {
      const text = ZhenTools.text(args.text);
      const { workspace, label } = this.textWorkspace(args.filename);
      results.push({ path: label, text, findings: analyze(text, config, workspace) });
    } else {
      const { abs } = this.resolvePath(args.path!);
      const { files: targets } = listMarkdownFiles([abs], this.root, this.root, config.ignore);
      if (!targets.length) throw new ToolError(`no Markdown files (.md, .markdown) at ${args.path}`);
      const index = await this.workspaceIndex(input, config);
      const now = Date.now();
      for (const t of targets) {
        const rel = toRootRelative(this.root, t);
        const file = readTextFile(t);
        if (!file.ok) throw new ToolError(`cannot read ${rel ?? t}: ${file.message}`);
        results.push({ path: relative(this.root, t) || t, text: file.text, findings: analyze(file.text, config, { now, path: rel, files: this.files, index, source: file.facts }) });
      }
    }
    return JSON.parse(toJson(results)) as CheckJson;
  }

  /**
   * `fix`: every safe fix (fix-all, as `zhen check --fix`), with what changed. With a path the file
   * is read; it is written only when `write` is asked for and allowed (`--allow-write`, or the
   * client confirms through `confirm`).
   */
  async fix(
    args: { text?: string; path?: string; filename?: string; write?: boolean; lang?: string },
    confirm: (message: string) => Promise<boolean | undefined>,
  ): Promise<FixResult> {
    oneOf(args);
    if (args.write && args.text !== undefined) throw new ToolError('write needs a path: a text is fixed and returned, never written');
    const { input, config } = this.config(args.lang);
    let text: string;
    let workspace: Workspace;
    let abs: string | undefined;
    let rel: string | undefined;
    let file: TextFile | undefined;
    if (args.text !== undefined) {
      text = ZhenTools.text(args.text);
      workspace = this.textWorkspace(args.filename).workspace;
    } else {
      ({ abs, rel } = this.resolvePath(args.path!));
      if (!rel || statSync(abs).isDirectory()) throw new ToolError('fix takes one Markdown file (or a text), not a folder');
      const read = readTextFile(abs);
      if (!read.ok) throw new ToolError(`cannot read ${rel}: ${read.message}`);
      file = read;
      text = file.text;
      workspace = { now: Date.now(), path: rel, files: this.files, index: await this.workspaceIndex(input, config), source: file.facts };
    }
    const { edits, ...fixed } = fixWithChanges(text, config, workspace);
    const result: FixResult = { ...fixed, ...(rel ? { path: rel } : {}) };
    if (abs && rel && args.write) {
      if (!result.changed) {
        result.written = false;
        result.note = 'nothing to fix: the file is unchanged';
      } else {
        const answer = this.opts.allowWrite ? true : await confirm(`Zhen: write ${result.applied} fix(es) to ${rel}?`);
        if (answer === true) {
          // As `zhen check --fix` writes: the file's own encoding, every byte outside the fixes kept.
          const bytes = encodeEdits(file!, edits);
          const done = bytes.ok ? writeFileSafely(abs, bytes.bytes, { expect: file!.bytes }) : { ok: false as const, message: bytes.message };
          result.written = done.ok;
          if (!done.ok) result.note = `not written: ${done.message}`;
        } else {
          result.written = false;
          result.note = answer === false
            ? 'not written: the client declined'
            : 'not written: this server is read-only (start it with `zhen mcp --allow-write`, or use a client that can confirm writes through MCP elicitation); the fixed text is returned';
        }
      }
    }
    return result;
  }

  /** `explain`: what a rule catches and why (its header), its default severity, options and messages; a family lists its rules. */
  explain(args: { rule: string }): Record<string, unknown> {
    const e = explainRule(args.rule);
    if (e.kind === 'family') return { family: e.family, rules: e.rules };
    if (e.kind === 'unknown') throw new ToolError(`unknown rule "${e.id}"${e.guess ? `; did you mean "${e.guess}"?` : ''} Rules: ${allRules.map((r) => r.id).join(', ')}`);
    return { ...e.rule };
  }

  /** `glossary`: a term's card (as the editor's hover shows it, with the workspace's uses), senses and preferred forms. */
  async glossary(args: { term: string; lang?: string }): Promise<Record<string, unknown>> {
    const term = args.term.trim();
    if (!term) throw new ToolError('term is empty');
    const { input, config } = this.config(args.lang);
    const post = parse('', config);
    const index = await this.workspaceIndex(input, config);
    const card = glossaryCard(term, post, config, { index, files: this.files });
    const list = glossaryList(config);
    if (!card) {
      const forms = list.flatMap((c) => [...c.en, ...c.zh, ...c.abbr, c.id]);
      const guess = didYouMean(term, forms);
      throw new ToolError(`"${term}" is not in the glossary (${list.length} concepts: bundled and .zhen.yml's)${guess ? `; did you mean "${guess}"?` : ''}`);
    }
    const item = list.find((c) => c.id === card.id)!;
    return {
      ...item,
      label: card.label,
      preferred: { zh: item.zh[0], en: item.en[0], abbr: item.abbr[0] },
      card: card.markdown,
    };
  }

  /** `cite`: the source names in a claim and the URLs the workspace knows for each (`.zhen.yml` sources, links in any post). */
  async cite(args: { claim: string; lang?: string }): Promise<Record<string, unknown>> {
    const claim = ZhenTools.text(args.claim, 'claim');
    if (!claim.trim()) throw new ToolError('claim is empty');
    const { input, config } = this.config(args.lang);
    const index = await this.workspaceIndex(input, config);
    const workspace: Workspace = { now: Date.now(), files: this.files, index };
    const post = parse(claim, config);
    const findings = analyzePost(post, config, workspace).filter((f) => f.ruleId.startsWith('claim/'));
    const names = citeSources(post, config, workspace, findings);
    return {
      names,
      claims: (JSON.parse(toJson([{ path: '<claim>', text: claim, findings }])) as CheckJson).files[0].findings,
      posts: index.posts.size,
    };
  }
}

function oneOf(args: { text?: string; path?: string }): void {
  if ((args.text === undefined) === (args.path === undefined)) throw new ToolError('give exactly one of text or path');
}

/**
 * Fix-all as core `fixAll` does it (passes of `fixAllPass` to a fixed point), recording which
 * finding each applied edit came from. Positions are mapped back to the text as given.
 */
export function fixWithChanges(text: string, config: Config, workspace: Workspace, maxPasses = 10): Omit<FixResult, 'path'> & { edits: TextEdit[] } {
  let post = parse(text, config, undefined, workspace);
  const passes: TextEdit[][] = [];
  let applied = 0;
  const raw: Array<{ f: Finding; title: string; edit: TextEdit; pass: number; before: string }> = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    const findings = analyzePost(post, config, workspace);
    const step = fixAllPass(post, findings, (t) => parse(t, config, undefined, workspace));
    if (!step) break;
    const taken = new Set(step.edits);
    for (const f of findings) {
      const fix = preferredFix(f);
      for (const e of fix?.edits ?? []) if (taken.has(e)) raw.push({ f, title: fix!.title, edit: e, pass: pass + 1, before: post.text.slice(e.span.start, e.span.end) });
    }
    applied += step.edits.length;
    passes.push([...step.edits].sort((a, b) => a.span.start - b.span.start));
    post = step.post;
  }
  const ls = computeLineStarts(text);
  const at = (o: number) => positionAt(ls, o, text.length);
  const changes = raw.map(({ f, title, edit, pass, before }) => {
    const s = at(mapBack(edit.span.start, passes, pass - 1));
    const e = at(mapBack(edit.span.end, passes, pass - 1));
    return { rule: f.ruleId, title, message: f.message, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, before, after: edit.newText, pass };
  });
  changes.sort((a, b) => a.line - b.line || a.column - b.column || a.pass - b.pass);
  const remaining = analyzePost(post, config, workspace).length;
  return { text: post.text, changed: post.text !== text, applied, changes, remaining, edits: composeEdits(text.length, passes) };
}

/** An offset in the text after `passes[0..upTo)` back to the original text (inside inserted text: where the insertion was). */
function mapBack(offset: number, passes: TextEdit[][], upTo: number): number {
  for (let p = upTo - 1; p >= 0; p--) {
    let delta = 0;
    let mapped: number | undefined;
    for (const e of passes[p]) {
      const start = e.span.start + delta;
      if (offset < start) break;
      if (offset < start + e.newText.length) {
        mapped = e.span.start;
        break;
      }
      delta += e.newText.length - (e.span.end - e.span.start);
    }
    offset = mapped ?? offset - delta;
  }
  return offset;
}
