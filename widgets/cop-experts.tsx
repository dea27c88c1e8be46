import { useEffect, useId, useState } from 'preact/hooks';
import type { ExpertHit } from '../src/core/types';
import { ExpertList } from '../src/ui/ExpertList';
import { useT } from '../src/ui/i18n';
import { CopElement, useElement } from './element-base';
import { useWidgetText } from './messages';
import { Loading, SearchHead, Shell } from './shell';
import { snapshotKey, useStoreData } from './use-store-data';

/**
 * `<cop-experts>`: who knows a topic, ranked by what they contributed, with the evidence and a
 * way to reach them. The reader can look up another topic in the element.
 *
 * @element cop-experts
 * @summary Who knows this topic, with the evidence.
 * @attr {string} store - The store's URL. Default: the origin the script was loaded from.
 * @attr {string} topic - The topic to look up, e.g. kubernetes.
 * @attr {string} community - The community's slug. Default: every community the reader belongs to.
 * @attr {number} limit - How many people to show (1–50, default 5).
 * @attr {string} token - An embed token; the store shows experts to signed-in readers.
 * @csspart header - The row with the topic field.
 * @csspart search - The topic field.
 * @cssproperty --cop-height - The element's height (default 22rem); the list scrolls inside.
 */
export class CopExpertsElement extends CopElement {
  protected override readonly limits: [number, number] = [5, 50];

  static override get observedAttributes(): string[] {
    return [...CopElement.observedAttributes, 'topic'];
  }

  /** The topic to look up (attribute `topic`). */
  get topic(): string {
    return this.getAttribute('topic')?.trim() ?? '';
  }
  set topic(value: string | null) {
    this.reflectAttribute('topic', value);
  }

  protected view() {
    return <ExpertsView topic={this.topic} community={this.community} limit={this.limit} />;
  }
}

function ExpertsView({
  topic,
  community,
  limit,
}: {
  topic: string;
  community: string;
  limit: number;
}) {
  const { conn } = useElement();
  const t = useT();
  const wt = useWidgetText();
  const id = useId();
  const [typed, setTyped] = useState(topic);
  const [looked, setLooked] = useState(topic);
  // A new `topic` attribute wins over what was typed.
  useEffect(() => {
    setTyped(topic);
    setLooked(topic);
  }, [topic]);

  const result = useStoreData<ExpertHit[]>(looked
    ? snapshotKey(conn, 'cop-experts', { topic: looked, community, limit })
    : null, async () => {
    if (!looked) return [];
    // Asked with or without a token: the store decides who may see experts.
    const { items } = await conn.read<{ items: ExpertHit[] }>('/api/v1/experts', {
      topic: looked,
      community,
      limit,
    });
    return items;
  }, [conn, looked, community, limit]);
  const { data, error } = result;
  const signInNeeded = !conn.token && result.errorStatus === 401;

  const head = (
    <SearchHead
      id={`${id}-topic`}
      label={t('findExpert')}
      placeholder={t('expertPlaceholder')}
      value={typed}
      onInput={setTyped}
      onSearch={setLooked}
      button={t('search')}
    />
  );

  let body = null;
  if (signInNeeded) body = <p class="cop-notice">{wt('expertsTokenNeeded')}</p>;
  else if (!looked) body = <p class="cop-muted">{t('expertsHint')}</p>;
  else if (data) body = <ExpertList experts={data} topic={looked} headingLevel={3} />;
  else if (!error) body = <Loading />;

  return (
    <Shell
      head={head}
      label={wt('expertsLabel')}
      status={
        result.fresh && data && looked
          ? data.length
            ? wt(data.length === 1 ? 'expertsForOne' : 'expertsFor', {
                count: data.length,
                topic: looked,
              })
            : t('noExperts')
          : ''
      }
      error={signInNeeded ? '' : error}
      stale={!!data && !!looked}
    >
      {body}
    </Shell>
  );
}
