/**
 * The server's one queue of CPU work: analyses, fix-all and index updates run here in steps (core
 * `steps.ts`: a rule, a fix-all pass), a slice of a few milliseconds at a time. Between slices the
 * event loop reads messages, so a hover or a trivial request is answered while 300 posts are being
 * analysed, and a `$/cancelRequest` stops work between rules.
 *
 * Order: the most urgent class first (interactive < diagnostics < background), newest first within
 * a class (the document just edited or pulled is the one the user looks at). A job that a more
 * urgent request needs is promoted. Each job has a time budget of its own running time (its slices,
 * not the wall clock): `overBudget` is passed into the core (`Workspace.overBudget`), which stops
 * the rules there with an `internal` finding.
 */

export const INTERACTIVE = 0;
export const DIAGNOSTICS = 1;
export const BACKGROUND = 2;
export type Priority = typeof INTERACTIVE | typeof DIAGNOSTICS | typeof BACKGROUND;

/** The rejection of a job that was cancelled (by its requester, or dropped as no longer wanted). */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export interface JobOptions {
  priority: Priority;
  /** Checked before every step: true drops the job (its promise rejects with `Cancelled`). */
  cancelled?: () => boolean;
  /** Running time allowed before `overBudget()` says true (ms). */
  budgetMs?: number;
}

export interface Job<T> {
  readonly promise: Promise<T>;
  /** Make the job at least this urgent. */
  promote(priority: Priority): void;
}

interface Entry {
  make: (overBudget: () => boolean) => Generator<unknown, unknown>;
  steps?: Generator<unknown, unknown>;
  priority: Priority;
  seq: number;
  spent: number;
  sliceStart: number;
  budgetMs: number;
  cancelled: () => boolean;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export interface SchedulerOptions {
  clock?: () => number;
  /** How long one slice of work holds the event loop (ms). */
  sliceMs?: number;
  /** Run `f` after pending I/O (setImmediate on Node, a zero timeout elsewhere). */
  defer?: (f: () => void) => void;
  budgetMs?: number;
  /** True while messages wait to be dispatched: no slice runs then (see lifecycle.ts). */
  busy?: () => boolean;
}

const defaultDefer = (f: () => void): void => {
  const si = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
  if (si) si(f);
  else setTimeout(f, 0);
};

export class Scheduler {
  private readonly queue: Entry[] = [];
  private seq = 0;
  private scheduled = false;
  private readonly clock: () => number;
  private readonly sliceMs: number;
  private readonly defer: (f: () => void) => void;
  private readonly budgetMs: number;
  private readonly busy: () => boolean;

  constructor(o: SchedulerOptions = {}) {
    this.busy = o.busy ?? (() => false);
    this.clock = o.clock ?? (() => performance.now());
    this.sliceMs = o.sliceMs ?? 8;
    this.defer = o.defer ?? defaultDefer;
    this.budgetMs = o.budgetMs ?? 10_000;
  }

  /** Jobs waiting or running. */
  get size(): number {
    return this.queue.length;
  }

  /** Queue `make` (called when the job first runs, with its budget check). */
  schedule<T>(make: (overBudget: () => boolean) => Generator<unknown, T>, o: JobOptions): Job<T> {
    let entry!: Entry;
    const promise = new Promise<T>((resolve, reject) => {
      entry = {
        make,
        priority: o.priority,
        seq: ++this.seq,
        spent: 0,
        sliceStart: 0,
        budgetMs: o.budgetMs ?? this.budgetMs,
        cancelled: o.cancelled ?? (() => false),
        resolve: resolve as (v: unknown) => void,
        reject,
      };
    });
    this.queue.push(entry);
    this.wake();
    return {
      promise,
      promote: (p) => {
        if (p < entry.priority) entry.priority = p;
      },
    };
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => this.slice());
  }

  /** The most urgent entry: lowest priority class, then newest. */
  private pick(): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.queue) if (!best || e.priority < best.priority || (e.priority === best.priority && e.seq > best.seq)) best = e;
    return best;
  }

  private finish(e: Entry): void {
    const i = this.queue.indexOf(e);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private slice(): void {
    this.scheduled = false;
    if (this.busy()) {
      this.wake();
      return;
    }
    const start = this.clock();
    let job: Entry | undefined;
    while (this.clock() - start < this.sliceMs) {
      job = job && this.queue.includes(job) ? job : this.pick();
      if (!job) return;
      const e: Entry = job;
      if (e.cancelled()) {
        this.finish(e);
        e.steps?.return(undefined as never); // the dropped run's own clean-up (`finally`) runs now
        e.reject(new Cancelled());
        continue;
      }
      e.sliceStart = this.clock();
      try {
        e.steps ??= e.make(() => e.spent + (this.clock() - e.sliceStart) > e.budgetMs);
        const r = e.steps.next();
        if (r.done) {
          this.finish(e);
          e.resolve(r.value);
        }
      } catch (err) {
        this.finish(e);
        e.reject(err);
      } finally {
        e.spent += this.clock() - e.sliceStart;
      }
    }
    if (this.queue.length) this.wake();
  }
}
