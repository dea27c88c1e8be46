/**
 * Accessible tabs (WAI-ARIA tabs pattern): arrow keys, Home and End move between tabs, only the
 * selected tab is in the tab order, and each panel is labelled by its tab.
 */
import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';

export interface TabSpec {
  id: string;
  label: ComponentChildren;
  panel: () => ComponentChildren;
}

interface Props {
  tabs: TabSpec[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
}

export function Tabs({ tabs, selected, onSelect, label }: Props) {
  const base = useId();
  const listRef = useRef<HTMLDivElement>(null);

  function onKeyDown(event: KeyboardEvent) {
    const index = tabs.findIndex((t) => t.id === selected);
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else return;
    event.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    onSelect(tab.id);
    listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  }

  const current = tabs.find((t) => t.id === selected) ?? tabs[0];
  return (
    <div>
      <div ref={listRef} class="cop-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            class="cop-tab"
            id={`${base}-tab-${tab.id}`}
            aria-selected={tab.id === current?.id ? 'true' : 'false'}
            // Only the selected panel exists, and aria-controls must point at an element.
            aria-controls={tab.id === current?.id ? `${base}-panel-${tab.id}` : undefined}
            tabIndex={tab.id === current?.id ? 0 : -1}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {current && (
        <div
          role="tabpanel"
          id={`${base}-panel-${current.id}`}
          aria-labelledby={`${base}-tab-${current.id}`}
        >
          {current.panel()}
        </div>
      )}
    </div>
  );
}
