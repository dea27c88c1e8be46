/** The header row of a console table: one heading per column and, with `actions`, a last column for row actions (named for screen readers only). */
import type { ComponentChildren } from 'preact';

export function TableHead(props: { columns: ComponentChildren[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {props.columns.map((heading, i) => (
          // Headings never move, so their place is their key (some are elements, not text).
          <th scope="col" key={i}>
            {heading}
          </th>
        ))}
        {props.actions && (
          <th scope="col">
            <span class="cop-visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
