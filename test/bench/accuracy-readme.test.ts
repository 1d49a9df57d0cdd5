/** README "Known limits" is generated from the committed accuracy report; this fails when it is stale. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, knownLimitsSection, type AccuracyReport } from '../../bench/accuracy/report.ts';
import { holds } from '../../bench/accuracy/compare.ts';

const report = JSON.parse(readFileSync('bench/accuracy.json', 'utf8')) as AccuracyReport;

describe('accuracy report', () => {
  it('README "Known limits" is the section generated from bench/accuracy.json (npm run accuracy rewrites it)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const begin = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    expect(begin).toBeGreaterThan(0);
    expect(readme.slice(begin, end + END.length)).toBe(knownLimitsSection(report));
  });

  it('the committed report covers at least 300 models and its verdicts follow from its errors', () => {
    expect(report.models.length).toBeGreaterThanOrEqual(300);
    for (const m of report.models) expect(m.holds, m.id).toBe(holds(m.errors));
  });
});
