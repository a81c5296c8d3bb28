/**
 * Config resolution, written once: for a document (or a folder), its editor settings (asked with
 * `workspace/configuration` per scopeUri and cached per uri until settings change), its workspace
 * folder and that folder's `.zhen.yml`, layered by `settings.ts` `configLayers` and merged by the
 * core. The resolved `Config` is memoised by what it is made of (the folder's config object, which
 * `Folder` keeps while the file's text is unchanged, the settings' content, the client language,
 * trust), so every analysis under the same config gets the same object and the core's per-config
 * work (a glossary of 57,000 entries, compiled patterns) is done once, not per keystroke.
 */
import type { Connection } from 'vscode-languageserver';
import { ignoredByConfig, resolveConfig, type Config, type ConfigInput, type Language } from '../core/index';
import type { Folder } from './folders';
import { DEFAULT_SETTINGS, configLayers, normalizeSettings, type ZhenSettings } from './settings';

/** What a document's analysis is made of, apart from its text. */
export interface DocumentContext {
  folder?: Folder;
  settings: ZhenSettings;
  config: Config;
  /** Root-relative path in its folder, if inside one. */
  path?: string;
  /** False when `zhen.enable` is off or the config's `ignore` globs leave the file out. */
  enabled: boolean;
}

export interface ClientState {
  configurationSupport: boolean;
  /** The last `workspace/didChangeConfiguration` settings (clients without `workspace/configuration`). */
  globalSettings: unknown;
  language: Language;
  trusted: boolean;
}

export class Configs {
  readonly folders: Folder[] = [];
  private readonly settings = new Map<string, Promise<ZhenSettings>>();
  /** Settings of folders (the workspace's diagnostics, the glossary view): not per document, so not `held`. */
  private readonly folderSettings = new Map<string, Promise<ZhenSettings>>();
  private readonly resolved = new WeakMap<ConfigInput, Map<string, Config>>();
  private readonly noFolder: ConfigInput = {};
  /** Bumped whenever settings may have changed. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    readonly client: ClientState,
    private readonly logError: (where: string, err: unknown) => void,
  ) {}

  folderOf(uri: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders) if (f.contains(uri) && (!best || f.path.length > best.path.length)) best = f;
    return best;
  }

  settingsFor(uri: string, cache: Map<string, Promise<ZhenSettings>> = this.settings): Promise<ZhenSettings> {
    let s = cache.get(uri);
    if (!s) {
      s = this.client.configurationSupport
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'zhen' }).then(normalizeSettings, (err) => {
            this.logError('workspace/configuration', err);
            return DEFAULT_SETTINGS;
          })
        : Promise.resolve(normalizeSettings((this.client.globalSettings as { zhen?: unknown } | undefined)?.zhen));
      cache.set(uri, s);
    }
    return s;
  }

  /** Settings may have changed: ask again. */
  invalidate(): void {
    this.settings.clear();
    this.folderSettings.clear();
    this.generation++;
  }

  /** A closed document's cached settings are dropped (nothing per document outlives it). */
  forget(uri: string): void {
    this.settings.delete(uri);
  }

  /** The one place layers become a Config (memoised, see the header). */
  resolve(settings: ZhenSettings, folder: Folder | undefined): Config {
    const file = folder?.config.config ?? this.noFolder;
    let byKey = this.resolved.get(file);
    if (!byKey) this.resolved.set(file, (byKey = new Map()));
    const key = `${this.client.language}\u0000${this.client.trusted}\u0000${JSON.stringify(settings)}`;
    let c = byKey.get(key);
    if (!c) {
      c = resolveConfig(...configLayers(settings, file, this.client.language, this.client.trusted));
      if (byKey.size > 16) byKey.clear();
      byKey.set(key, c);
    }
    return c;
  }

  /** Everything a document's analysis depends on except its text. */
  async contextOf(uri: string): Promise<DocumentContext> {
    const folder = this.folderOf(uri);
    const settings = await this.settingsFor(uri);
    if (folder) await folder.ready();
    const config = this.resolve(settings, folder);
    const path = folder?.relativePath(uri);
    const enabled = settings.enable && !(path && ignoredByConfig(config.ignore, path));
    return { folder, settings, config, path, enabled };
  }

  /** The context of a folder (or the first one): the glossary view's, with no document. */
  async contextOfFolder(uri: string | undefined): Promise<DocumentContext> {
    const bare = uri?.replace(/\/+$/, '');
    const folder = (bare ? (this.folderOf(bare) ?? this.folders.find((f) => f.uri === bare)) : undefined) ?? this.folders[0];
    const scope = bare ?? folder?.uri;
    const settings = scope ? await this.settingsFor(scope, this.folderSettings) : DEFAULT_SETTINGS;
    if (folder) await folder.ready();
    return { folder, settings, config: this.resolve(settings, folder), enabled: settings.enable };
  }

  /** Per-document entries held (for the leak test's count). */
  get held(): number {
    return this.settings.size;
  }
}
