/**
 * `reqpath simulate MODEL`: discrete-event simulation with confidence intervals. Progress goes to stderr only
 * when stderr is a terminal and the run has lasted more than a second; Ctrl-C stops the run at the next poll
 * and prints the results so far (a second Ctrl-C exits at once).
 */
import type { Command } from 'commander';
import { simulateAsync } from '../../sim/simulate.ts';
import type { EngineName, SimProgress, SimResult } from '../../sim/types.ts';
import { formatRate } from '../../model/units.ts';
import { EngineUnavailable } from '../../sim/engines.ts';
import { CliError } from '../errors.ts';
import { formatResult } from '../format-result.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';
import { addModelOptions, assertSimulable, modelFromOptions, type ModelOptions } from '../model-options.ts';
import { addRedisOptions, withRedis, type RedisCliOptions } from '../redis-options.ts';

interface SimulateCliOptions extends ModelOptions, RedisCliOptions {
  requests?: string;
  replications?: string;
  seed?: string;
  warmup?: string;
  engine?: string;
  precision?: string;
  window?: string;
  initial?: string;
}

/** `--initial inSystem=500`: the warm start's state (requests in the system at time 0). */
function initialState(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*inSystem\s*=\s*(\d+)\s*$/.exec(text);
  if (!match) throw new CliError(`--initial ${text}: expected inSystem=N with N an integer ≥ 0, e.g. inSystem=500`);
  return Number(match[1]);
}

function integer(name: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`--${name} ${text}: expected an integer ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}`);
  }
  return value;
}

function progressBar(io: CliIo): (p: SimProgress) => void {
  return (p) => {
    if (!io.errIsTty || p.elapsedSeconds < 1) return;
    const width = 30;
    const filled = Math.round(p.fraction * width);
    const rate = p.events / Math.max(p.elapsedSeconds, 1e-9);
    const eta = p.fraction > 0 ? (p.elapsedSeconds * (1 - p.fraction)) / p.fraction : 0;
    io.err(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * p.fraction).toFixed(0).padStart(3)}%  ` +
        `rep ${p.replication}/${p.replications}  ${(rate / 1e6).toFixed(2)} M events/s  ETA ${eta.toFixed(0)}s `,
    );
  };
}

export function registerSimulate(program: Command, io: CliIo): void {
  addRedisOptions(addModelOptions(program.command('simulate').argument('<model>', 'model file (.yaml or .json)')))
    .description('discrete-event simulation: per-stage and end-to-end figures with 95% confidence intervals')
    .option('--requests <n>', 'measured requests per replication', '100000')
    .option('--replications <r>', 'independent replications', '5')
    .option('--seed <s>', 'random seed (same seed, same JSON)', '1')
    .option('--warmup <n>', 'requests discarded at the start of each replication, or auto (MSER-5); default requests/10')
    .option('--engine <engine>', 'recursion | fast | simjs (default: recursion when the model is a feed-forward FCFS pipeline, else fast)')
    .option('--precision <p>', 'add replications until the relative 95% half-width of the mean latency is ≤ p')
    .option('--window <seconds>', 'timeline window of a time-driven run (a model with a schedule or horizon)', '1')
    .option('--initial <state>', 'warm start of an open model, e.g. inSystem=500 (requests in the system at time 0)')
    .action(async (path: string, options: SimulateCliOptions) => {
      const engine = options.engine as EngineName | undefined;
      if (engine !== undefined && engine !== 'fast' && engine !== 'simjs' && engine !== 'recursion') {
        throw new CliError(`--engine ${options.engine}: expected recursion, fast or simjs`);
      }
      let precision: number | undefined;
      if (options.precision !== undefined) {
        precision = Number(options.precision);
        if (!(precision > 0 && precision < 1)) throw new CliError(`--precision ${options.precision}: expected a number in (0, 1), e.g. 0.01`);
      }
      const windowSeconds = Number(options.window);
      if (!(windowSeconds > 0 && Number.isFinite(windowSeconds))) throw new CliError(`--window ${options.window}: expected a positive number of seconds, e.g. 1`);
      const initialInSystem = initialState(options.initial);
      const model = modelFromOptions(path, options);
      assertSimulable(path, model);
      if (initialInSystem !== undefined && model.workload.kind !== 'open') {
        throw new CliError('--initial: a warm start needs an open workload (arrivalRate); a closed model has its clients');
      }
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        if (++interrupts > 1) process.exit(130);
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      const bar = progressBar(io);
      let drew = false;
      try {
        const result = await withRedis(io, options, (runnerFor) => simulateAsync(model, {
          ...(runnerFor ? { replicationRunner: runnerFor(0) } : {}),
          requests: integer('requests', options.requests, 1),
          replications: integer('replications', options.replications, 1),
          seed: integer('seed', options.seed, 0, 2 ** 32 - 1),
          warmup: options.warmup === 'auto' ? 'auto' : integer('warmup', options.warmup, 0),
          engine,
          precision,
          windowSeconds,
          ...(initialInSystem !== undefined ? { initialInSystem } : {}),
          signal: controller.signal,
          onProgress: (p) => {
            bar(p);
            drew ||= io.errIsTty && p.elapsedSeconds >= 1;
          },
        }).catch((error: unknown) => {
          // An engine that cannot run this model is refused input (exit 2), with its reason.
          throw error instanceof EngineUnavailable ? new CliError(error.message) : error;
        }));
        if (drew) io.err('\r\x1b[K');
        // Stopped before any request was measured: there is nothing to show, and an empty table of "n/a"
        // would read as an answer.
        if (controller.signal.aborted && result.stable && result.latency.mean === null) {
          throw new CliError('reqpath simulate: interrupted before any request was measured: no results', 130);
        }
        io.out(options.json ? toJson(result) : formatResult(model, result) + formatCi(result));
        // With --json the notes are inside the JSON; warnings also reach a reader of the terminal.
        if (options.json) for (const note of result.notes) if (note.startsWith('warning:')) io.err(`reqpath: ${note}\n`);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

/** SPEC §5 figures, when the model has overload keys. */
function formatOverload(result: SimResult): string {
  if (result.goodput === undefined) return '';
  const share = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(2)}%`);
  const goodput = result.goodput === null ? '—' : formatRate(result.goodput);
  return (
    `overload: goodput ${goodput}   per original request: timeouts ${share(result.timeoutRate)}, abandoned ${share(result.abandonRate)}, ` +
    `retries ${share(result.retryRate)}   wasted work ${share(result.wastedWork)}\n`
  );
}

/** A time-driven run (schedule or horizon) is as long as its horizon; request counts and warm-up do not apply to it. */
function runLength(result: SimResult): string {
  const end = result.timeline?.at(-1)?.end;
  return end === undefined ? `${result.requests} requests (warm-up ${result.warmup})` : `${Number(end.toPrecision(4))} s time-driven`;
}

function formatCi(result: SimResult): string {
  const pct = (h: number | null, x: number | null) => (h === null || !x ? '—' : `±${((100 * h) / x).toFixed(1)}%`);
  return (
    formatOverload(result) +
    `simulation: ${result.engine} engine, ${result.replications} × ${runLength(result)}, ` +
    `seed ${result.seed}, ${result.events} events, ${(result.eventsPerSecond / 1e6).toFixed(2)} M events/s; ` +
    `95% CI mean ${pct(result.ci.mean, result.latency.mean)}, p99 ${pct(result.ci.p99, result.latency.p99)}\n`
  );
}
