/** Choices shared by the latency charts. */

/**
 * Log scale when the values span more than `decades` decades: a linear axis would flatten everything
 * below the knee of a load curve into the floor.
 */
export function spansDecades(values: readonly number[], decades = 1): boolean {
  const positive = values.filter((v) => v > 0);
  if (positive.length < 2) return false;
  return Math.max(...positive) / Math.min(...positive) >= Math.pow(10, decades);
}

/** Non-null, finite, positive values only (what a log axis can show). */
export function finitePositive(values: ReadonlyArray<number | null | undefined>): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
}
