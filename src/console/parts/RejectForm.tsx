/** The note a coordinator gives when rejecting a practice; it goes into the audit log. */
import { useEffect, useRef, useState } from 'preact/hooks';

export function RejectForm({
  title,
  busy,
  onReject,
  onCancel,
}: {
  title: string;
  busy: boolean;
  onReject: (note: string) => void;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <form
      class="cop-form console-reject"
      aria-label={`Reject “${title}”`}
      onSubmit={(e) => {
        e.preventDefault();
        if (note.trim()) onReject(note.trim());
      }}
    >
      <div class="cop-field">
        <label for="reject-note">Why is it rejected? The note goes into the audit log.</label>
        <textarea
          id="reject-note"
          ref={ref}
          rows={2}
          required
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </div>
      <div class="cop-actions">
        <button
          type="submit"
          class="cop-button cop-button--primary"
          disabled={busy || !note.trim()}
        >
          Reject
        </button>
        <button type="button" class="cop-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
