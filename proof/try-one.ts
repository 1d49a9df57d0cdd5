import { ARRANGEMENTS, proveArrangement } from './proof.ts';
const which = process.argv[2] ?? 'shared-queue';
const kind = (process.argv[3] ?? 'open') as 'open' | 'closed';
const arr = ARRANGEMENTS.find((a) => a.name === which)!;
const r = await proveArrangement(arr, kind, {
  low: { warmupSeconds: 0.5, seconds: Number(process.argv[4] ?? 4) },
  high: { warmupSeconds: 1, seconds: Number(process.argv[5] ?? 8) },
  lowFractions: [0.1, 0.2, 0.3],
  highFractions: [0.5, 0.7, 0.85],
  seed: 1,
  log: (l) => console.error(l),
});
console.log(r.fittedYaml);
for (const row of r.comparison.rows) console.log(row.load, JSON.stringify(row.error));
console.log(r.disturbances);
