/** Choosing which practice to keep when merging duplicates, with what the merged one will carry. */
import { useState } from 'preact/hooks';
import type { PracticeStatus } from '../../core/types';
import { useAction } from '../../ui/use-action';
import { api } from '../connection';
import { ActionButton, FormError } from './form';

export interface MergeCandidate {
  id: string;
  title: string;
  status: PracticeStatus;
  featured: boolean;
  version: number;
  endorsements?: number;
  sources?: number;
}

const VISIBILITY: Record<string, number> = { published: 3, captured: 2, archived: 1, rejected: 0 };

/** Keep the most visible one (featured, then published); among equals the first listed. */
export function defaultKeep(candidates: MergeCandidate[]): string {
  return [...candidates].sort(
    (a, b) =>
      Number(b.featured) - Number(a.featured) ||
      (VISIBILITY[b.status] ?? 0) - (VISIBILITY[a.status] ?? 0),
  )[0]!.id;
}

export function MergePanel({
  candidates,
  onMerged,
  onCancel,
}: {
  candidates: MergeCandidate[];
  onMerged: (keptTitle: string, count: number) => void;
  onCancel: () => void;
}) {
  const [keep, setKeep] = useState(() => defaultKeep(candidates));
  const kept = candidates.find((c) => c.id === keep)!;
  const others = candidates.filter((c) => c.id !== keep);

  const merge = useAction(async () => {
    await api.merge(
      kept.id,
      kept.version,
      others.map((o) => ({ id: o.id, baseVersion: o.version })),
    );
    onMerged(kept.title, others.length);
  });

  return (
    <section class="console-merge" aria-label="Merge duplicates">
      <fieldset>
        <legend>Keep which practice? The others are merged into it and archived.</legend>
        {candidates.map((c) => (
          <label key={c.id} class="console-choice">
            <input
              type="radio"
              name="merge-keep"
              value={c.id}
              checked={c.id === keep}
              onChange={() => setKeep(c.id)}
            />
            <span>
              {c.title} <span class="cop-badge">{c.featured ? 'featured' : c.status}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p class="cop-muted">
        “{kept.title}” keeps every source, tag and endorsement of the {others.length} other
        {others.length === 1 ? '' : 's'}; a person who endorsed several counts once.
      </p>
      <FormError error={merge.error} />
      <div class="cop-actions">
        <ActionButton primary disabled={merge.busy} onClick={() => void merge.run()}>
          Merge into “{kept.title}”
        </ActionButton>
        <button type="button" class="cop-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
