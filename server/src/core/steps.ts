/**
 * Work in steps: long computations (the rules over a post, fix-all passes) are generators that
 * yield between steps. Synchronous hosts `drain` them; the language server's scheduler runs them
 * in slices so that other requests, cancellations and time budgets are honoured between steps.
 */

/** Run a step generator to its end. */
export function drain<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A synchronous computation as a one-step generator. */
export function* once<T>(f: () => T): Generator<void, T> {
  return f();
}
