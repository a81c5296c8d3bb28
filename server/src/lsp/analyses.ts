/**
 * The analysis cache, keyed by content: one analysis per open document (and, below it, the parse's
 * `ParseCache` and the rules' `RuleCache`, so an edit re-parses and re-checks only what it touched), reused while its text,
 * its `Config` object, its folder's index version and its enablement are the same, whatever the
 * client says the version is (a `didChange` that does not bump it, or a reopen at a used version,
 * still gets the new text's findings). Analyses run on the scheduler in steps (parse, then one
 * rule per step) with the job's time budget passed to the core; a job every requester has
 * cancelled is dropped between steps.
 *
 * `resultId` (pull diagnostics) is made of this server's random nonce, a hash of the text, the
 * config's id and the index version: the same content under the same config gets "unchanged", any
 * other text never does, and ids of another server process never match.
 */
import type { CancellationToken } from 'vscode-languageserver';
import { analyzePostSteps, parse, ParseCache, RuleCache, type Config, type Finding, type Post, type Workspace } from '../core/index';
import type { DocumentContext } from './configs';
import type { LineMap } from './convert';
import type { ServerHost } from './host';
import { skipReason } from './limits';
import { DIAGNOSTICS, type Priority, type Scheduler } from './scheduler';

export interface Analysis {
  text: string;
  /** Hash of the text: `Diagnostic.data` carries it, so fixes of another text are recognised. */
  hash: string;
  resultId: string;
  /** Checked at all: `zhen.enable`, not ignored, not skipped. */
  enabled: boolean;
  /** Why the file is not checked (binary, huge), for the notice. */
  skipped?: string;
  map: LineMap;
  post: Post;
  config: Config;
  workspace: Workspace;
  findings: Finding[];
}

interface Entry {
  text: string;
  config: Config;
  indexVersion: number;
  enabled: boolean;
  path?: string;
  result: Promise<Analysis>;
  promote(p: Priority): void;
  /** Requesters still waiting; the job is dropped once all of them are cancelled. */
  waiters: Set<CancellationToken | undefined>;
}

/** A 53-bit hash of a string (cyrb53), as 14 hex digits. */
export function hashText(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

const NONCE = Math.floor(Math.random() * 2 ** 32).toString(36);

export class Analyses {
  private readonly entries = new Map<string, Entry>();
  private readonly parseCaches = new Map<string, ParseCache>();
  /** Per open document: the rules' block-level results of its last analysis (see core/blockCache.ts). */
  private readonly ruleCaches = new Map<string, RuleCache>();
  private readonly configIds = new WeakMap<Config, number>();
  private nextConfigId = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly host: ServerHost,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The analysis of `text` under `ctx`: the cached one when nothing it depends on changed. */
  get(uri: string, text: string, ctx: DocumentContext, o: { priority?: Priority; token?: CancellationToken } = {}): Promise<Analysis> {
    const priority = o.priority ?? DIAGNOSTICS;
    const indexVersion = ctx.folder?.index.version ?? -1;
    let e = this.entries.get(uri);
    if (!(e && e.text === text && e.config === ctx.config && e.indexVersion === indexVersion && e.enabled === ctx.enabled && e.path === ctx.path)) {
      const waiters = new Set<CancellationToken | undefined>();
      const job = this.scheduler.schedule((overBudget) => this.steps(uri, text, ctx, overBudget), {
        priority,
        cancelled: () => waiters.size > 0 && [...waiters].every((t) => t?.isCancellationRequested),
      });
      e = { text, config: ctx.config, indexVersion, enabled: ctx.enabled, path: ctx.path, result: job.promise, promote: job.promote, waiters };
      const entry = e;
      // A dropped job is not kept: the next request starts it again.
      job.promise.catch(() => {
        if (this.entries.get(uri) === entry) this.entries.delete(uri);
      });
      this.entries.set(uri, e);
    }
    e.promote(priority);
    const waiters = e.waiters;
    waiters.add(o.token);
    const done = () => waiters.delete(o.token);
    e.result.then(done, done);
    return e.result;
  }

  private *steps(uri: string, text: string, ctx: DocumentContext, overBudget: () => boolean): Generator<void, Analysis> {
    const { config } = ctx;
    const workspace: Workspace = { now: this.now(), overBudget };
    if (ctx.folder) {
      if (ctx.path) workspace.path = ctx.path;
      const files = this.host.workspaceFiles(ctx.folder.uri);
      if (files) workspace.files = files;
      workspace.index = ctx.folder.index;
    }
    const skipped = skipReason(text, config.language);
    let cache = this.parseCaches.get(uri);
    if (!cache) this.parseCaches.set(uri, (cache = new ParseCache()));
    const post = parse(skipped ? '' : text, config, cache, workspace);
    yield;
    const enabled = ctx.enabled && !skipped;
    let rules = this.ruleCaches.get(uri);
    if (!rules) this.ruleCaches.set(uri, (rules = new RuleCache()));
    const findings = enabled ? yield* analyzePostSteps(post, config, workspace, rules) : [];
    const hash = hashText(text);
    let id = this.configIds.get(config);
    if (id === undefined) this.configIds.set(config, (id = ++this.nextConfigId));
    const resultId = `${NONCE}.${hash}.${id}.${ctx.folder?.index.version ?? '-'}.${enabled ? 1 : 0}`;
    const map: LineMap = { text, lineStarts: skipped ? [0] : post.lineStarts };
    return { text, hash, resultId, enabled, skipped, map, post, config, workspace, findings };
  }

  /** The last analysis started for `uri`, if its text is `text` (for stale checks without new work). */
  peek(uri: string, text: string): Promise<Analysis> | undefined {
    const e = this.entries.get(uri);
    return e && e.text === text ? e.result : undefined;
  }

  /** Drop everything (settings or trust changed). */
  clear(): void {
    this.entries.clear();
  }

  /** A closed document: nothing of it is kept. */
  forget(uri: string): void {
    this.entries.delete(uri);
    this.parseCaches.delete(uri);
    this.ruleCaches.delete(uri);
  }

  /** Per-document entries held (for the leak test). */
  get held(): number {
    return this.entries.size + this.parseCaches.size + this.ruleCaches.size;
  }
}
