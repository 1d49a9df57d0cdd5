/**
 * OpenTelemetry traces (OTLP protobuf-JSON encoding of ExportTraceServiceRequest: resourceSpans → scopeSpans →
 * spans) as per-stage service statistics. A span belongs to a stage when its name, or its `reqpath.stage`
 * attribute, is the stage's name. Waiting is told apart from service where the spans carry it:
 *   - an attribute `reqpath.wait_ns` / `queue.wait_ns` (nanoseconds) or `reqpath.wait` (seconds or "1.2ms");
 *   - a child span named `wait`, `queue`, `<stage>.wait` or `<stage>.queue`;
 *   - an event named `dequeued` or `service.start` (wait = event time − span start).
 * Beside it stands the naive estimate, mean span = service time, which folds queueing into service, and its bias.
 * Where spans carry no waiting, calibrate takes the model's predicted wait out instead (calibrate.ts).
 */
import { ModelError, showValue } from '../model/messages.ts';
import { parseDurationSeconds } from '../model/units.ts';
import { estimate, type Estimate } from './regression.ts';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
}
interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: { key: string; value?: OtlpValue }[];
  events?: { name?: string; timeUnixNano?: string | number }[];
}

export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly stage: string;
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** Waiting carried by the span itself (attribute or event), seconds; null when it carries none. */
  readonly waitSeconds: number | null;
}

export interface StageSpanStats {
  readonly stage: string;
  readonly spans: number;
  /** Mean span duration: the naive service estimate (queueing folded in). */
  readonly naive: Estimate;
  /** Mean wait carried by the spans; null when none carried it. */
  readonly wait: Estimate | null;
  /** Mean span minus its wait; null when the spans carry no waiting (calibrate then corrects by the model). */
  readonly service: Estimate | null;
  /** scv of (span − wait), or of the span when no wait is carried. */
  readonly scv: number | null;
  /** (naive − service) / service: how far the naive estimate overstates service. */
  readonly naiveBias: number | null;
  /** Requests per second that reached the stage over the traces' window. */
  readonly ratePerSecond: number | null;
  readonly source: string;
}

export interface TraceCalibration {
  readonly file: string;
  readonly spans: number;
  readonly traces: number;
  readonly windowSeconds: number;
  readonly stages: readonly StageSpanStats[];
  readonly notes: readonly string[];
}

function nanos(value: string | number | undefined): bigint | null {
  if (value === undefined) return null;
  try {
    return BigInt(typeof value === 'number' ? Math.round(value) : value.trim());
  } catch {
    return null;
  }
}

function attributeSeconds(attributes: OtlpSpan['attributes']): number | null {
  for (const { key, value } of attributes ?? []) {
    if (!value) continue;
    const raw = value.doubleValue ?? value.intValue ?? value.stringValue;
    if (raw === undefined) continue;
    if (key === 'reqpath.wait_ns' || key === 'queue.wait_ns') {
      const n = Number(raw);
      if (Number.isFinite(n) && n >= 0) return n * 1e-9;
    }
    if (key === 'reqpath.wait') {
      const parsed = parseDurationSeconds(typeof raw === 'string' && Number.isFinite(Number(raw)) ? Number(raw) : raw);
      if (parsed.ok && parsed.value >= 0) return parsed.value;
    }
  }
  return null;
}

function stageAttribute(attributes: OtlpSpan['attributes']): string | null {
  const found = (attributes ?? []).find((a) => a.key === 'reqpath.stage');
  return found?.value?.stringValue ?? null;
}

/** Every span of the request, flattened; throws ModelError naming the file and the span's place when unreadable. */
export function parseOtlpSpans(text: string, file: string): Span[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ModelError([{ file, path: '', expected: `OTLP JSON (${(error as Error).message})` }]);
  }
  const resourceSpans = (doc as { resourceSpans?: unknown })?.resourceSpans;
  if (!Array.isArray(resourceSpans)) {
    throw new ModelError([{ file, path: 'resourceSpans', expected: 'an ExportTraceServiceRequest in OTLP JSON: { "resourceSpans": [ { "scopeSpans": [ { "spans": [...] } ] } ] }', got: showValue(doc) }]);
  }
  const spans: Span[] = [];
  resourceSpans.forEach((rs: { scopeSpans?: unknown; instrumentationLibrarySpans?: unknown }, i: number) => {
    const scopes = (rs?.scopeSpans ?? rs?.instrumentationLibrarySpans ?? []) as { spans?: OtlpSpan[] }[];
    scopes.forEach((scope, j) => {
      (scope?.spans ?? []).forEach((span, k) => {
        const path = `resourceSpans[${i}].scopeSpans[${j}].spans[${k}]`;
        const start = nanos(span.startTimeUnixNano);
        const end = nanos(span.endTimeUnixNano);
        if (start === null || end === null || end < start) {
          throw new ModelError([{ file, path, expected: 'startTimeUnixNano ≤ endTimeUnixNano (nanoseconds since the epoch)', got: showValue({ start: span.startTimeUnixNano, end: span.endTimeUnixNano }) }]);
        }
        const name = span.name ?? '';
        let waitSeconds = attributeSeconds(span.attributes);
        const dequeued = (span.events ?? []).find((e) => e.name === 'dequeued' || e.name === 'service.start');
        const dequeuedAt = nanos(dequeued?.timeUnixNano);
        if (waitSeconds === null && dequeuedAt !== null && dequeuedAt >= start) waitSeconds = Number(dequeuedAt - start) * 1e-9;
        spans.push({
          traceId: span.traceId ?? '',
          spanId: span.spanId ?? '',
          parentSpanId: span.parentSpanId ?? '',
          name,
          stage: stageAttribute(span.attributes) ?? name,
          startNs: start,
          endNs: end,
          waitSeconds,
        });
      });
    });
  });
  if (spans.length === 0) throw new ModelError([{ file, path: 'resourceSpans', expected: 'at least one span', got: 'none' }]);
  return spans;
}

