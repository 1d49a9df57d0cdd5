/**
 * Goodput against steady offered load, with and without retries (SPEC §5). Two sources, either or both:
 *
 * - the retry fixed point (analytic): the good and the saturated stable points as lines, and without retries;
 *   the bistable band — where both points hold — is shaded from the rate at which the saturated state feeds
 *   itself to the trigger rate (the load that pushes it over), with a rule at the trigger;
 * - simulation: from an empty system (cold) and from a backlog (hot), as marks; where they disagree the system
 *   is bistable, and that band is shaded when the fixed point does not apply.
 *
 * Pure: data in, Vega-Lite out.
 */
import type { ChartSpec } from './types.ts';
import { CONFIG, formatRate, OKABE_ITO, PLOT_HEIGHT, PLOT_WIDTH, round, VEGA_LITE_SCHEMA } from './theme.ts';

export interface GoodputPoint {
  readonly rate: number;
  /** With the model's retries, from an empty system. */
  readonly cold: number;
  /** With the model's retries, from a backlog. */
  readonly hot: number;
  /** Without retries, from the same backlog. */
  readonly hotWithoutRetries: number;
}

/** The retry fixed point along the load axis. */
export interface FixedPointCurve {
  readonly points: readonly {
    readonly rate: number;
    /** Goodput at the good stable point; null where none is left. */
    readonly good: number | null;
    /** Goodput at the saturated stable point (0); null where it cannot hold. */
    readonly bad: number | null;
    readonly withoutRetries: number;
  }[];
  /** Where both points hold: from = metastable.sustainRate, to = metastable.triggerRate. */
  readonly bistable: { readonly from: number; readonly to: number } | null;
  readonly method: string;
}

export interface GoodputVsLoadInput {
  readonly model: string;
  /** Simulated points (may be empty when only the fixed point is drawn). */
  readonly points: readonly GoodputPoint[];
  /** The simulated bistable band (shaded only without a fixed point). */
  readonly bistable: { readonly from: number; readonly to: number } | null;
  readonly maxThroughputPerSecond: number | null;
  /** How the points were obtained, shown under the title. */
  readonly method: string;
  readonly fixedPoint?: FixedPointCurve | null;
}

const SIMULATED = ['retries, empty start (sim.)', 'retries, after a backlog (sim.)', 'no retries, after a backlog (sim.)'] as const;
const ANALYTIC = ['retries, good point (fixed point)', 'retries, bad point (fixed point)', 'no retries (fixed point)'] as const;
const OFFERED = 'offered';
const COLORS: Record<string, string> = {
  [SIMULATED[0]]: OKABE_ITO.bluishGreen,
  [SIMULATED[1]]: OKABE_ITO.vermillion,
  [SIMULATED[2]]: OKABE_ITO.blue,
  [ANALYTIC[0]]: OKABE_ITO.bluishGreen,
  [ANALYTIC[1]]: OKABE_ITO.vermillion,
  [ANALYTIC[2]]: OKABE_ITO.blue,
  [OFFERED]: OKABE_ITO.grey,
};

function bandLayer(band: { from: number; to: number }, label: string) {
  return {
    data: { values: [{ from: round(band.from), to: round(band.to), label }] },
    layer: [
      { mark: { type: 'rect' as const, color: OKABE_ITO.vermillion, opacity: 0.12 }, encoding: { x: { field: 'from', type: 'quantitative' as const }, x2: { field: 'to' } } },
      {
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, dy: 4, fontSize: 11, color: '#444444' },
        encoding: { x: { field: 'from', type: 'quantitative' as const }, y: { value: 0 }, text: { field: 'label' } },
      },
    ],
  };
}

