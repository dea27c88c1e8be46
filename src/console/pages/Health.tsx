/**
 * The community's health over a chosen range, with charts, and the practices' export (CSV, JSON,
 * Markdown) and import. Figures are the store's; the page only lays them out.
 */
import { useState } from 'preact/hooks';
import { describeError } from '../../client/api';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import type { ExportFormat } from '../api';
import { api } from '../connection';
import { Chart } from '../parts/Chart';
import { saveFile } from '../parts/download';
import { LoadError } from '../parts/form';
import { duration, isoDay, percent } from '../parts/format';
import { LEVELS } from '../parts/levels';
import { MonthByMonth } from '../parts/MonthByMonth';
import { announce, announceError } from '../parts/Notice';
import { StackedBar } from '../parts/StackedBar';
import { TableHead } from '../parts/TableHead';

const WEEK = 7 * 86_400_000;
const FORMATS: [ExportFormat, string, string][] = [
  ['csv', 'CSV', 'text/csv'],
  ['json', 'JSON', 'application/json'],
  ['md', 'Markdown', 'text/markdown'],
];

/** The community's rhythm: one chart per weekly figure. */
const RHYTHM: [string, 'captures' | 'questions' | 'answers' | 'verifications'][] = [
  ['Practices captured per week', 'captures'],
  ['Questions asked per week', 'questions'],
  ['Answers given per week', 'answers'],
  ['Practices verified per week', 'verifications'],
];

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

