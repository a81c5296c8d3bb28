/** Map a JSON path (from a schema validator) back to the exact range of a key or value in a YAML document. */
import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { Span } from './types';

export type JsonPath = Array<string | number>;

/** Split an ajv `instancePath` (`/a/0/b`) into segments. */
export function parseInstancePath(p: string): JsonPath {
  if (!p) return [];
  return p.slice(1).split('/').map((s) => {
    const u = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(u) ? Number(u) : u;
  });
}

/**
 * The range of the node at `path` (relative to the YAML text). `which: 'key'` gives the
 * key of the last segment when it is a map key. Falls back to the nearest ancestor found.
 * Of duplicate keys the last one counts, as in `toJS()` and in Jekyll (the data a rule reads).
 */
export function yamlRange(doc: Document, path: JsonPath, which: 'key' | 'value' = 'value'): Span | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let found: Span | undefined = rangeOf(node);
  for (const seg of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = lastPair(node.items, String(seg));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else break;
    const r = which === 'key' && keyNode && seg === path[path.length - 1] ? rangeOf(keyNode) : rangeOf(node) ?? rangeOf(keyNode);
    if (r) found = r;
  }
  return found;
}

/** The node at `path`, or undefined (the last of duplicate keys, as `yamlRange`). */
export function yamlNode(doc: Document, path: JsonPath): unknown {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(node)) node = lastPair(node.items, String(seg))?.value;
    else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return undefined;
  }
  return node;
}

function lastPair<T>(items: readonly T[], key: string): (T & { key: unknown; value: unknown }) | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const p = items[i];
    if (isPair(p) && keyString(p.key) === key) return p as T & { key: unknown; value: unknown };
  }
  return undefined;
}

function keyString(k: unknown): string | undefined {
  if (isScalar(k)) return String(k.value);
  return undefined;
}

function rangeOf(n: unknown): Span | undefined {
  const r = (n as YamlNode | undefined)?.range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}
