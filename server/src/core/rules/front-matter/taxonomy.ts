/**
 * front-matter/taxonomy: a tag or category spelt differently from the same one elsewhere in the site,
 * differing only by case or spacing (`AI` vs `ai`, `Machine Learning` vs `machine-learning`). Chirpy
 * slugifies both to one URL, so one tag page overwrites the other; Hexo and Jekyll show two tags.
 * Where the generator itself puts both spellings on one term page (Hugo, Docusaurus: read from their
 * source, data/front-matter/taxonomy.json), the taxonomy is not broken: a hint that the blog writes
 * the term two ways. Uses the workspace index (every post's tags and categories), comparing only posts of the same site (a
 * workspace may hold several: `blog-a/_posts/…`, `blog-b/_posts/…`).
 *
 *   Bad:  tags: [Ai]          (12 other posts use `AI`)
 *   Good: tags: [AI]
 *
 * Fix: the spelling most posts use (fix-all only when strictly more common).
 */
import type { Fix, PostSummary, Rule, WorkspaceIndex } from '../../types';
import { generatorName, type Kind as ValueKind } from '../../site';
import { headerOf, scalarItems, scalarSource, siteOf, subSchema, type Site } from './site';
import taxonomyData from '../../../../../data/front-matter/taxonomy.json';

interface Merging {
  merges: 'hugo' | 'kebab' | 'none';
  off?: string[];
}
const MERGING = taxonomyData.generators as Record<string, Merging>;

/** Hugo's term key (hugolib/site.go `getTaxonomyKey`, helpers/path.go `MakePath`): other characters than letters, digits, marks and `._/\\#+~@%-` become one `-` per run, then lower case. */
function hugoKey(s: string): string {
  return s.replace(/[^\p{L}\p{N}\p{M}._/\\#+~@%-]+/gu, ' ').trim().replace(/ /g, '-').toLowerCase();
}

/**
 * Docusaurus's permalink (lodash `kebabCase`) of an ASCII label without case or digit transitions
 * inside a word: its words split at other characters, lower-cased. Undefined where lodash splits
 * words at case changes (`WireGuard` → `wire-guard`) or reads Unicode words: not claimed.
 */
function plainKebab(s: string): string | undefined {
  if (/[^\x20-\x7e]|[a-z][A-Z]|[A-Z]{2}[a-z]|[0-9][A-Za-z]|[A-Za-z][0-9]/.test(s)) return undefined;
  return s.split(/[^A-Za-z0-9]+/).filter(Boolean).join('-').toLowerCase();
}

/** Does the site's generator put both spellings on one term page? (data/front-matter/taxonomy.json) */
export function onePage(site: Pick<Site, 'model'>, a: string, b: string): boolean {
  const m = MERGING[site.model.generator];
  if (!m || m.merges === 'none') return false;
  const config = site.model.config;
  const keys = Object.keys(config);
  for (const off of m.off ?? []) {
    const k = keys.find((x) => x.toLowerCase() === off.toLowerCase());
    if (k && config[k] === true) return false;
  }
  if (m.merges === 'hugo') return hugoKey(a) === hugoKey(b);
  const ka = plainKebab(a);
  return ka !== undefined && ka === plainKebab(b);
}

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
    written: {
      en: '{kind} `{value}` is written `{canonical}` in {count} other post(s); {generator} puts both on one page, so this is only how the blog spells it.',
      'zh-cn': '{kind} `{value}` 在其他 {count} 篇文章中写作 `{canonical}`；{generator} 把两者放在同一页面，只是写法不统一。',
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
        if (onePage(site, value, canonical)) {
          // The generator merges them (one term page): a style hint, not a broken taxonomy.
          const generator = generatorName(site.model.generator);
          ctx.report({ messageId: 'written', data: { kind: ctx.t(kind), value, canonical, count: best, generator }, span, fixes: [fix], severity: 'hint', detail: { canonical, onePage: true } });
        } else ctx.report({ messageId: 'variant', data: { kind: ctx.t(kind), value, canonical, count: best }, span, fixes: [fix], detail: { canonical } });
      }
    }
  },
};
