/** A coordinator's contextual prompt shown on an enabled site: a sentence and a way to ask. */
import { useT } from './i18n';

interface Props {
  message: string;
  communityName: string;
  onAsk: () => void;
  onDismiss: () => void;
}

export function PromptCard({ message, communityName, onAsk, onDismiss }: Props) {
  const t = useT();
  return (
    <aside class="cop-card" aria-label={t('promptLabel')}>
      <p class="cop-meta">
        {t('promptLabel')}: {communityName}
      </p>
      <p>{message}</p>
      <div class="cop-actions">
        <button type="button" class="cop-button" onClick={onDismiss}>
          {t('dismiss')}
        </button>
        <button type="button" class="cop-button cop-button--primary" onClick={onAsk}>
          {t('askCommunity')}
        </button>
      </div>
    </aside>
  );
}
