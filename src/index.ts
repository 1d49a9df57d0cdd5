/**
 * reqpath's public API: what scripts, notebooks, the CLI and the TUI use. An explicit list, no `export *`.
 */
export { loadModel, parseModel, tryLoadModel, tryParseModel, type LoadOptions, type ModelResult } from './model/load.ts';
export { normalizeModel } from './model/normalize.ts';
export { withArrivalRate, withClients, withThreads, withPool, withServiceMean, threadsByPool } from './model/edit.ts';
export { parseAssignment, rateOverride, type Override } from './model/overrides.ts';
export { ModelError, formatIssue, formatIssues, type ModelIssue } from './model/messages.ts';
export { parseDurationSeconds, parseRatePerSecond, formatDuration, formatRate } from './model/units.ts';
export { makeServiceDist, DISTRIBUTION_NAMES, type DistributionName, type ServiceDist, type Rng } from './model/distribution.ts';
export type { Model, Stage, Pool, Segment, Workload, OpenWorkload, ClosedWorkload, Slo, Dispatch } from './model/types.ts';
export type { ModelFile } from './model/schema.ts';
export {
  PERCENTILE_KEYS,
  PERCENTILE_LEVELS,
  type Result,
  type StageResult,
  type PoolResult,
  type LatencySummary,
  type PercentileKey,
} from './model/result.ts';
export { analyze, type AnalyzeOptions } from './analytic/analyze.ts';
export { erlangB, erlangC } from './analytic/erlang.ts';
