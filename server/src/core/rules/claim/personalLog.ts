/**
 * A personal log: a year-end summary, a journal, the story of one's year (issue #16 item 2,
 * session 17). Its front-matter title (or tags, categories, keywords, slug) or its path in the
 * workspace says so and a good share of its sentences speak in the first person:
 *
 *   title: "2020 年年终总结"       …今年可真是魔幻的一年，口罩带了一年没能摘下来，美国疫情感染人数 1500 万。
 *   content/history/2024/index.md  …研究了小半天的 AIGC 3D 模型方案…
 *
 * A world figure mentioned in passing there is a rhetorical aside, not a statistic the post
 * argues from: claim/unlinked shows it as a hint that says why, unless the author attributes it
 * (`据不完全统计…`, `X 发布的数据`: a source feature of the detector fires), which keeps the
 * warning. A `Redis 知识点总结` or a weekly digest of news is none (too little first person). A page of
 * dated notes is a log whatever its title or path (`datedNotes`: most of its headings open with a date,
 * `### 2024-12-31`), and in a log hearsay noted in passing (`据说…坑比较多`, no source named) is a note to
 * self (`hearsayOnly`): a hint too. The patterns and the shares are data/claims/cues.json `personalLog`;
 * read once per post.
 */
import data from '../../../../../data/claims/cues.json';
import { MARK, type Post } from '../../document';
import { compilePattern } from './cues';
import { titleOf } from './ownProduct';
import { headerOf } from '../front-matter/site';
import { personalShare } from './discourse';

const TITLE = data.personalLog.titlePatterns.map((p) => compilePattern(p, 'i')).filter((r): r is RegExp => !!r);
const PATH = data.personalLog.pathPatterns.map((p) => compilePattern(p, 'i')).filter((r): r is RegExp => !!r);
const SHARE = data.personalLog.share;
const DATED = compilePattern(data.personalLog.datedHeading, 'i');
const DATED_SHARE = data.personalLog.datedShare;
const DATED_MIN = data.personalLog.datedMinHeadings;
const HEARSAY = compilePattern(data.personalLog.hearsay, 'i');
const KEYS = new Set(data.personalLog.frontMatterKeys.map((k) => k.toLowerCase()));

/** The front matter's tags, categories, keywords and slug, as strings. */
function labels(post: Post): string[] {
  const out: string[] = [];
  const fm = headerOf(post)?.data;
  if (!fm) return out;
  for (const [key, value] of Object.entries(fm)) {
    if (!KEYS.has(key.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string' && v.trim()) out.push(v.trim());
  }
  return out;
}

const memo = new WeakMap<Post, Map<string, boolean>>();

function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** Does the post's title or path say it is a personal log, told in the first person (at least `share` of its sentences)? */
export function isPersonalLog(post: Post, path: string | undefined, firstPerson: (text: string) => boolean): boolean {
  let byPath = memo.get(post);
  if (!byPath) memo.set(post, (byPath = new Map()));
  const key = path ?? '';
  let r = byPath.get(key);
  if (r === undefined) {
    const title = titleOf(post);
    const named = [title, ...labels(post)].some((t) => !!t && TITLE.some((re) => test(re, t))) || (!!path && PATH.some((re) => test(re, path))) || datedNotes(post);
    byPath.set(key, (r = named && personalShare(post, firstPerson) >= SHARE));
  }
  return r;
}

const datedMemo = new WeakMap<Post, boolean>();

/** A page of dated notes: at least `datedMinHeadings` headings, `datedShare` of them opening with a date (`### 2024-12-31`). */
export function datedNotes(post: Post): boolean {
  let r = datedMemo.get(post);
  if (r === undefined) {
    let headings = 0;
    let dated = 0;
    for (const b of post.blocks) {
      if (b.type !== 'heading') continue;
      headings++;
      if (DATED && test(DATED, post.prose.slice(b.span.start, b.span.end).split(MARK).join(''))) dated++;
    }
    datedMemo.set(post, (r = headings >= DATED_MIN && dated / headings >= DATED_SHARE));
  }
  return r;
}

/** Is a reporting phrase only hearsay the author notes in passing (`据说`, `听说`: data/claims/cues.json `personalLog.hearsay`)? */
export function isHearsay(phrase: string): boolean {
  return !!HEARSAY && test(HEARSAY, phrase.trim());
}
