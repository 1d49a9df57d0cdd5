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
export type ChartName = (typeof CHART_NAMES)[number];
