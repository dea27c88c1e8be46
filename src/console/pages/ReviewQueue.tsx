/**
 * The review queue: a community's practices newest first, with source and quote, likely duplicates,
 * one-click curation, bulk actions and keyboard shortcuts. Conflicting edits wait at the top.
 */
import { useRef, useState } from 'preact/hooks';
import type { ReviewAction } from '../../core/schemas';
import type { Practice, PracticeStatus } from '../../core/types';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import type { BulkResult, ConflictView, QueueItem } from '../api';
import { api } from '../connection';
import { BulkBar } from '../parts/BulkBar';
import { ConflictChoice } from '../parts/EditPractice';
import { LoadError } from '../parts/form';
import { helpedFor } from '../parts/helped';
import { type MergeCandidate, MergePanel } from '../parts/MergePanel';
import { announce, announceError } from '../parts/Notice';
import { asCandidate, QueueEntry } from '../parts/QueueItem';
import { QUEUE_KEY_HELP, queueCommand } from '../parts/shortcuts';
import { useShortcut } from '../parts/use-shortcut';
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

export function ReviewQueue({ community, session }: { community: string; session: Session }) {
  const [filter, setFilter] = useState<PracticeStatus | 'all'>('captured');
  const queue = useResource(() => api.queue(community, filter), [community, filter]);
  const conflicts = useResource(() => api.conflicts(community), [community]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [active, setActive] = useState(0);
  const [mode, setMode] = useState<Mode>(null);
  const [help, setHelp] = useState(false);
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

  const reviewing = useAction(
    async (action: ReviewAction['action'], targets: QueueItem[], note?: string) => {
      if (!targets.length) return;
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
    },
    { onError: announceError },
  );
  const { busy, run: review } = reviewing;

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
  useShortcut(queueCommand, (command) => {
    if (command === 'help') {
      setHelp((h) => !h);
      return true;
    }
    const item = items[active];
    if (!item || busy) return false;
    switch (command) {
      case 'next':
      case 'previous': {
        const next = Math.max(
          0,
          Math.min(items.length - 1, active + (command === 'next' ? 1 : -1)),
        );
        setActive(next);
        focusItem(next);
        return true;
      }
      case 'select':
        toggle(item.id);
        return true;
      case 'publish':
      case 'archive':
        void review(command, [item]);
        return true;
      case 'feature':
        void review(item.featured ? 'unfeature' : 'feature', [item]);
        return true;
      case 'reject':
      case 'edit':
        setMode({ kind: command, id: item.id });
        return true;
      case 'merge':
        setMode(mergeFor(item));
        return true;
    }
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

      <BulkBar
        count={chosen.length}
        allChosen={allChosen}
        busy={busy}
        onSelectAll={() => setSelected(allChosen ? new Set() : new Set(items.map((p) => p.id)))}
        onReview={(action, note) => review(action, chosen, note)}
        onMerge={() => setMode({ kind: 'merge', candidates: chosen.map(asCandidate) })}
      />

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

      <LoadError error={queue.error} />
      {queue.loading && !queue.data && <p role="status">Loading practices…</p>}
      {queue.data && items.length === 0 && (
        <p class="cop-muted">Nothing here. When members capture practices they appear here.</p>
      )}

      {items.length >= 100 && (
        <p class="cop-muted">Showing the 100 newest; curate these and the next ones appear.</p>
      )}
      <ol class="console-queue" ref={listRef}>
        {items.map((p, index) => (
          <QueueEntry
            key={p.id}
            practice={p}
            active={index === active}
            selected={selected.has(p.id)}
            mode={mode && 'id' in mode && mode.id === p.id ? mode.kind : null}
            busy={busy}
            onFocus={() => setActive(index)}
            onToggle={() => toggle(p.id)}
            onMode={(kind) => setMode({ kind, id: p.id })}
            onReview={(action, note) => review(action, [p], note)}
            onMerge={(candidates) => setMode({ kind: 'merge', candidates })}
            onSaved={(next) => {
              replace(next);
              announce(`Saved “${next.title}”.`);
            }}
            onCancel={() => setMode(null)}
            onHelped={helpedFor(session, p)}
          />
        ))}
      </ol>
    </section>
  );
}
