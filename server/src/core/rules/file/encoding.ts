/**
 * file/encoding: bytes on disk that Zhen cannot read or write back faithfully. The core never
 * sees bytes: the host that read the file says how it decoded it (`workspace.source`, see
 * `SourceFacts`), and this rule reports it:
 *   - bytes that are not valid in the file's encoding (a Latin-1 `é` in a UTF-8 post): checked
 *     around, kept as they are, never under a fix;
 *   - a file that does not convert back to the same bytes (a GBK post with a broken sequence):
 *     checked, but no fix is written to it;
 *   - fixes that were not written because of the encoding (their text has characters a Big5 file
 *     cannot hold, or they would replace invalid bytes).
 * Posts in GBK, GB18030, Big5, UTF-16 or with a BOM that round-trip get no finding: they are
 * checked and fixed in their own encoding.
 *
 *   Bad:  咖啡叫 Caf\xE9（a Latin-1 byte in a UTF-8 post, shown as Caf�）
 *   Good: 咖啡叫 Café
 *
 * No fix: the bytes are kept as they are; re-save the file in its encoding.
 */
import type { Rule, Span } from '../../types';

export const rule: Rule = {
  id: 'file/encoding',
  description: 'Bytes that are not valid in the file\'s encoding, or a file that cannot be written back byte for byte.',
  defaultSeverity: 'warning',
  messages: {
    invalid: {
      en: '{count} byte(s) here are not valid {encoding} (shown as �). Zhen keeps them as they are and writes no fix over them.',
      'zh-cn': '这里有 {count} 个不是合法 {encoding} 的字节（显示为 �）。Zhen 原样保留它们，不会在其上写入修复。',
    },
    noRoundTrip: {
      en: 'This file reads as {encoding} but does not convert back to the same bytes, so Zhen writes no fix to it. Save it as UTF-8 to have it fixed.',
      'zh-cn': '此文件按 {encoding} 读取，但无法逐字节转换回原样，因此 Zhen 不会写入修复。将它另存为 UTF-8 即可修复。',
    },
    unencodable: {
      en: 'Fixes were not written: {encoding} cannot hold "{chars}". Save the file as UTF-8, or make this change by hand.',
      'zh-cn': '修复未写入：{encoding} 无法表示“{chars}”。请将文件另存为 UTF-8，或手动修改此处。',
    },
    unwrittenInvalid: {
      en: 'Fixes were not written: one would replace bytes that are not valid {encoding}. Repair those bytes by hand first.',
      'zh-cn': '修复未写入：其中一处会替换不合法的 {encoding} 字节。请先手动修复这些字节。',
    },
  },
  check(ctx) {
    const source = ctx.workspace.source;
    if (!source) return;
    const { text } = ctx.post;
    const clamp = (s: Span): Span => {
      const start = Math.max(0, Math.min(text.length, s.start));
      return { start, end: Math.max(start, Math.min(text.length, s.end)) };
    };
    const encoding = source.encoding;
    const runs = joinRuns((source.invalid ?? []).map(clamp));
    if (source.noRoundTrip) {
      ctx.report({ messageId: 'noRoundTrip', data: { encoding }, span: runs[0]?.span ?? { start: 0, end: 0 } });
    } else {
      for (const r of runs) ctx.report({ messageId: 'invalid', data: { encoding, count: r.count }, span: r.span });
    }
    const u = source.unwritten;
    if (u) {
      if (u.reason === 'unencodable') ctx.report({ messageId: 'unencodable', data: { encoding, chars: u.chars ?? '' }, span: clamp(u.span) });
      else ctx.report({ messageId: 'unwrittenInvalid', data: { encoding }, span: clamp(u.span) });
    }
  },
};

/** Adjacent invalid characters as one run each (a broken sequence is often several bytes). */
function joinRuns(spans: Span[]): Array<{ span: Span; count: number }> {
  const out: Array<{ span: Span; count: number }> = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && s.start <= last.span.end) {
      last.span = { start: last.span.start, end: Math.max(last.span.end, s.end) };
      last.count++;
    } else out.push({ span: { ...s }, count: 1 });
  }
  return out;
}
