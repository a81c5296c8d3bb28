/**
 * Where a word sits, for the term rules: contexts in which a spelling is not the author's own
 * wording of a term but a value, a keyword, a label or a quotation. Each test is a class seen
 * in the corpus review (docs/corpus-review/terms.md), not a list of instances:
 *
 * - a link whose text is the last segment of its URL (`[leveldb](https://github.com/google/leveldb)`)
 *   or the title of a cited page (`参考：[linux IO Block layer 解析](https://…)`);
 * - a config or option value (`默认值：linux`, `--os=linux`, `os = linux`, `` `${os}` (linux) ``);
 * - a list of code keywords (`- TIDB` among `- TEXT`, `- THAN (R)`);
 * - an all-caps spelling inside a Title Case label (`Avg TiKV GRPC Duration`) or next to an
 *   SQL keyword (`KILL [TIDB]`).
 */
import type { Post } from '../../document';
import { ATOM, MARK, walk, nodeSpan } from '../../document';
import { hasCjk, isCjkChar } from '../../cjk';
import { positionAt } from '../../text';

interface LinkSpan {
  /** The link text's range in the source. */
  textStart: number;
  textEnd: number;
  start: number;
  url: string;
}

const linkMemo = new WeakMap<Post, LinkSpan[]>();

/** The post's inline links with text, in source order. */
function linksOf(post: Post): LinkSpan[] {
  let links = linkMemo.get(post);
  if (links) return links;
  links = [];
  const out = links;
  walk(post.root, (node) => {
    if (node.type !== 'link') return;
    const span = nodeSpan(node);
    const kids = node.children;
    if (!span || !kids.length) return 'skip';
    const a = nodeSpan(kids[0]);
    const b = nodeSpan(kids[kids.length - 1]);
    if (a && b) out.push({ start: span.start, textStart: a.start, textEnd: b.end, url: node.url });
    return 'skip';
  });
  out.sort((x, y) => x.textStart - y.textStart);
  linkMemo.set(post, out);
  return out;
}

