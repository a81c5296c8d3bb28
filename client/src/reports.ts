/**
 * Which documents the server has reported on since they were opened (a pull answered, or a push
 * received), so the status bar can say "checking…" rather than show another file's counts or a
 * false "no findings" right after a switch. Fed by the language client's middleware.
 */
import * as vscode from 'vscode';

export class Reports {
  private readonly reported = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidReport = this.emitter.event;

  constructor(context: vscode.ExtensionContext) {
    context.subscriptions.push(
      this.emitter,
      vscode.workspace.onDidCloseTextDocument((d) => this.reported.delete(d.uri.toString())),
    );
  }

  /** The server answered for this document. */
  mark(uri: vscode.Uri): void {
    this.reported.add(uri.toString());
    // After the collection is updated (the middleware runs before it).
    setTimeout(() => this.emitter.fire(uri), 0);
  }

  has(uri: vscode.Uri): boolean {
    return this.reported.has(uri.toString());
  }
}
