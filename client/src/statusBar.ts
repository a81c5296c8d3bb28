/**
 * The status bar item: Zhen's findings in the active Markdown file, counted by rule family
 * ("Zhen: claim 16 · typo 11"; in 简体中文 "Zhen：论断 16 · 排版 11"), read from the diagnostics
 * VS Code already has (source `zhen`). It counts what VS Code counts: errors, warnings and infos
 * (hints are in neither the Problems panel nor its status item). Until the server has reported on a
 * file just opened, it says "checking…" (never the previous file's counts, never a false "no
 * findings"). A click opens the Problems panel. Nothing is computed here.
 */
import * as vscode from 'vscode';
import type { Reports } from './reports';

function familyName(family: string): string {
  switch (family) {
    case 'front-matter':
      return vscode.l10n.t('front-matter');
    case 'claim':
      return vscode.l10n.t('claim');
    case 'term':
      return vscode.l10n.t('term');
    case 'typo':
      return vscode.l10n.t('typo');
    case 'file':
      return vscode.l10n.t('file');
    default:
      return family;
  }
}

/** Zhen's counts for a document: by family, errors + warnings + infos; and the hints apart. */
export function zhenCounts(uri: vscode.Uri): { byFamily: Map<string, number>; total: number; hints: number } {
  const byFamily = new Map<string, number>();
  let total = 0;
  let hints = 0;
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if (d.source !== 'zhen') continue;
    if (d.severity === vscode.DiagnosticSeverity.Hint) {
      hints++;
      continue;
    }
    const code = String(typeof d.code === 'object' && d.code ? d.code.value : (d.code ?? ''));
    const family = code.split('/')[0] || 'zhen';
    byFamily.set(family, (byFamily.get(family) ?? 0) + 1);
    total++;
  }
  return { byFamily, total, hints };
}

/** Registers the item; returns what it shows now (undefined when hidden), for the end-to-end tests. */
export function registerStatusBar(context: vscode.ExtensionContext, reports: Reports): () => string | undefined {
  let shown = false;
  const item = vscode.window.createStatusBarItem('zhen.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Zhen';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    shown = !!doc && doc.languageId === 'markdown' && doc.uri.scheme !== 'zhen-glossary';
    if (!doc || !shown) {
      item.hide();
      return;
    }
    if (!reports.has(doc.uri)) {
      item.text = `$(sync~spin) ${vscode.l10n.t('Zhen: checking…')}`;
      item.tooltip = vscode.l10n.t('Zhen is checking this file.');
      item.show();
      return;
    }
    const { byFamily, total, hints } = zhenCounts(doc.uri);
    const parts = [...byFamily].sort(([a], [b]) => a.localeCompare(b)).map(([f, n]) => `${familyName(f)} ${n}`);
    item.text = parts.length ? `$(book) ${vscode.l10n.t('Zhen: {0}', parts.join(' · '))}` : `$(check) Zhen`;
    const lines = [
      parts.length
        ? vscode.l10n.t('{0} Zhen findings in this file, by rule family (as the Problems panel counts them). Click to open the Problems panel.', total)
        : vscode.l10n.t('Zhen: no findings in this file.'),
    ];
    if (hints) lines.push(vscode.l10n.t('Hints, which the Problems panel does not list: {0}.', hints));
    item.tooltip = lines.join('\n');
    item.show();
  };
  context.subscriptions.push(
    item,
    vscode.languages.onDidChangeDiagnostics(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    reports.onDidReport(update),
  );
  update();
  return () => (shown ? item.text : undefined);
}
