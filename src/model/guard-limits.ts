/**
 * The limits on what a model may hold, each chosen where a figure would stop meaning anything or a run would
 * stop fitting in seconds and a few hundred MB. They sit well above what users plan (hundreds of stages, tens
 * of thousands of threads or clients) and are stated in README.md ("Limits").
 */

/** Model files and model text: 1 MB (a 384-stage model is about 20 KB). */
export const MAX_MODEL_BYTES = 1_000_000;
/** Stages in one model. */
export const MAX_STAGES = 1_000;
/** Threads of one pool ("infinite" is the pure delay, not a count). */
export const MAX_THREADS = 1_000_000;
/** Clients of a closed workload. */
export const MAX_CLIENTS = 1_000_000;
/**
 * Clients of a closed workload the simulator takes. Every client holds a request slot and an event, and each
 * replication on a worker thread holds its own: peak RSS of the default `simulate` on one stage (5
 * replications, 2 workers) measured 143 MB at 100,000 clients (3.1 s CPU), 175 MB at 200,000 (5.9 s CPU), 296 MB
 * at 500,000 and 459 MB at 1,000,000. Past 100,000 the default run (100,000 measured requests per replication)
 * is also too short for a steady state. Analysis (exact at any population) takes up to MAX_CLIENTS.
 */
export const MAX_SIMULATED_CLIENTS = 100_000;
/** Characters of a model's description (it is echoed on every screen). */
export const MAX_DESCRIPTION = 1_000;
/** Shortest mean service time: below a picosecond the queueing formulas lose every digit (NaN at 1e-200 s). */
export const MIN_SERVICE_SECONDS = 1e-12;
/** Lowest arrival rate: one request in ~30 years; below it (denormals) the figures become NaN. */
export const MIN_RATE_PER_SECOND = 1e-9;
/** Problems listed for one refused model; the rest are counted ("and N more"). */
export const MAX_LISTED_ISSUES = 20;

export function describeBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(bytes % 1_000_000 === 0 ? 0 : 1)} MB` : `${Math.ceil(bytes / 1000)} KB`;
}
