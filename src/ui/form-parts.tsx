/** The parts the capture and ask forms share, each bound to the form's state (`usePostForm`). */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { LIMITS } from '../core/limits';
import { CommunitySelect } from './CommunitySelect';
import { useT } from './i18n';
import type { PostForm } from './use-post-form';

/**
 * The frame of both post forms: the heading (which names the form), what comes before the title
 * (`intro`), the title, the form's own fields (`children`), then its end (see FormEnd).
 */
export function PostFormFrame(props: {
  form: PostForm;
  heading: string;
  intro: ComponentChildren;
  title: { name: string; label: string };
  children: ComponentChildren;
  error?: string;
  onSubmit: (event: Event) => void;
  onCancel?: () => void;
}) {
  const { form } = props;
  const headingId = `${form.id}-heading`;
  return (
    <form class="cop-form" onSubmit={props.onSubmit} noValidate aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading}</h2>
      {props.intro}
      <TitleField form={form} {...props.title} />
      {props.children}
      <FormEnd form={form} error={props.error} onCancel={props.onCancel} />
    </form>
  );
}

/** The required one-line title (or question), whose error is announced with it. */
function TitleField(props: { form: PostForm; name: string; label: string }) {
  const { form } = props;
  const id = `${form.id}-${props.name}`;
  const errorId = `${id}-error`;
  const error = form.errors.title;
  return (
    <div class="cop-field">
      <label for={id}>{props.label}</label>
      <input
        ref={form.titleRef}
        id={id}
        type="text"
        name={props.name}
        required
        maxLength={LIMITS.title}
        value={form.title}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
        onInput={(e) => form.setTitle(e.currentTarget.value)}
      />
      {error && (
        <span id={errorId} class="cop-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A multi-line field that may stay empty: the question's details, the practice's note. */
export function TextAreaField(props: {
  form: PostForm;
  name: string;
  label: string;
  maxLength: number;
  placeholder?: string;
  value: string;
  onInput: (value: string) => void;
}) {
  const id = `${props.form.id}-${props.name}`;
  return (
    <div class="cop-field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}

/** The community to post to, or why there is none to choose. */
export function CommunityField({ form }: { form: PostForm }) {
  const t = useT();
  if (form.communities.length === 0)
    return (
      <p class="cop-notice" role="alert">
        {t('noCommunities')}
      </p>
    );
  return (
    <CommunitySelect
      id={`${form.id}-community`}
      communities={form.communities}
      value={form.community}
      onChange={form.setCommunity}
      error={form.errors.community}
    />
  );
}

export function TagsField({ form }: { form: PostForm }) {
  const t = useT();
  const id = `${form.id}-tags`;
  return (
    <div class="cop-field">
      <label for={id}>{t('tags')}</label>
      <input
        id={id}
        type="text"
        name="tags"
        value={form.tags}
        aria-describedby={`${id}-hint`}
        onInput={(e) => form.setTags(e.currentTarget.value)}
      />
      <span id={`${id}-hint`} class="cop-hint">
        {t('tagsHint')}
      </span>
    </div>
  );
}

/** What went wrong with the whole form (`error`, when the host knows more), then cancel and submit. */
function FormEnd(props: { form: PostForm; error?: string; onCancel?: () => void }) {
  const { form } = props;
  const t = useT();
  const error = props.error ?? form.errors.form;
  return (
    <>
      {error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {error}
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
          disabled={form.busy || form.communities.length === 0}
        >
          {form.busy ? form.busyLabel : form.submitLabel}
        </button>
      </div>
    </>
  );
}

/** The outcome after posting, focused when it appears so a screen reader reads it, and a way out. */
export function Outcome(props: { outcome: string; message: string; onDone?: () => void }) {
  const t = useT();
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => notice.current?.focus(), []);
  return (
    <div class="cop-form">
      <div
        ref={notice}
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
