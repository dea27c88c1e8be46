/**
 * The parts every console form is made of: a labelled text field, the role to give someone, the
 * failure of the form or of a load, and the row with the submit button.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Role } from '../../core/kinds';
import { useAction } from '../../ui/use-action';

type InputProps = Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onInput' | 'id' | 'label' | 'rows'
>;

/** A labelled one-line field (or, with `rows`, a text area) that hands its text to `onValue`. */
export function TextField({
  id,
  label,
  value,
  onValue,
  hint,
  rows,
  grow,
  ...input
}: InputProps & {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** A sentence under the field saying what belongs in it. */
  hint?: ComponentChildren;
  /** Lines of a text area; without it the field is one line. */
  rows?: number;
  /** Takes the room left in its row. */
  grow?: boolean;
}) {
  return (
    <div class={grow ? 'cop-field console-grow' : 'cop-field'}>
      <label for={id}>{label}</label>
      {rows ? (
        <textarea
          id={id}
          rows={rows}
          required={input.required}
          maxLength={input.maxLength}
          value={value}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      ) : (
        <input {...input} id={id} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
      )}
      {hint && <p class="cop-muted">{hint}</p>}
    </div>
  );
}

export type { Role };

/** The role someone is given: labelled in the form, or named by `ariaLabel` in a table row. */
export function RoleSelect(props: {
  id?: string;
  label?: string;
  ariaLabel?: string;
  value: Role;
  onChange: (role: Role) => void;
}) {
  const select = (
    <select
      id={props.id}
      aria-label={props.ariaLabel}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value as Role)}
    >
      <option value="member">member</option>
      <option value="coordinator">coordinator</option>
      {/* Read-only: the community's overview, nothing a member sees (docs/stewardship.md). */}
      <option value="sponsor">sponsor (overview only)</option>
    </select>
  );
  if (!props.label) return select;
  return (
    <div class="cop-field">
      <label for={props.id}>{props.label}</label>
      {select}
    </div>
  );
}

/** A labelled choice of one of `options` (each shown as it is), after a `none` choice when given. */
export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: readonly string[];
  /** The words for the empty choice, e.g. "All actions". */
  none?: string;
  narrow?: boolean;
  onValue: (value: string) => void;
}) {
  return (
    <div class={props.narrow ? 'cop-field console-narrow' : 'cop-field'}>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.none !== undefined && <option value="">{props.none}</option>}
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A one-line note that goes with an action beside it, named by `label` for screen readers. */
export function NoteInput(props: {
  label: string;
  placeholder: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <input
      type="text"
      aria-label={props.label}
      placeholder={props.placeholder}
      value={props.value}
      onInput={(e) => props.onValue(e.currentTarget.value)}
    />
  );
}

/** A failure, announced as it appears: under a form, or (`notice`) boxed, for a page's data. */
function Failure({ error, notice }: { error: string; notice?: boolean }) {
  if (!error) return null;
  return (
    <p class={notice ? 'cop-notice cop-notice--error' : 'cop-error'} role="alert">
      {error}
    </p>
  );
}

/** Why the form's last submit failed. */
export const FormError = ({ error }: { error: string }) => <Failure error={error} />;

/** Why a page's data could not be loaded. */
export const LoadError = ({ error }: { error: string }) => <Failure error={error} notice />;

/**
 * A form that adds one person by email with a role (`member` to start with): `add` runs on submit, and
 * the email clears once it has succeeded; `children` shows what came of it.
 */
export function AddPersonForm(props: {
  id: string;
  heading: string;
  labels: { email: string; role: string; submit: string };
  add: (email: string, role: Role) => Promise<void>;
  children?: ComponentChildren;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const adding = useAction(async () => {
    await props.add(email.trim(), role);
    setEmail('');
  });
  return (
    <AddForm id={props.id} heading={props.heading} run={adding.run}>
      <div class="cop-row">
        <TextField
          id={`${props.id}-email`}
          label={props.labels.email}
          type="email"
          required
          grow
          value={email}
          onValue={setEmail}
        />
        <RoleSelect
          id={`${props.id}-role`}
          label={props.labels.role}
          value={role}
          onChange={setRole}
        />
      </div>
      <SubmitRow error={adding.error} busy={adding.busy} label={props.labels.submit} />
      {props.children}
    </AddForm>
  );
}

/** The form's failure, then its submit button (disabled while it runs) and any other actions. */
export function SubmitRow({
  error = '',
  busy = false,
  disabled = false,
  label,
  primary = true,
  children,
}: {
  error?: string;
  busy?: boolean;
  /** Not ready to submit yet (e.g. a field is invalid). */
  disabled?: boolean;
  label: ComponentChildren;
  primary?: boolean;
  children?: ComponentChildren;
}) {
  return (
    <>
      <FormError error={error} />
      <div class="cop-actions">
        <button
          type="submit"
          class={primary ? 'cop-button cop-button--primary' : 'cop-button'}
          disabled={busy || disabled}
        >
          {label}
        </button>
        {children}
      </div>
    </>
  );
}

/** A form's submit handler that runs `work` instead of navigating. */
export const submitting = (work: () => unknown) => (event: Event) => {
  event.preventDefault();
  void work();
};

/** A form that adds something (a member, an invitation, a webhook…) under its own heading; submitting runs `run`. */
export function AddForm(props: {
  id: string;
  heading: string;
  run: () => unknown;
  children: ComponentChildren;
}) {
  const headingId = `${props.id}-heading`;
  return (
    <form class="cop-form console-add" onSubmit={submitting(props.run)} aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading}</h2>
      {props.children}
    </form>
  );
}

/** A button for an action (never a submit): `small` on a row or item, `primary` for the main one. */
export function ActionButton({
  small = false,
  primary = false,
  ...button
}: Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'class'> & {
  small?: boolean;
  primary?: boolean;
}) {
  const classes = `cop-button${small ? ' cop-button--small' : ''}${primary ? ' cop-button--primary' : ''}`;
  return <button type="button" class={classes} {...button} />;
}

/** A labelled checkbox, with what it means underneath. */
export function CheckField(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  return (
    <div class="cop-field">
      <label>
        <input
          type="checkbox"
          checked={props.checked}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />{' '}
        {props.label}
      </label>
      {props.hint && <p class="cop-muted">{props.hint}</p>}
    </div>
  );
}
