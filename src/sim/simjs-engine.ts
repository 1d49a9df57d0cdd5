/**
 * The reference engine: the same network on simjs's scheduler (Sim and its event queue, via
 * Entity.setTimer), written plainly with objects and arrays so it checks the fast engine independently.
 * reqpath supplies the RNG, distributions and statistics, because simjs's are defective
 * (Random.exponential can return Infinity, gamma() reads an undefined variable, DataSeries.variance()
 * divides by n, TimeSeries is not time-weighted, there are no percentiles). Facility is not used:
 * Facility.reset() corrupts its population counts and it has no capacity-limited FCFS with drops for c > 1.
 *
 * The loop calls sim.step() itself instead of sim.simulate(end): simulate() removes and discards the first
 * event after `end`, so a run cut into chunks loses events.
 *
 * Cores (when they bind): the stages of a segment run one at a time and CPU-bound ones share the cores by
 * processor sharing, written here the direct way (every job's remaining work decreases by dt·min(1, k/n) at
 * each change; the next completion is re-timed with a version check), independently of the fast engine's
 * virtual-time heap.
 */
import type { Network } from './network.ts';
import { BERNOULLI, CONNECTION, GEOMETRIC } from './network.ts';
import { drive, type RunControl } from './fast-engine.ts';
import type { Xoshiro128 } from './rng.ts';
import { loadSimjs, type SimjsEntity } from './simjs-loader.ts';
import { Tally } from './tally.ts';

interface Req {
  arrival: number;
  connection: boolean;
  measured: boolean;
  client: number;
  segment: number;
  service: number;
  enqueued: number;
  queue: Queue;
  counts: number[];
  busy: number[];
  /** Cores: the stage of the segment being run and when it began. */
  pos: number;
  stageStart: number;
}

interface Queue {
  servers: number;
  busy: number;
  capacity: number;
  waiting: Req[];
  head: number;
}

const POLL_EVERY = 1 << 14;

export function runSimjs(net: Network, rng: Xoshiro128, control: RunControl): Tally {
  return drive(simjsReplication(net, rng, control));
}

