/**
 * The stdio (and socket, pipe) framing of LSP messages, read strictly: `Content-Length: N` (and an
 * optional `Content-Type` in UTF-8) header lines ended by CRLF, a blank CRLF line, then N bytes of
 * JSON. vscode-jsonrpc's reader loses its place on a bad frame and goes on silently, deaf to every
 * later message; here any fault (a missing, non-numeric, negative or wrong length, LF-only line
 * ends, a header that never ends, a body that is not JSON, a body that never completes) is
 * reported to `onFault`, and the server logs it and exits with an error code so the client starts
 * a new one.
 *
 * Written (`FramedMessageWriter`): each message as one write of its header and its JSON, where
 * vscode-jsonrpc's `StreamMessageWriter` makes a Buffer of the JSON and writes the header and the body
 * apart, the body after the header's write has called back (two writes to the pipe per message).
 */
import { AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

/** Longest header section accepted (bytes). */
const MAX_HEADER = 8192;
/** Largest body accepted (bytes). */
const MAX_BODY = 1 << 30;

export class StrictMessageReader extends AbstractMessageReader implements MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private bodyLength = -1;
  private partialTimer?: ReturnType<typeof setTimeout>;
  private partialLook?: ReturnType<typeof setImmediate>;
  private failed = false;

  /** `partialMs`: how long a started message may wait for the rest of its bytes. */
  constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly onFault: (why: string) => void,
    private readonly partialMs = 5000,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (d: Buffer | string) => this.onData(typeof d === 'string' ? Buffer.from(d, 'utf8') : d, callback);
    const onError = (e: unknown) => this.fireError(e);
    const onClose = () => this.fireClose();
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('end', onClose);
    this.stream.on('close', onClose);
    return {
      dispose: () => {
        this.stream.off('data', onData);
        this.stream.off('error', onError);
        this.stream.off('end', onClose);
        this.stream.off('close', onClose);
        clearTimeout(this.partialTimer);
        clearImmediate(this.partialLook);
      },
    };
  }

  private fault(why: string): void {
    if (this.failed) return;
    this.failed = true;
    clearTimeout(this.partialTimer);
    this.buffer = Buffer.alloc(0);
    this.onFault(why);
  }

  private onData(data: Buffer, callback: DataCallback): void {
    if (this.failed) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    for (;;) {
      if (this.bodyLength < 0) {
        const length = this.readHeader();
        if (length === undefined) return;
        this.bodyLength = length;
      }
      if (this.buffer.length < this.bodyLength) {
        this.armPartialTimer();
        return;
      }
      clearTimeout(this.partialTimer);
      const body = this.buffer.subarray(0, this.bodyLength).toString('utf8');
      this.buffer = this.buffer.subarray(this.bodyLength);
      this.bodyLength = -1;
      let msg: unknown;
      try {
        msg = JSON.parse(body);
      } catch {
        return this.fault(`a message body is not JSON (a wrong Content-Length?): ${JSON.stringify(body.slice(0, 80))}`);
      }
      if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return this.fault('a message is not a JSON-RPC object');
      callback(msg as Message);
      if (this.failed) return;
    }
  }

  /** The body length of the next header, undefined when it is incomplete (or faulty: `fault` was called). */
  private readHeader(): number | undefined {
    const b = this.buffer;
    const end = b.indexOf('\r\n\r\n');
    const scan = end < 0 ? b.length : end;
    for (let i = 0; i < scan; i++) {
      if (b[i] === 10 && (i === 0 || b[i - 1] !== 13)) {
        this.fault('a header line ends with LF alone (LSP headers end with CRLF)');
        return undefined;
      }
    }
    if (end < 0) {
      if (b.length > MAX_HEADER) this.fault(`no end of header in ${b.length} bytes`);
      return undefined;
    }
    const lines = b.subarray(0, end).toString('latin1').split('\r\n');
    let length: number | undefined;
    for (const line of lines) {
      const m = /^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*?)[ \t]*$/.exec(line);
      if (!m) {
        this.fault(`not a header line: ${JSON.stringify(line.slice(0, 80))}`);
        return undefined;
      }
      const name = m[1].toLowerCase();
      if (name === 'content-length') {
        if (!/^\d{1,10}$/.test(m[2]) || Number(m[2]) > MAX_BODY) {
          this.fault(`Content-Length must be a byte count, not ${JSON.stringify(m[2].slice(0, 40))}`);
          return undefined;
        }
        length = Number(m[2]);
      } else if (name === 'content-type') {
        const charset = /charset=([^;\s]+)/i.exec(m[2])?.[1]?.replace(/"/g, '').toLowerCase();
        if (charset && charset !== 'utf-8' && charset !== 'utf8') {
          this.fault(`unsupported charset ${charset} (UTF-8 only)`);
          return undefined;
        }
      }
    }
    if (length === undefined) {
      this.fault('a message has no Content-Length header');
      return undefined;
    }
    this.buffer = b.subarray(end + 4);
    return length;
  }

  private armPartialTimer(): void {
    clearTimeout(this.partialTimer);
    const have = this.buffer.length;
    this.partialTimer = setTimeout(() => {
      if (this.bodyLength < 0 || this.buffer.length !== have) return;
      // Timers run before the event loop reads its streams: after this process was busy for longer than
      // the wait (a long analysis step on a loaded machine), the rest of the body may have come and not
      // yet been read. Look again once it is (setImmediate runs after the poll phase that reads it).
      this.partialLook = setImmediate(() => {
        if (this.bodyLength >= 0 && this.buffer.length === have) this.fault(`a message body stopped at ${have} of ${this.bodyLength} bytes (a Content-Length larger than the body?)`);
      });
    }, this.partialMs);
    this.partialTimer.unref?.();
  }
}

/**
 * LSP messages out on a stream (stdout), framed `Content-Length: N\r\n\r\n` + N bytes of UTF-8 JSON,
 * each in one write (see the header). Messages go out in the order written; a failed write is
 * reported as `StreamMessageWriter` reports it (`onError` with the message and a count), and the
 * stream's own errors and close are passed on.
 */
export class FramedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (e: unknown) => this.fireError(e));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let frame: string;
    try {
      const json = JSON.stringify(msg);
      frame = `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
    } catch (err) {
      this.fireError(err);
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.stream.write(frame, 'utf8', (err?: Error | null) => {
        if (!err) return resolve();
        this.fireError(err, msg, ++this.errorCount);
        reject(err);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
