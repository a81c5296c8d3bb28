/**
 * Terminal output pasted as text (the seed-91406 readers' "not prose" class, talkgo how_to_test):
 *
 *   > ➜  how_to_test git:(how_to_test) ✗ go test -cover
 *   > PASS
 *   > coverage: 62.5% of statements
 *   > ok      _/Users/zouying/src/…/how_to_test      0.021s
 *
 * A paragraph (often in a blockquote) with no Chinese in it that shows a shell prompt, or whose lines
 * are laid out in columns (two or more lines with a gap of three spaces or more between words), is a
 * program's output, not the author's prose: its numbers are a run's results, never a claim to source.
 * An English quotation (`According to Gartner, 80% of …`) has neither. Read once per block.
 * (What is prose is the core's question; this test is the claim rules' until the core has one.)
 */
import type { Post, ProseBlock } from '../../document';
import { CJK_RANGES } from '../../cjk';

const CJK = new RegExp(`[${CJK_RANGES}]`);
/** A shell prompt opening a line: `➜  dir`, `$ cmd`, `user@host:~$ cmd`, `PS C:\>`. */
const PROMPT = /^\s*(?:>\s*)*(?:[➜❯λ]\s|\$\s+\S|[\w.-]+@[\w.-]+[:\s][^\n]*[$#%]\s|PS [A-Z]:\\)/;
/** A column gap: three spaces or more (or a tab) between two words. */
const COLUMNS = /\S(?: {3,}|\t+)\S/;

const memo = new WeakMap<ProseBlock, boolean>();

/** Is the block a program's output pasted as text? */
export function isCommandOutput(post: Post, block: ProseBlock): boolean {
  let r = memo.get(block);
  if (r === undefined) memo.set(block, (r = test(post.text.slice(block.span.start, block.span.end))));
  return r;
}

function test(text: string): boolean {
  if (CJK.test(text)) return false;
  const lines = text.split('\n');
  if (lines.some((l) => PROMPT.test(l))) return true;
  return lines.filter((l) => COLUMNS.test(l.replace(/^\s*(?:>\s*)*/, ''))).length >= 2;
}