function meanEstimate(xs: readonly number[]): Estimate {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return estimate(mean, null, 0);
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return estimate(mean, Math.sqrt(variance / n), n - 1);
}

function scvOf(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return mean > 0 ? variance / (mean * mean) : null;
}

const WAIT_NAMES = ['wait', 'queue'];

/** Per-stage statistics for the stages named; spans of other names are counted but not used. */
export function traceStatistics(spans: readonly Span[], stageNames: readonly string[], file: string): TraceCalibration {
  const notes: string[] = [];
  const byParent = new Map<string, Span[]>();
  for (const span of spans) {
    const key = `${span.traceId}/${span.parentSpanId}`;
    byParent.set(key, [...(byParent.get(key) ?? []), span]);
  }
  let first = spans[0]!.startNs;
  let last = spans[0]!.endNs;
  for (const s of spans) {
    if (s.startNs < first) first = s.startNs;
    if (s.endNs > last) last = s.endNs;
  }
  const windowSeconds = Number(last - first) * 1e-9;
  const traces = new Set(spans.map((s) => s.traceId)).size;
  const stages: StageSpanStats[] = [];
  for (const stage of stageNames) {
    const own = spans.filter((s) => s.stage === stage);
    if (own.length === 0) continue;
    const durations: number[] = [];
    const waits: number[] = [];
    const services: number[] = [];
    for (const span of own) {
      const duration = Number(span.endNs - span.startNs) * 1e-9;
      durations.push(duration);
      let wait = span.waitSeconds;
      if (wait === null) {
        const children = byParent.get(`${span.traceId}/${span.spanId}`) ?? [];
        const waitChild = children.find((c) => WAIT_NAMES.includes(c.name) || WAIT_NAMES.some((w) => c.name === `${stage}.${w}`));
        if (waitChild) wait = Number(waitChild.endNs - waitChild.startNs) * 1e-9;
      }
      if (wait !== null) {
        waits.push(wait);
        services.push(Math.max(0, duration - wait));
      }
    }
    const naive = meanEstimate(durations);
    const carried = waits.length === own.length;
    if (waits.length > 0 && !carried) notes.push(`traces: ${stage}: only ${waits.length} of ${own.length} spans carry their waiting; waiting not used for this stage`);
    const service = carried ? meanEstimate(services) : null;
    const wait = carried ? meanEstimate(waits) : null;
    const naiveBias = service && service.value > 0 ? (naive.value - service.value) / service.value : null;
    const ratePerSecond = windowSeconds > 0 ? own.length / windowSeconds : null;
    stages.push({
      stage,
      spans: own.length,
      naive,
      wait,
      service,
      scv: scvOf(carried ? services : durations),
      naiveBias,
      ratePerSecond,
      source: carried
        ? `traces: ${own.length} spans of ${stage}, span minus its waiting (naive mean span ${fmt(naive.value)} overstates service by ${((naiveBias ?? 0) * 100).toFixed(1)}%)`
        : `traces: ${own.length} spans of ${stage} carry no waiting; mean span ${fmt(naive.value)} minus the model's predicted wait at ${ratePerSecond === null ? '?' : ratePerSecond.toPrecision(4)}/s`,
    });
  }
  if (stages.length === 0) notes.push(`traces: no span is named after a stage (${stageNames.join(', ')}) or carries reqpath.stage`);
  return { file, spans: spans.length, traces, windowSeconds, stages, notes };
}

function fmt(seconds: number): string {
  return `${Number((seconds * 1e3).toPrecision(4))}ms`;
}
