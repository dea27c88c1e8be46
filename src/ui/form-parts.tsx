/** The parts the capture and ask forms share: a required one-line field, community, tags, the end of the form and the outcome. */
import type { Ref } from 'preact';
import { LIMITS } from '../core/limits';
import { type CommunityOption, CommunitySelect } from './CommunitySelect';
import { useT } from './i18n';

/** A required one-line text field whose error is announced with it. */
export function RequiredTextField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string;
  inputRef: Ref<HTMLInputElement>;
  onInput: (value: string) => void;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div class="cop-field">
      <label for={props.id}>{props.label}</label>
      <input
        ref={props.inputRef}
        id={props.id}
        type="text"
        name={props.name}
        required
        maxLength={LIMITS.title}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.error && (
        <span id={errorId} class="cop-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

/** The community to post to, or why there is none to choose. */
export function CommunityField(props: {
  id: string;
  communities: CommunityOption[];
  value: string;
  error?: string;
  onChange: (slug: string) => void;
}) {
  const t = useT();
  if (props.communities.length === 0)
    return (
      <p class="cop-notice" role="alert">
        {t('noCommunities')}
      </p>
    );
  return (
    <CommunitySelect
      id={props.id}
      communities={props.communities}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}

export function TagsField(props: { id: string; value: string; onInput: (value: string) => void }) {
  const t = useT();
  return (
    <div class="cop-field">
      <label for={props.id}>{t('tags')}</label>
      <input
        id={props.id}
        type="text"
        name="tags"
        value={props.value}
        aria-describedby={`${props.id}-hint`}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <span id={`${props.id}-hint`} class="cop-hint">
        {t('tagsHint')}
      </span>
    </div>
  );
}

/** What went wrong with the whole form, then cancel and the submit button. */
export function FormEnd(props: {
  error?: string;
  busy: boolean;
  disabled: boolean;
  label: string;
  busyLabel: string;
  onCancel?: () => void;
}) {
  const t = useT();
  return (
    <>
      {props.error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {props.error}
        </p>
      )}
      <div class="cop-actions">
        {props.onCancel && (
          <button type="button" class="cop-button" onClick={props.onCancel}>
            {t('cancel')}
          </button>
        )}
        <button
          type="submit"
          class="cop-button cop-button--primary"
          disabled={props.busy || props.disabled}
        >
          {props.busy ? props.busyLabel : props.label}
        </button>
      </div>
    </>
  );
}

/** The outcome after posting, focused so a screen reader reads it, and a way out. */
export function Outcome(props: {
  noticeRef: Ref<HTMLDivElement>;
  outcome: string;
  message: string;
  onDone?: () => void;
}) {
  const t = useT();
  return (
    <div class="cop-form">
      <div
        ref={props.noticeRef}
        tabIndex={-1}
        role="status"
        class="cop-notice cop-notice--ok"
        data-outcome={props.outcome}
      >
        {props.message}
      </div>
      <div class="cop-actions">
        <button type="button" class="cop-button cop-button--primary" onClick={props.onDone}>
          {t('close')}
        </button>
      </div>
    </div>
  );
}
