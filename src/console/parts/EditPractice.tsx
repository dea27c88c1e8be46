/**
 * Editing a practice from the version the coordinator saw. When someone changed it meanwhile the
 * store keeps both, and this shows them side by side to choose; nothing is silently overwritten.
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../../client/api';
import { PRACTICE_KINDS } from '../../core/kinds';
import type { PracticePatch } from '../../core/schemas';
import type { Practice } from '../../core/types';
import { useAction } from '../../ui/use-action';
import type { ConflictView, EditConflict } from '../api';
import { api } from '../connection';
import { ActionButton, FormError, SelectField, SubmitRow, submitting, TextField } from './form';
import { TableHead } from './TableHead';

const FIELDS = ['title', 'body', 'kind', 'tags'] as const;
const LABELS: Record<(typeof FIELDS)[number], string> = {
  title: 'Title',
  body: 'Body',
  kind: 'Kind',
  tags: 'Tags',
};

/** Only the fields that changed, so an edit touches nothing else. */
export function patchFrom(
  p: Practice,
  draft: { title: string; body: string; kind: string; tags: string },
): PracticePatch {
  const tags = draft.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const patch: PracticePatch = {};
  if (draft.title.trim() !== p.title) patch.title = draft.title.trim();
  if (draft.body.trim() !== p.body) patch.body = draft.body.trim();
  if (draft.kind !== p.kind) patch.kind = draft.kind as Practice['kind'];
  if (tags.join(',') !== p.tags.join(',')) patch.tags = tags;
  return patch;
}

export function EditPractice({
  practice,
  onSaved,
  onCancel,
}: {
  practice: Practice;
  onSaved: (p: Practice) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState({
    title: practice.title,
    body: practice.body,
    kind: practice.kind as string,
    tags: practice.tags.join(', '),
  });
  const [clash, setClash] = useState<EditConflict | null>(null);
  const id = `edit-${practice.id}`;

  const save = useAction(async () => {
    const patch = patchFrom(practice, draft);
    if (!Object.keys(patch).length) return onCancel();
    try {
      onSaved(await api.edit(practice.id, practice.version, patch));
    } catch (e) {
      // A conflict is not a failure to show: both versions are offered to choose from.
      if (!(e instanceof ApiError && e.code === 'edit_conflict')) throw e;
      const details = e.details as Omit<EditConflict, 'status' | 'message'>;
      setClash({ status: 'conflict', message: e.message, ...details });
    }
  });

  if (clash)
    return (
      <ConflictChoice
        conflict={{ ...clash.conflict, authorName: 'you', practice: clash.practice }}
        message={clash.message}
        onResolved={onSaved}
      />
    );

  const set = (key: keyof typeof draft) => (value: string) => setDraft({ ...draft, [key]: value });
  return (
    <form
      class="cop-form console-edit"
      onSubmit={submitting(save.run)}
      aria-label={`Edit “${practice.title}”`}
    >
      <TextField
        id={`${id}-title`}
        label="Title"
        type="text"
        required
        value={draft.title}
        onValue={set('title')}
      />
      <TextField id={`${id}-body`} label="Body" rows={5} value={draft.body} onValue={set('body')} />
      <div class="cop-row">
        <SelectField
          id={`${id}-kind`}
          label="Kind"
          value={draft.kind}
          options={PRACTICE_KINDS}
          onValue={set('kind')}
        />
        <div class="cop-field console-grow">
          <label for={`${id}-tags`}>Tags</label>
          <input
            id={`${id}-tags`}
            type="text"
            value={draft.tags}
            onInput={(e) => set('tags')(e.currentTarget.value)}
          />
          <span class="cop-hint">Separate tags with commas</span>
        </div>
      </div>
      <SubmitRow error={save.error} busy={save.busy} label="Save edit">
        <button type="button" class="cop-button" onClick={onCancel}>
          Cancel
        </button>
      </SubmitRow>
    </form>
  );
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v));

/** Both versions of a conflicting edit, field by field, and the two ways out. */
export function ConflictChoice({
  conflict,
  message,
  onResolved,
}: {
  conflict: ConflictView;
  message?: string;
  onResolved: (p: Practice) => void;
}) {
  const stored = conflict.practice;
  const fields = FIELDS.filter((f) => f in conflict.proposed);
  const resolve = useAction(async (keep: 'current' | 'proposed') =>
    onResolved((await api.resolveConflict(conflict.id, keep, stored.version)).practice),
  );
  const { busy } = resolve;
  return (
    <section class="console-conflict" aria-label={`Conflicting edit of “${stored.title}”`}>
      <p class="cop-notice cop-notice--warn">
        {message ??
          `${conflict.authorName} edited version ${conflict.baseVersion}, but the practice is now at version ${stored.version}.`}
      </p>
      <table class="console-table">
        <TableHead
          columns={[
            'Field',
            <>Stored now (version {stored.version})</>,
            <>Proposed edit (from version {conflict.baseVersion})</>,
          ]}
        />
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row">{LABELS[f]}</th>
              <td>{show(stored[f])}</td>
              <td>{show(conflict.proposed[f])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={resolve.error} />
      <div class="cop-actions">
        <ActionButton disabled={busy} onClick={() => resolve.run('current')}>
          Keep the stored version
        </ActionButton>
        <ActionButton primary disabled={busy} onClick={() => resolve.run('proposed')}>
          Apply the proposed edit
        </ActionButton>
      </div>
    </section>
  );
}
