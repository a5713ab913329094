/** The few statistics the benchmark prints: rates, medians and latency percentiles. */

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

export interface Latency {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export function latencyOf(samplesMs: number[]): Latency {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), p99Ms: percentile(sorted, 0.99) };
}

export function perSecond(count: number, ms: number): number {
  return count / (ms / 1000);
}

/** Run `once` several times and keep the median of what it measured, so one unlucky pause does not decide the figure. */
export async function medianOf<T extends { perSecond: number }>(runs: number, once: (run: number) => Promise<T>): Promise<T & { runs: number[] }> {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await once(run));
  const sorted = [...results].sort((a, b) => a.perSecond - b.perSecond);
  return { ...sorted[Math.floor(sorted.length / 2)], runs: results.map((r) => Math.round(r.perSecond)) };
}
