/** The one place a page says what just happened: announced to screen readers, errors in red. */
import type { Signal } from '@preact/signals';
import { signal } from '@preact/signals';

export interface NoticeState {
  kind: 'ok' | 'error' | 'warn';
  text: string;
}

export const notice: Signal<NoticeState | null> = signal(null);

export const announce = (text: string, kind: NoticeState['kind'] = 'ok') => {
  notice.value = { kind, text };
};

export function Notice() {
  const current = notice.value;
  return (
    <div class="console-notice-slot" role="status" aria-live="polite">
      {current && (
        <p class={`cop-notice cop-notice--${current.kind}`}>
          {current.text}{' '}
          <button
            type="button"
            class="cop-button cop-button--link"
            onClick={() => {
              notice.value = null;
            }}
          >
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}

/** Announces a failure where the action has no form of its own to show it in. */
export const announceError = (message: string) => announce(message, 'error');
