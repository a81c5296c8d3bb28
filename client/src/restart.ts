/**
 * When the server process dies (a crash, an out-of-memory kill), the language client restarts
 * it. This error handler says so once per session, never in a loop: the first restart shows one
 * notification, later ones only a line in the Zhen output; after more than `MAX_RESTARTS`
 * crashes within `WINDOW_MS` it stops restarting and says that, once, offering a manual restart.
 * (The client's default handler shows nothing on a restart and an English-only error at the end.)
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient';

const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60 * 1000;

export class RestartHandler implements ErrorHandler {
  private restarts: number[] = [];
  /** The notifications shown so far (the extension's API exposes them for the end-to-end test). */
  readonly notices: string[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few broken messages in a row are survivable; more mean the connection is gone.
    return count && count <= 3 ? { action: ErrorAction.Continue, handled: true } : { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < WINDOW_MS);
    this.restarts.push(now);
    if (this.restarts.length > MAX_RESTARTS) {
      this.output.error(`the language server stopped ${this.restarts.length} times within ${WINDOW_MS / 60_000} minutes; not restarting it`);
      this.notify('error', vscode.l10n.t('Zhen: the language server stopped {0} times in a few minutes and was not restarted. See the Zhen output for details.', this.restarts.length));
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.output.warn(`the language server stopped unexpectedly; restarting it (${this.restarts.length} of at most ${MAX_RESTARTS + 1} within ${WINDOW_MS / 60_000} minutes)`);
    if (!this.notices.length) this.notify('info', vscode.l10n.t('Zhen: the language server stopped unexpectedly and was restarted.'));
    return { action: CloseAction.Restart, handled: true };
  }

  private notify(kind: 'info' | 'error', message: string): void {
    this.notices.push(message);
    const output = vscode.l10n.t('Show Output');
    const restart = vscode.l10n.t('Restart Server');
    const shown = kind === 'info' ? vscode.window.showInformationMessage(message, output) : vscode.window.showErrorMessage(message, restart, output);
    void shown.then((choice) => {
      if (choice === output) this.output.show(true);
      else if (choice === restart) {
        this.restarts = [];
        void vscode.commands.executeCommand('zhen.restartServer');
      }
    });
  }
}
