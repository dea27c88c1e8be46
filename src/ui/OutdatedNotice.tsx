/**
 * Says this page runs older code than the cache another tab (a newer version) upgraded: its
 * connection closed so that upgrade could go on, and nothing syncs here until a reload.
 */
import { useT } from './i18n';

interface Props {
  /** What "Reload" does; by default this page reloads. */
  onReload?: () => void;
}

export function OutdatedNotice({ onReload = () => location.reload() }: Props) {
  const t = useT();
  return (
    <div class="cop-notice cop-notice--warn" role="alert">
      <p>{t('outdatedNotice')}</p>
      <button type="button" class="cop-button" onClick={onReload}>
        {t('reload')}
      </button>
    </div>
  );
}