export function Health({ community }: { community: string }) {
  const [range, setRange] = useState(() => ({
    from: isoDay(Date.now() - 12 * WEEK + 86_400_000),
    to: isoDay(Date.now()),
  }));
  const [draft, setDraft] = useState(range);
  const report = useResource(
    () => api.health(community, range.from, range.to),
    [community, range.from, range.to],
  );
  const r = report.data;

  const download = useAction(
    async (format: ExportFormat, type: string) => {
      const text = await api.exportFile(community, format);
      saveFile(`${community}-practices-${isoDay(Date.now())}.${format}`, text, type);
      announce(`Exported the practices of ${community} as ${format.toUpperCase()}.`);
    },
    { onError: announceError },
  ).run;

  const importFile = useAction(
    async (file: File) => {
      const data = JSON.parse(await file.text());
      const result = await api.importFile(community, data);
      announce(
        `Imported ${result.created.length} practices; ${result.skipped.length} were already here` +
          (result.keptOriginals === false
            ? '. They are new captures of yours, awaiting review: only an admin’s import keeps authors, status and dates.'
            : result.reassigned
              ? `; ${result.reassigned} are now yours because their author is not a member.`
              : '.'),
      );
      await report.reload();
    },
    {
      describeWith: (e) =>
        e instanceof SyntaxError
          ? 'That file is not JSON. Choose a JSON export.'
          : describeError(e),
      onError: announceError,
    },
  ).run;

  return (
    <section aria-labelledby="health-heading">
      <h1 id="health-heading">Health</h1>
      <form
        class="cop-row console-range"
        aria-label="Date range"
        onSubmit={(e) => {
          e.preventDefault();
          setRange(draft);
        }}
      >
        <div class="cop-field">
          <label for="range-from">From</label>
          <input
            id="range-from"
            type="date"
            required
            value={draft.from}
            max={draft.to}
            onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
        </div>
        <div class="cop-field">
          <label for="range-to">To</label>
          <input
            id="range-to"
            type="date"
            required
            value={draft.to}
            min={draft.from}
            onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
        </div>
        <button type="submit" class="cop-button">
          Show
        </button>
      </form>
      <LoadError error={report.error} />
      {report.loading && !r && <p role="status">Loading figures…</p>}
      {r && (
        <>
          <p class="cop-muted">
            From {r.range.from} to {r.range.to} (UTC days, both included).
          </p>
          <dl class="console-figures">
            <Figure id="captures" label="Practices captured" value={String(r.captures)} />
            <Figure
              id="share-published"
              label="Share published"
              value={percent(r.sharePublished)}
              detail={`${r.published} of ${r.captures}`}
            />
            <Figure id="questions" label="Questions asked" value={String(r.questions)} />
            <Figure
              id="answered"
              label="Questions answered"
              value={String(r.answered)}
              detail={`${percent(r.shareAnswered)} of ${r.questions}`}
            />
            <Figure
              id="first-answer"
              label="Median time to first answer"
              value={duration(r.medianFirstAnswerMs)}
            />
            <Figure id="active" label="Active members" value={String(r.activeMembers.total)} />
          </dl>
          <div class="console-charts">
            {RHYTHM.map(([title, figure]) => (
              <Chart
                key={figure}
                title={title}
                labels={r.weeks.map((w) => shortDay(w.weekStart))}
                series={[{ label: 'Count', values: r.weeks.map((w) => w[figure]) }]}
                labelEvery={Math.ceil(r.weeks.length / 12)}
              />
            ))}
            <StackedBar
              title="Captures by state"
              segments={[
                { label: 'Published', value: r.published, tone: 'a' },
                { label: 'Not published', value: r.captures - r.published, tone: 'd' },
              ]}
            />
            <StackedBar
              title="Active members by participation level"
              segments={[
                { label: 'Core', value: r.activeMembers.core, tone: 'a' },
                { label: 'Active', value: r.activeMembers.active, tone: 'b' },
                { label: 'Peripheral', value: r.activeMembers.peripheral, tone: 'c' },
              ]}
            />
          </div>
          <h2>Month by month</h2>
          {r.months.length > 0 && (
            <div class="console-charts">
              <Chart
                title="People at each level, month by month"
                kind="lines"
                labels={r.months.map((m) => m.month)}
                series={LEVELS.map(([label, level]) => ({
                  label,
                  values: r.months.map((m) => m.levels[level]),
                }))}
              />
              <Chart
                title="Value given, month by month"
                labels={r.months.map((m) => m.month)}
                series={[
                  { label: 'Helped', values: r.months.map((m) => m.helped) },
                  {
                    label: 'Answered by existing knowledge',
                    values: r.months.map((m) => m.answeredByExisting),
                  },
                  { label: 'Verified', values: r.months.map((m) => m.verifications) },
                ]}
              />
            </div>
          )}
          <MonthByMonth months={r.months} />
          <h2>Top contributors</h2>
          {r.topContributors.length === 0 ? (
            <p class="cop-muted">Nobody captured or answered in this range.</p>
          ) : (
            <table class="console-table" aria-label="Top contributors">
              <TableHead columns={['Member', 'Captures', 'Answers', 'Accepted', 'Contributions']} />
              <tbody>
                {r.topContributors.map((c) => (
                  <tr key={c.user.id}>
                    <th scope="row">{c.user.name}</th>
                    <td>{c.captures}</td>
                    <td>{c.answers}</td>
                    <td>{c.acceptedAnswers}</td>
                    <td>{c.contributions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}

      <section aria-labelledby="export-heading" class="console-export">
        <h2 id="export-heading">Export and import practices</h2>
        <p class="cop-muted">
          Every practice of the community, whatever its state. The JSON export can be imported into
          this or another community; practices already there are skipped.
        </p>
        <div class="cop-row console-exports">
          {FORMATS.map(([format, label, type]) => (
            <button
              key={format}
              type="button"
              class="cop-button"
              onClick={() => download(format, type)}
            >
              Export {label}
            </button>
          ))}
        </div>
        <div class="cop-field">
          <label for="import-file">Import a JSON export</label>
          <input
            id="import-file"
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void importFile(file);
              e.currentTarget.value = '';
            }}
          />
        </div>
      </section>
    </section>
  );
}

function Figure({
  id,
  label,
  value,
  detail,
}: {
  id: string;
  label: string;
  value: string;
  detail?: string;
}) {
  return (
    <div class="console-figure" data-figure={id}>
      <dt>{label}</dt>
      <dd>
        <span class="console-figure-value">{value}</span>
        {detail && <span class="cop-muted"> {detail}</span>}
      </dd>
    </div>
  );
}
