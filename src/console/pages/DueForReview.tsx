/**
 * "Due for review": the community's practices past their review interval, longest overdue first. A
 * coordinator (or the owner) marks one "Still right", or opens the review queue to edit or archive it.
 */

import { PracticeCard } from '../../ui/PracticeCard';
import { describeError } from '../api';
import { api } from '../connection';
import { isoDay } from '../parts/format';
import { helpedFor } from '../parts/helped';
import { announce } from '../parts/Notice';
import { useResource } from '../parts/resource';
import type { Session } from '../session';

export function DueForReview({ community, session }: { community: string; session: Session }) {
  const due = useResource(() => api.due(community), [community]);
  const verify = async (id: string, title: string) => {
    try {
      await api.verify(id);
      announce(`Marked “${title}” still right.`);
      await due.reload();
    } catch (e) {
      announce(describeError(e), 'error');
    }
  };
  return (
    <section aria-labelledby="due-heading">
      <h1 id="due-heading">Due for review</h1>
      <p class="cop-muted">
        Practices past their review interval. Owners were told once; a practice leaves this list
        when someone marks it still right.
      </p>
      {due.error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {due.error}
        </p>
      )}
      {due.data && due.data.length === 0 && <p>Nothing is due for review.</p>}
      {due.data && due.data.length > 0 && (
        <ul class="cop-list">
          {due.data.map((p) => (
            <li key={p.id}>
              <PracticeCard
                practice={p}
                headingLevel={2}
                onHelped={helpedFor(session, p)}
                action={
                  <>
                    <span class="cop-muted">due since {isoDay(Date.parse(p.reviewDueAt))}</span>
                    <button
                      type="button"
                      class="cop-button cop-button--primary"
                      onClick={() => verify(p.id, p.title)}
                    >
                      Still right
                      <span class="cop-visually-hidden">: {p.title}</span>
                    </button>
                  </>
                }
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
