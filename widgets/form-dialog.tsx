/**
 * A modal dialog for writing (asking, capturing). It opens in the top layer, so the page never
 * moves; Escape closes it and focus returns to the button that opened it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  open: boolean;
  label: string;
  onClose: () => void;
  children: ComponentChildren;
}

export function FormDialog({ open, label, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const root = dialog.getRootNode() as ShadowRoot;
      opener.current = (root.activeElement as HTMLElement | null) ?? null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
    if (!open) opener.current?.focus();
  }, [open]);

  return (
    <dialog ref={ref} part="dialog" aria-label={label} onClose={onClose}>
      {open && children}
    </dialog>
  );
}
