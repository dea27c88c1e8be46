/**
 * `npm run bench [-- --quick] [--only=store,load,mixed,core,anchoring,sync,search,suggestions,widgets,extension] [--engine=sqlite|postgres]`:
 * runs every benchmark, prints one Markdown table and writes bench/results/report.json.
 * Exits 0 unless a benchmark crashed; a missed goal is a figure, not a failure.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchAnchoring } from './anchoring';
import { benchCore } from './core';
import { benchExtensionHostCost } from './extension-host-cost';
import { ROOT } from './fixtures/dataset';
import { benchLoad } from './load';
import { benchLocalSearchFigures } from './local-search';
import { benchMixed } from './mixed';
import { machine, Recorder, type Report, toMarkdown, writeReport } from './report';
import { availableEngines, benchStoreLatency, type Engine, prepareStore, storeSpec } from './store';
import { benchSuggestions } from './suggestions';
import { benchSyncInBrowser } from './sync-browser';
import { benchWidgets } from './widgets';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = args.includes('--quick');
const only = flag('only')?.split(',');
const wanted = (name: string) => !only || only.includes(name);

const rec = new Recorder();
const startedAt = new Date();
// Other work on the machine skews every figure: record how busy it was.
const loadAtStart = loadavg()[0]!;
const t0 = performance.now();

/** Runs one benchmark; a crash is recorded and the others still run. */
async function section(name: string, work: () => Promise<void>) {
  console.log(`\n▶ ${name}`);
  const started = performance.now();
  try {
    await work();
  } catch (error) {
    rec.fail(name, error);
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

if (wanted('store') || wanted('load')) {
  const { engines: found, postgres } = await availableEngines();
  const engineFlag = flag('engine') as Engine | undefined;
  const engines = engineFlag ? found.filter((e) => e === engineFlag) : found;
  if (!postgres)
    rec.skip('Store on PostgreSQL', 'no PostgreSQL answered (set DATABASE_URL to measure it)');
  const spec = storeSpec(quick);
  for (const engine of engines) {
    if (wanted('store')) {
      await section(`store latency on ${engine}`, async () => {
        const prepared = await prepareStore(engine, spec, postgres, rec);
        try {
          await benchStoreLatency(
            rec,
            prepared,
            quick ? { rounds: 3, samples: 20, warmup: 5 } : { rounds: 5, samples: 200, warmup: 30 },
          );
        } finally {
          await prepared.dispose();
        }
      });
    }
    if (wanted('load')) {
      await section(`load on ${engine}`, () => benchLoad(rec, { engine, spec, postgres, quick }));
    }
  }
}

if (wanted('mixed')) {
  const { postgres } = await availableEngines();
  const engine = flag('engine') as Engine | undefined;
  await section('mixed traffic', () =>
    benchMixed(rec, { quick, postgres: engine === 'sqlite' ? null : postgres }),
  );
}

if (wanted('core')) await section('text work', async () => benchCore(rec, { quick }));
if (wanted('anchoring')) await section('anchoring', async () => benchAnchoring(rec, { quick }));
if (wanted('sync')) await section('sync in the browser', () => benchSyncInBrowser(rec, { quick }));
if (wanted('search'))
  await section('local search', async () => benchLocalSearchFigures(rec, { quick }));
if (wanted('widgets')) await section('widgets', () => benchWidgets(rec, { quick }));
if (wanted('suggestions'))
  await section('question suggestions', () => benchSuggestions(rec, { quick }));
if (wanted('extension'))
  await section('extension host cost', () => benchExtensionHostCost(rec, { quick }));

rec.note(
  'load average (1 min) at start and end',
  [loadAtStart, loadavg()[0]!].map((l) => Math.round(l * 10) / 10),
);
const report: Report = {
  mode: quick ? 'quick' : 'full',
  startedAt: startedAt.toISOString(),
  durationS: Math.round((performance.now() - t0) / 1000),
  machine: machine(),
  figures: rec.figures,
  skipped: rec.skipped,
  errors: rec.errors,
  notes: rec.notes,
};
const file = join(ROOT, 'bench', 'results', 'report.json');
writeReport(file, report);
console.log(`\n${toMarkdown(report)}\n\nReport: ${file}`);
process.exit(rec.errors.length ? 1 : 0);
