/**
 * "Zhen: Show Glossary": the effective glossary (bundled + the workspace's `.zhen.yml`), as the
 * server knows it (`zhen/glossary`), in a QuickPick; the picked concept's card (`zhen/glossaryCard`,
 * the same markdown as the hover) opens as a read-only Markdown preview of a virtual document
 * (`zhen-glossary:`), beside the post. Called with a term (`推理`, `LLM`, a concept id) it opens
 * that card directly and returns the document's URI.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  GlossaryCardRequest,
  GlossaryRequest,
  type GlossaryCardParams,
  type GlossaryCardResult,
  type GlossaryListEntry,
  type GlossaryParams,
  type GlossaryResult,
} from '../../server/src/lsp/protocol';

export const GLOSSARY_SCHEME = 'zhen-glossary';

interface EntryItem extends vscode.QuickPickItem {
  entry: GlossaryListEntry;
}

/** The document a glossary question is about: the active Markdown post, else the first folder. */
function scopeUri(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.languageId === 'markdown' && doc.uri.scheme !== GLOSSARY_SCHEME) return doc.uri.toString();
  return vscode.workspace.workspaceFolders?.[0]?.uri.toString();
}

function title(e: GlossaryListEntry): string {
  return [e.zh[0], e.en[0], e.abbr[0]].filter(Boolean).join(' · ') || e.id;
}

/** The bundled glossary's domains (data/glossary/*.json `domain`), as the display language names them. */
function domainName(domain: string): string {
  switch (domain) {
    case 'ai':
      return vscode.l10n.t('ai');
    case 'brand':
      return vscode.l10n.t('brand');
    case 'cloud':
      return vscode.l10n.t('cloud');
    case 'crypto':
      return vscode.l10n.t('crypto');
    case 'data':
      return vscode.l10n.t('data');
    case 'general':
      return vscode.l10n.t('general');
    case 'systems':
      return vscode.l10n.t('systems');
    case 'web':
      return vscode.l10n.t('web');
    default:
      return domain; // a workspace's own domain, as written
  }
}

function toItem(e: GlossaryListEntry, zh: boolean): EntryItem {
  const also = [...e.zh.slice(1), ...e.en.slice(1), ...e.abbr.slice(1), ...e.variants];
  const definition = zh ? (e.definition?.zh ?? e.definition?.en) : (e.definition?.en ?? e.definition?.zh);
  const detail = [
    also.length ? vscode.l10n.t('also: {0}', also.join(', ')) : '',
    e.avoid.length ? vscode.l10n.t('avoid: {0}', e.avoid.join(', ')) : '',
    e.senses.length ? vscode.l10n.t('senses: {0}', e.senses.join(', ')) : '',
    definition ?? '',
  ].filter(Boolean);
  return {
    label: title(e),
    description: [e.origin === 'user' ? '.zhen.yml' : '', e.domain ? domainName(e.domain) : ''].filter(Boolean).join(' · '),
    detail: detail.join(' — '),
    entry: e,
  };
}

export function registerGlossary(context: vscode.ExtensionContext, client: () => BaseLanguageClient): void {
  const cards = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(GLOSSARY_SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => cards.get(uri.toString()) ?? '' }),
    vscode.commands.registerCommand('zhen.showGlossary', (term?: unknown) => showGlossary(typeof term === 'string' ? term : undefined)),
  );

  async function pick(): Promise<GlossaryListEntry | undefined> {
    const list = await client().sendRequest<GlossaryResult>(GlossaryRequest, { uri: scopeUri() } satisfies GlossaryParams);
    const qp = vscode.window.createQuickPick<EntryItem>();
    qp.title = vscode.l10n.t('Zhen: Glossary ({0} concepts)', list.entries.length);
    qp.placeholder = vscode.l10n.t('Type a term in Chinese or English, or an abbreviation');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    // Entries from .zhen.yml first: they are the ones this workspace chose.
    const zh = list.language === 'zh-cn';
    qp.items = [...list.entries.filter((e) => e.origin === 'user'), ...list.entries.filter((e) => e.origin !== 'user')].map((e) => toItem(e, zh));
    const openConfig: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: vscode.l10n.t('Open .zhen.yml') };
    if (list.configUri) qp.buttons = [openConfig];
    return new Promise((resolve) => {
      let result: GlossaryListEntry | undefined;
      qp.onDidTriggerButton(() => {
        if (list.configUri) void vscode.window.showTextDocument(vscode.Uri.parse(list.configUri));
        qp.hide();
      });
      qp.onDidAccept(() => {
        result = qp.selectedItems[0]?.entry;
        qp.hide();
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve(result);
      });
      qp.show();
    });
  }

  async function showGlossary(term: string | undefined): Promise<vscode.Uri | undefined> {
    let query = term?.trim();
    if (!query) query = (await pick())?.id;
    if (!query) return undefined;
    const card = await client().sendRequest<GlossaryCardResult>(GlossaryCardRequest, { uri: scopeUri(), term: query } satisfies GlossaryCardParams);
    if (!card) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Zhen: "{0}" is not in the glossary.', query));
      return undefined;
    }
    const name = card.label.replace(/[\\/:*?"<>|#%]/g, '-').slice(0, 80) || card.id;
    const uri = vscode.Uri.from({ scheme: GLOSSARY_SCHEME, path: `/${name}.md` });
    const source = card.origin === 'user' ? vscode.l10n.t('From the bundled glossary and this workspace\'s .zhen.yml.') : vscode.l10n.t('From the bundled glossary. Add or change concepts under glossary: in .zhen.yml.');
    cards.set(uri.toString(), `${card.markdown}\n\n---\n\n_${source}_\n`);
    changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // No Markdown preview (the built-in extension disabled): the read-only source then.
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
    return uri;
  }
}
