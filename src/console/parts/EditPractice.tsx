/**
 * Editing a practice from the version the coordinator saw. When someone changed it meanwhile the
 * store keeps both, and this shows them side by side to choose; nothing is silently overwritten.
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../../client/api';
import { PRACTICE_KINDS } from '../../core/kinds';
import type { PracticePatch } from '../../core/schemas';
import type { Practice } from '../../core/types';
import { type ConflictView, describeError, type EditConflict } from '../api';
import { api } from '../connection';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [clash, setClash] = useState<EditConflict | null>(null);
  const id = `edit-${practice.id}`;

  const save = async (event: Event) => {
    event.preventDefault();
    const patch = patchFrom(practice, draft);
    if (!Object.keys(patch).length) return onCancel();
    setBusy(true);
    setError('');
    try {
      onSaved(await api.edit(practice.id, practice.version, patch));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'edit_conflict') {
        const details = e.details as Omit<EditConflict, 'status' | 'message'>;
        setClash({ status: 'conflict', message: e.message, ...details });
      } else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  if (clash)
    return (
      <ConflictChoice
        conflict={{ ...clash.conflict, authorName: 'you', practice: clash.practice }}
        message={clash.message}
        onResolved={onSaved}
      />
    );

  const set = (key: keyof typeof draft) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  return (
    <form class="cop-form console-edit" onSubmit={save} aria-label={`Edit “${practice.title}”`}>
      <div class="cop-field">
        <label for={`${id}-title`}>Title</label>
        <input id={`${id}-title`} type="text" required value={draft.title} onInput={set('title')} />
      </div>
      <div class="cop-field">
        <label for={`${id}-body`}>Body</label>
        <textarea id={`${id}-body`} rows={5} value={draft.body} onInput={set('body')} />
      </div>
      <div class="cop-row">
        <div class="cop-field">
          <label for={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={draft.kind} onChange={set('kind')}>
            {PRACTICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div class="cop-field console-grow">
          <label for={`${id}-tags`}>Tags</label>
          <input id={`${id}-tags`} type="text" value={draft.tags} onInput={set('tags')} />
          <span class="cop-hint">Separate tags with commas</span>
        </div>
      </div>
      {error && (
        <p class="cop-error" role="alert">
          {error}
        </p>
      )}
      <div class="cop-actions">
        <button type="submit" class="cop-button cop-button--primary" disabled={busy}>
          Save edit
        </button>
        <button type="button" class="cop-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const stored = conflict.practice;
  const fields = FIELDS.filter((f) => f in conflict.proposed);
  const resolve = async (keep: 'current' | 'proposed') => {
    setBusy(true);
    setError('');
    try {
      onResolved((await api.resolveConflict(conflict.id, keep, stored.version)).practice);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="console-conflict" aria-label={`Conflicting edit of “${stored.title}”`}>
      <p class="cop-notice cop-notice--warn">
        {message ??
          `${conflict.authorName} edited version ${conflict.baseVersion}, but the practice is now at version ${stored.version}.`}
      </p>
      <table class="console-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Stored now (version {stored.version})</th>
            <th scope="col">Proposed edit (from version {conflict.baseVersion})</th>
          </tr>
        </thead>
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
      {error && (
        <p class="cop-error" role="alert">
          {error}
        </p>
      )}
      <div class="cop-actions">
        <button type="button" class="cop-button" disabled={busy} onClick={() => resolve('current')}>
          Keep the stored version
        </button>
        <button
          type="button"
          class="cop-button cop-button--primary"
          disabled={busy}
          onClick={() => resolve('proposed')}
        >
          Apply the proposed edit
        </button>
      </div>
    </section>
  );
}
