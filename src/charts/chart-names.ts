/** The charts reqpath draws, in report order. Its own module so the CLI's help needs no chart code. */
export const CHART_NAMES = [
  'latency-vs-load',
  'utilization',
  'wait-vs-service',
  'latency-cdf',
  'throughput-vs-load',
  'p99-heatmap',
  'plan-before-after',
] as const;

/** SPEC §5 charts, drawn by default only for a model with overload keys (they are simulated: seconds each). */
export const OVERLOAD_CHART_NAMES = ['timeline', 'goodput-vs-load'] as const;

/** Every name `--which` accepts. */
export const ALL_CHART_NAMES = [...CHART_NAMES, ...OVERLOAD_CHART_NAMES] as const;

export type ChartName = (typeof ALL_CHART_NAMES)[number];
