import { useState } from 'preact/hooks';
import { useT } from '../src/ui/i18n';
import { PromptCard } from '../src/ui/PromptCard';
import { AskDialog } from './ask-dialog';
import { CopElement, useElement } from './element-base';
import { useWidgetText } from './messages';
import { listPublished } from './published';
import { Loading, Shell } from './shell';
import { snapshotKey, useStoreData } from './use-store-data';

/** Related practices are counted up to this many. */
const COUNT_CAP = 50;

/**
 * `<cop-prompt>`: a contextual "ask the community" invitation for the page's topic, with the
 * number of related practices the community already has. Asking opens the question form.
 *
 * @element cop-prompt
 * @summary An "ask the community" invitation with the count of related practices.
 * @attr {string} store - The store's URL. Default: the origin the script was loaded from.
 * @attr {string} community - The community to invite to.
 * @attr {string} topic - What the page is about; related practices are counted for it (default: the tag, else the page title).
 * @attr {string} tag - Count only practices with this tag.
 * @attr {string} token - An embed token for the person; asking needs one.
 * @event {CustomEvent<QuestionPostedDetail>} cop-question-posted - A question was posted from the invitation.
 * @csspart dialog - The dialog that holds the question form.
 * @cssproperty --cop-height - The element's height (default 10rem).
 */
export class CopPromptElement extends CopElement {
  static override get observedAttributes(): string[] {
    return ['store', 'community', 'topic', 'tag', 'token'];
  }

  /** What the page is about (attribute `topic`). */
  get topic(): string {
    return this.getAttribute('topic')?.trim() ?? '';
  }
  set topic(value: string | null) {
    this.reflectAttribute('topic', value);
  }

  /** Count only practices with this tag (attribute `tag`). */
  get tag(): string {
    return this.getAttribute('tag')?.trim() ?? '';
  }
  set tag(value: string | null) {
    this.reflectAttribute('tag', value);
  }

  protected view() {
    return <PromptView community={this.community} topic={this.topic} tag={this.tag} />;
  }
}

interface Related {
  name: string;
  count: number;
}

function PromptView({ community, topic, tag }: { community: string; topic: string; tag: string }) {
  const { host, conn } = useElement();
  const t = useT();
  const wt = useWidgetText();
  const [asking, setAsking] = useState(false);

  const result = useStoreData<Related>(snapshotKey(conn, 'cop-prompt', {
    community,
    topic,
    tag,
  }), async () => {
    const q = topic || (tag ? '' : document.title.trim().slice(0, 200));
    const [items, communities] = await Promise.all([
      listPublished(conn, { community, tag, q: q || undefined, limit: COUNT_CAP }),
      conn.communities().catch(() => []),
    ]);
    const name = communities.find((c) => c.slug === community)?.name ?? community;
    return { name, count: items.length };
  }, [conn, community, topic, tag]);
  const { data, error } = result;

  let body = null;
  if (data) {
    const invitation = topic ? wt('topicPrompt', { topic }) : wt('defaultPrompt');
    const count = data.count
      ? wt(data.count === 1 ? 'relatedOne' : 'relatedCount', {
          count: data.count >= COUNT_CAP ? `${COUNT_CAP}+` : data.count,
        })
      : wt('relatedNone');
    body = (
      <PromptCard
        message={`${invitation} ${count}`}
        communityName={data.name}
        onAsk={() => setAsking(true)}
        onDismiss={() => {
          host.hidden = true;
        }}
      />
    );
  } else if (!error) body = <Loading />;

  return (
    <>
      <Shell label={t('promptLabel')} error={error} stale={!!data}>
        {body}
      </Shell>
      <AskDialog open={asking} community={community} onClose={() => setAsking(false)} />
    </>
  );
}
