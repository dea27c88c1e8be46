/**
 * What a person in no community sees instead of an empty form: a sentence and the way to the directory
 * (the side panel in the extension, the console's directory from a widget).
 */
import { useT } from './i18n';

export function NoCommunity({ onFind, href }: { onFind?: () => void; href?: string }) {
  const t = useT();
  return (
    <div class="cop-notice" role="status">
      <p>{t('noCommunityYet')}</p>
      {href ? (
        <a class="cop-button cop-button--primary" href={href} target="_blank" rel="noopener">
          {t('findCommunity')}
        </a>
      ) : (
        <button type="button" class="cop-button cop-button--primary" onClick={onFind}>
          {t('findCommunity')}
        </button>
      )}
    </div>
  );
}
