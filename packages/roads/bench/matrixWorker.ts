import { parentPort, workerData } from "node:worker_threads";
import { decodeGraph, decodePreparedProfile, matrix, type Waypoint } from "../src/index";

/**
 * A matrix worker as a server would keep one: it decodes the graph and hierarchy blobs once,
 * then computes the rows it is asked for.
 */
const { graphBlob, cacheBlob, graphHash, profileHash } = workerData as {
  graphBlob: Uint8Array;
  cacheBlob: Uint8Array;
  graphHash: string;
  profileHash: string;
};
const graph = decodeGraph(graphBlob);
const prepared = decodePreparedProfile(cacheBlob, { graphHash, profileHash });
if (!graph.ok || !prepared.ok) throw new Error("worker could not load the blobs");
const g = graph.graph;
const p = prepared.prepared;
parentPort?.postMessage({ ready: true });
parentPort?.on("message", (job: { sources: Waypoint[]; targets: Waypoint[]; from: number; to: number }) => {
  const m = matrix(g, p, job.sources.slice(job.from, job.to), job.targets);
  parentPort?.postMessage({ from: job.from, durations: m.durationsS, distances: m.distancesM }, [
    m.durationsS.buffer as ArrayBuffer,
    m.distancesM.buffer as ArrayBuffer,
  ]);
});
