/**
 * The health report month by month, in Wenger's terms: people at each level (those who did nothing apart),
 * movement toward the core and away from it, questions answered and how fast, and the value given.
 */
import type { HealthReport } from '../../core/console-responses';
import { duration, percent } from './format';

export function MonthByMonth({ months }: { months: HealthReport['months'] }) {
  if (!months.length) return null;
  return (
    <table class="console-table" aria-label="Month by month">
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col">Core</th>
          <th scope="col">Active</th>
          <th scope="col">Peripheral</th>
          <th scope="col">Did nothing</th>
          <th scope="col">Moved inward</th>
          <th scope="col">Moved outward</th>
          <th scope="col">Questions</th>
          <th scope="col">Answered</th>
          <th scope="col">Median first answer</th>
          <th scope="col">Answered by existing knowledge</th>
          <th scope="col">Helped</th>
          <th scope="col">Verified</th>
        </tr>
      </thead>
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
