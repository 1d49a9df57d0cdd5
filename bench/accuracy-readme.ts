/**
 * `npx tsx bench/accuracy-readme.ts [report.json]`: rewrites README "Known limits" from an accuracy report
 * (bench/accuracy.json by default) without simulating or analysing anything. `npm run accuracy` does this
 * itself at the end of a complete run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { knownLimitsSection, rewriteReadme, type AccuracyReport } from './accuracy/report.ts';

const path = process.argv[2] ?? 'bench/accuracy.json';
const report = JSON.parse(readFileSync(path, 'utf8')) as AccuracyReport;
const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', rewriteReadme(readme, knownLimitsSection(report)));
process.stdout.write(`README.md: Known limits from ${path} (${report.models.length} models)\n`);
