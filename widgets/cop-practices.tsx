import { useEffect, useId, useState } from 'preact/hooks';
import { PRACTICE_KINDS, type PracticeKind } from '../src/core/kinds';
import { mayVerify, readerOf } from '../src/core/stewardship';
import { useT } from '../src/ui/i18n';
import { PracticeList } from '../src/ui/PracticeList';
import { isEmbedToken } from './connection';
import { CopElement, useElement } from './element-base';
import { useWidgetText } from './messages';
import { listPublished } from './published';
import { Loading, SearchHead, Shell } from './shell';
import { snapshotKey, useStoreData } from './use-store-data';

/**
 * `<cop-practices>`: a community's published practices, newest knowledge first, with a search box
 * whose matches are highlighted.
 *
 * @element cop-practices
 * @summary A feed of published practices with a search box.
 * @attr {string} store - The store's URL. Default: the origin the script was loaded from.
 * @attr {string} community - The community's slug. Default: every community the reader may see.
 * @attr {string} tag - Only practices with this tag.
 * @attr {string} kind - Only practices of this kind: method, story, case, tool, document or lesson.
 * @attr {number} limit - How many practices to show (1–50, default 10).
 * @attr {string} token - An embed token. Without one, communities open to anonymous readers are shown. With
 *   one, a reader may say a practice helped them, and its owner may mark it "Still right".
 * @csspart header - The row with the search field.
 * @csspart search - The search field.
 * @cssproperty --cop-height - The element's height (default 26rem); the list scrolls inside.
 */
export class CopPracticesElement extends CopElement {
  static override get observedAttributes(): string[] {
    return [...CopElement.observedAttributes, 'tag', 'kind'];
  }

  /** Only practices with this tag (attribute `tag`). */
  get tag(): string {
    return this.getAttribute('tag')?.trim() ?? '';
  }
  set tag(value: string | null) {
    this.reflectAttribute('tag', value);
  }

  /** Only practices of this kind (attribute `kind`); an unknown kind is ignored. */
  get kind(): PracticeKind | '' {
    const kind = this.getAttribute('kind')?.trim() ?? '';
    return (PRACTICE_KINDS as readonly string[]).includes(kind) ? (kind as PracticeKind) : '';
  }
  set kind(value: string | null) {
    this.reflectAttribute('kind', value);
  }

  protected view() {
    return (
      <PracticesView
        community={this.community}
        tag={this.tag}
        kind={this.kind}
        limit={this.limit}
      />
    );
  }
}

interface Query {
  community: string;
  tag: string;
  kind: PracticeKind | '';
  limit: number;
}

function PracticesView(query: Query) {
  const { conn } = useElement();
  const t = useT();
  const wt = useWidgetText();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');

  // Search as the person types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const { community, tag, kind, limit } = query;
  const result = useStoreData(
    q ? null : snapshotKey(conn, 'cop-practices', { community, tag, kind, limit }),
    () => listPublished(conn, { community, tag, kind, limit, q: q || undefined }),
    [conn, community, tag, kind, limit, q],
  );
  const { data, error } = result;
  const me = useStoreData(null, () => conn.me(), [conn]).data;
  const reader = me && readerOf(me.user.id, isEmbedToken(conn.token) ? [] : me.memberships);

  const head = (
    <SearchHead
      id={`${id}-q`}
      label={t('searchPractices')}
      placeholder={t('searchPractices')}
      value={typed}
      onInput={setTyped}
      onSearch={setQ}
    />
  );

  return (
    <Shell
      head={head}
      label={wt('practicesLabel')}
      status={result.fresh && data ? countText(t, data.length) : ''}
      error={error}
      stale={!!data}
    >
      {data ? (
        <PracticeList
          practices={data}
          headingLevel={3}
          // Only a signed-in reader can say a practice helped them.
          onHelped={
            conn.token
              ? async (p, how) => {
                  await conn.api.markHelped(p.id, how ? { how } : {});
                }
              : undefined
          }
          readerId={me?.user.id}
          // The owner, or a coordinator signed in with an API token, says a practice is still right.
          mayVerify={reader ? (p) => mayVerify(p, reader) : undefined}
          onVerify={async (p) => (await conn.api.verifyPractice(p.id)).practice}
        />
      ) : (
        !error && <Loading />
      )}
    </Shell>
  );
}

function countText(t: ReturnType<typeof useT>, count: number): string {
  return count ? t('practicesCount', { count }) : t('noPractices');
}
