/**
 * Notebook output that arrives in the right cell. Deno's kernel forwards console.log asynchronously, and a
 * line logged just before a cell finishes can land after Jupyter has closed the cell (lost, or shown under the
 * next one); `Deno.jupyter.display` is awaited, so its output is in the cell before the cell ends.
 *
 * Charts: the classic Notebook (6.x) cannot render Vega-Lite, so a spec goes through reqpath's renderer
 * (vega → SVG → resvg PNG) and the cell displays the image; the spec stays in the cell's code for anyone who
 * wants it in a Vega editor or JupyterLab.
 *
 * Outside a notebook (tsx, deno run) both fall back to the console.
 */
import { renderPng, renderSvg, type ChartSpec } from '../../src/index.ts';

/** The part of Deno's `Deno.jupyter` namespace used here (present only inside the Deno kernel). */
interface DenoJupyter {
  display(bundle: Record<string, string>, options: { raw: boolean }): Promise<void>;
}

function jupyter(): DenoJupyter | undefined {
  return (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno?.jupyter;
}

/**
 * The promise of `display` resolves once Deno has queued the message, not once the kernel has published it;
 * a cell that ends right after (the chart cells) could close before the image arrives, which happened once in
 * CI under nbconvert. A short pause lets the kernel publish before the cell's reply.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 200));
}

/** Shows text (tables) as one preformatted block; parts are joined by newlines. */
export async function print(...parts: readonly string[]): Promise<void> {
  const text = parts.join('\n');
  const kernel = jupyter();
  if (kernel) {
    await kernel.display({ 'text/plain': text }, { raw: true });
    await settle();
  }
  else console.log(text);
}

/** Renders `spec` and shows it as image/png. Throws on any vega warning rather than drawing a wrong chart. */
export async function showChart(spec: ChartSpec): Promise<void> {
  const { svg, warnings } = await renderSvg(spec);
  if (warnings.length > 0) throw new Error(`chart: ${warnings.join('; ')}`);
  const png = renderPng(svg);
  const title = typeof spec.title === 'string' ? spec.title : (spec.title?.text ?? 'chart');
  const kernel = jupyter();
  if (kernel) {
    await kernel.display({ 'image/png': png.toString('base64'), 'text/plain': `[chart: ${title}]` }, { raw: true });
    await settle();
  }
  else console.log(`[chart: ${title}: ${png.length} bytes of PNG; run this in a notebook to see it]`);
}
