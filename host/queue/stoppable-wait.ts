/** What `unlessStopped` answers when the run was stopped and Redis did not answer in time. */
export const STOPPED = Symbol("stopped");

/** How long a command under way when the run is stopped may still take: a Redis that answers brings its batch in. */
const STOP_GRACE_MS = 500;

/**
 * `promise`'s value, or STOPPED once `signal` has aborted and `promise` has not settled within a
 * moment: a command to a Redis that is away or frozen waits for it (BullMQ's connections retry
 * forever), and a stop must not.
 */
export function unlessStopped<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof STOPPED> {
  if (!signal) return promise;
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  let onAbort: () => void = () => {};
  const stopped = new Promise<typeof STOPPED>((resolve) => {
    onAbort = () => (timer = setTimeout(() => resolve(STOPPED), STOP_GRACE_MS));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([promise, stopped]).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  });
}

/** `promise`'s value, or undefined if it fails or takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  const settled = promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
