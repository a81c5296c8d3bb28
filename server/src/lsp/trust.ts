/**
 * Restricted mode (an untrusted workspace in VS Code): the workspace's own config must not steer
 * Zhen into reading or running what the user has not vetted. What is ignored there:
 *
 * - `frontMatter.schema` naming a file (from `.zhen.yml` or a `zhen.frontMatter.schema` setting):
 *   a workspace JSON Schema is compiled into code by ajv, and a path is where config could point
 *   the server at files the user never opened (`../../etc/passwd` is refused anyway). The
 *   built-in schemas (`chirpy`, `jekyll`, `hugo`, `hexo`, `default`) still apply, or the guess.
 *
 * Everything else in `.zhen.yml` (rules, glossary, sources) is plain data shown to the user as
 * findings, hovers and quick fixes they choose to apply, and keeps working. When the user trusts
 * the workspace (a notification from the client), the full config applies at once.
 */
import { parseDocument } from 'yaml';
import type { ConfigInput, ConfigProblem, Language } from '../core/index';

export const BUILTIN_SCHEMAS: readonly string[] = ['chirpy', 'jekyll', 'hugo', 'hexo', 'default'];

/** A schema value that names a file rather than a built-in schema. */
export function isSchemaPath(schema: unknown): boolean {
  return typeof schema === 'string' && schema.trim() !== '' && !BUILTIN_SCHEMAS.includes(schema.trim());
}

/** The config with what an untrusted workspace may not use removed, and the removed keys (paths). */
export function restrictConfig(config: ConfigInput): { config: ConfigInput; ignored: string[][] } {
  const ignored: string[][] = [];
  let out = config;
  const fm = config.frontMatter as { schema?: unknown } | undefined;
  if (fm && isSchemaPath(fm.schema)) {
    const { schema: _dropped, ...rest } = fm;
    out = { ...out, frontMatter: rest as ConfigInput['frontMatter'] };
    ignored.push(['frontMatter', 'schema']);
  }
  return { config: out, ignored };
}

/** One `info` problem per ignored key, at that key in the `.zhen.yml` text. */
export const RESTRICTED_MESSAGE: Record<Language, string> = {
  en: '{key}: ignored in Restricted Mode (an untrusted workspace): a schema file from the workspace is not loaded. Trust the workspace to use it.',
  'zh-cn': '{key}：受限模式（不受信任的工作区）下不加载工作区中的 schema 文件，已忽略此项。信任此工作区后即可使用。',
};

export function restrictedProblems(text: string, ignored: string[][], language: Language = 'en'): ConfigProblem[] {
  if (!ignored.length) return [];
  let doc: ReturnType<typeof parseDocument> | undefined;
  try {
    doc = parseDocument(text, { logLevel: 'error' });
  } catch {
    doc = undefined;
  }
  return ignored.map((path) => {
    let span = { start: 0, end: 0 };
    const parent = path.length > 1 ? doc?.getIn(path.slice(0, -1), true) : doc?.contents;
    const pair = (parent as { items?: Array<{ key?: { value?: unknown; range?: number[] } }> } | undefined)?.items?.find((p) => p.key?.value === path[path.length - 1]);
    if (pair?.key?.range) span = { start: pair.key.range[0], end: pair.key.range[1] };
    return {
      message: RESTRICTED_MESSAGE[language].replace('{key}', path.join('.')),
      span,
      severity: 'info' as const,
      code: 'restricted',
    };
  });
}
