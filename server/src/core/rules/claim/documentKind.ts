/**
 * A caption that names only a kind of source (`出处：论文`, `来源：原文`, `Source: the paper`) in a post that
 * links exactly one document of that kind (issue #16; xiaodongq leveldb-memtable-skiplist.md:341 `（出处：论文）`
 * under a figure, with Pugh's skip-list paper linked once at line 19, judged wrong as a warning in three blind
 * samples running): the reader knows which paper it is, so claim/caption-source makes it a hint naming the
 * link's line. None linked, or two or more, and it stays a warning: which one? What counts is data
 * (data/claims/cues.json `genericCaptionSource`): per kind, the caption names that make it (anchored), the
 * addresses of such a document (arXiv, DOI, a PDF, ACM DL, …) and the words that introduce one right before a
 * link on its line (`相关论文为：[…](…)`).
 */
import data from '../../../../../data/claims/cues.json';
import type { Post } from '../../document';
import { positionAt } from '../../text';
import { citations } from './citations';
import { compilePattern } from './cues';

interface Kind {
  kind: string;
  names: RegExp;
  links?: RegExp;
  leads?: RegExp;
}

const LEAD_WINDOW = data.genericCaptionSource.leadWindow;
const LEAD_TAIL = data.genericCaptionSource.leadTail;

const KINDS: Kind[] = data.genericCaptionSource.kinds.flatMap((k) => {
  const names = compilePattern(k.names, 'i');
  if (!names) return [];
  return [{ kind: k.kind, names, links: k.links ? compilePattern(k.links, 'i') : undefined, leads: k.leads ? compilePattern(`(?:${k.leads})${LEAD_TAIL}`, 'i') : undefined }];
});

/** The one document of the kind a caption names that the post links: its address and 1-based line. */
export interface LinkedDocument {
  kind: string;
  url: string;
  line: number;
}

/**
 * The document a caption's generic source name (`论文`) stands for: the only one of its kind the post links
 * (distinct addresses), else undefined (the name is no kind, or the post links none or several).
 */
export function linkedDocument(post: Post, name: string): LinkedDocument | undefined {
  const bare = name.replace(/[\uE000\uFFFC]/g, '').trim();
  const kind = KINDS.find((k) => k.names.test(bare));
  if (!kind) return undefined;
  const found = new Map<string, number>();
  for (const l of citations(post).links) {
    if (!/^https?:\/\//i.test(l.url)) continue;
    const lineStart = post.lineStarts[positionAt(post.lineStarts, l.span.start).line];
    const before = post.text.slice(Math.max(lineStart, l.span.start - LEAD_WINDOW), l.span.start);
    if (!(kind.links?.test(l.url) || kind.leads?.test(before))) continue;
    const url = l.url.replace(/[#].*$/, '');
    if (!found.has(url)) found.set(url, positionAt(post.lineStarts, l.span.start).line + 1);
  }
  if (found.size !== 1) return undefined;
  const [[url, line]] = found;
  return { kind: kind.kind, url, line };
}
