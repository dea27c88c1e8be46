/**
 * The sponsor's overview: health, value and stewardship of each community they sponsor (every community
 * for an admin), as charts with their tables and as one table, downloadable as CSV or JSON. Counts and
 * shares only: nobody's name.
 */
import type { CommunityOverview } from '../../core/stewardship-schemas';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import { api } from '../connection';
import { Chart } from '../parts/Chart';
import { saveFile } from '../parts/download';
import { LoadError } from '../parts/form';
import { duration, isoDay, percent } from '../parts/format';
import { LEVELS } from '../parts/levels';
import { announce, announceError } from '../parts/Notice';
import { DIRECTORY_HREF } from '../router';

/** Shares as whole percentages, so the chart's axis reads like the table. */
const percentOf = (share: number | null) => (share === null ? 0 : Math.round(share * 100));

export function Overview() {
  const overview = useResource(() => api.overview(), []);
  const download = useAction(
    async (format: 'csv' | 'json') => {
      const text = await api.overviewFile(format);
      saveFile(
        `overview-${isoDay(Date.now())}.${format}`,
        text,
        format === 'csv' ? 'text/csv' : 'application/json',
      );
      announce(`Downloaded the overview as ${format.toUpperCase()}.`);
    },
    { onError: announceError },
  ).run;
  const communities = overview.data?.communities ?? [];
  const names = communities.map((c) => c.name);
  return (
    <main class="console-main">
      <p>
        <a href="#/">Console</a> · <a href={DIRECTORY_HREF}>Directory</a>
      </p>
      <section aria-labelledby="overview-heading">
        <h1 id="overview-heading">Overview</h1>
        <p class="cop-muted">
          The communities you sponsor, over the last 90 days where a figure says so. Counts and
          shares only: the overview names nobody.
        </p>
        <LoadError error={overview.error} />
        {overview.loading && !overview.data && <p role="status">Loading figures…</p>}
        {overview.data && communities.length === 0 && <p>There is no community to show yet.</p>}
        {communities.length > 0 && (
          <>
            <div class="cop-row console-exports">
              <button type="button" class="cop-button" onClick={() => download('csv')}>
                Download CSV
              </button>
              <button type="button" class="cop-button" onClick={() => download('json')}>
                Download JSON
              </button>
            </div>
            <div class="console-charts">
              <Chart
                title="People at each level, by community"
                labels={names}
                series={LEVELS.map(([label, level]) => ({
                  label,
                  values: communities.map((c) => c.health.levels[level]),
                }))}
              />
              <Chart
                title="Value given in the last 90 days, by community"
                labels={names}
                series={[
                  { label: 'Helped', values: communities.map((c) => c.value.helped90d) },
                  {
                    label: 'Answered by existing knowledge',
                    values: communities.map((c) => c.value.answeredByExisting90d),
                  },
                ]}
              />
              <Chart
                title="Practices current (%), by community"
                labels={names}
                series={[
                  {
                    label: 'Current',
                    values: communities.map((c) => percentOf(c.stewardship.shareCurrent)),
                  },
                ]}
              />
            </div>
            <OverviewTable communities={communities} />
          </>
        )}
      </section>
    </main>
  );
}

function OverviewTable({ communities }: { communities: CommunityOverview[] }) {
  return (
    <table class="console-table" aria-label="Communities you sponsor">
      <thead>
        <tr>
          <th scope="col">Community</th>
          <th scope="col">Members</th>
          <th scope="col">Questions answered</th>
          <th scope="col">Median first answer</th>
          <th scope="col">Helped</th>
          <th scope="col">Answered by existing knowledge</th>
          <th scope="col">Practices current</th>
          <th scope="col">Due for review</th>
          <th scope="col">Featured</th>
        </tr>
      </thead>
      <tbody>
        {communities.map((c) => (
          <tr key={c.slug} data-community={c.slug}>
            <th scope="row">{c.name}</th>
            <td>{c.health.members}</td>
            <td>
              {c.value.questionsAnswered} ({percent(c.value.shareAnswered)})
            </td>
            <td>{duration(c.value.medianFirstAnswerMs)}</td>
            <td>{c.value.helped}</td>
            <td>{c.value.answeredByExisting}</td>
            <td>{percent(c.stewardship.shareCurrent)}</td>
            <td>{c.stewardship.due}</td>
            <td>{c.featured.map((f) => f.title).join('; ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