export function* simjsReplication(net: Network, rng: Xoshiro128, control: RunControl): Generator<void, Tally> {
  const Simjs = loadSimjs();
  const sim = new Simjs.Sim();
  class Driver extends Simjs.Entity {
    start(): void {}
  }
  const entity = sim.addEntity(Driver as unknown as new () => object) as SimjsEntity;
  const tally = new Tally(net.stageCount, net.segmentCount);
  const queues: Queue[][] = [];
  for (let p = 0; p < net.poolCount; p++) {
    const list: Queue[] = [];
    for (let k = 0; k < net.poolQueues[p]!; k++) {
      list.push({ servers: net.poolServersPerQueue[p]!, busy: 0, capacity: net.poolCapacity[p]!, waiting: [], head: 0 });
    }
    queues.push(list);
  }
  const segmentStages = (s: number) => Array.from(net.segStages.subarray(net.segStart[s]!, net.segStart[s + 1]!));
  const sample = (i: number) => net.stageDist[i]!.sample(rng);

  const cores = net.cores;
  const cpuOn = cores > 0;
  const onCpu: { req: Req; remaining: number }[] = [];
  let cpuLast = 0;
  let cpuVersion = 0;
  const cpuRate = () => (onCpu.length <= cores ? 1 : cores / onCpu.length);
  const cpuAdvance = () => {
    const progressed = (sim.time() - cpuLast) * cpuRate();
    for (const job of onCpu) job.remaining -= progressed;
    cpuLast = sim.time();
  };
  const cpuSchedule = () => {
    const version = ++cpuVersion;
    if (onCpu.length === 0) return;
    let first = 0;
    for (let j = 1; j < onCpu.length; j++) if (onCpu[j]!.remaining < onCpu[first]!.remaining) first = j;
    after(Math.max(0, onCpu[first]!.remaining) / cpuRate(), () => {
      if (version !== cpuVersion) return; // the number of jobs changed since: re-timed already
      tally.events++;
      cpuAdvance();
      const [job] = onCpu.splice(first, 1);
      cpuSchedule();
      stageDone(job!.req);
    });
  };
  const cpuAdd = (req: Req, work: number) => {
    cpuAdvance();
    onCpu.push({ req, remaining: work });
    cpuSchedule();
  };

  let issued = 0;
  let outstanding = 0;
  let start = 0;
  let end = -1;
  const lastMeasured = control.warmup + control.requests;

  const after = (delay: number, action: () => void) => entity.setTimer(delay).done(action);

  const finish = (req: Req, completed: boolean) => {
    if (req.measured) {
      outstanding--;
      if (completed) {
        const latency = sim.time() - req.arrival;
        tally.completed++;
        tally.latencySum += latency;
        tally.latency.record(latency);
        control.observe?.(latency);
      } else tally.dropped++;
    }
    if (!net.open) after(net.thinkSeconds > 0 ? -net.thinkSeconds * Math.log(rng.next()) : 0, () => issue(req.client));
  };

  /** Draws how many services each stage of segment s needs on this pass; all zero = skip the segment. */
  const draw = (req: Req, s: number, again: boolean): number[] =>
    segmentStages(s).map((i) => {
      const rule = net.stageRule[i]!;
      const v = net.stageVisits[i]!;
      const single = net.segStart[s + 1]! - net.segStart[s]! === 1;
      if (rule === CONNECTION) return again || req.connection ? 1 : 0;
      if (rule === BERNOULLI) return again || rng.next() < v ? 1 : 0;
      if (rule === GEOMETRIC && !single) {
        let count = 1;
        while (rng.next() >= 1 / v) count++;
        return count;
      }
      return 1;
    });

  const startService = (req: Req) => {
    if (!cpuOn) {
      after(req.service, () => complete(req));
      return;
    }
    req.pos = 0;
    nextStage(req);
  };

  const nextStage = (req: Req) => {
    const stages = segmentStages(req.segment);
    for (let k = req.pos; k < stages.length; k++) {
      if (req.busy[k]! > 0) {
        req.pos = k;
        req.stageStart = sim.time();
        if (net.stageCpu[stages[k]!]) cpuAdd(req, req.busy[k]!);
        else
          after(req.busy[k]!, () => {
            tally.events++;
            stageDone(req);
          });
        return;
      }
    }
    complete(req, false);
  };

  const stageDone = (req: Req) => {
    if (req.measured) tally.stageBusySeconds[segmentStages(req.segment)[req.pos]!]! += sim.time() - req.stageStart;
    req.pos++;
    nextStage(req);
  };

  const complete = (req: Req, count = true) => {
    if (count) tally.events++;
    const q = req.queue;
    if (q.head < q.waiting.length) {
      const next = q.waiting[q.head++]!;
      if (q.head > 1024 && q.head * 2 > q.waiting.length) {
        q.waiting = q.waiting.slice(q.head);
        q.head = 0;
      }
      if (next.measured) tally.segWaitSeconds[next.segment]! += sim.time() - next.enqueued;
      startService(next);
    } else q.busy--;
    const stages = segmentStages(req.segment);
    const i = stages[0]!;
    if (stages.length === 1 && net.stageRule[i] === GEOMETRIC && rng.next() >= 1 / net.stageVisits[i]!) {
      enter(req, req.segment, true);
    } else enter(req, req.segment + 1, false);
  };

  const enter = (req: Req, from: number, again: boolean) => {
    for (let s = from; s < net.segmentCount; s++, again = false) {
      const counts = draw(req, s, again);
      if (counts.every((c) => c === 0)) continue;
      const stages = segmentStages(s);
      const busy = stages.map((i, k) => {
        let sum = 0;
        for (let n = 0; n < counts[k]!; n++) sum += sample(i);
        return sum;
      });
      req.segment = s;
      req.counts = counts;
      req.busy = busy;
      req.service = busy.reduce((a, b) => a + b, 0);
      const p = net.segPool[s]!;
      const list = queues[p]!;
      const q = list.length === 1 ? list[0]! : list[Math.floor(rng.next() * list.length)]!;
      req.queue = q;
      if (req.measured) tally.segArrivals[s]!++;
      const waiting = q.waiting.length - q.head;
      if (q.servers === Infinity || q.busy < q.servers) {
        q.busy++;
        startService(req);
      } else if (waiting < q.capacity) {
        req.enqueued = sim.time();
        q.waiting.push(req);
        if (req.measured) tally.segQueued[s]!++;
      } else {
        if (req.measured) tally.segDrops[s]!++;
        finish(req, false);
        return;
      }
      if (req.measured) {
        stages.forEach((i, k) => {
          tally.stageServices[i]! += counts[k]!;
          if (!cpuOn) tally.stageBusySeconds[i]! += busy[k]!;
        });
      }
      return;
    }
    finish(req, true);
  };

  const issue = (client: number) => {
    if (end >= 0 && outstanding === 0) return;
    tally.events++;
    const index = issued++;
    if (index === control.warmup) start = sim.time();
    if (index === lastMeasured) end = sim.time();
    const measured = index >= control.warmup && index < lastMeasured;
    if (measured) {
      outstanding++;
      tally.requests++;
    }
    const req: Req = {
      arrival: sim.time(),
      connection: net.newConnectionProb >= 1 || rng.next() < net.newConnectionProb,
      measured,
      client,
      segment: 0,
      service: 0,
      enqueued: 0,
      queue: queues[0]![0]!,
      counts: [],
      busy: [],
      pos: 0,
      stageStart: 0,
    };
    enter(req, 0, false);
  };

  const arrive = () => {
    if (end >= 0 && outstanding === 0) return;
    issue(0);
    after(net.arrivalDist!.sample(rng), arrive);
  };

  if (net.open) after(0, arrive);
  else {
    for (let k = 0; k < net.clients; k++) {
      after(net.thinkSeconds > 0 ? -net.thinkSeconds * Math.log(rng.next()) : 0, () => issue(k));
    }
  }

  let steps = 0;
  while (!(end >= 0 && outstanding === 0) && sim.step()) {
    if (++steps % POLL_EVERY === 0 && control.poll?.(tally.events, Math.max(0, Math.min(issued, lastMeasured) - control.warmup))) {
      tally.partial = true;
      break;
    }
    if (steps % POLL_EVERY === 0) yield;
  }
  tally.windowSeconds = (end >= 0 ? end : sim.time()) - start;
  return tally;
}