function ruleLayer(rate: number, color: string, label: string | null) {
  return {
    data: { values: [{ rate: round(rate), label: label ?? '' }] },
    layer: [
      { mark: { type: 'rule' as const, color, strokeDash: [2, 3] }, encoding: { x: { field: 'rate', type: 'quantitative' as const } } },
      ...(label === null
        ? []
        : [
            {
              mark: { type: 'text' as const, align: 'right' as const, baseline: 'top' as const, dx: -4, dy: 18, fontSize: 11, color: '#444444' },
              encoding: { x: { field: 'rate', type: 'quantitative' as const }, y: { value: 0 }, text: { field: 'label' } },
            },
          ]),
    ],
  };
}

export function goodputVsLoadSpec(input: GoodputVsLoadInput): ChartSpec {
  const fp = input.fixedPoint ?? null;
  const simulated = input.points.flatMap((p) => [
    { rate: round(p.rate), goodput: round(p.cold), series: SIMULATED[0] },
    { rate: round(p.rate), goodput: round(p.hot), series: SIMULATED[1] },
    { rate: round(p.rate), goodput: round(p.hotWithoutRetries), series: SIMULATED[2] },
  ]);
  const analytic = (fp?.points ?? []).flatMap((p) => [
    ...(p.good === null ? [] : [{ rate: round(p.rate), goodput: round(p.good), series: ANALYTIC[0] }]),
    ...(p.bad === null ? [] : [{ rate: round(p.rate), goodput: round(p.bad), series: ANALYTIC[1] }]),
    { rate: round(p.rate), goodput: round(p.withoutRetries), series: ANALYTIC[2] },
  ]);
  const rates = [...input.points.map((p) => p.rate), ...(fp?.points ?? []).map((p) => p.rate)];
  const maxRate = Math.max(1, ...rates);
  const offered = [0, maxRate].map((rate) => ({ rate: round(rate), goodput: round(rate), series: OFFERED }));
  const present = new Set([...simulated, ...analytic, ...offered].map((r) => r.series));
  const domain = [...ANALYTIC, ...SIMULATED, OFFERED].filter((s) => present.has(s));
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain, range: domain.map((s) => COLORS[s]!) } };
  const x = { field: 'rate', type: 'quantitative' as const, title: 'steady offered load (req/s)', scale: { domain: [0, round(maxRate)] }, axis: { format: ',d' } };
  const y = { field: 'goodput', type: 'quantitative' as const, title: 'goodput (req/s completed within the timeout)', axis: { format: ',d' } };

  const band = fp ? fp.bistable : input.bistable;
  const shaded =
    band === null
      ? []
      : [bandLayer(band, fp ? `bistable (fixed point) ${formatRate(band.from)}–${formatRate(band.to)}` : `bistable ${formatRate(band.from)}–${formatRate(band.to)}`)];
  const trigger = fp?.bistable ? [ruleLayer(fp.bistable.to, OKABE_ITO.vermillion, `trigger ${formatRate(fp.bistable.to)}`)] : [];
  const capacityRule = input.maxThroughputPerSecond === null ? [] : [ruleLayer(input.maxThroughputPerSecond, OKABE_ITO.grey, null)];
  const lines = [...analytic, ...offered];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Goodput vs offered load, with and without retries — ${input.model}`, subtitle: fp ? [fp.method, input.method] : input.method },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'bottom', columns: 2, symbolStrokeWidth: 2.5 } },
    layer: [
      ...shaded,
      ...capacityRule,
      ...trigger,
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x,
          y,
          color,
          detail: { field: 'series', type: 'nominal' },
          strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain, range: domain.map((s) => (s === OFFERED ? [2, 3] : s === ANALYTIC[2] ? [6, 3] : [1, 0])) } },
        },
      },
      ...(simulated.length === 0
        ? []
        : [
            {
              data: { values: simulated },
              // With a fixed point the simulation checks it (marks); alone, it is the curve (marks joined).
              mark: fp ? { type: 'point' as const, filled: true, size: 40 } : { type: 'line' as const, strokeWidth: 2, point: { size: 30 } },
              encoding: { x, y, color, shape: { field: 'series', type: 'nominal' as const, title: null } },
            },
          ]),
    ],
  };
}
