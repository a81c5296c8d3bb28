/**
 * The source library: which URLs are known for a source name.
 *   1. `.zhen.yml` `sources:` (name and aliases → url);
 *   2. the links of this post;
 *   3. the links of every post in the workspace index (the claim family's `summarize`).
 * Links are indexed by their text (`[CoinGecko](…)`) and by their domain's name
 * (`www.coingecko.com` → `coingecko`), so a source linked once is offered everywhere.
 * The workspace part is memoised per index version.
 */
import type { Post } from '../../document';
import { walk } from '../../document';
import type { Config, Workspace, WorkspaceIndex } from '../../types';
import type { CueSet } from './cues';

export interface LinkRecord {
  text: string;
  url: string;
  domain: string;
}

/** The claim family's slice of a post summary. */
export interface ClaimSummary {
  links: LinkRecord[];
}

export interface SourceCandidate {
  name: string;
  url: string;
  origin: 'config' | 'post' | 'workspace';
  /** The post that links it (workspace origin). */
  path?: string;
  /** Found by the domain's name rather than the link text. */
  byDomain?: boolean;
}

const MAX_LINKS_PER_POST = 1000;

/** Every http(s) link of a post with its text and domain (for `summarize` and this post's own links). */
export function collectLinks(post: Post): LinkRecord[] {
  const out: LinkRecord[] = [];
  walk(post.root, (node) => {
    if (out.length >= MAX_LINKS_PER_POST) return 'skip';
    if (node.type !== 'link') return;
    const domain = domainOf(node.url);
    if (!domain) return;
    let text = '';
    walk(node, (n) => {
      if (n.type === 'text' || n.type === 'inlineCode') text += (n as { value: string }).value;
    });
    text = text.trim();
    out.push({ text, url: node.url, domain });
    return 'skip';
  });
  return out;
}

export function domainOf(url: string): string | undefined {
  const m = /^https?:\/\/(?:[^@/?#\s]*@)?([^/?#:\s]+)/i.exec(url);
  return m ? m[1].toLowerCase().replace(/\.$/, '') : undefined;
}

const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'edu', 'ac', 'or', 'ne', 'go']);

/** The name part of a host: `www.coingecko.com` → `coingecko`, `bbc.co.uk` → `bbc`. */
export function domainName(host: string): string | undefined {
  const parts = host.split('.').filter(Boolean);
  if (parts.length < 2 || /^\d+$/.test(parts[parts.length - 1])) return undefined;
  let i = parts.length - 2;
  if (parts.length >= 3 && SECOND_LEVEL.has(parts[i]) && parts[parts.length - 1].length === 2) i--;
  return parts[i];
}

/** Key for comparing names: lower case, letters and digits only (CJK kept). */
export function nameKey(s: string): string {
  return s.toLowerCase().replace(/[\s\-_.·•'’"“”()（）\[\]]/g, '');
}

type Library = Map<string, SourceCandidate[]>;

/** The URLs already in each list of a library: `add` stays linear in the links (19,500 of the corpus's 23,555 links share the key `github`). */
const urlsOf = new WeakMap<SourceCandidate[], Set<string>>();

function add(lib: Library, key: string, c: SourceCandidate): void {
  if (!key) return;
  let list = lib.get(key);
  if (!list) lib.set(key, (list = []));
  let urls = urlsOf.get(list);
  if (!urls) urlsOf.set(list, (urls = new Set(list.map((x) => x.url))));
  if (urls.has(c.url)) return;
  urls.add(c.url);
  list.push(c);
}

function addLinks(lib: Library, links: readonly LinkRecord[], origin: 'post' | 'workspace', generic: Set<string>, path?: string): void {
  for (const l of links) {
    const text = l.text.trim();
    if (text && text.length <= 40 && !/^https?:|^www\./i.test(text) && !generic.has(text.toLowerCase())) {
      add(lib, nameKey(text), { name: text, url: l.url, origin, path });
    }
    const dn = domainName(l.domain);
    if (dn && dn.length >= 3) add(lib, dn, { name: text && !/^https?:/i.test(text) ? text : l.domain, url: l.url, origin, path, byDomain: true });
  }
}

const workspaceMemo = new WeakMap<WorkspaceIndex, { version: number; lib: Library }>();

function workspaceLibrary(index: WorkspaceIndex, generic: Set<string>): Library {
  const m = workspaceMemo.get(index);
  if (m && m.version === index.version) return m.lib;
  const lib: Library = new Map();
  for (const [path, summary] of index.posts) {
    const slice = summary.claim as ClaimSummary | undefined;
    if (slice && Array.isArray(slice.links)) addLinks(lib, slice.links, 'workspace', generic, path);
  }
  workspaceMemo.set(index, { version: index.version, lib });
  return lib;
}

const postMemo = new WeakMap<Post, Library>();

export interface SourceLibrary {
  /** Known URLs for a name, best first: config, then this post, then the workspace; text matches before domain matches. */
  lookup(name: string, limit?: number): SourceCandidate[];
  /** Names the library knows that occur in a text (config names and aliases, linked texts, domain names). */
  namesIn(text: string): string[];
}

export function sourceLibrary(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>, cues: CueSet): SourceLibrary {
  const conf: Library = new Map();
  for (const s of config.sources ?? []) {
    if (!s || typeof s.name !== 'string' || typeof s.url !== 'string') continue;
    for (const n of [s.name, ...(Array.isArray(s.aliases) ? s.aliases : [])]) add(conf, nameKey(n), { name: s.name, url: s.url, origin: 'config' });
  }
  let own = postMemo.get(post);
  if (!own) {
    own = new Map();
    addLinks(own, collectLinks(post), 'post', cues.genericLinkText);
    postMemo.set(post, own);
  }
  const ws = workspace.index ? workspaceLibrary(workspace.index, cues.genericLinkText) : new Map<string, SourceCandidate[]>();
  const libs = [conf, own, ws];
  const confNames = (config.sources ?? []).flatMap((s) => [s.name, ...(s.aliases ?? [])]).filter((n) => typeof n === 'string' && n.length > 0);
  return {
    lookup(name, limit = 4) {
      const key = nameKey(name);
      const out: SourceCandidate[] = [];
      const push = (c: SourceCandidate) => {
        if (!out.some((x) => x.url === c.url)) out.push(c);
      };
      for (const byDomain of [false, true]) for (const lib of libs) for (const c of lib.get(key) ?? []) if (!!c.byDomain === byDomain) push(c);
      return out.slice(0, limit);
    },
    namesIn(text) {
      const found: string[] = [];
      const lower = text.toLowerCase();
      for (const n of confNames) if (lower.includes(n.toLowerCase()) && !found.includes(n)) found.push(n);
      // Latin words and short phrases (up to three words): look each up.
      const words = [...text.matchAll(/[A-Za-z][\w&.-]*/g)];
      for (let i = 0; i < words.length; i++) {
        for (let len = 3; len >= 1; len--) {
          if (i + len > words.length) continue;
          const first = words[i];
          const last = words[i + len - 1];
          const phrase = text.slice(first.index!, last.index! + last[0].length);
          if (len > 1 && !/^[A-Za-z][\w&.-]*(?: [A-Za-z][\w&.-]*)*$/.test(phrase)) continue;
          const key = nameKey(phrase);
          if (key.length >= 3 && libs.some((l) => l.get(key)?.some((c) => !c.byDomain)) && !found.some((f) => nameKey(f) === key)) {
            found.push(phrase);
            break;
          }
        }
      }
      return found;
    },
  };
}
