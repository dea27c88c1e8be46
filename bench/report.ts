/**
 * The benchmark report: figures with their runs, median, spread and goal, printed as one Markdown table
 * and written to bench/results/report.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';

export interface Goal {
  op: '<=' | '<' | '>=' | '>' | '=';
  value: number;
}

/** One measured quantity: one value per repeated run (or per sample when that is what the goal is about). */
export interface Figure {
  section: string;
  name: string;
  unit: string;
  runs: number[];
  goal?: Goal;
  note?: string;
}

export interface Summary extends Figure {
  median: number;
  lo: number;
  hi: number;
  spread: 'p5–p95' | 'min–max';
  /** null when the figure has no goal. */
  met: boolean | null;
}

export interface Skip {
  section: string;
  reason: string;
}

export interface BenchError {
  section: string;
  message: string;
}

export interface Report {
  mode: 'quick' | 'full';
  startedAt: string;
  durationS: number;
  machine: { cpus: number; cpu: string; memoryGb: number; node: string; platform: string };
  figures: Summary[];
  skipped: Skip[];
  errors: BenchError[];
  /** Free-form facts a benchmark wants on record (data set sizes, generator used, why a goal was missed). */
  notes: Record<string, unknown>;
}

/** The value at quantile `q` of an ascending list (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

export const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);
export const median = (values: readonly number[]) => quantile(ascending(values), 0.5);

export function meets(value: number, goal: Goal): boolean {
  switch (goal.op) {
    case '<=':
      return value <= goal.value;
    case '<':
      return value < goal.value;
    case '>=':
      return value >= goal.value;
    case '>':
      return value > goal.value;
    case '=':
      return value === goal.value;
  }
}

/** Median and spread: p5–p95 once there are enough runs for it to mean something, min–max before. */
export function summarize(figure: Figure): Summary {
  const sorted = ascending(figure.runs.filter((v) => Number.isFinite(v)));
  const wide = sorted.length >= 20;
  const mid = quantile(sorted, 0.5);
  return {
    ...figure,
    median: mid,
    lo: wide ? quantile(sorted, 0.05) : (sorted[0] ?? Number.NaN),
    hi: wide ? quantile(sorted, 0.95) : (sorted.at(-1) ?? Number.NaN),
    spread: wide ? 'p5–p95' : 'min–max',
    met: figure.goal && Number.isFinite(mid) ? meets(mid, figure.goal) : null,
  };
}

/** Collects figures from every benchmark of one `npm run bench`. */
export class Recorder {
  readonly figures: Summary[] = [];
  readonly skipped: Skip[] = [];
  readonly errors: BenchError[] = [];
  readonly notes: Record<string, unknown> = {};

  add(figure: Figure): Summary {
    const summary = summarize(figure);
    this.figures.push(summary);
    const spread = `${format(summary.lo)}–${format(summary.hi)}`;
    const goal = summary.goal ? `  goal ${summary.goal.op} ${format(summary.goal.value)}` : '';
    const met = summary.met === null ? '' : summary.met ? '  ✓' : '  ✗';
    console.log(
      `  ${summary.section} · ${summary.name}: ${format(summary.median)} ${summary.unit} (${spread})${goal}${met}`,
    );
    return summary;
  }

  skip(section: string, reason: string) {
    this.skipped.push({ section, reason });
    console.log(`  ${section}: skipped — ${reason}`);
  }

  fail(section: string, error: unknown) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.errors.push({ section, message });
    console.error(`  ${section}: FAILED — ${message}`);
  }

  note(key: string, value: unknown) {
    this.notes[key] = value;
  }
}

/** Numbers as a person reads them: few significant digits, thousands separated. */
export function format(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
}

export function machine(): Report['machine'] {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function toMarkdown(report: Report): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const lines = [
    `## CoP Kit benchmarks (${report.mode}, ${report.startedAt}, ${report.durationS} s)`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpu}, ${report.machine.memoryGb} GB, Node ${report.machine.node}; load average at start and end: ${JSON.stringify(report.notes['load average (1 min) at start and end'] ?? '?')}`,
    '',
    '| section | figure | median | spread | runs | goal | met? |',
    '|---|---|---:|---|---:|---|:---:|',
  ];
  for (const f of report.figures) {
    const unit = f.unit ? ` ${f.unit}` : '';
    lines.push(
      `| ${cell(f.section)} | ${cell(f.name)}${f.note ? ` (${cell(f.note)})` : ''} | ${format(f.median)}${unit} | ${format(f.lo)}–${format(f.hi)} (${f.spread}) | ${f.runs.length} | ${f.goal ? `${f.goal.op} ${format(f.goal.value)}${unit}` : ''} | ${f.met === null ? '' : f.met ? 'yes' : '**no**'} |`,
    );
  }
  if (report.skipped.length) {
    lines.push('', 'Skipped:');
    for (const s of report.skipped) lines.push(`- ${s.section}: ${s.reason}`);
  }
  if (report.errors.length) {
    lines.push('', 'Crashed:');
    for (const e of report.errors) lines.push(`- ${e.section}: ${e.message.split('\n')[0]}`);
  }
  return lines.join('\n');
}

export function writeReport(file: string, report: Report) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
