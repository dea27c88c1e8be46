/**
 * "Due for review": the community's practices past their review interval, longest overdue first. A
 * coordinator (or the owner) marks one "Still right", or opens the review queue to edit or archive it.
 */
import type { Practice } from '../../core/types';
import { PracticeCard } from '../../ui/PracticeCard';
import { useResource } from '../../ui/use-resource';
import { api } from '../connection';
import { LoadError } from '../parts/form';
import { isoDay } from '../parts/format';
import { helpedFor } from '../parts/helped';
import { announce } from '../parts/Notice';
import type { Session } from '../session';

export function DueForReview({ community, session }: { community: string; session: Session }) {
  const due = useResource(() => api.due(community), [community]);
  // The card's "Still right" (the same button as in the widgets and the extension); the list then drops it.
  const verify = async (p: Practice) => {
    const verified = await api.verify(p.id);
    announce(`Marked “${p.title}” still right.`);
    await due.reload();
    return verified;
  };
  return (
    <section aria-labelledby="due-heading">
      <h1 id="due-heading">Due for review</h1>
      <p class="cop-muted">
        Practices past their review interval. Owners were told once; a practice leaves this list
        when someone marks it still right.
      </p>
      <LoadError error={due.error} />
      {due.data && due.data.length === 0 && <p>Nothing is due for review.</p>}
      {due.data && due.data.length > 0 && (
        <ul class="cop-list">
          {due.data.map((p) => (
            <li key={p.id}>
              <PracticeCard
                practice={p}
                headingLevel={2}
                onHelped={helpedFor(session, p)}
                onVerify={verify}
                action={
                  <span class="cop-muted">due since {isoDay(Date.parse(p.reviewDueAt))}</span>
                }
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
