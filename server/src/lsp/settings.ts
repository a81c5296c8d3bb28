/**
 * Editor settings `zhen.*`, read per document with `workspace/configuration` (scopeUri) and
 * normalised here into a core config layer. Declared in package.json `contributes.configuration`;
 * adding one: (1) the schema there, (2) a field here and in `normalizeSettings`, (3) its use in
 * `settingsLayer` or the server. Settings are never kept in globals: the server caches them per uri
 * and drops the cache on `workspace/didChangeConfiguration`.
 */
import { normalizeLanguage, type ConfigInput, type Language, type RuleSetting } from '../core/index';
import { isSchemaPath } from './trust';

export interface ZhenSettings {
  enable: boolean;
  /** `auto`: the `.zhen.yml` language if set, else the client's display language. */
  language: 'auto' | Language;
  rules: Record<string, RuleSetting>;
  frontMatter: { schema?: string };
  /** Whose findings reach the Problems panel: every post of the workspace (default), or the open files only. */
  diagnostics: { scope: 'workspace' | 'openFiles' };
  /** `zhen.hover.glossaryCard`: the glossary card on a term's first use (`first`) or every use (`every`); `auto` (unset): `.zhen.yml`. */
  hover: { glossaryCard?: 'first' | 'every' };
}

export const DEFAULT_SETTINGS: ZhenSettings = { enable: true, language: 'auto', rules: {}, frontMatter: {}, diagnostics: { scope: 'workspace' }, hover: {} };

const SEVERITIES = new Set(['off', 'hint', 'info', 'warning', 'error']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whatever the client sent (possibly null, partial or wrong) → a complete, valid settings object. */
export function normalizeSettings(raw: unknown): ZhenSettings {
  const s: ZhenSettings = { ...DEFAULT_SETTINGS, rules: {}, frontMatter: {}, diagnostics: { scope: 'workspace' }, hover: {} };
  if (!isObject(raw)) return s;
  if (typeof raw.enable === 'boolean') s.enable = raw.enable;
  if (typeof raw.language === 'string' && raw.language !== 'auto' && raw.language !== '') s.language = normalizeLanguage(raw.language);
  if (isObject(raw.rules)) {
    for (const [id, v] of Object.entries(raw.rules)) {
      if (typeof v === 'string' && SEVERITIES.has(v)) s.rules[id] = v as RuleSetting;
      else if (isObject(v)) s.rules[id] = v as RuleSetting;
    }
  }
  const fm = raw.frontMatter;
  if (isObject(fm) && typeof fm.schema === 'string' && fm.schema.trim()) s.frontMatter.schema = fm.schema.trim();
  const scope = isObject(raw.diagnostics) ? raw.diagnostics.scope : raw['diagnostics.scope'];
  if (scope === 'openFiles') s.diagnostics.scope = 'openFiles';
  // Flat form, as some clients send dotted keys unexpanded.
  if (typeof raw['frontMatter.schema'] === 'string' && (raw['frontMatter.schema'] as string).trim()) s.frontMatter.schema = (raw['frontMatter.schema'] as string).trim();
  const card = isObject(raw.hover) ? raw.hover.glossaryCard : raw['hover.glossaryCard'];
  if (card === 'first' || card === 'every') s.hover.glossaryCard = card;
  return s;
}

/**
 * The config layers for a document, lowest first: the client's display language, the
 * workspace's `.zhen.yml`, then the editor settings (core `resolveConfig` merges them).
 * Untrusted (`trusted: false`): a schema file named by a setting is not used (see `trust.ts`;
 * the `.zhen.yml` layer comes already restricted from `Folder`).
 */
export function configLayers(settings: ZhenSettings, fileConfig: ConfigInput, clientLanguage: Language, trusted = true): ConfigInput[] {
  const fromSettings: ConfigInput = {};
  if (Object.keys(settings.rules).length) fromSettings.rules = settings.rules;
  if (settings.language !== 'auto') fromSettings.language = settings.language;
  if (settings.hover.glossaryCard) fromSettings.hover = { glossaryCard: settings.hover.glossaryCard };
  if (settings.frontMatter.schema && (trusted || !isSchemaPath(settings.frontMatter.schema))) fromSettings.frontMatter = { schema: settings.frontMatter.schema };
  return [{ language: clientLanguage }, fileConfig, fromSettings];
}
