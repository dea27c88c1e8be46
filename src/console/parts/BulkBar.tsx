/** The review queue's bulk actions on the selected practices, rejecting with one note for all. */
import { useState } from 'preact/hooks';
import type { ReviewAction } from '../../core/schemas';
import { ActionButton, NoteInput } from './form';

const ONE_CLICK: [ReviewAction['action'], string][] = [
  ['publish', 'Publish selected'],
  ['feature', 'Feature selected'],
  ['archive', 'Archive selected'],
];

export function BulkBar({
  count,
  allChosen,
  busy,
  onSelectAll,
  onReview,
  onMerge,
}: {
  /** How many practices are selected. */
  count: number;
  allChosen: boolean;
  busy: boolean;
  /** Selects every practice, or none when all are. */
  onSelectAll: () => void;
  onReview: (action: ReviewAction['action'], note?: string) => Promise<unknown>;
  onMerge: () => void;
}) {
  const [note, setNote] = useState('');
  return (
    <div class="console-bulk" role="toolbar" aria-label="Bulk actions">
      <label>
        <input type="checkbox" checked={allChosen} onChange={onSelectAll} /> Select all
      </label>
      <span aria-live="polite">{count} selected</span>
      {ONE_CLICK.map(([action, label]) => (
        <button
          key={action}
          type="button"
          class="cop-button cop-button--small"
          disabled={count === 0 || busy}
          onClick={() => onReview(action)}
        >
          {label}
        </button>
      ))}
      <ActionButton small disabled={count < 2 || busy} onClick={onMerge}>
        Merge selected
      </ActionButton>
      <NoteInput
        label="Note for rejecting the selected practices"
        placeholder="Why they are rejected"
        value={note}
        onValue={setNote}
      />
      <ActionButton
        small
        disabled={count === 0 || !note.trim() || busy}
        onClick={() => onReview('reject', note.trim()).then(() => setNote(''))}
      >
        Reject selected
      </ActionButton>
    </div>
  );
}
