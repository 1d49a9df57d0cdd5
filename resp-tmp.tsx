import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '/work/wt/tui/src/tui/components/App.tsx';
import { loadModel } from '/work/wt/tui/src/model/load.ts';
import { analyzeAsync } from '/work/wt/tui/src/solve/analyze.ts';
async function main() {
  const wait = async (app: any, ok: (f: string) => boolean) => { while (!ok(app.lastFrame() ?? '')) await new Promise((r) => setTimeout(r, 5)); return performance.now(); };
  for (const [file, label] of [['seda-https-json.yaml', 'no fallback'], ['acceptor-workers.yaml', 'during the fallback run']] as const) {
    const app = render(<App model={loadModel('/work/wt/tui/models/' + file)} analyze={analyzeAsync} />);
    await wait(app, (f) => f.includes('figures'));
    await new Promise((r) => setTimeout(r, 600));
    const k0 = performance.now();
    app.stdin.write('+');
    const k1 = await wait(app, (f) => /\d\*/.test(f));
    console.log(label, 'key to frame', (k1 - k0).toFixed(0), 'ms', 'still simulating:', (app.lastFrame() ?? '').includes('simulating…'));
    app.unmount();
  }
  process.exit(0);
}
main();
