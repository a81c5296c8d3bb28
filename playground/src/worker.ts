/**
 * The playground's worker: Zhen's core (server/src/core/index.ts, the same code as the editor
 * extension and the CLI) runs here, off the page's thread, so a long analysis never freezes the
 * page (main.ts stops the worker when it takes too long). It keeps the last analysed post for
 * hover. Hover markdown is turned into HTML here with micromark (raw HTML off, so a card cannot
 * inject markup). No network: nothing here fetches anything.
 */
import { micromark } from 'micromark';
import { gfmStrikethrough, gfmStrikethroughHtml } from 'micromark-extension-gfm-strikethrough';
import { isMap, parseDocument } from 'yaml';
import {
  addToConfigList,
  analyzePost,
  applyEdits,
  computeLineStarts,
  fixAll,
  hoverAt,
  loadConfigText,
  parse,
  positionAt,
  resolveConfig,
  type Config,
  type ConfigInput,
  type Finding,
  type Language,
  type Post,
} from '../../server/src/core/index';
import { GENERATORS, STYLES, type ConfigProblemOut, type Picks, type Request, type Response } from './protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage(m: Response): void };

let last: { version: number; post: Post; findings: Finding[]; config: Config } | undefined;

/** The `.zhen.yml` text over the defaults; the page's language for messages. Problems come back with their places. */
function configOf(text: string, lang: Language): { config: Config; problems: ConfigProblemOut[]; input: ConfigInput } {
  const { config: input, problems } = loadConfigText(text);
  const ls = computeLineStarts(text);
  return {
    input,
    config: resolveConfig(input, { language: lang }),
    problems: problems.map((p) => {
      const pos = positionAt(ls, p.span.start, text.length);
      return { message: p.message, severity: p.severity, from: p.span.start, to: p.span.end, line: pos.line + 1, column: pos.character + 1 };
    }),
  };
}

function picksOf(input: ConfigInput): Picks {
  const schema = input.frontMatter?.schema;
  const generator = schema === undefined ? 'default' : (GENERATORS as readonly string[]).includes(schema) ? schema : 'custom';
  const t = JSON.stringify(sorted(input.typography ?? {}));
  const style = Object.keys(STYLES).find((k) => JSON.stringify(sorted(STYLES[k])) === t) ?? 'custom';
  return { generator, style };
}

function sorted(o: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

/** A picker's choice written into the `.zhen.yml` text (comments and other keys kept). */
function setPick(text: string, pick: 'generator' | 'style', value: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(doc.errors[0].message);
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error('the .zhen.yml is not a mapping of keys');
  if (pick === 'generator') {
    if (value === 'default') doc.deleteIn(['frontMatter', 'schema']);
    else doc.setIn(['frontMatter', 'schema'], value);
    const fm = doc.get('frontMatter');
    if (isMap(fm) && fm.items.length === 0) doc.delete('frontMatter');
  } else {
    const preset = STYLES[value];
    if (!preset) throw new Error(`unknown style ${value}`);
    if (Object.keys(preset).length) doc.set('typography', doc.createNode(preset));
    else doc.delete('typography');
  }
  const out = doc.contents === null || (isMap(doc.contents) && doc.contents.items.length === 0) ? '' : doc.toString();
  return out;
}

const md = (s: string) => micromark(s, { extensions: [gfmStrikethrough()], htmlExtensions: [gfmStrikethroughHtml()] });

function handle(m: Request): Response {
  switch (m.kind) {
    case 'analyze': {
      const t0 = performance.now();
      const { config, problems, input } = configOf(m.config, m.lang);
      const post = parse(m.text, config);
      const findings = analyzePost(post, config, { now: Date.now() });
      last = { version: m.version, post, findings, config };
      return { kind: 'analyzed', id: m.id, version: m.version, findings, problems, picks: picksOf(input), ms: performance.now() - t0 };
    }
    case 'hover': {
      if (!last || last.version !== m.version) return { kind: 'hover', id: m.id };
      const h = hoverAt(last.post, m.offset, last.findings, last.config, { now: Date.now() });
      return h ? { kind: 'hover', id: m.id, html: md(h.markdown), from: h.span.start, to: h.span.end } : { kind: 'hover', id: m.id };
    }
    case 'fixAll': {
      const { config } = configOf(m.config, m.lang);
      const r = fixAll(m.text, config, { now: Date.now() });
      return { kind: 'fixed', id: m.id, text: r.text, applied: r.applied };
    }
    case 'setPick':
      try {
        return { kind: 'config', id: m.id, config: setPick(m.config, m.pick, m.value) };
      } catch (err) {
        return { kind: 'config', id: m.id, error: (err as Error).message };
      }
    case 'render':
      return { kind: 'html', id: m.id, html: md(m.markdown) };
    case 'configEdit':
      return { kind: 'config', id: m.id, config: applyEdits(m.config, [addToConfigList(m.config, m.key, m.item)]) };
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  let r: Response;
  try {
    r = handle(m);
  } catch (err) {
    // The core never throws on any text; this is for what cannot be foreseen.
    r = { kind: 'error', id: m.id, message: (err as Error)?.message ?? String(err) };
  }
  scope.postMessage(r);
};
