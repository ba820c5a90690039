/** What a benchmark hands back: its printed line, and rows for the table in docs/performance.md. */
export interface BenchResult {
  name: string;
  /** One line, e.g. `me-throughput: 4,210 req/s, p99 18 ms; baseline ...; ratio 0.20`. */
  line: string;
  /** Samples and side notes, printed indented under the line. */
  details?: string[];
  rows: Row[];
}

export interface Row {
  metric: string;
  value: string;
  baseline: string;
  ratio: string;
  /** e.g. `< 2,000 ms`; absent when the metric has no target. */
  target?: string;
  pass?: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** 4210.4 -> "4,210" */
export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** ours / baseline, two decimals: "0.20", "12.40". */
export function ratio(ours: number, baseline: number): string {
  return baseline > 0 ? (ours / baseline).toFixed(2) : 'n/a';
}

export function passFail(pass: boolean | undefined): string {
  return pass === undefined ? '—' : pass ? 'pass' : 'FAIL';
}

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| Metric | Commonplace | Baseline (same run) | Ratio | Target | Result |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.metric} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target ?? '—'} | ${passFail(r.pass)} |`),
  ];
  return lines.join('\n');
}
