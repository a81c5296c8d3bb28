/**
 * The page's handle on the worker that runs Zhen's core. The worker is started from a Blob URL
 * made of the bundled worker source, so the page also works opened from disk (Chromium refuses
 * `new Worker('file://…')` from a file:// page). A request that takes longer than the limit, or
 * one the user stops, ends the worker; the next request starts a fresh one.
 */
import workerSource from 'zhen:playground-worker';
import type { Request, Response } from './protocol';

type Pending = { resolve: (r: Response) => void; reject: (e: Error) => void; timer?: ReturnType<typeof setTimeout> };

export class Stopped extends Error {
  constructor(readonly reason: 'timeout' | 'cancel' | 'crash', message: string) {
    super(message);
  }
}

type Body<R> = R extends unknown ? Omit<R, 'id'> : never;

export class Checker {
  private worker?: Worker;
  private url?: string;
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly limitMs: number) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    this.url ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    const w = new Worker(this.url);
    w.onmessage = (e: MessageEvent<Response>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      clearTimeout(p.timer);
      p.resolve(e.data);
    };
    w.onerror = (e) => {
      e.preventDefault();
      this.stop('crash', e.message || 'the worker failed');
    };
    this.worker = w;
    return w;
  }

  /** Send a request; `timed` ones end the worker after the limit. */
  request(body: Body<Request>, timed = false): Promise<Response> {
    const id = this.next++;
    const w = this.start();
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject };
      if (timed) p.timer = setTimeout(() => this.stop('timeout', `over ${this.limitMs / 1000} s`), this.limitMs);
      this.pending.set(id, p);
      w.postMessage({ ...body, id } as Request);
    });
  }

  /** Is a request still waiting? */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** End the worker and fail every waiting request. */
  stop(reason: Stopped['reason'], message: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    const err = new Stopped(reason, message);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }
}
