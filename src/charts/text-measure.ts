/**
 * Text width for vega's layout when no canvas exists (Node): DejaVu Sans metrics per character, the same
 * font resvg draws the PNG with, so labels are neither cut short nor given room they do not need.
 * vega-scenegraph lets a user-defined `textMetrics.width` replace its estimate (vl-convert does the same).
 */
import { BOLD_WIDTHS, REGULAR_WIDTHS, WIDTH_CHARS } from './font-widths.ts';

const index = new Map<string, number>([...WIDTH_CHARS].map((c, i) => [c, i]));
const FALLBACK_EM = 0.6;

/** Width in px of `text` at `fontSize` px, bold or not. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD_WIDTHS : REGULAR_WIDTHS;
  let thousandths = 0;
  for (const c of text) {
    const i = index.get(c);
    thousandths += i === undefined ? FALLBACK_EM * 1000 : table[i]!;
  }
  return (thousandths / 1000) * fontSize;
}

interface TextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
  readonly text?: unknown;
}

function isBold(weight: string | number | undefined): boolean {
  if (weight === undefined) return false;
  if (typeof weight === 'number') return weight >= 600;
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

/** The function vega calls as textMetrics.width(item, text). */
export function vegaTextWidth(item: TextItem, text?: unknown): number {
  const value = text ?? item.text;
  const string = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  const size = item.fontSize ?? 11;
  return size <= 0 ? 0 : textWidth(string, size, isBold(item.fontWeight));
}
