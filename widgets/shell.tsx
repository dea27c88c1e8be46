/**
 * The layout inside every element: an optional header row, a scrolling body that holds errors
 * and results, and a polite live region that announces what arrived.
 */
import type { ComponentChildren } from 'preact';
import { useWidgetText } from './messages';

interface Props {
  /** The header row (search field, buttons); it keeps its size while data loads. */
  head?: ComponentChildren;
  /** Names the scrolling region for assistive technology. */
  label: string;
  /** Announced politely when it changes, e.g. "4 practices". */
  status?: string;
  /** A failure to show; `stale` says the body still shows an earlier (saved) answer. */
  error?: string;
  stale?: boolean;
  children?: ComponentChildren;
}

export function Shell({ head, label, status, error, stale, children }: Props) {
  const wt = useWidgetText();
  return (
    <>
      {head && (
        <div class="cop-head" part="header">
          {head}
        </div>
      )}
      {/* A named group, not a landmark or fieldset: a page may hold several elements, and this is no form. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex lint/a11y/useSemanticElements: a scrolling area must be reachable by keyboard */}
      <div class="cop-body" part="body" role="group" aria-label={label} tabIndex={0}>
        {error && (
          <p class="cop-notice cop-notice--error" role="alert" part="error">
            {stale ? wt('savedCopy', { problem: error }) : error}
          </p>
        )}
        {children}
      </div>
      <p class="cop-visually-hidden" role="status">
        {status}
      </p>
    </>
  );
}

/** The placeholder while nothing is known yet. */
export function Loading() {
  const wt = useWidgetText();
  return <p class="cop-muted">{wt('loading')}</p>;
}

/** The search box in an element's head: what is typed, and the search it asks for on Enter. */
export function SearchHead(props: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onInput: (value: string) => void;
  onSearch: (value: string) => void;
  /** A visible search button (its text), for elements that do not search as one types. */
  button?: string;
}) {
  return (
    <form
      class="cop-search cop-grow"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch(props.value.trim());
      }}
    >
      <label for={props.id} class="cop-visually-hidden">
        {props.label}
      </label>
      <input
        id={props.id}
        type="search"
        part="search"
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.button && (
        <button type="submit" class="cop-button">
          {props.button}
        </button>
      )}
    </form>
  );
}
