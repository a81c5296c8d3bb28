/**
 * Edit `.zhen.yml` as one text edit, leaving every other byte of the file (comments, order,
 * style) as the user wrote it: append an item to a list (`sources:`, `glossary:`), or, for a
 * mapping key (`typography:`, "keep this style" of typo/house-style), set the item's keys in it.
 */
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import type { TextEdit } from './types';
import { TYPOGRAPHY_KEYS } from './config';

/** Top-level keys of `.zhen.yml` whose value is a mapping: a config edit sets keys in them. */
const MAPPING_KEYS = new Set(['typography', 'hover', 'markdown', 'frontMatter', 'claims', 'rules']);

/** The keys of every typography choice, for expanding `typography: auto` when one of them is set. */

export function addToConfigList(yamlText: string, key: string, item: Record<string, unknown>): TextEdit {
  if (MAPPING_KEYS.has(key)) return setInConfigMap(yamlText, key, item);
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

/**
 * Set keys in a mapping of `.zhen.yml` (`typography:`): a key already there gets the new value in
 * place (its comment kept), a new one a line of its own under the others; a flow mapping or a
 * scalar (`typography: auto`, every other choice staying `auto`) is rewritten as a flow mapping;
 * no such key: the section is appended.
 */
export function setInConfigMap(yamlText: string, key: string, values: Record<string, unknown>): TextEdit {
  const eol = yamlText.includes('\r\n') ? '\r\n' : '\n';
  const doc = parseDocument(yamlText, { logLevel: 'error' });
  const node = doc.errors.length ? undefined : doc.get(key, true);
  const scalar = (v: unknown) => stringify(v, { lineWidth: 0 }).trim();
  if (isMap(node) && !node.flow && node.range && node.items.length) {
    const edits: TextEdit[] = [];
    const rest = { ...values };
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k === undefined || !(k in rest)) continue;
      const v = pair.value as { range?: [number, number, number] } | null;
      if (v?.range) edits.push({ span: { start: v.range[0], end: v.range[1] }, newText: scalar(rest[k]) });
      delete rest[k];
    }
    const keys = Object.keys(rest);
    if (keys.length) {
      const first = node.items[0].key as { range?: [number, number, number] };
      const keyStart = first.range ? first.range[0] : node.range[0];
      const indent = /^[ \t]*/.exec(yamlText.slice(yamlText.lastIndexOf('\n', keyStart - 1) + 1))![0];
      let end = node.range[1];
      while (end > 0 && (yamlText[end - 1] === '\n' || yamlText[end - 1] === '\r')) end--;
      const nl = yamlText.indexOf('\n', end);
      const at = nl === -1 ? yamlText.length : nl + 1;
      const prefix = nl === -1 ? eol : '';
      edits.push({ span: { start: at, end: at }, newText: prefix + keys.map((k) => `${indent}${k}: ${scalar(rest[k])}${eol}`).join('') });
    }
    return oneEdit(yamlText, edits);
  }
  if (node && (isMap(node) || isScalar(node)) && (node as { range?: [number, number, number] }).range) {
    const range = (node as { range: [number, number, number] }).range;
    const js = (doc.toJS() as Record<string, unknown>)[key];
    const base: Record<string, unknown> = js === 'auto' && key === 'typography' ? Object.fromEntries(TYPOGRAPHY_KEYS.map((k) => [k, 'auto'])) : js && typeof js === 'object' && !Array.isArray(js) ? { ...(js as Record<string, unknown>) } : {};
    const merged = { ...base, ...values };
    return { span: { start: range[0], end: range[1] }, newText: stringify(merged, { collectionStyle: 'flow', lineWidth: 0 }).trim() };
  }
  const needsNl = yamlText.length > 0 && !yamlText.endsWith('\n');
  const lines = Object.entries(values).map(([k, v]) => `  ${k}: ${scalar(v)}${eol}`).join('');
  return { span: { start: yamlText.length, end: yamlText.length }, newText: `${needsNl ? eol : ''}${key}:${eol}${lines}` };
}

/** Several disjoint edits of one text as one edit over the stretch they cover. */
function oneEdit(text: string, edits: TextEdit[]): TextEdit {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  const start = sorted[0].span.start;
  const end = Math.max(...sorted.map((e) => e.span.end));
  let out = '';
  let pos = start;
  for (const e of sorted) {
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
  }
  return { span: { start, end }, newText: out + text.slice(pos, end) };
}
