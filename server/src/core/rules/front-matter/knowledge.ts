/**
 * Shared by front-matter/unknown-key and front-matter/type (this file is not a rule): what the site
 * itself says about front-matter keys, besides its generator's schema. A key is known when the
 * site's theme or templates know it (core `site.ts`: scaffolds, archetypes, theme configuration,
 * keys its layouts read) or when the site's other posts use it (the workspace index, the
 * front-matter family's `summarize`). Hugo compares keys case-insensitively (`.Param`).
 */
import type { PostSummary, Workspace, WorkspaceIndex } from '../../types';
import type { Kind } from '../../site';
import type { Site } from './site';
import { siteKey, type FrontMatterSummary } from './taxonomy';

/** Per key of a site's posts: how many posts use it, and with which kind of value. */
type KeyUse = Map<string, { posts: number; kinds: Map<Kind, number>; spelling: string }>;

const aggregates = new WeakMap<WorkspaceIndex, { version: number; bySite: Map<string, KeyUse> }>();

function fold(site: Site, key: string): string {
  return site.model.generator === 'hugo' ? key.toLowerCase() : key;
}

function siteUse(index: WorkspaceIndex, site: Site, key: string): KeyUse | undefined {
  let prev = aggregates.get(index);
  const hugo = site.model.generator === 'hugo';
  const cacheKey = `${hugo ? 'h' : ''}\u0000${key}`;
  if (!prev || prev.version !== index.version) {
    prev = { version: index.version, bySite: new Map() };
    aggregates.set(index, prev);
  }
  let use = prev.bySite.get(cacheKey);
  if (!use) {
    use = new Map();
    for (const s of index.posts.values()) if (siteKey(s.path) === key) add(use, s, 1, hugo);
    prev.bySite.set(cacheKey, use);
  }
  return use;
}

function add(use: KeyUse, s: PostSummary | undefined, n: number, hugo: boolean): void {
  const keys = (s?.['front-matter'] as Partial<FrontMatterSummary> | undefined)?.keys;
  if (!keys) return;
  for (const [k, kind] of Object.entries(keys)) {
    const f = hugo ? k.toLowerCase() : k;
    let e = use.get(f);
    if (!e) use.set(f, (e = { posts: 0, kinds: new Map(), spelling: k }));
    e.posts += n;
    e.kinds.set(kind, (e.kinds.get(kind) ?? 0) + n);
  }
}

/** Where the site knows a key from: a file of its own (template, theme config, layout), or its other posts. */
export interface Known {
  file?: string;
  posts: number;
}

export interface Knowledge {
  /** Where the site knows the key from, or undefined. */
  source(key: string): Known | undefined;
  /** Keys the site knows, for "did you mean" (each with the number of other posts that use it). */
  candidates(): Array<[string, number]>;
  /** Does the site (its templates, theme configuration or most of its other posts that use the key) use this kind of value for it? */
  acceptsKind(key: string, kind: Kind): Known | undefined;
}

const knowledge = new WeakMap<object, Map<string, Knowledge>>();

export function knowledgeOf(site: Site, workspace: Readonly<Workspace>): Knowledge {
  const index = workspace.index;
  const path = workspace.path ?? '';
  const holder: object = index ?? site;
  let m = knowledge.get(holder);
  if (!m) knowledge.set(holder, (m = new Map()));
  const cacheKey = `${index?.version ?? ''}\u0000${path}\u0000${site.generator}`;
  let k = m.get(cacheKey);
  if (k) return k;
  const hugo = site.model.generator === 'hugo';
  // Other posts: the site's posts in the index, minus this post's own summary.
  const all = index ? siteUse(index, site, siteKey(path)) : undefined;
  const self = index && path ? (index.posts.get(path)?.['front-matter'] as Partial<FrontMatterSummary> | undefined)?.keys : undefined;
  const selfKeys = new Map(Object.entries(self ?? {}).map(([key, kind]) => [hugo ? key.toLowerCase() : key, kind]));
  const others = (key: string) => {
    const e = all?.get(fold(site, key));
    if (!e) return undefined;
    const mine = selfKeys.get(fold(site, key));
    const posts = e.posts - (mine ? 1 : 0);
    if (posts <= 0) return undefined;
    const kinds = new Map(e.kinds);
    if (mine) kinds.set(mine, (kinds.get(mine) ?? 1) - 1);
    return { posts, kinds, spelling: e.spelling };
  };
  const model = site.model;
  const themeKey = (key: string) => model.keys.get(fold(site, key));
  k = {
    source(key) {
      const t = themeKey(key);
      const o = others(key);
      if (!t && !o) return undefined;
      return { file: t?.source, posts: o?.posts ?? 0 };
    },
    candidates() {
      const out = new Map<string, number>();
      for (const [key] of model.keys) out.set(key, 0);
      for (const [key, e] of all ?? []) {
        const o = others(key);
        if (o) out.set(e.spelling, o.posts);
      }
      return [...out];
    },
    acceptsKind(key, kind) {
      const t = themeKey(key);
      if (t?.kinds.includes(kind)) return { file: t.source, posts: 0 };
      const o = others(key);
      if (!o) return undefined;
      const same = o.kinds.get(kind) ?? 0;
      let rest = 0;
      for (const [k2, n] of o.kinds) if (k2 !== kind && k2 !== 'null') rest += n;
      // The site's own posts agree when at least as many of those that use the key use this kind as any other.
      return same > 0 && same >= rest ? { posts: same } : undefined;
    },
  };
  if (m.size > 64) m.clear();
  m.set(cacheKey, k);
  return k;
}
