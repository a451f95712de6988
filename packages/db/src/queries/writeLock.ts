import type { Db, DbTransaction } from "../client";

/**
 * One writer at a time per database handle, inside this process.
 *
 * The embedded libSQL driver is synchronous: when a second connection waits
 * for SQLite's write lock (busy_timeout), it blocks the whole event loop, so
 * the transaction holding the lock can never reach its COMMIT and both fail
 * after the timeout. Queuing writers here, in JavaScript, lets the holder
 * finish first. Other processes are still serialised by SQLite itself.
 */
const tails = new WeakMap<Db, Promise<unknown>>();

export function withWriteLock<T>(db: Db, work: () => PromiseLike<T>): Promise<T> {
  const previous = tails.get(db) ?? Promise.resolve();
  const run = previous.then(
    () => work(),
    () => work(),
  );
  // The next writer waits for this one to settle, whether it succeeded or not.
  tails.set(
    db,
    run.then(
      () => undefined,
      () => undefined,
    ),
  );
  return run;
}

/** A transaction queued behind this process's other writers (see withWriteLock). */
export function inWriteTransaction<T>(db: Db, work: (tx: DbTransaction) => Promise<T>): Promise<T> {
  return withWriteLock(db, () => db.transaction(work));
}
