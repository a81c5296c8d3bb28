/**
 * A product's own documentation and release notes (issue #16; the lead's decision (a), session 12):
 *
 *   title: TiDB 6.3.0 Release Notes
 *   TiDB v6.3.0 支持开启添加索引加速功能……开启该功能后，TiDB 添加索引的性能提升约为原来的 3 倍。
 *
 * The publisher reports its own measurements of its own product: it is the source, so claim/unlinked
 * reports such a claim as a hint at most (its option `ownProductFigures: false`: not at all; session 26:
 * the samples' readers called those hints wrong, 46 of 46, the held-out sets' labellers expected one).
 * The site's own products are read from the workspace, not
 * from per-site code: the name that heads several of its posts' release-notes titles (`TiDB 5.0
 * Release Notes`), and the names in the site configuration's title and description (site.ts reads
 * it). Each post contributes its front-matter title to the claim family's slice of the workspace
 * index (`titleSummary`); the names are worked out once per index version. A post is the product's
 * own text when its title names an own product or is a release note, when the sentence names one
 * (and names no other source), or when the site's titles name them in a large share of its posts (a
 * documentation site). Only a claim that states a figure (the detector's number features) is read
 * as a measurement; a superlative or a report about another thing keeps its severity. The
 * patterns and thresholds are data (data/claims/cues.json `firstParty`, with where they came from).
 */
import data from '../../../../../data/claims/cues.json';
import type { Post } from '../../document';
import type { Config, Workspace, WorkspaceIndex } from '../../types';
import { siteModel } from '../../site';
import { compilePattern } from './cues';
import { headerOf } from '../front-matter/site';

const RELEASE_NOTES = compilePattern(data.firstParty.releaseNotes, 'i') ?? /(?!)/;
const MIN_RELEASE_NOTES = data.firstParty.minReleaseNotes;
const DOCS_SHARE = data.firstParty.docsShare;
const COMMON = new Set(data.firstParty.commonWords.map((w) => w.toLowerCase()));
/** A word written as a product's name: a capital after a small letter, capitals with a digit or small letter after them. */
const PRODUCT_NAME = /[a-z][A-Z]|^[A-Z]{2,}[a-z0-9]|^[A-Z][A-Za-z]*\d/;

/** The claim family's slice of a post's summary: its front-matter title (for the site's own products). */
export interface TitleSummary {
  title?: string;
}

export function titleSummary(post: Post): TitleSummary {
  const t = titleOf(post);
  return t ? { title: t } : {};
}

/** The post's front-matter title, read from the parsed header (YAML or TOML; the front-matter family's parse, memoised per post). */
export function titleOf(post: Post): string {
  const t = headerOf(post)?.data?.title;
  return typeof t === 'string' ? t.trim() : '';
}

/**
 * Is the post a release note or changelog (its title: `TiDB 3.0.8 Release Notes`, `X 发布说明`, `X 更新日志`; cues.json
 * `firstParty.releaseNotes`)? A record of one version, written once and not revised to follow later wording.
 */
export function isReleaseNote(post: Post): boolean {
  const t = titleOf(post);
  return t !== '' && RELEASE_NOTES.test(t);
}

interface Own {
  /** Lower-case own product names. */
  names: Set<string>;
  /** The site's titles name them in a large share of its posts: a documentation site. */
  docsSite: boolean;
}

const NONE: Own = { names: new Set(), docsSite: false };
const indexMemo = new WeakMap<WorkspaceIndex, { version: number; config: unknown; own: Own }>();

/** The site's own products, from the workspace index and the site configuration. */
export function ownProducts(workspace: Readonly<Workspace>, config: Readonly<Config>): Own {
  const index = workspace.index;
  if (!index) return NONE;
  const kept = indexMemo.get(index);
  if (kept && kept.version === index.version && kept.config === config) return kept.own;
  const titles: string[] = [];
  for (const summary of index.posts.values()) {
    const t = (summary.claim as TitleSummary | undefined)?.title;
    if (typeof t === 'string' && t) titles.push(t);
  }
  const heads = new Map<string, number>();
  for (const t of titles) {
    const name = RELEASE_NOTES.exec(t)?.groups?.name?.trim().toLowerCase();
    if (name && !COMMON.has(name)) heads.set(name, (heads.get(name) ?? 0) + 1);
  }
  const names = new Set<string>();
  for (const [n, c] of heads) if (c >= MIN_RELEASE_NOTES) names.add(n);
  const site = siteModel(workspace.files, config, index.version).config;
  for (const key of ['title', 'description']) {
    const v = site[key];
    if (typeof v !== 'string') continue;
    // Only words written as a product's name (`TiDB`, `JavaGuide`, `OpenWrt`, `K8S`), not `Hux` or `This`.
    for (const w of v.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []) if (!COMMON.has(w.toLowerCase()) && PRODUCT_NAME.test(w)) names.add(w.toLowerCase());
  }
  let naming = 0;
  for (const t of titles) if (namesAny(t, names)) naming++;
  const own: Own = { names, docsSite: names.size > 0 && titles.length > 0 && naming / titles.length >= DOCS_SHARE };
  indexMemo.set(index, { version: index.version, config, own });
  return own;
}

/** Does the text name one of the products (a whole Latin word)? */
function namesAny(text: string, names: Set<string>): boolean {
  if (!names.size) return false;
  for (const w of text.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []) if (names.has(w.toLowerCase())) return true;
  // A name of several words (`TiDB Cloud`): as a phrase.
  const lower = text.toLowerCase();
  for (const n of names) if (n.includes(' ') && lower.includes(n)) return true;
  return false;
}

/**
 * Is the sentence (clean text) the product's own word about itself: the site has own products and
 * the post is its documentation (a documentation site, a title that names it or a release note), or
 * the sentence names it?
 */
export function firstParty(post: Post, workspace: Readonly<Workspace>, config: Readonly<Config>, sentence: string, source?: string): boolean {
  const own = ownProducts(workspace, config);
  if (!own.names.size) return false;
  // The sentence names a source of its own that is not the product: it reports someone else's figure.
  if (source && !namesAny(source, own.names)) return false;
  if (own.docsSite) return true;
  const title = titleOf(post);
  if (title && (namesAny(title, own.names) || RELEASE_NOTES.test(title))) return true;
  return namesAny(sentence, own.names);
}
