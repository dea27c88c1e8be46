/**
 * The health report month by month, in Wenger's terms: people at each level (those who did nothing apart),
 * movement toward the core and away from it, questions answered and how fast, and the value given.
 */
import type { HealthReport } from '../../core/console-responses';
import { duration, percent } from './format';
import { TableHead } from './TableHead';

export function MonthByMonth({ months }: { months: HealthReport['months'] }) {
  if (!months.length) return null;
  return (
    <table class="console-table" aria-label="Month by month">
      <TableHead
        columns={[
          'Month',
          'Core',
          'Active',
          'Peripheral',
          'Did nothing',
          'Moved inward',
          'Moved outward',
          'Questions',
          'Answered',
          'Median first answer',
          'Answered by existing knowledge',
          'Helped',
          'Verified',
        ]}
      />
      <tbody>
        {months.map((m) => (
          <tr key={m.month}>
            <th scope="row">{m.month}</th>
            <td>{m.levels.core}</td>
            <td>{m.levels.active}</td>
            <td>{m.levels.peripheral}</td>
            <td>{m.levels.inactive}</td>
            <td>{m.movedInward}</td>
            <td>{m.movedOutward}</td>
            <td>{m.questions}</td>
            <td>{percent(m.shareAnswered)}</td>
            <td>{duration(m.medianFirstAnswerMs)}</td>
            <td>{m.answeredByExisting}</td>
            <td>{m.helped}</td>
            <td>{m.verifications}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
