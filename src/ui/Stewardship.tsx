/**
 * How trustworthy a practice is right now, on every card: due for review or when it was last verified,
 * and how many people it helped; the one-click "This helped" with an optional "how"; and the owner's (or a
 * coordinator's) "Still right".
 */
import { useState } from 'preact/hooks';
import type { HelpedHow } from '../core/stewardship';
import type { Practice } from '../core/types';
import { useT } from './i18n';
import { useAction } from './use-action';

const day = (iso: string) => iso.slice(0, 10);

/** The due badge (or the last verification) and the helped count; older rows without the fields show nothing. */
export function StewardshipLine({ practice: p }: { practice: Practice }) {
  const t = useT();
  if (p.due === undefined) return null;
  return (
    <>
      {p.due ? <span class="cop-badge cop-badge--due">{t('dueForReview')}</span> : null}
      <span class="cop-muted">
        {p.verifiedAt ? t('verifiedOn', { date: day(p.verifiedAt) }) : t('notVerified')}
      </span>
      {p.helpedCount > 0 && <span>{t('helpedCount', { count: p.helpedCount })}</span>}
      {p.pendingRevision && <span class="cop-badge">{t('pendingRevision')}</span>}
    </>
  );
}

/**
 * "This helped": one click counts it; then the reader may say how, which adds the detail only.
 * `onHelped` rejects when the store refused; the button then stays available and the error is shown.
 */
export function HelpedButton({
  practice,
  onHelped,
}: {
  practice: Practice;
  onHelped: (practice: Practice, how?: HelpedHow) => Promise<void>;
}) {
  const t = useT();
  // idle → (one click) counted → (optionally how) told; a refusal goes back a step and says why.
  const [step, setStep] = useState<'idle' | 'counted' | 'told'>('idle');
  const sending = useAction(async (how?: HelpedHow) => {
    await onHelped(practice, how);
    setStep(how ? 'told' : 'counted');
  });
  const { busy, error, run: send } = sending;
  return (
    <span class="cop-helped">
      {step === 'idle' && (
        <button type="button" class="cop-button" disabled={busy} onClick={() => send()}>
          {t('thisHelped')}
        </button>
      )}
      {step === 'counted' && (
        <fieldset class="cop-helped-how">
          <legend>{t('helpedThanks')}</legend>
          <button
            type="button"
            class="cop-button"
            disabled={busy}
            onClick={() => send('saved-time')}
          >
            {t('helped_saved_time')}
          </button>{' '}
          <button
            type="button"
            class="cop-button"
            disabled={busy}
            onClick={() => send('avoided-mistake')}
          >
            {t('helped_avoided_mistake')}
          </button>
        </fieldset>
      )}
      <span role="status" class="cop-visually-hidden">
        {step === 'idle' ? '' : t('helpedRecorded')}
      </span>
      <CardError error={error} />
    </span>
  );
}

/**
 * "Still right": the owner (or a coordinator) verifies the practice. `onVerify` answers the practice as the
 * store now has it (the card shows its new date, without the due badge), or rejects with the store's reason.
 */
export function StillRightButton({
  practice,
  onVerify,
}: {
  practice: Practice;
  onVerify: (practice: Practice) => Promise<void>;
}) {
  const t = useT();
  const [done, setDone] = useState(false);
  const {
    busy,
    error,
    run: verify,
  } = useAction(async () => {
    await onVerify(practice);
    setDone(true);
  });
  return (
    <span class="cop-still-right">
      {!done && (
        <button
          type="button"
          class="cop-button cop-button--primary"
          disabled={busy}
          onClick={() => verify()}
        >
          {t('stillRight')}
          <span class="cop-visually-hidden">: {practice.title}</span>
        </button>
      )}
      <span role="status" class={done ? 'cop-muted' : 'cop-visually-hidden'}>
        {done ? t('markedStillRight') : ''}
      </span>
      <CardError error={error} />
    </span>
  );
}

/** A card button's refusal, beside the button: the store's sentence. */
function CardError({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <span class="cop-notice cop-notice--error" role="alert">
      {error}
    </span>
  );
}
