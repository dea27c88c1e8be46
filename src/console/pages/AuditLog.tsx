/** The audit log: every curation step in the community — who, what, when, and what changed. */
import { useState } from 'preact/hooks';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import type { AuditEntry } from '../api';
import { api } from '../connection';
import { LoadError, SelectField } from '../parts/form';
import { dateTime } from '../parts/format';
import { TableHead } from '../parts/TableHead';

const ACTIONS = [
  'publish',
  'feature',
  'unfeature',
  'archive',
  'reject',
  'edit',
  'merge',
  'merged-into',
  'resolve-conflict',
  'route',
  'close',
  'reopen',
  'set-role',
  'create-prompt',
  'edit-prompt',
  'import',
  'create-webhook',
  'edit-webhook',
  'delete-webhook',
];

const show = (v: unknown): string =>
  v === null || v === undefined
    ? '–'
    : Array.isArray(v)
      ? v.map(show).join(', ') || '(none)'
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** The fields that differ between before and after, each as [field, before, after]. */
export function changes(before: unknown, after: unknown): [string, string, string][] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => [k, show(b[k]), show(a[k])]);
}

export function AuditLog({ community }: { community: string }) {
  const [action, setAction] = useState('');
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const first = useResource(async () => {
    const page = await api.audit(community, undefined, action || undefined);
    setOlder([]);
    setNext(page.next);
    return page.items;
  }, [community, action]);
  const entries = [...(first.data ?? []), ...older];

  const more = useAction(async () => {
    if (next === null) return;
    const page = await api.audit(community, next, action || undefined);
    setOlder((o) => [...o, ...page.items]);
    setNext(page.next);
  });
  const loadOlder = more.run;
  const error = more.error;

  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <SelectField
        id="audit-action"
        label="Action"
        value={action}
        options={ACTIONS}
        none="All actions"
        narrow
        onValue={setAction}
      />
      <LoadError error={first.error || error} />
      {first.data && entries.length === 0 && <p class="cop-muted">Nothing recorded yet.</p>}
      {entries.length > 0 && (
        <div class="console-scroll">
          <table class="console-table console-audit">
            <TableHead columns={['When', 'Who', 'Action', 'What', 'Before → after', 'Note']} />
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-audit-action={e.action}>
                  <td>{dateTime(e.at)}</td>
                  <td>{e.actor.name}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.entity}: {e.entityTitle ?? <code>{e.entityId}</code>}
                  </td>
                  <td>
                    <ul class="console-diff">
                      {changes(e.before, e.after).map(([field, b, a]) => (
                        <li key={field}>
                          <strong>{field}</strong>: <del>{b}</del> → <ins>{a}</ins>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{e.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && (
        <button type="button" class="cop-button" onClick={loadOlder}>
          Load older entries
        </button>
      )}
    </section>
  );
}