function linkAround(post: Post, start: number, end: number): LinkSpan | undefined {
  const links = linksOf(post);
  let lo = 0;
  let hi = links.length - 1;
  let found: LinkSpan | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (links[mid].textStart <= start) {
      found = links[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && end <= found.textEnd ? found : undefined;
}

/** The last non-empty path segment of a URL (`leveldb` in `https://github.com/google/leveldb/`). */
function lastSegment(url: string): string | undefined {
  const path = url.replace(/[?#].*$/, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const segs = path.split('/').filter(Boolean);
  return segs.length ? decodeSafe(segs[segs.length - 1]) : undefined;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What introduces a cited page: `参考：`, `来自`, `可跳转官网`, `访问`, `请阅读`, `这篇`. */
const CITE_CUE_RE = /(?:[：:]|参考|参见|可见|详见|见|来自|出自|引自|原文|官网|官方文档|跳转(?:到|至)?|访问|移步|参阅|阅读|这篇|一文|via)\s*$/;

/**
 * Inside a link whose text is not the author's wording of a term: the text is the URL's last
 * path segment (a repository or page name as the URL spells it), or the link cites a page by its
 * title (an absolute URL, a title of some length, standing alone on its line or after a cue such
 * as `参考：`, `来自：`, `可见`).
 */
export function inCitedLink(post: Post, start: number, end: number): boolean {
  const link = linkAround(post, start, end);
  if (!link) return false;
  const { text } = post;
  if (link.textEnd - link.textStart === end - start && lastSegment(link.url) === text.slice(start, end)) return true;
  // The rest depends on the link only: worked out once per link (a long label holds many terms).
  let memo = citedTitles.get(post);
  if (!memo) citedTitles.set(post, (memo = new Map()));
  let cited = memo.get(link.textStart);
  if (cited === undefined) memo.set(link.textStart, (cited = citesByTitle(text, link)));
  return cited;
}

/**
 * What `inCitedLink` and `inNamingLink` read of the links whose text overlaps [from, to), relative to `from` (for a cache: the
 * same record and the same text of the lines [from, to) spans, the same answers there; whether a link cites a page by its title
 * reads the link's own lines): for each such link its text's start and end, its start and its URL. A window's part keeps it and
 * asks on each run whether it still holds (`linksHold`), compared in place: it was a string made twice per window and edit
 * (`linksSignature`, 5,600 windows on a 1 MB post).
 */
export type LinksRecord = ReadonlyArray<number | string>;

const NO_LINKS: LinksRecord = Object.freeze([]);

/** The index of the first link whose text ends after `from` (texts are disjoint and in order). */
function firstLinkAfter(links: ReturnType<typeof linksOf>, from: number): number {
  let lo = 0;
  let hi = links.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (links[mid].textEnd <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The links over [from, to) as a `LinksRecord`. */
export function linksRecord(post: Post, from: number, to: number): LinksRecord {
  const links = linksOf(post);
  let i = firstLinkAfter(links, from);
  if (i >= links.length || links[i].textStart >= to) return NO_LINKS;
  const out: Array<number | string> = [];
  for (; i < links.length && links[i].textStart < to; i++) {
    const l = links[i];
    out.push(l.textStart - from, l.textEnd - from, l.start - from, l.url);
  }
  return out;
}

/** Are the links over [from, to) those `rec` records (`linksRecord(post, from, to)` equal to it, item by item)? */
export function linksHold(post: Post, from: number, to: number, rec: LinksRecord): boolean {
  const links = linksOf(post);
  let j = 0;
  for (let i = firstLinkAfter(links, from); i < links.length && links[i].textStart < to; i++, j += 4) {
    const l = links[i];
    if (j >= rec.length || rec[j] !== l.textStart - from || rec[j + 1] !== l.textEnd - from || rec[j + 2] !== l.start - from || rec[j + 3] !== l.url) return false;
  }
  return j === rec.length;
}

const citedTitles = new WeakMap<Post, Map<number, boolean>>();

/**
 * Inside the text of a link that names something (`[SCFIS欧线](https://…/products/ec/)`,
 * `[申银万国的CTP](https://…)`, `[PITR](/br/pitr.md)`): a short label (at most 16 characters)
 * to an absolute or relative page. The reader reaches the page that explains the word in one
 * click; a cited title is longer and is handled by `inCitedLink`.
 */
export function inNamingLink(post: Post, start: number, end: number): boolean {
  const link = linkAround(post, start, end);
  if (!link || !link.url || link.url.startsWith('#')) return false;
  return link.textEnd - link.textStart <= 16;
}


/** A title or anchor as words only, for comparing (`横向对比-gitea-与其它-git-托管工具` ~ `横向对比 Gitea 与其它 Git 托管工具`). */
function titleKey(s: string): string {
  return s.toLowerCase().replace(/[\s\-_*`'"“”‘’]+/g, '');
}

/** The link cites a page by its title: see `inCitedLink`. */
function citesByTitle(text: string, link: LinkSpan): boolean {
  const label = text.slice(link.textStart, link.textEnd);
  // The URL's anchor on another page is that text (`[横向对比 Gitea 与其它 Git 托管工具](…#横向对比-gitea-与其它-git-托管工具)`):
  // the label is the heading it links to, copied as that page writes it. (A title that repeats the label says
  // nothing: some editors write every link so, `[deno Deploy](https://dash.deno.com/ 'deno Deploy')`.)
  const key = titleKey(label);
  if ([...key].length >= 6 && link.url && !link.url.startsWith('#') && titleKey(decodeSafe(link.url.replace(/^[^#]*#?/, ''))) === key) return true;
  // A page elsewhere; or, in title marks, any page (`参考文章：[《AI 语音技术详解：从 ASR、TTS 到…》](../ai-voice.md)`).
  if (!/^https?:\/\//i.test(link.url) && !(/^《[^》]+》$/.test(label.trim()) && link.url && !link.url.startsWith('#'))) return false;
  // A title: some length, and words (a space) or Chinese in it; `[github仓库]` or `[Github Issues]` are the author's words.
  if ([...label].length < 8 || !(/\S\s+\S/.test(label) || [...label].some((c) => isCjkChar(c)))) return false;
  const lineStart = text.lastIndexOf('\n', link.start - 1) + 1;
  let lineEnd = text.indexOf('\n', link.textEnd);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, link.start).replace(/^[\s>]*(?:[-*+]\s+)?(?:\d+\s*[.、)）]\s*)?[*_]*/, '');
  const after = text.slice(text.indexOf(')', link.textEnd) + 1, lineEnd);
  // Alone on its line, or followed by a colon and the writer's comment (`- [Talk title](…): 这个视频…`).
  if (!before.trim()) return /^[\s*_。.，,;；]*$/.test(after) || /^[*_]*\s*[:：]/.test(after);
  return CITE_CUE_RE.test(before.replace(/[*_\s]+$/, ''));
}

const VALUE_CUE_RE = /(?:默认值|默认为|默认是|缺省值|缺省为|可选值|可选项|取值范围|取值|值为|值是|设置为|设为|配置为|输入|键入|default|defaults to|value)\s*(?:[:：]\s*)?[\uE000"“'‘\s]*$/i;

/**
 * A config or option value rather than the name: after `默认值：`/`可选值`/`设置为`/`输入` (what to type), after `key=`
 * or `--flag `/`--flag=`, or in parentheses right after inline code (`` `${os}` (linux) ``).
 * Only for spellings in a case other than the glossary's (a value is written as the program reads it).
 */
export function inValueContext(post: Post, start: number): boolean {
  const { prose, text } = post;
  // The 24 characters before, not past the line start (looked for in those 24 only: a search back to
  // the line start made a 1 MB line quadratic).
  const near = Math.max(0, start - 24);
  const from = near + prose.slice(near, start).lastIndexOf('\n') + 1;
  const before = prose.slice(from, start);
  if (VALUE_CUE_RE.test(before)) return true;
  if (/[A-Za-z0-9_\]]\s*[=]\s*["']?$/.test(before) || /(?:^|\s)--?[A-Za-z][\w-]*[= ]["']?$/.test(text.slice(from, start))) return true;
  // `${os}` (linux): the value of the code before the parentheses.
  const m = /[\uFFFC][ \u00a0]*[(（][^)）]*$/.exec(before);
  return !!m && !hasCjk(m[0]);
}

const UPPER_ITEM_RE = /^([ \t]*)[-*+][ \t]+[A-Z][A-Z0-9_]*(?:[ \t]*\([A-Z]\))?[ \t]*$/;
const LOWER_ITEM_RE = /^([ \t]*)[-*+][ \t]+[a-z][a-z0-9_-]*[ \t]*$/;

/** The pattern of a one-word list item (`- TIDB`, `- tikv`) the line is, if any. */
function itemRe(line: string): RegExp | undefined {
  return UPPER_ITEM_RE.test(line) ? UPPER_ITEM_RE : LOWER_ITEM_RE.test(line) ? LOWER_ITEM_RE : undefined;
}

/**
 * Is the line of `start` a one-word list item? Only then does `inKeywordList` read the lines around it (its siblings);
 * on any other line its answer is false, read from that line alone.
 */
export function onKeywordItemLine(post: Post, start: number): boolean {
  const { text, lineStarts } = post;
  const line = positionAt(lineStarts, start).line;
  return itemRe(text.slice(lineStarts[line], (lineStarts[line + 1] ?? text.length + 1) - 1).replace(/\r$/, '')) !== undefined;
}

/**
 * A list item that is one keyword or identifier and nothing else, among siblings of the same
 * shape: `- TIDB` in a list of SQL keywords (`- TEXT`, `- THEN (R)`), `* tikv` in a list of
 * repositories (`* consul`, `* etcd`).
 */
export function inKeywordList(post: Post, start: number): boolean {
  const { text, lineStarts } = post;
  const line = positionAt(lineStarts, start).line;
  const lineText = (i: number) => (i < 0 || i >= lineStarts.length ? '' : text.slice(lineStarts[i], (lineStarts[i + 1] ?? text.length + 1) - 1).replace(/\r$/, ''));
  const own = lineText(line);
  const re = itemRe(own);
  if (!re) return false;
  const indent = re.exec(own)![1].length;
  for (const step of [-1, 1]) {
    // The nearest sibling at the same indentation (deeper lines are its children), within a few lines.
    for (let i = line + step, n = 0; n < 4; i += step, n++) {
      const t = lineText(i);
      const ind = /^[ \t]*/.exec(t)![0].length;
      if (t.trim() && ind > indent) continue;
      if (re.test(t) && ind === indent) return true;
      break;
    }
  }
  return false;
}


/**
 * An all-caps spelling (`GRPC`, `TIDB`) that is part of a label or of code: between two
 * capitalised Latin words (`Avg TiKV GRPC Duration`, a dashboard panel's name) or next to
 * another all-caps word that is not a term (`KILL [TIDB]`, an SQL statement).
 */
export function inCapsLabel(prose: string, start: number, end: number, isTerm: (w: string) => boolean): boolean {
  const prev = /([A-Za-z][A-Za-z0-9]*)[ \u00a0\\[\]\uE000]{1,4}$/.exec(prose.slice(Math.max(0, start - 30), start))?.[1];
  const next = /^[ \u00a0\\[\]\uE000]{1,4}([A-Za-z][A-Za-z0-9]*)/.exec(prose.slice(end, end + 30))?.[1];
  const cap = (w: string | undefined) => !!w && /^[A-Z]/.test(w);
  if (cap(prev) && cap(next)) return true;
  const keyword = (w: string | undefined) => !!w && /^[A-Z]{3,}$/.test(w) && !isTerm(w);
  return keyword(prev) || keyword(next);
}

/** Source text of an ATOM run ending at `end` (exclusive), if it is inline code: its content. */
export function inlineCodeBefore(post: Post, end: number, floor: number): { code: string; start: number } | undefined {
  let i = end - 1;
  if (post.prose[i] !== ATOM) return undefined;
  while (i - 1 >= floor && post.prose[i - 1] === ATOM) i--;
  const m = /^`+\s*([^`]+?)\s*`+$/.exec(post.text.slice(i, end));
  return m ? { code: m[1], start: i } : undefined;
}

/** The inner text of parentheses with inline code replaced by its content (`` `CDC` `` → `CDC`); undefined if other atoms remain. */
export function unmaskInlineCode(post: Post, start: number, end: number): string | undefined {
  const { prose, text } = post;
  let out = '';
  let i = start;
  while (i < end) {
    if (prose[i] !== ATOM) {
      out += prose[i] === MARK ? '' : prose[i];
      i++;
      continue;
    }
    let j = i;
    while (j < end && prose[j] === ATOM) j++;
    const m = /^`+\s*([^`\n]+?)\s*`+$/.exec(text.slice(i, j));
    if (!m) return undefined;
    out += m[1];
    i = j;
  }
  return out;
}

/** Right before `命令`, `命令行`, `指令` or `工具` in lower case (`安装 wireguard 命令行工具`, `br 命令行参数`): the command's name. */
export function beforeCommandCue(prose: string, end: number): boolean {
  return /^[ \u00a0]*(?:命令|指令|工具|CLI\b)/.test(prose.slice(end, end + 6));
}

/** A dotfile or dot-folder (`.vscode`, `.github`): a leading dot glued to the word, not after a word. */
export function dotName(prose: string, start: number): boolean {
  return prose[start - 1] === '.' && !/[A-Za-z0-9_]/.test(prose[start - 2] ?? '');
}
