/**
 * One Node.js event loop (node:http) for reqpath's real-server proof. Every request holds the loop for an
 * exponential time, so requests queue for the one thread (M/M/1):
 *   --work spin  (default) spins until a wall-clock deadline: the loop is blocked as by a synchronous call, and
 *                the service time is the same however many other jobs share the machine;
 *   --work cpu   does a fixed number of loop iterations (CPU-bound: run it pinned, `taskset -c N`).
 * `GET /stats` answers JSON counters: busySeconds (the loop's active time, performance.eventLoopUtilization),
 * requests, cpuSeconds (process CPU), now (seconds, monotonic). Prints "listening PORT" when ready.
 */
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const meanMs = Number(args['service-ms'] ?? 2);
const work = args.work ?? 'spin';
let itersPerMs = Number(args['iters-per-ms'] ?? 0);
let seed = Number(args.seed ?? 1) >>> 0 || 1;
// xorshift32: a seeded stream, so runs repeat.
function random() {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return (seed + 0.5) / 4294967296;
}

let requests = 0;
let sink = 0;
const startElu = performance.eventLoopUtilization();

function serve(ms) {
  if (work === 'cpu') {
    const n = Math.round(ms * itersPerMs);
    let x = sink;
    for (let i = 0; i < n; i++) x = (x * 1103515245 + 12345) % 2147483648;
    sink = x;
  } else {
    const deadline = performance.now() + ms;
    while (performance.now() < deadline);
  }
}

// CPU-bound work is measured in this process, with the very function that serves: iterations per millisecond
// from the fastest of a few timed rounds (the least disturbed), so 1 ms of work is 1 ms on an idle core.
if (work === 'cpu' && !(itersPerMs > 0)) {
  let best = 0;
  itersPerMs = 1e5;
  for (let round = 0; round < 15; round++) {
    const t0 = performance.now();
    serve(20);
    const ms = performance.now() - t0;
    best = Math.max(best, (20 * itersPerMs) / ms);
    if (round >= 4) itersPerMs = best;
  }
  itersPerMs = best;
}

const server = createServer((req, res) => {
  if (req.url === '/stats') {
    const elu = performance.eventLoopUtilization(startElu);
    const cpu = process.cpuUsage();
    const body = JSON.stringify({ busySeconds: elu.active / 1000, requests, cpuSeconds: (cpu.user + cpu.system) / 1e6, now: performance.now() / 1000, threads: 1 });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
    return;
  }
  serve(-meanMs * Math.log(random()));
  requests++;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2, connection: 'close' });
  res.end('ok');
});
server.keepAliveTimeout = 0;
// Exit when the parent closes our stdin (or dies): no server outlives its proof run.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
server.listen(Number(args.port ?? 0), '127.0.0.1', 4096, () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
