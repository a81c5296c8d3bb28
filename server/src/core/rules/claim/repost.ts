/**
 * A post that declares at its top that it is a repost, a quotation or a translation of someone
 * else's text (issue #16; the lead's decision (b), session 12):
 *
 *   本文转载自 s1 社区 wonner_2012 的帖子[[分享] 对国产动画产业发展史和现状的介绍](https://…)。
 *   > 原文地址：<https://zhuanlan.zhihu.com/p/602517682>
 *   title: "[转载]国漫发展史"
 *
 * Its claims are the original author's: the post cites its source once, at the top, and claim/unlinked
 * reports them as hints at most. A notice to others (`转载请注明出处`) is no such declaration. The
 * signal is read once per post: the front matter's title and repost keys, and the first lines of
 * the body, each against the phrases of data/claims/cues.json `repost` (where they came from is
 * recorded there).
 */
import data from '../../../../../data/claims/cues.json';
import type { Post } from '../../document';
import { compilePattern } from './cues';
import { headerOf } from '../front-matter/site';
import { titleOf } from './ownProduct';

const LINE_PATTERNS = data.repost.patterns.map((p) => compilePattern(p, 'i')).filter((r): r is RegExp => !!r);
const TITLE_PATTERNS = data.repost.titlePatterns.map((p) => compilePattern(p, 'i')).filter((r): r is RegExp => !!r);
const KEYS = new Set(data.repost.frontMatterKeys.map((k) => k.toLowerCase()));
const FIRST_LINES = data.repost.firstLines;

/** Quote marks, list marks and emphasis before a line's words. */
const LINE_LEAD = /^(?:\s*(?:>|[-*+]\s|\d+[.)]\s|\*\*|__|[*_]))*\s*/;

const memo = new WeakMap<Post, boolean>();

/** Does the post say at its top that it is someone else's text (a repost, quotation or translation)? */
export function isRepost(post: Post): boolean {
  let r = memo.get(post);
  if (r === undefined) memo.set(post, (r = find(post)));
  return r;
}

function find(post: Post): boolean {
  const fm = post.frontMatter;
  const data = headerOf(post)?.data;
  if (data) {
    const title = titleOf(post);
    if (title && TITLE_PATTERNS.some((re) => re.test(title))) return true;
    for (const [key, value] of Object.entries(data)) {
      if (!KEYS.has(key.toLowerCase()) || value === false || value === null || value === undefined || value === 0) continue;
      if (typeof value === 'string' ? value.trim() && !/^(?:false|no|0)$/i.test(value.trim()) : true) return true;
    }
  }
  const { text } = post;
  let at = fm ? fm.span.end : 0;
  for (let n = 0; n < FIRST_LINES && at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    // `**原文地址**：…`: the emphasis around a label is not part of it.
    const line = text.slice(at, end).replace(LINE_LEAD, '').replace(/(?:\*\*|__)(?=\s*[:：])/, '');
    at = end + 1;
    if (!line.trim() || /^(?:<!--|\{[{%])/.test(line)) continue;
    n++;
    if (LINE_PATTERNS.some((re) => re.test(line))) return true;
  }
  return false;
}
