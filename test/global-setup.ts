/**
 * The CLI runs from dist/ (bin/reqpath.js imports dist/cli.js). Tests that spawn it must see the current
 * sources, so dist/ is rebuilt here whenever src/ changed since the last build (a no-op otherwise).
 */
// @ts-expect-error: a plain ES module script without declarations
import { buildDist } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await buildDist();
}
