/**
 * One practice as a card: title, kind, status, tags, quote and source (search hits show their marks), how
 * current it is, and, where the reader may, "This helped" and "Still right".
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { HelpedHow } from '../core/stewardship';
import type { Practice, SearchHit } from '../core/types';
import { useT } from './i18n';
import { MarkedText } from './marked-text';
import { HelpedButton, StewardshipLine, StillRightButton } from './Stewardship';

interface Props {
  practice: Practice | SearchHit;
  /** The heading level of the title, so the card fits the page's outline. */
  headingLevel?: 2 | 3 | 4;
  /** Hides the body and quote (used where space is short, e.g. similar practices). */
  compact?: boolean;
  /** A button or link rendered at the end of the card (endorse, open…). */
  action?: ComponentChildren;
  /** Shows "This helped" when given: marks the practice helpful for the reader (once each). */
  onHelped?: (practice: Practice, how?: HelpedHow) => Promise<void>;
  /**
   * Shows "Still right" when given (to the owner or a coordinator): verifies the practice and answers it as
   * the store now has it, which the card shows at once.
   */
  onVerify?: (practice: Practice) => Promise<Practice>;
}

/** What "Still right" changes on a practice. */
const stewardshipOf = ({ due, verifiedAt, reviewDueAt }: Practice) => ({
  due,
  verifiedAt,
  reviewDueAt,
});

function isHit(p: Practice | SearchHit): p is SearchHit {
  return 'highlight' in p && !!(p as SearchHit).highlight;
}

/** Only http(s) sources become links; anything else stays text. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export function PracticeCard({
  practice: p,
  headingLevel = 3,
  compact = false,
  action,
  onHelped,
  onVerify,
}: Props) {
  const t = useT();
  // The store's answer to "Still right", shown until the list brings the same practice again.
  const [verified, setVerified] = useState<Practice | null>(null);
  const shown = verified?.id === p.id ? { ...p, ...stewardshipOf(verified) } : p;
  const Heading = `h${headingLevel}` as 'h3';
  const href = safeHref(p.source?.url);
  return (
    <article class="cop-card" data-practice-id={p.id}>
      <Heading>{isHit(p) ? <MarkedText html={p.highlight.title} /> : p.title}</Heading>
      <div class="cop-meta">
        <span>{t(`kind_${p.kind}`)}</span>
        <span class="cop-badge">{t(`status_${p.status}`)}</span>
        {p.featured && <span class="cop-badge">{t('featured')}</span>}
        {p.authorName && <span>{t('by', { name: p.authorName })}</span>}
        {p.endorsements > 0 && <span>{t('endorsements', { count: p.endorsements })}</span>}
        <StewardshipLine practice={shown} />
      </div>
      {!compact && isHit(p) && p.highlight.snippet && (
        <p>
          <MarkedText html={p.highlight.snippet} />
        </p>
      )}
      {!compact && !isHit(p) && p.body && <p>{p.body}</p>}
      {!compact && p.source?.quote && (
        <blockquote class="cop-quote">{p.source.quote.exact}</blockquote>
      )}
      {p.tags.length > 0 && (
        <ul class="cop-tags" aria-label={t('tags')}>
          {p.tags.map((tag) => (
            <li key={tag} class="cop-tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
      {(href || action || onHelped || onVerify) && (
        <div class="cop-row" style={{ marginTop: '6px' }}>
          {href && (
            <a href={href} target="_blank" rel="noopener noreferrer">
              {t('openSource')}
              <span class="cop-visually-hidden">: {p.source?.title || p.title}</span>
            </a>
          )}
          {action}
          {onVerify && (
            <StillRightButton
              practice={p}
              onVerify={async (practice) => setVerified(await onVerify(practice))}
            />
          )}
          {onHelped && <HelpedButton practice={p} onHelped={onHelped} />}
        </div>
      )}
    </article>
  );
}
