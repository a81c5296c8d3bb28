/**
 * The status bar item: Zhen's findings in the active Markdown file, counted by rule family
 * ("Zhen: claim 16 · typo 11"), read from the diagnostics VS Code already has (source `zhen`).
 * A click opens the Problems panel. Nothing is computed here; the server publishes the findings.
 */
import * as vscode from 'vscode';

export function registerStatusBar(context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem('zhen.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Zhen';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'markdown') {
      item.hide();
      return;
    }
    const byFamily = new Map<string, number>();
    for (const d of vscode.languages.getDiagnostics(doc.uri)) {
      if (d.source !== 'zhen') continue;
      const code = String(typeof d.code === 'object' && d.code ? d.code.value : (d.code ?? ''));
      const family = code.split('/')[0] || 'zhen';
      byFamily.set(family, (byFamily.get(family) ?? 0) + 1);
    }
    const parts = [...byFamily].sort(([a], [b]) => a.localeCompare(b)).map(([f, n]) => `${f} ${n}`);
    item.text = parts.length ? `$(book) Zhen: ${parts.join(' · ')}` : '$(check) Zhen';
    item.tooltip = parts.length
      ? vscode.l10n.t('Zhen findings in this file, by rule family. Click to open the Problems panel.')
      : vscode.l10n.t('Zhen: no findings in this file.');
    item.show();
  };
  context.subscriptions.push(
    item,
    vscode.languages.onDidChangeDiagnostics(update),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
  update();
}
