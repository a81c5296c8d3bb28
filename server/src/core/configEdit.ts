/**
 * Append an item to a list in `.zhen.yml` (`sources:`, `glossary:`) as one text edit,
 * leaving every other byte of the file (comments, order, style) as the user wrote it.
 */
import { isSeq, parseDocument, stringify } from 'yaml';
import type { TextEdit } from './types';

export function addToConfigList(yamlText: string, key: string, item: Record<string, unknown>): TextEdit {
  const flowItem = stringify(item, { collectionStyle: 'flow', lineWidth: 0 }).trim();
  const eol = yamlText.includes('\r\n') ? '\r\n' : '\n';
  const doc = parseDocument(yamlText, { logLevel: 'error' });
  const seq = doc.errors.length ? undefined : doc.get(key, true);
  if (isSeq(seq) && !seq.flow && seq.range && seq.items.length) {
    // After the end of the last item's line, with the same indentation as the first item.
    const first = seq.items[0] as { range?: [number, number, number] };
    const itemStart = first.range ? first.range[0] : seq.range[0];
    const lineStart = yamlText.lastIndexOf('\n', itemStart - 1) + 1;
    const dashIndent = /^[ \t]*/.exec(yamlText.slice(lineStart))![0];
    let end = seq.range[1];
    // seq.range[1] may stop before trailing comments; insert at the end of that line.
    while (end > 0 && (yamlText[end - 1] === '\n' || yamlText[end - 1] === '\r')) end--;
    const nl = yamlText.indexOf('\n', end);
    const at = nl === -1 ? yamlText.length : nl + 1;
    const prefix = nl === -1 ? eol : '';
    return { span: { start: at, end: at }, newText: `${prefix}${dashIndent}- ${flowItem}${eol}` };
  }
  if (isSeq(seq) || (seq !== undefined && seq !== null && !doc.errors.length)) {
    // A flow list or an empty one: rewrite only that value.
    const node = seq as { range?: [number, number, number]; items?: unknown[] };
    if (node.range) {
      const js = (doc.toJS() as Record<string, unknown>)[key];
      const list = Array.isArray(js) ? [...js, item] : [item];
      const text = stringify(list, { collectionStyle: 'flow', lineWidth: 0 }).trim();
      return { span: { start: node.range[0], end: node.range[1] }, newText: text };
    }
  }
  const needsNl = yamlText.length > 0 && !yamlText.endsWith('\n');
  return { span: { start: yamlText.length, end: yamlText.length }, newText: `${needsNl ? eol : ''}${key}:${eol}  - ${flowItem}${eol}` };
}
