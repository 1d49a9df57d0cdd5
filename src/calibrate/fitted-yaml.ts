/**
 * The fitted model as YAML: BASE's own text with the fitted figures replaced, each carrying a comment that says
 * where it came from and its 95% interval (`± 12.3µs (95%)`). compare reads that interval back
 * (fittedUncertainties) to draw the calibration band, so the model file is the one place it is kept.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { formatDuration, parseDurationSeconds } from '../model/units.ts';
import type { CalibrationResult, FittedFigure } from './calibrate.ts';
import { addedOverheadStage, linearExpression, MIN_SERVICE_SECONDS, shapeFields } from './edits.ts';

function interval(figure: FittedFigure, unit: 'duration' | 'number'): string {
  if (figure.ci95 === null) return 'no interval (too few rows)';
  const half = (figure.ci95[1] - figure.ci95[0]) / 2;
  return unit === 'duration' ? `± ${formatDuration(half, 3)} (95%)` : `95% [${figure.ci95[0].toPrecision(3)}, ${figure.ci95[1].toPrecision(3)}]`;
}

function stageNode(stages: YAMLSeq, name: string): YAMLMap | null {
  for (const item of stages.items) {
    if (isMap(item) && item.get('name') === name) return item as YAMLMap;
  }
  return null;
}

function commentOn(map: YAMLMap, key: string, comment: string): void {
  const node = map.get(key, true);
  if (isScalar(node)) node.comment = ` ${comment}`;
}

/** vars.<name> = value; a new `vars:` goes before `workload`, where a reader of the file looks for knobs. */
function declareVariable(doc: Document, name: string, value: number): void {
  if (doc.has('vars')) {
    doc.setIn(['vars', name], value);
    return;
  }
  const root = doc.contents as YAMLMap;
  const pair = doc.createPair('vars', { [name]: value });
  const at = root.items.findIndex((item) => isScalar(item.key) && ['workload', 'stages', 'pools'].includes(String(item.key.value)));
  root.items.splice(at < 0 ? root.items.length : at, 0, pair as (typeof root.items)[number]);
}

export interface FittedYamlOptions {
  /** Where the rows came from, for the header comment. */
  readonly measurementsFile: string;
  readonly baseFile: string;
}

export function fittedYaml(baseText: string, result: CalibrationResult, options: FittedYamlOptions): string {
  const trimmed = baseText.trimStart();
  const doc = trimmed.startsWith('{') ? new Document(JSON.parse(baseText)) : parseDocument(baseText);
  const stages = doc.get('stages') as YAMLSeq;
  if (!isSeq(stages)) throw new Error('fittedYaml: BASE has no stages sequence (it was validated, so this is a bug)');
  const overhead = result.edits.overhead;
  if (overhead?.added) {
    stages.items.unshift(doc.createNode(addedOverheadStage(overhead.stage, formatDuration(Math.max(overhead.meanSeconds, MIN_SERVICE_SECONDS), 4), overhead.shape)));
  } else if (overhead?.shape) {
    // BASE's own delay stage took another shape: the same keys the Model was built with (edits.ts).
    const map = stageNode(stages, overhead.stage);
    if (map) {
      map.delete('k');
      const fields = shapeFields({ ...overhead.shape, scv: Number(overhead.shape.scv.toPrecision(3)) });
      if (!('scv' in fields)) map.delete('scv');
      for (const [key, value] of Object.entries(fields)) map.set(key, value);
    }
  }
  for (const figure of result.figures) {
    const map = stageNode(stages, figure.stage);
    if (!map) continue;
    map.flow = false;
    if (figure.field === 'service') {
      const edit = result.edits.services.get(figure.stage);
      const seconds = figure.method === 'overhead-delay' ? overhead!.meanSeconds : edit!.meanSeconds;
      if (edit?.linear) {
        // The fitted line as an expression over a variable, so `--var <column>=…` predicts at another value.
        map.set('service', linearExpression(edit.linear, (x) => formatDuration(x, 4)));
        if (!doc.hasIn(['vars', edit.linear.variable])) declareVariable(doc, edit.linear.variable, edit.linear.at);
        commentOn(map, 'service', `fitted ${interval(figure, 'duration')} at ${edit.linear.variable} = ${edit.linear.at}: ${figure.source}`);
      } else {
        map.set('service', formatDuration(Math.max(seconds, MIN_SERVICE_SECONDS), 4));
        commentOn(map, 'service', `fitted ${interval(figure, 'duration')}: ${figure.source}`);
      }
      if (edit?.shape) {
        map.set('distribution', edit.shape.distribution);
        map.delete('k');
      }
    } else {
      map.set('scv', Number(figure.value.toPrecision(3)));
      commentOn(map, 'scv', `fitted, ${interval(figure, 'number')}: ${figure.source}`);
    }
  }
  doc.commentBefore =
    ` Calibrated by reqpath calibrate from ${options.measurementsFile} (${result.rows} rows) on the structure of ${options.baseFile}.` +
    `\n Each fitted figure says how it was obtained and its 95% interval; reqpath compare draws that interval as a band.` +
    (doc.commentBefore ? `\n${doc.commentBefore}` : '');
  return doc.toString({ lineWidth: 0 });
}

/** Half-widths of the fitted service times (stage → seconds), read back from the comments fittedYaml wrote. */
export function fittedUncertainties(text: string): Map<string, number> {
  const found = new Map<string, number>();
  const doc = parseDocument(text);
  const stages = doc.get('stages');
  if (!isSeq(stages)) return found;
  for (const item of stages.items) {
    if (!isMap(item)) continue;
    const node = item.get('service', true);
    const match = isScalar(node) && node.comment ? /±\s*([0-9.eE+-]+\s*[a-zµμ]*)\s*\(95%\)/.exec(node.comment) : null;
    if (!match) continue;
    const parsed = parseDurationSeconds(match[1]!.replace(/\s+/g, ''));
    if (parsed.ok) found.set(String(item.get('name')), parsed.value);
  }
  return found;
}
