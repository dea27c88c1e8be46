/**
 * The difference between a published practice and the edit waiting beside it: each changed field with
 * the reviewed text (removed) and the proposed one (added), so the reviewer sees what publishing changes.
 */
import type { Practice } from '../../core/types';

const FIELDS = ['title', 'body', 'kind', 'tags'] as const;
const show = (v: string | string[]) =>
  Array.isArray(v) ? v.join(', ') || '(none)' : v || '(empty)';

/** The fields that differ, as [field, reviewed, proposed]. */
export function revisionChanges(p: Practice): [string, string, string][] {
  const r = p.pendingRevision;
  if (!r) return [];
  return FIELDS.filter((f) => show(p[f]) !== show(r[f])).map((f) => [f, show(p[f]), show(r[f])]);
}

export function RevisionDiff({ practice }: { practice: Practice }) {
  const revision = practice.pendingRevision;
  if (!revision) return null;
  const changed = revisionChanges(practice);
  return (
    <section class="console-revision" aria-label={`Proposed edit of “${practice.title}”`}>
      <h3>{revision.archive ? 'Proposed for archiving' : 'Proposed edit, waiting for review'}</h3>
      <p class="cop-muted">
        Readers see the reviewed text until you publish the edit; rejecting it keeps the practice as
        it is.
      </p>
      {changed.length > 0 && (
        <dl>
          {changed.map(([field, before, after]) => (
            <div key={field}>
              <dt>{field}</dt>
              <dd>
                <span class="cop-visually-hidden">reviewed: </span>
                <del>{before}</del> <span class="cop-visually-hidden">proposed: </span>
                <ins>{after}</ins>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
