/**
 * The review queue: a community's practices newest first, with source and quote, likely duplicates,
 * one-click curation, bulk actions and keyboard shortcuts. Conflicting edits wait at the top.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReviewAction } from '../../core/schemas';
import type { Practice, PracticeStatus } from '../../core/types';
import { PracticeCard } from '../../ui/PracticeCard';
import { type BulkResult, type ConflictView, describeError, type QueueItem } from '../api';
import { api } from '../connection';
import { ConflictChoice, EditPractice } from '../parts/EditPractice';
import { dateTime, timeAgo } from '../parts/format';
import { helpedFor } from '../parts/helped';
import { type MergeCandidate, MergePanel } from '../parts/MergePanel';
import { announce } from '../parts/Notice';
import { RevisionDiff } from '../parts/RevisionDiff';
import { useResource } from '../parts/resource';
import { QUEUE_KEY_HELP, queueCommand } from '../parts/shortcuts';
import type { Session } from '../session';

const FILTERS: [PracticeStatus | 'all', string][] = [
  ['captured', 'New captures'],
  ['published', 'Published'],
  ['archived', 'Archived'],
  ['rejected', 'Rejected'],
  ['all', 'All'],
];

const DONE: Record<ReviewAction['action'], string> = {
  publish: 'Published',
  feature: 'Featured',
  unfeature: 'Unfeatured',
  archive: 'Archived',
  reject: 'Rejected',
};

type Mode =
  | { kind: 'edit'; id: string }
  | { kind: 'reject'; id: string }
  | { kind: 'merge'; candidates: MergeCandidate[] }
  | null;

const asCandidate = (p: Practice): MergeCandidate => ({
  id: p.id,
  title: p.title,
  status: p.status,
  featured: p.featured,
  version: p.version,
  endorsements: p.endorsements,
  sources: p.sources?.length ?? (p.source ? 1 : 0),
});

export function ReviewQueue({ community, session }: { community: string; session: Session }) {
  const [filter, setFilter] = useState<PracticeStatus | 'all'>('captured');
  const queue = useResource(() => api.queue(community, filter), [community, filter]);
  const conflicts = useResource(() => api.conflicts(community), [community]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [active, setActive] = useState(0);
  const [mode, setMode] = useState<Mode>(null);
  const [help, setHelp] = useState(false);
  const [bulkNote, setBulkNote] = useState('');
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const items = queue.data ?? [];

  /** Puts the store's answer in the list; a practice that left this filter leaves the list. */
  const applyResults = (results: BulkResult[]) => {
    const changed = new Map(
      results.flatMap((r) => (r.status === 'applied' ? [[r.id, r.practice] as const] : [])),
    );
    queue.set((list) =>
      (list ?? []).flatMap((item) => {
        const next = changed.get(item.id);
        if (!next) return [item];
        if (filter !== 'all' && next.status !== filter) return [];
        return [{ ...next, similar: item.similar }];
      }),
    );
    setSelected((s) => new Set([...s].filter((id) => !changed.has(id))));
  };

  const review = async (action: ReviewAction['action'], targets: QueueItem[], note?: string) => {
    if (!targets.length) return;
    setBusy(true);
    try {
      const results = await api.review(
        action,
        targets.map((p) => ({ id: p.id, baseVersion: p.version })),
        note,
      );
      applyResults(results);
      const failed = results.filter((r) => r.status !== 'applied');
      const done = results.length - failed.length;
      if (failed.length) {
        announce(
          `${DONE[action]} ${done} of ${results.length}. ${failed
            .map((f) => ('error' in f ? f.error.message : ''))
            .join(' ')}`,
          'error',
        );
        void queue.reload();
      } else {
        announce(
          targets.length === 1
            ? `${DONE[action]} “${targets[0]!.title}”.`
            : `${DONE[action]} ${done} practices.`,
        );
      }
      setMode(null);
    } catch (e) {
      announce(describeError(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  const replace = (practice: Practice) => {
    applyResults([{ id: practice.id, status: 'applied', practice }]);
    setMode(null);
  };

  const mergeFor = (item: QueueItem): Mode => {
    const top = item.similar[0];
    if (!top) return null;
    return {
      kind: 'merge',
      candidates: [top, asCandidate(item)],
    };
  };

  // Keyboard shortcuts act on the active practice; they never fire while typing.
  const state = { items, active, mode, selected, busy };
  const stateRef = useRef(state);
  stateRef.current = state;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = queueCommand(event);
      if (!command) return;
      const { items, active, busy } = stateRef.current;
      if (command === 'help') {
        setHelp((h) => !h);
        event.preventDefault();
        return;
      }
      const item = items[active];
      if (!item || busy) return;
      event.preventDefault();
      switch (command) {
        case 'next':
        case 'previous': {
          const next = Math.max(
            0,
            Math.min(items.length - 1, active + (command === 'next' ? 1 : -1)),
          );
          setActive(next);
          focusItem(next);
          return;
        }
        case 'select':
          toggle(item.id);
          return;
        case 'publish':
          void review('publish', [item]);
          return;
        case 'feature':
          void review(item.featured ? 'unfeature' : 'feature', [item]);
          return;
        case 'archive':
          void review('archive', [item]);
          return;
        case 'reject':
          setMode({ kind: 'reject', id: item.id });
          return;
        case 'edit':
          setMode({ kind: 'edit', id: item.id });
          return;
        case 'merge':
          setMode(mergeFor(item));
          return;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const focusItem = (index: number) =>
    requestAnimationFrame(() => {
      const el = listRef.current?.querySelectorAll<HTMLElement>('[data-queue-item]')[index];
      el?.focus();
      el?.scrollIntoView({ block: 'nearest' });
    });

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const chosen = items.filter((p) => selected.has(p.id));
  const allChosen = items.length > 0 && chosen.length === items.length;

  return (
    <section aria-labelledby="queue-heading">
      <div class="console-titlebar">
        <h1 id="queue-heading">Review queue</h1>
        <button
          type="button"
          class="cop-button cop-button--link"
          aria-expanded={help}
          onClick={() => setHelp(!help)}
        >
          Keyboard shortcuts
        </button>
      </div>
      {help && (
        <aside class="console-help" aria-label="Keyboard shortcuts">
          <dl>
            {QUEUE_KEY_HELP.map(([keys, what]) => (
              <div key={keys}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </aside>
      )}

      {(conflicts.data?.length ?? 0) > 0 && (
        <section class="console-conflicts" aria-labelledby="conflicts-heading">
          <h2 id="conflicts-heading">Conflicting edits ({conflicts.data!.length})</h2>
          <p class="cop-muted">
            These edits started from an older version. Both versions are kept until you choose.
          </p>
          {conflicts.data!.map((c: ConflictView) => (
            <div key={c.id} class="console-conflict-item">
              <h3>{c.practice.title}</h3>
              <ConflictChoice
                conflict={c}
                onResolved={(p) => {
                  replace(p);
                  announce(`Conflict on “${p.title}” resolved.`);
                  void conflicts.reload();
                }}
              />
            </div>
          ))}
        </section>
      )}

      <fieldset class="console-filter">
        <legend class="cop-visually-hidden">Show</legend>
        {FILTERS.map(([value, label]) => (
          <label key={value} class={`console-pill${filter === value ? ' is-on' : ''}`}>
            <input
              type="radio"
              name="queue-filter"
              value={value}
              checked={filter === value}
              onChange={() => {
                setFilter(value);
                setSelected(new Set());
                setActive(0);
                setMode(null);
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>

      <div class="console-bulk" role="toolbar" aria-label="Bulk actions">
        <label>
          <input
            type="checkbox"
            checked={allChosen}
            onChange={() => setSelected(allChosen ? new Set() : new Set(items.map((p) => p.id)))}
          />{' '}
          Select all
        </label>
        <span aria-live="polite">{chosen.length} selected</span>
        <button
          type="button"
          class="cop-button cop-button--small"
          disabled={!chosen.length || busy}
          onClick={() => review('publish', chosen)}
        >
          Publish selected
        </button>
        <button
          type="button"
          class="cop-button cop-button--small"
          disabled={!chosen.length || busy}
          onClick={() => review('feature', chosen)}
        >
          Feature selected
        </button>
        <button
          type="button"
          class="cop-button cop-button--small"
          disabled={!chosen.length || busy}
          onClick={() => review('archive', chosen)}
        >
          Archive selected
        </button>
        <button
          type="button"
          class="cop-button cop-button--small"
          disabled={chosen.length < 2 || busy}
          onClick={() => setMode({ kind: 'merge', candidates: chosen.map(asCandidate) })}
        >
          Merge selected
        </button>
        <input
          type="text"
          aria-label="Note for rejecting the selected practices"
          placeholder="Why they are rejected"
          value={bulkNote}
          onInput={(e) => setBulkNote(e.currentTarget.value)}
        />
        <button
          type="button"
          class="cop-button cop-button--small"
          disabled={!chosen.length || !bulkNote.trim() || busy}
          onClick={() => review('reject', chosen, bulkNote.trim()).then(() => setBulkNote(''))}
        >
          Reject selected
        </button>
      </div>

      {mode?.kind === 'merge' && (
        <MergePanel
          candidates={mode.candidates}
          onMerged={(title, count) => {
            announce(`Merged ${count} duplicate${count === 1 ? '' : 's'} into “${title}”.`);
            setMode(null);
            setSelected(new Set());
            void queue.reload();
          }}
          onCancel={() => setMode(null)}
        />
      )}

      {queue.error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {queue.error}
        </p>
      )}
      {queue.loading && !queue.data && <p role="status">Loading practices…</p>}
      {queue.data && items.length === 0 && (
        <p class="cop-muted">Nothing here. When members capture practices they appear here.</p>
      )}

      {items.length >= 100 && (
        <p class="cop-muted">Showing the 100 newest; curate these and the next ones appear.</p>
      )}
      <ol class="console-queue" ref={listRef}>
        {items.map((p, index) => (
          <li
            key={p.id}
            data-queue-item={p.id}
            tabIndex={index === active ? 0 : -1}
            class={index === active ? 'is-active' : ''}
            aria-label={p.title}
            onFocus={() => setActive(index)}
          >
            <label class="console-select">
              <input type="checkbox" checked={selected.has(p.id)} onChange={() => toggle(p.id)} />
              <span class="cop-visually-hidden">Select “{p.title}”</span>
            </label>
            <div class="console-item">
              {mode?.kind === 'edit' && mode.id === p.id ? (
                <EditPractice
                  practice={p}
                  onSaved={(next) => {
                    replace(next);
                    announce(`Saved “${next.title}”.`);
                  }}
                  onCancel={() => setMode(null)}
                />
              ) : (
                <PracticeCard
                  practice={p}
                  headingLevel={2}
                  onHelped={helpedFor(session, p)}
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
                      Possible duplicate of “{s.title}” ({Math.round(s.score * 100)}% similar,{' '}
                      {s.status}){' '}
                      <button
                        type="button"
                        class="cop-button cop-button--small"
                        onClick={() =>
                          setMode({ kind: 'merge', candidates: [{ ...s }, asCandidate(p)] })
                        }
                      >
                        Merge…
                      </button>
                    </p>
                  ))}
                </div>
              )}
              {mode?.kind === 'reject' && mode.id === p.id ? (
                <RejectForm
                  title={p.title}
                  busy={busy}
                  onReject={(note) => review('reject', [p], note)}
                  onCancel={() => setMode(null)}
                />
              ) : (
                <fieldset class="cop-actions console-actions">
                  <legend class="cop-visually-hidden">Actions for “{p.title}”</legend>
                  {p.status !== 'published' && (
                    <button
                      type="button"
                      class="cop-button cop-button--small cop-button--primary"
                      disabled={busy}
                      onClick={() => review('publish', [p])}
                    >
                      Publish
                    </button>
                  )}
                  <button
                    type="button"
                    class="cop-button cop-button--small"
                    disabled={busy}
                    onClick={() => review(p.featured ? 'unfeature' : 'feature', [p])}
                  >
                    {p.featured ? 'Unfeature' : 'Feature'}
                  </button>
                  <button
                    type="button"
                    class="cop-button cop-button--small"
                    disabled={busy}
                    onClick={() => setMode({ kind: 'edit', id: p.id })}
                  >
                    Edit
                  </button>
                  {p.status !== 'archived' && (
                    <button
                      type="button"
                      class="cop-button cop-button--small"
                      disabled={busy}
                      onClick={() => review('archive', [p])}
                    >
                      Archive
                    </button>
                  )}
                  {p.status !== 'rejected' && (
                    <button
                      type="button"
                      class="cop-button cop-button--small"
                      disabled={busy}
                      onClick={() => setMode({ kind: 'reject', id: p.id })}
                    >
                      Reject…
                    </button>
                  )}
                </fieldset>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function RejectForm({
  title,
  busy,
  onReject,
  onCancel,
}: {
  title: string;
  busy: boolean;
  onReject: (note: string) => void;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <form
      class="cop-form console-reject"
      aria-label={`Reject “${title}”`}
      onSubmit={(e) => {
        e.preventDefault();
        if (note.trim()) onReject(note.trim());
      }}
    >
      <div class="cop-field">
        <label for="reject-note">Why is it rejected? The note goes into the audit log.</label>
        <textarea
          id="reject-note"
          ref={ref}
          rows={2}
          required
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </div>
      <div class="cop-actions">
        <button
          type="submit"
          class="cop-button cop-button--primary"
          disabled={busy || !note.trim()}
        >
          Reject
        </button>
        <button type="button" class="cop-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
