/**
 * Speech written down: a block of the post that is a raw transcript of what people said (a talk's
 * recording run through speech-to-text: `在开始前的话，我就先闻着大概介绍一下。我我叫…嗯13年开始写go，嗯写过几个开盘项目`).
 * Its wording is the speakers' and the recogniser's, not the author's: a garbled `APA` for API, `ap I`, a name
 * heard as another word. The families that judge the author's wording (terms) read such a block as other
 * people's text.
 *
 * What holds (session 16, measured over the 12 corpus sites' paragraphs of 800 characters or more): hesitation
 * sounds written out (`嗯`, `呃`), which written Chinese leaves out and speech-to-text keeps. The one transcript of
 * the corpus (talkgo `2-2018-04-11_voice.md`, a 26,656-character paragraph) has 8.0 per 1,000 characters; the next
 * paragraph of the corpus has 1.0 (a workout post quoting a coach), all others 0.9 or fewer. A block counts when
 * it is long (`MIN_CHARS`) and has at least `MIN_PER_THOUSAND` of them per 1,000 characters, and at least
 * `MIN_COUNT` in all (a short paragraph of dialogue with a `嗯` or two is written speech, not a transcript).
 */
import type { Post } from './post';
import type { Span } from './types';

/** A block shorter than this is not read as a transcript (UTF-16 code units). */
const MIN_CHARS = 800;
/** Hesitation sounds per 1,000 characters from which a long block reads as a transcript. */
const MIN_PER_THOUSAND = 3;
/** And at least this many in the block. */
const MIN_COUNT = 5;
/** Hesitation sounds that written Chinese leaves out: 嗯 (en), 呃 (e). */
const FILLER_RE = /[嗯呃]/g;

const memo = new WeakMap<Post, Span[]>();

/** The post's prose blocks that read as raw transcripts of speech, in order. */
export function transcriptBlocks(post: Post): Span[] {
  let spans = memo.get(post);
  if (spans) return spans;
  spans = [];
  for (const b of post.blocks) {
    const len = b.span.end - b.span.start;
    if (b.type !== 'paragraph' || len < MIN_CHARS) continue;
    const text = post.prose.slice(b.span.start, b.span.end);
    const n = text.match(FILLER_RE)?.length ?? 0;
    if (n >= MIN_COUNT && (n * 1000) / len >= MIN_PER_THOUSAND) spans.push(b.span);
  }
  memo.set(post, spans);
  return spans;
}

/** Is `span` inside a block that reads as a raw transcript of speech? */
export function inTranscript(post: Post, span: Span): boolean {
  return transcriptBlocks(post).some((s) => s.start <= span.start && span.end <= s.end);
}
