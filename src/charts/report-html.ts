/**
 * report.html: one self-contained page with every chart and the analysis table, working offline.
 * The vega and vega-lite bundles are passed in as source text (the CLI reads them from node_modules) and
 * inlined; the page compiles each spec and draws it as SVG with vega's View, no vega-embed and no CDN.
 * Errors in the page are written into #errors so a headless browser's DOM dump shows them.
 */
import type { Result } from '../model/result.ts';
import { describeInstability, instabilityOf } from '../model/instability.ts';
import type { NamedChart } from './chart-set.ts';

export interface ReportLibraries {
  /** Text of vega's browser bundle (vega/build/vega.min.js). */
  readonly vega: string;
  /** Text of vega-lite's browser bundle (vega-lite/build/vega-lite.min.js). */
  readonly vegaLite: string;
}

export interface ReportInput {
  readonly title: string;
  readonly description?: string;
  readonly result: Result;
  readonly charts: readonly NamedChart[];
  readonly notes?: readonly string[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Inline script text must not close its own <script> element. */
function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

/** JSON safe inside <script type="application/json">. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function num(value: number | null, digits = 3): string {
  if (value === null) return '—';
  const rounded = Number(value.toPrecision(digits));
  // Thousands separators for big figures; small ones keep their significant digits (toLocaleString drops them).
  return Math.abs(rounded) >= 1000 ? rounded.toLocaleString('en-US') : String(rounded);
}
const ms = (seconds: number | null): string => (seconds === null ? '—' : num(seconds * 1000));
const pct = (share: number | null): string => (share === null ? '—' : `${num(share * 100)} %`);

function stability(r: Result): string {
  const why = instabilityOf(r);
  return why === null ? 'yes' : `no: ${describeInstability(why)}`;
}

function summaryTable(r: Result): string {
  const rows: Array<[string, string]> = [
    ['stable', stability(r)],
    ['offered load', r.offeredRate === null ? 'closed workload' : `${num(r.offeredRate)} req/s`],
    ['throughput', r.throughput === null ? '—' : `${num(r.throughput)} req/s`],
    ['saturation throughput', r.maxThroughput === null ? '—' : `${num(r.maxThroughput)} req/s`],
    ['bottleneck', r.bottleneck ?? '—'],
    ['drop rate', pct(r.dropRate)],
    ['latency mean / p50 / p90', `${ms(r.latency.mean)} / ${ms(r.latency.p50)} / ${ms(r.latency.p90)} ms`],
    ['latency p95 / p99 / p99.9', `${ms(r.latency.p95)} / ${ms(r.latency.p99)} / ${ms(r.latency.p999)} ms`],
  ];
  return `<table class="summary">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function stageTable(r: Result): string {
  const head = ['stage', 'pool', 'threads', 'visits', 'utilisation', 'P(wait)', 'mean wait (ms)', 'mean response (ms)', 'throughput (visits/s)', 'drop rate'];
  const rows = r.stages.map((s) =>
    [s.name, s.pool, String(s.threads), num(s.visits), pct(s.utilization), pct(s.probWait), ms(s.meanWait), ms(s.meanResponse), num(s.throughput), pct(s.dropRate)]
      .map((cell, i) => `<td${i > 1 ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`)
      .join(''),
  );
  return `<table class="stages"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row}</tr>`).join('')}</tbody></table>`;
}

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; }
p.description { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e3e3e3; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.summary th { font-weight: normal; color: #555; }
.chart { margin: 24px 0; min-height: 200px; }
ul.notes { font-size: 13px; color: #555; }
#errors:empty { display: none; } #errors { color: #b00; white-space: pre-wrap; }
`;

/** Runs first: collects uncaught errors and console errors/warnings, including the libraries' own. */
const CATCH = `
window.reqpathProblems = [];
window.addEventListener('error', function (e) { window.reqpathProblems.push('error: ' + e.message); });
['error', 'warn'].forEach(function (level) {
  var original = console[level];
  console[level] = function () {
    window.reqpathProblems.push(level + ': ' + Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
});
`;

const BOOT = `
(function () {
  function report(message) { window.reqpathProblems.push(message); }
  var charts = JSON.parse(document.getElementById('chart-specs').textContent);
  var pending = charts.map(function (chart) {
    var el = document.getElementById('chart-' + chart.name);
    try {
      var view = new vega.View(vega.parse(vegaLite.compile(chart.spec).spec), { renderer: 'svg', hover: true });
      return view.initialize(el).runAsync().then(function () { el.setAttribute('data-rendered', 'true'); },
        function (e) { report(chart.name + ': ' + e); });
    } catch (e) { report(chart.name + ': ' + e); return Promise.resolve(); }
  });
  Promise.all(pending).then(function () {
    document.getElementById('errors').textContent = window.reqpathProblems.join('\\n');
    document.body.setAttribute('data-charts-done', String(charts.length));
  });
})();
`;

export function reportHtml(input: ReportInput, libraries: ReportLibraries): string {
  const charts = input.charts.map((c) => ({ name: c.name, spec: c.spec }));
  const notes = [...input.result.notes, ...(input.notes ?? [])];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
<script>${CATCH}</script>
<script>${inlineScript(libraries.vega)}</script>
<script>${inlineScript(libraries.vegaLite)}</script>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
${input.description ? `<p class="description">${escapeHtml(input.description)}</p>` : ''}
<pre id="errors"></pre>
<h2>Analysis</h2>
${summaryTable(input.result)}
${stageTable(input.result)}
${notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}
<h2>Charts</h2>
${charts.map((c) => `<div class="chart" id="chart-${escapeHtml(c.name)}"></div>`).join('\n')}
<script type="application/json" id="chart-specs">${inlineJson(charts)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
