/** People ranked for a topic, each with the evidence behind the ranking and a way to reach them. */
import type { ExpertHit } from '../core/types';
import { useT } from './i18n';

interface Props {
  experts: ExpertHit[];
  /** The topic searched for; used in the contact link's subject line. */
  topic?: string;
  headingLevel?: 2 | 3 | 4;
}

function mailto(email: string, topic: string | undefined): string {
  const subject = topic ? `?subject=${encodeURIComponent(`Question about ${topic}`)}` : '';
  return `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}${subject}`;
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString();
}

export function ExpertList({ experts, topic, headingLevel = 3 }: Props) {
  const t = useT();
  const Heading = `h${headingLevel}` as 'h3';
  if (experts.length === 0) return <p class="cop-muted">{t('noExperts')}</p>;
  return (
    <ol class="cop-list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {experts.map((hit) => (
        <li key={hit.user.id}>
          <article class="cop-card" data-expert-id={hit.user.id}>
            <Heading>{hit.user.name}</Heading>
            <div class="cop-meta">
              <span>{t('score', { score: Math.round(hit.score * 10) / 10 })}</span>
            </div>
            {hit.evidence.length > 0 && (
              <ul class="cop-evidence">
                {hit.evidence.slice(0, 5).map((e, i) => (
                  <li key={`${e.kind}-${e.id ?? i}`}>
                    <span class="cop-label">{t(`evidence_${e.kind}`)}:</span> {e.title}
                    {e.at && <span class="cop-muted"> · {formatDate(e.at)}</span>}
                  </li>
                ))}
              </ul>
            )}
            {hit.user.email && (
              <a class="cop-button cop-button--small" href={mailto(hit.user.email, topic)}>
                {t('contactByEmail', { name: hit.user.name })}
              </a>
            )}
          </article>
        </li>
      ))}
    </ol>
  );
}
