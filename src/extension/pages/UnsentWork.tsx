/**
 * Other people's unsent changes on this browser: they are theirs, sent only when that person signs
 * in again. The options page offers to sign in as them, or to discard the changes after a confirmation.
 */
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../ui/i18n';
import type { SessionView, UnsentWorkView } from '../messages';
import { call } from './background-link';

interface Props {
  /** Re-read whenever the session changes (someone signed in or out). */
  session: SessionView | null;
  /** Signs the current person out and prefills the form with this person's email. */
  onSignInAs: (work: UnsentWorkView) => void;
}

export function UnsentWork({ session, onSignInAs }: Props) {
  const t = useT();
  const [unsent, setUnsent] = useState<UnsentWorkView[]>([]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    call('session/unsent', {})
      .then(setUnsent)
      .catch(() => setUnsent([]));
  }, [session]);

  if (unsent.length === 0) return null;
  return (
    <section class="cop-card">
      {error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {error}
        </p>
      )}
      {unsent.map((work) => {
        const vars = { count: String(work.pending), name: work.user.name };
        return (
          <div key={work.cache} class="cop-notice cop-notice--warn" data-cache={work.cache}>
            <p>{t('unsentFrom', vars)}</p>
            <p class="cop-hint">{t('unsentHint', vars)}</p>
            {confirming === work.cache ? (
              <div role="alertdialog" aria-label={t('discardUnsentConfirm', vars)}>
                <p>{t('discardUnsentConfirm', vars)}</p>
                <div class="cop-actions">
                  <button type="button" class="cop-button" onClick={() => setConfirming(null)}>
                    {t('cancel')}
                  </button>
                  <button
                    type="button"
                    class="cop-button cop-button--danger"
                    onClick={() =>
                      call('session/discardUnsent', { cache: work.cache })
                        .then((left) => {
                          setUnsent(left);
                          setConfirming(null);
                        })
                        .catch((e: Error) => setError(e.message))
                    }
                  >
                    {t('discardConfirmed')}
                  </button>
                </div>
              </div>
            ) : (
              <div class="cop-actions">
                <button type="button" class="cop-button" onClick={() => setConfirming(work.cache)}>
                  {t('discardUnsent')}
                </button>
                <button
                  type="button"
                  class="cop-button cop-button--primary"
                  onClick={() => onSignInAs(work)}
                >
                  {t('signInAs', vars)}
                </button>
              </div>
            )}
          </div>
        );
      })}
    </section>
  );
}
