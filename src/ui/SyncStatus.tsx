/** The sync state in one line (synced, pending N, offline, error), announced politely when it changes. */
import type { SyncStatus as ClientSyncStatus } from '../client/sync';
import { type MessageKey, useT } from './i18n';

/** What the line needs of the sync engine's status signal. */
export type SyncStatusView = Pick<ClientSyncStatus, 'state' | 'pending' | 'error'>;

interface Props {
  status: SyncStatusView;
  /** Shown as a "Sync now" button when given. */
  onSyncNow?: () => void;
}

const LABELS: Record<SyncStatusView['state'], MessageKey> = {
  synced: 'sync_synced',
  pending: 'sync_pending',
  offline: 'sync_offline',
  error: 'sync_error',
  'signed-out': 'sync_signedOut',
  outdated: 'sync_outdated',
};

export function SyncStatus({ status, onSyncNow }: Props) {
  const t = useT();
  const label = t(LABELS[status.state], { count: status.pending });
  return (
    <div class="cop-row">
      <span
        class="cop-sync"
        role="status"
        aria-label={t('syncState')}
        data-state={status.state}
        data-pending={status.pending}
      >
        <span class="cop-sync__dot" aria-hidden="true" />
        <span>{label}</span>
        {status.error && status.state === 'error' && <span>: {status.error.message}</span>}
      </span>
      {onSyncNow && status.state !== 'signed-out' && status.state !== 'outdated' && (
        <button type="button" class="cop-button cop-button--small" onClick={onSyncNow}>
          {t('syncNow')}
        </button>
      )}
    </div>
  );
}
