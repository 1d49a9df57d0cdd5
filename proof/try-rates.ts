import { ARRANGEMENTS, measure, startServer } from './proof.ts';
const arr = ARRANGEMENTS.find((a) => a.name === (process.argv[2] ?? 'event-loop'))!;
const rates = (process.argv[3] ?? '100,300,500,700,800').split(',').map(Number);
const server = await startServer(arr.command, ['--seed', '3']);
try {
  for (const rate of rates) {
    const r = await measure(server, arr, { rate }, { warmupSeconds: 0.5, seconds: Number(process.argv[4] ?? 5) }, rate);
    const c = r.cells;
    const busy = c[`busy.${arr.pool}`]! * (arr.name.startsWith('event') ? 1 : 4);
    console.log(rate, 'X', c.throughput!.toFixed(1), 'busy/X ms', ((busy / c.throughput!) * 1e3).toFixed(3), 'cpu/X', ((c.cpu! / c.throughput!) * 1e3).toFixed(3), 'mean', c.mean_ms!.toFixed(2), 'p99', c.p99_ms!.toFixed(2), 'late', c.lateness_p99_ms!.toFixed(1));
  }
} finally {
  await server.stop();
}
