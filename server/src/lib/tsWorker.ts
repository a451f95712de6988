import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread on a TypeScript module. The project runs TypeScript
 * through tsx, so a tiny bootstrap registers tsx's loader in the thread first
 * (`loader`; null when the entry is already JavaScript).
 */
export function startTsWorker(
  entry: URL,
  workerData: unknown,
  loader: string | null = "tsx/esm/api",
): Worker {
  const href = JSON.stringify(entry.href);
  const code = loader
    ? `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${href}); });`
    : `import(${href});`;
  return new Worker(code, { eval: true, workerData });
}
