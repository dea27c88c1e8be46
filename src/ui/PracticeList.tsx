/** A list of practice cards, or a sentence saying there are none. */
import type { ComponentChildren } from 'preact';
import type { HelpedHow } from '../core/stewardship';
import type { Practice, SearchHit } from '../core/types';
import { useT } from './i18n';
import { PracticeCard } from './PracticeCard';

interface ListProps {
  practices: (Practice | SearchHit)[];
  headingLevel?: 2 | 3 | 4;
  emptyText?: string;
  renderAction?: (practice: Practice) => ComponentChildren;
  /** Offers "This helped" on each card (when the reader is signed in), but on the reader's own. */
  onHelped?: (practice: Practice, how?: HelpedHow) => Promise<void>;
  /** The reader's user id: authors cannot say their own practice helped them (the store refuses it). */
  readerId?: string;
  /** Offers "Still right" on the cards `mayVerify` allows (see `mayVerify` in src/core/stewardship.ts). */
  onVerify?: (practice: Practice) => Promise<Practice>;
  mayVerify?: (practice: Practice) => boolean;
}

export function PracticeList({
  practices,
  headingLevel,
  emptyText,
  renderAction,
  onHelped,
  readerId,
  onVerify,
  mayVerify,
}: ListProps) {
  const t = useT();
  if (practices.length === 0) return <p class="cop-muted">{emptyText ?? t('noPractices')}</p>;
  return (
    <ul class="cop-list">
      {practices.map((p) => (
        <li key={p.id}>
          <PracticeCard
            practice={p}
            headingLevel={headingLevel}
            action={renderAction?.(p)}
            onHelped={p.author === readerId ? undefined : onHelped}
            onVerify={mayVerify?.(p) ? onVerify : undefined}
          />
        </li>
      ))}
    </ul>
  );
}
