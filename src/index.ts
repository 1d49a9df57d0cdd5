/**
 * reqpath's public API: what scripts, notebooks, the CLI and the TUI use. An explicit list, no `export *`.
 */
export { loadModel, parseModel, tryLoadModel, tryParseModel, type LoadOptions, type ModelResult } from './model/load.ts';
export { normalizeModel } from './model/normalize.ts';
export { withArrivalRate, withClients, withThreads, withPool, withServiceMean, threadsByPool } from './model/edit.ts';
export { parseAssignment, type Override } from './model/overrides.ts';
export { ModelError, formatIssue, formatIssues, type ModelIssue } from './model/messages.ts';
export { parseDurationSeconds, parseRatePerSecond, formatDuration, formatRate } from './model/units.ts';
export { makeServiceDist, DISTRIBUTION_NAMES, type DistributionName, type ServiceDist, type Rng } from './model/distribution.ts';
export type { Model, Stage, Pool, Segment, Workload, OpenWorkload, ClosedWorkload, Slo, Dispatch, Overload, RetryPolicy, ScheduleStep, Jitter, Cancel } from './model/types.ts';
export type { ModelFile } from './model/schema.ts';
export {
  PERCENTILE_KEYS,
  PERCENTILE_LEVELS,
  type Result,
  type StageResult,
  type PoolResult,
  type TimelineWindow,
  type OverloadFigures,
  type Metastability,
  type OperatingPoint,
  type LatencySummary,
  type PercentileKey,
  type ResultAccuracy,
  type FigureAccuracy,
  type FigureKind,
  type PartAccuracy,
} from './model/result.ts';
export {
  analyze as analyzeAnalytic,
  latencyDistribution,
  type AnalyzeOptions,
  type LatencyAtom,
  type LatencyDistribution,
} from './analytic/analyze.ts';
export { analyze, analyzeAsync, fallbackRun, FALLBACK_EVENTS, type SolveOptions } from './solve/analyze.ts';
export { accuracyRoutes, type AccuracyRoutes, type PartRoute } from './analytic/routes.ts';
export { ACCURACY_TARGET, DROP_RATE_FLOOR, fallbackRouting, routeAccuracy, type Routing } from './analytic/accuracy.ts';
export { ACCURACY_BANDS, METHODS as ACCURACY_METHODS, type BandRow, type MethodInfo } from './analytic/accuracy-bands.ts';
export { erlangB, erlangC } from './analytic/erlang.ts';
export { simulate, simulateAsync } from './sim/simulate.ts';
export { simulateMany, type SimulationJob, type SimSettings, type ManyOptions, type ManyResult } from './sim/parallel-many.ts';
export type { SimulateOptions, SimResult, SimCi, StageCi, SimProgress, EngineName } from './sim/types.ts';
export { capacity, type Capacity } from './model/capacity.ts';
export {
  plan,
  planAsync,
  type PlanOptions,
  type PlanResult,
  type PlanObjective,
  type PoolPlan,
  type PoolSizing,
  type InfeasibleBound,
  type Evaluated,
} from './plan/plan.ts';
export { sweep, sweepAsync, compareSweeps, type SweepOptions, type SweepAxis, type SweepResult, type SweepRow, type SweepValue, type SweptParameter } from './plan/sweep.ts';
export { parseSweepParameter, rangeValues, type SweepParameter, type SweepRange } from './plan/sweep-parameter.ts';
export { headroom, type Headroom, type HeadroomOptions } from './plan/headroom.ts';
export { checkSlo, type SloTarget, type SloCheck, type SloVerdict, type BoundName } from './plan/slo.ts';
export { summarize, type ResultSummary } from './plan/summary.ts';
export {
  analyticEvaluator,
  simulationEvaluator,
  type Evaluator,
  type SyncEvaluator,
} from './plan/evaluator.ts';
// Long work of the core (src/orchestrate): simulation in parallel on worker threads, stopped by an AbortSignal.
export { Interrupted, type LongRunControl, type LongRunProgress } from './orchestrate/control.ts';
export { sweepBySimulation } from './orchestrate/sweep.ts';
export { planBySimulation } from './orchestrate/plan.ts';
export { chartData, clientCounts, saturationClients, type ChartData, type ChartDataOptions, type LoadAxis } from './orchestrate/chart-data.ts';
export { chartSimulation, simLoadPoint, simPercentiles, type ChartSimulationData } from './orchestrate/chart-simulation.ts';
export { latencyVsLoadSpec } from './charts/latency-vs-load.ts';
export { throughputVsLoadSpec } from './charts/throughput-vs-load.ts';
export { utilizationSpec } from './charts/utilization.ts';
export { waitVsServiceSpec } from './charts/wait-vs-service.ts';
export { latencyCdfSpec } from './charts/latency-cdf.ts';
export { p99HeatmapSpec } from './charts/p99-heatmap.ts';
export { planBeforeAfterSpec } from './charts/plan-before-after.ts';
export { latencyCdf } from './charts/latency-cdf-data.ts';
export { timelineSpec, type TimelineInput } from './charts/timeline.ts';
export { goodputVsLoadSpec, type GoodputPoint, type GoodputVsLoadInput } from './charts/goodput-vs-load.ts';
export { goodputCurve, bistableRange, overloadChartData, type GoodputCurveOptions, type OverloadChartData } from './orchestrate/overload-chart-data.ts';
export { OVERLOAD_CHART_NAMES } from './charts/chart-names.ts';
export {
  buildChartSet,
  chartSetFromData,
  CHART_NAMES,
  type ChartName,
  type NamedChart,
  type ChartSet,
  type ChartSetOptions,
  type ChartSimulation,
} from './charts/chart-set.ts';
export { renderSvg, renderPng, type SvgRendering } from './charts/render.ts';
export { reportHtml, type ReportInput, type ReportLibraries } from './charts/report-html.ts';
export { VEGA_LITE_SCHEMA, OKABE_ITO } from './charts/theme.ts';
export type {
  ChartSpec,
  LoadPoint,
  SimLoadPoint,
  LoadAxisKind,
  LatencyVsLoadInput,
  ThroughputVsLoadInput,
  StageUtilization,
  UtilizationInput,
  StageTime,
  StageTimesAtLoad,
  WaitVsServiceInput,
  CdfPoint,
  SimPercentile,
  MarkedPercentile,
  LatencyCdfInput,
  HeatmapCell,
  P99HeatmapInput,
  PlanPoolChange,
  PlanBeforeAfterInput,
} from './charts/types.ts';
export { parseMeasurements, LATENCY_KEYS, type MeasurementRow, type Measurements, type LatencyKey } from './calibrate/measurements.ts';
export {
  calibrate,
  type CalibrationResult,
  type CalibrateOptions,
  type FittedFigure,
  type FigureMethod,
  type RowResidual,
} from './calibrate/calibrate.ts';
export { fittedYaml, fittedUncertainties, type FittedYamlOptions } from './calibrate/fitted-yaml.ts';
export { compare, parseMaxError, COMPARE_KEYS, type CompareResult, type CompareRow, type CompareOptions, type CompareKey } from './calibrate/compare.ts';
export { compareChartSpec } from './calibrate/compare-chart.ts';
export { parseOtlpSpans, traceStatistics, type TraceCalibration, type StageSpanStats, type Span } from './calibrate/traces.ts';
export type { Estimate } from './calibrate/regression.ts';
export type { DemandFit, LoadDependence } from './calibrate/demand.ts';
