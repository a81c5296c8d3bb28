/**
 * Regular expressions that come from a workspace (`.zhen.yml` `claims.cues` and `claims.ignore`,
 * and any other pattern a user writes) go through `compileUserPattern`, and nothing else compiles
 * them: they run on re2js, a pure-JavaScript port of RE2, whose matching time is linear in the text
 * for every pattern, so `(a+)+$` cannot hang an analysis (a JavaScript `RegExp` backtracks for ever
 * on it). Bundled patterns (data/) are ours and stay native `RegExp`s.
 *
 * Users write JavaScript syntax (the schema says so); it is translated (`(?<name>…)`, `\uXXXX`,
 * `\u{…}`, `\cX`, `\p{Script=Han}`), and what RE2 cannot do in linear time (lookahead,
 * backreferences) is refused with a reason that `.zhen.yml` diagnostics show. Lookbehind is
 * supported (re2js runs captureless lookbehind in linear time). One difference remains: `\s`
 * means ASCII space characters (RE2), not also U+3000 (JavaScript); write `[\s\u3000]` for that.
 *
 * The time budget: a host may pass `Workspace.overBudget` (the core never reads the clock). While
 * a rule runs, the engine installs it here (`withBudget`); every match of a user pattern checks it
 * and throws `BudgetExceeded` once it says so, and the engine turns that into an `internal`
 * finding for the rule instead of an analysis that never ends.
 */
import { RE2JS } from 're2js';

/** The part of `RegExp` that Zhen's rules use; a native `RegExp` has it too. Global semantics: `exec` continues at `lastIndex`. */
export interface PatternLike {
  lastIndex: number;
  readonly source: string;
  exec(text: string): RegExpExecArray | null;
  test(text: string): boolean;
}

export class BudgetExceeded extends Error {
  constructor() {
    super('over the time budget of this analysis');
    this.name = 'BudgetExceeded';
  }
}

let activeBudget: (() => boolean) | undefined;

/** Run `f` with `overBudget` checked by every user-pattern match inside it (the engine wraps each rule). */
export function withBudget<T>(overBudget: (() => boolean) | undefined, f: () => T): T {
  const before = activeBudget;
  activeBudget = overBudget;
  try {
    return f();
  } finally {
    activeBudget = before;
  }
}

/** Longest pattern accepted (a user pattern is a phrase, not a program). */
const MAX_SOURCE = 2000;

/** JavaScript regular-expression syntax → RE2 syntax (re2js's translation plus Unicode scripts). */
function toRe2(source: string): string {
  return RE2JS.translateRegExp(source.replace(/\\([pP])\{(?:Script|sc|Script_Extensions|scx)=([A-Za-z_]+)\}/g, '\\$1{$2}'));
}

/** Why RE2 refused a pattern, in words a `.zhen.yml` writer can act on. */
function reason(source: string, err: unknown): string {
  if (/\(\?[=!]/.test(source)) return 'lookahead ((?= or (?!) is not supported: user patterns run on a linear-time engine (RE2)';
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences (\\1, \\k<name>) are not supported: user patterns run on a linear-time engine (RE2)';
  const msg = err instanceof Error ? err.message : String(err);
  return `not a valid pattern (RE2 syntax): ${msg.replace(/^error parsing regexp: /, '')}`;
}

const cache = new Map<string, { re: RE2JS } | { problem: string }>();

/**
 * Compile a workspace pattern (case-insensitive, as `claims` patterns are). Returns the pattern or
 * the reason it is refused; never throws. Each call returns a fresh matcher (its own `lastIndex`).
 */
export function compileUserPattern(source: string): { re: PatternLike } | { problem: string } {
  let c = cache.get(source);
  if (!c) {
    c = compileRe2(source);
    if (cache.size > 500) cache.clear();
    cache.set(source, c);
  }
  return 're' in c ? { re: new LinearRegExp(c.re, source) } : c;
}

function compileRe2(source: string): { re: RE2JS } | { problem: string } {
  if (source.length > MAX_SOURCE) return { problem: `longer than ${MAX_SOURCE} characters` };
  try {
    const flags = RE2JS.CASE_INSENSITIVE | (/\(\?<[=!]/.test(source) ? RE2JS.LOOKBEHINDS : 0);
    return { re: RE2JS.compile(toRe2(source), flags) };
  } catch (err) {
    return { problem: reason(source, err) };
  }
}

/** Why `source` would be refused, or undefined when it compiles (for `.zhen.yml` diagnostics). */
export function userPatternProblem(source: string): string | undefined {
  const c = compileUserPattern(source);
  return 'problem' in c ? c.problem : undefined;
}

/** A re2js pattern behind the `RegExp` interface the rules use (`g` semantics). */
class LinearRegExp implements PatternLike {
  lastIndex = 0;
  private matcher?: ReturnType<RE2JS['matcher']>;
  private input?: string;

  constructor(
    private readonly re: RE2JS,
    readonly source: string,
  ) {}

  exec(text: string): RegExpExecArray | null {
    if (activeBudget?.()) throw new BudgetExceeded();
    if (this.lastIndex > text.length) {
      this.lastIndex = 0;
      return null;
    }
    if (this.input !== text || !this.matcher) {
      this.matcher = this.re.matcher(text);
      this.input = text;
    }
    const m = this.matcher;
    if (!m.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: string[] = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? (undefined as unknown as string));
    const out = groups as unknown as RegExpExecArray;
    out.index = m.start();
    out.input = text;
    const names = Object.keys(this.re.namedGroups());
    if (names.length) {
      const named: Record<string, string> = Object.create(null);
      for (const n of names) named[n] = m.group(n) ?? (undefined as unknown as string);
      out.groups = named;
    }
    this.lastIndex = m.end();
    return out;
  }

  test(text: string): boolean {
    return this.exec(text) !== null;
  }
}
