/**
 * The LSP lifecycle, enforced before any handler sees a message (a gate around the transport's
 * reader, for Node and the web worker alike):
 *   - before `initialize`: a request gets ServerNotInitialized (-32002), a notification is dropped
 *     (`exit` excepted);
 *   - `initialize` is accepted once; a second gets InvalidRequest (-32600), so it cannot register
 *     the folders again or switch a pull client to pushes;
 *   - after `shutdown`: a request gets InvalidRequest, a notification other than `exit` is dropped.
 * Responses to the server's own requests always pass.
 *
 * The gate also knows which admitted messages the connection has not dispatched yet (it hands
 * them on one per event-loop turn): `busy()` is true while some wait, and the scheduler gives way
 * to them, so a burst of 300 didOpen does not queue a request behind 300 slices of analysis.
 * Pass `dispatch` as the connection's `messageStrategy` for that.
 */
import { AbstractMessageReader, ErrorCodes, type DataCallback, type Disposable, type Message, type MessageReader, type MessageStrategy, type MessageWriter } from 'vscode-languageserver';

export type LifecycleState = 'new' | 'running' | 'shutdown';

export class LifecycleGate extends AbstractMessageReader implements MessageReader {
  state: LifecycleState = 'new';

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
  ) {
    super();
    reader.onError((e) => this.fireError(e));
    reader.onClose(() => this.fireClose());
    reader.onPartialMessage((p) => this.firePartialMessage(p));
  }

  /** Admitted messages not dispatched yet, in arrival order, with their arrival time. */
  private readonly waiting: Array<{ msg: Message; at: number }> = [];

  /** For the connection options (`{ messageStrategy: gate.dispatch }`): counts what is dispatched. Not named `messageStrategy`: the library would take the gate itself for options. */
  readonly dispatch: MessageStrategy = {
    handleMessage: (message, next) => {
      const i = this.waiting.findIndex((w) => w.msg === message);
      if (i >= 0) this.waiting.splice(i, 1);
      return next(message);
    },
  };

  /** Messages wait to be dispatched (not counting any waiting over a second: never starve the work). */
  busy(): boolean {
    while (this.waiting.length && performance.now() - this.waiting[0].at > 1000) this.waiting.shift();
    return this.waiting.length > 0;
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((msg) => {
      if (!this.admit(msg)) return;
      // A cancellation is handled at once by the connection, never queued.
      if ((msg as { method?: unknown }).method !== '$/cancelRequest') this.waiting.push({ msg, at: performance.now() });
      callback(msg);
    });
  }

  /** Whether the message goes on to the handlers; answers the refused requests itself. */
  private admit(msg: Message): boolean {
    const m = msg as { method?: unknown; id?: unknown };
    if (typeof m.method !== 'string') return true; // a response
    const isRequest = m.id !== undefined && m.id !== null;
    if (!isRequest) return m.method === 'exit' || this.state === 'running';
    if (this.state === 'new') {
      if (m.method === 'initialize') {
        this.state = 'running';
        return true;
      }
      return this.refuse(m.id, ErrorCodes.ServerNotInitialized, `${m.method}: the server is not initialized yet`);
    }
    if (this.state === 'shutdown') return this.refuse(m.id, ErrorCodes.InvalidRequest, `${m.method}: the server is shutting down`);
    if (m.method === 'initialize') return this.refuse(m.id, ErrorCodes.InvalidRequest, 'initialize: the server is initialized already');
    if (m.method === 'shutdown') this.state = 'shutdown';
    return true;
  }

  private refuse(id: unknown, code: number, message: string): false {
    void this.writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message).catch(() => undefined);
    return false;
  }
}
