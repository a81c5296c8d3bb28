/**
 * front-matter/taxonomy: a tag or category spelt differently from the same one elsewhere in the site,
 * differing only by case or spacing (`AI` vs `ai`, `Machine Learning` vs `machine-learning`). Chirpy
 * slugifies both to one URL, so one tag page overwrites the other; other themes show two tags.
 * Uses the workspace index (every post's tags and categories), comparing only posts of the same site (a
 * workspace may hold several: `blog-a/_posts/…`, `blog-b/_posts/…`).
 *
 *   Bad:  tags: [Ai]          (12 other posts use `AI`)
 *   Good: tags: [AI]
 *
 * Fix: the spelling most posts use (fix-all only when strictly more common).
 */
import type { Fix, PostSummary, Rule, WorkspaceIndex } from '../../types';
import type { Kind as ValueKind } from '../../site';
import { headerOf, scalarItems, scalarSource, siteOf, subSchema } from './site';

export interface FrontMatterSummary {
  tags: string[];
  categories: string[];
  authors: string[];
  /** The header's top-level keys and the kind of each value (what the site's posts teach about keys). */
  keys?: Record<string, ValueKind>;
}

type Kind = 'tags' | 'categories';
type Counts = Record<Kind, Map<string, Map<string, number>>>;

export function normalizeTerm(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');
}

const aggregates = new WeakMap<WorkspaceIndex, { version: number; bySite: Map<string, Counts> }>();

/**
 * The site a post belongs to: the path before its `_posts/`, `_drafts/`, `content/` or `source/` folder,
 * so a workspace holding several sites (a folder of blogs) compares each post only with its own site.
 */
export function siteKey(path: string): string {
  const m = /^(.*?)(?:^|\/)(?:_posts|_drafts|content|source)\//.exec(path);
  return m ? m[1] : '';
}

/** Spellings per normalised term in each site of the index, memoised per index version. */
function siteCounts(index: WorkspaceIndex, site: string): Counts | undefined {
  let prev = aggregates.get(index);
  if (!prev || prev.version !== index.version) {
    const bySite = new Map<string, Counts>();
    for (const s of index.posts.values()) {
      const k = siteKey(s.path);
      let c = bySite.get(k);
      if (!c) bySite.set(k, (c = { tags: new Map(), categories: new Map() }));
      addSummary(c, s, 1);
    }
    prev = { version: index.version, bySite };
    aggregates.set(index, prev);
  }
  return prev.bySite.get(site);
}

function addSummary(counts: Counts, s: PostSummary | undefined, n: number): void {
  const fm = s?.['front-matter'] as Partial<FrontMatterSummary> | undefined;
  if (!fm) return;
  for (const kind of ['tags', 'categories'] as const) {
    for (const t of new Set(fm[kind] ?? [])) {
      const k = normalizeTerm(t);
      let m = counts[kind].get(k);
      if (!m) counts[kind].set(k, (m = new Map()));
      m.set(t, (m.get(t) ?? 0) + n);
    }
  }
}

export const rule: Rule = {
  id: 'front-matter/taxonomy',
  description: 'Tags and categories that differ from the site\'s only by case or spacing.',
  defaultSeverity: 'warning',
  messages: {
    variant: {
      en: '{kind} `{value}` differs only by case or spacing from `{canonical}`, used in {count} other post(s).',
      'zh-cn': '{kind} `{value}` 与其他 {count} 篇文章使用的 `{canonical}` 只有大小写或空格不同。',
    },
    tags: { en: 'Tag', 'zh-cn': '标签' },
    categories: { en: 'Category', 'zh-cn': '分类' },
    use: { en: 'Use `{canonical}`', 'zh-cn': '改用 `{canonical}`' },
  },
  check(ctx) {
    const index = ctx.workspace.index;
    const h = headerOf(ctx.post);
    if (!index || !h?.data || !index.posts.size) return;
    const site = siteOf(ctx.workspace, ctx.config);
    const all = siteCounts(index, siteKey(ctx.workspace.path ?? ''));
    if (!all) return;
    const self = ctx.workspace.path ? index.posts.get(ctx.workspace.path) : undefined;
    for (const [key, v] of Object.entries(h.data)) {
      const kind = subSchema(site.schema, [key])?.['x-zhen-taxonomy'] as Kind | undefined;
      if (kind !== 'tags' && kind !== 'categories') continue;
      for (const [path, value] of scalarItems(key, v)) {
        const spellings = all[kind].get(normalizeTerm(value));
        if (!spellings || spellings.size < 2 && spellings.has(value)) continue;
        // Others' counts: the index minus this post's own (possibly stale) summary.
        const selfFm = self?.['front-matter'] as Partial<FrontMatterSummary> | undefined;
        const selfHas = (t: string) => (selfFm?.[kind] ?? []).includes(t);
        let canonical: string | undefined;
        let best = 0;
        for (const [t, n0] of spellings) {
          const n = n0 - (selfHas(t) ? 1 : 0);
          if (t !== value && (n > best || (n === best && canonical !== undefined && t < canonical))) {
            canonical = t;
            best = n;
          }
        }
        if (!canonical || best === 0) continue;
        const mine = (spellings.get(value) ?? 0) - (selfHas(value) ? 1 : 0);
        if (best < mine + 1) continue; // counting this post, its spelling is the more common one: the others get the report
        const span = h.range(path, 'value');
        const fix: Fix = { title: ctx.t('use', { canonical }), isPreferred: best > mine + 1, edits: [{ span, newText: scalarSource(canonical, h.fm.kind) }] };
        ctx.report({ messageId: 'variant', data: { kind: ctx.t(kind), value, canonical, count: best }, span, fixes: [fix], detail: { canonical } });
      }
    }
  },
};
