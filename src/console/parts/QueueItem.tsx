/**
 * One practice in the review queue: the card (or its edit form), what changed, its sources, its likely
 * duplicates, and the one-click curation (or the reject form).
 */
import type { ReviewAction } from '../../core/schemas';
import type { HelpedHow } from '../../core/stewardship';
import type { Practice } from '../../core/types';
import { PracticeCard } from '../../ui/PracticeCard';
import type { QueueItem as Item } from '../api';
import { EditPractice } from './EditPractice';
import { ActionButton } from './form';
import { dateTime, timeAgo } from './format';
import type { MergeCandidate } from './MergePanel';
import { RejectForm } from './RejectForm';
import { RevisionDiff } from './RevisionDiff';

export const asCandidate = (p: Practice): MergeCandidate => ({
  id: p.id,
  title: p.title,
  status: p.status,
  featured: p.featured,
  version: p.version,
  endorsements: p.endorsements,
  sources: p.sources?.length ?? (p.source ? 1 : 0),
});

export function QueueEntry({
  practice: p,
  active,
  selected,
  mode,
  busy,
  onFocus,
  onToggle,
  onMode,
  onReview,
  onMerge,
  onSaved,
  onCancel,
  onHelped,
}: {
  practice: Item;
  /** The item keyboard shortcuts act on (the one in the tab order). */
  active: boolean;
  selected: boolean;
  /** The form open on this item, if any. */
  mode: 'edit' | 'reject' | null;
  busy: boolean;
  onFocus: () => void;
  onToggle: () => void;
  onMode: (mode: 'edit' | 'reject') => void;
  onReview: (action: ReviewAction['action'], note?: string) => void;
  onMerge: (candidates: MergeCandidate[]) => void;
  onSaved: (practice: Practice) => void;
  onCancel: () => void;
  /** "This helped", when this person may say so of this practice. */
  onHelped?: (practice: Practice, how?: HelpedHow) => Promise<void>;
}) {
  return (
    <li
      data-queue-item={p.id}
      tabIndex={active ? 0 : -1}
      class={active ? 'is-active' : ''}
      aria-label={p.title}
      onFocus={onFocus}
    >
      <label class="console-select">
        <input type="checkbox" checked={selected} onChange={onToggle} />
        <span class="cop-visually-hidden">Select “{p.title}”</span>
      </label>
      <div class="console-item">
        {mode === 'edit' ? (
          <EditPractice practice={p} onSaved={onSaved} onCancel={onCancel} />
        ) : (
          <PracticeCard
            practice={p}
            headingLevel={2}
            onHelped={onHelped}
            action={
              <span class="cop-muted" title={dateTime(p.createdAt)}>
                captured {timeAgo(p.createdAt)}
              </span>
            }
          />
        )}
        <RevisionDiff practice={p} />
        {p.sources && p.sources.length > 1 && (
          <details class="console-sources">
            <summary>{p.sources.length} sources</summary>
            <ul>
              {p.sources.map((s) => (
                <li key={`${s.url}${s.quote?.exact ?? ''}`}>
                  <a href={s.url} target="_blank" rel="noopener noreferrer">
                    {s.title || s.url}
                  </a>
                  {s.quote && <blockquote class="cop-quote">{s.quote.exact}</blockquote>}
                </li>
              ))}
            </ul>
          </details>
        )}
        {p.similar.length > 0 && (
          <div class="console-similar">
            {p.similar.map((s) => (
              <p key={s.id}>
                Possible duplicate of “{s.title}” ({Math.round(s.score * 100)}% similar, {s.status}){' '}
                <ActionButton small onClick={() => onMerge([{ ...s }, asCandidate(p)])}>
                  Merge…
                </ActionButton>
              </p>
            ))}
          </div>
        )}
        {mode === 'reject' ? (
          <RejectForm
            title={p.title}
            busy={busy}
            onReject={(note) => onReview('reject', note)}
            onCancel={onCancel}
          />
        ) : (
          <fieldset class="cop-actions console-actions">
            <legend class="cop-visually-hidden">Actions for “{p.title}”</legend>
            {p.status !== 'published' && (
              <ActionButton small primary disabled={busy} onClick={() => onReview('publish')}>
                Publish
              </ActionButton>
            )}
            <ActionButton
              small
              disabled={busy}
              onClick={() => onReview(p.featured ? 'unfeature' : 'feature')}
            >
              {p.featured ? 'Unfeature' : 'Feature'}
            </ActionButton>
            <ActionButton small disabled={busy} onClick={() => onMode('edit')}>
              Edit
            </ActionButton>
            {p.status !== 'archived' && (
              <ActionButton small disabled={busy} onClick={() => onReview('archive')}>
                Archive
              </ActionButton>
            )}
            {p.status !== 'rejected' && (
              <ActionButton small disabled={busy} onClick={() => onMode('reject')}>
                Reject…
              </ActionButton>
            )}
          </fieldset>
        )}
      </div>
    </li>
  );
}
