/**
 * The side panel (Chrome) / sidebar (Firefox): search practices in the local cache, find an expert,
 * follow questions and answers, and see the sync state. All data comes through the background.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { describeError } from '../../client/api';
import { mayVerify } from '../../core/stewardship';
import type { Answer, ExpertHit, Practice, SearchHit } from '../../core/types';
import { CommunityDirectory } from '../../ui/CommunityDirectory';
import { ExpertList } from '../../ui/ExpertList';
import { useT } from '../../ui/i18n';
import { MyProfile } from '../../ui/MyProfile';
import { OutdatedNotice } from '../../ui/OutdatedNotice';
import { PracticeList } from '../../ui/PracticeList';
import { QuestionList } from '../../ui/QuestionList';
import { SyncStatus } from '../../ui/SyncStatus';
import { Tabs } from '../../ui/Tabs';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import type { QuestionsView, SessionView, SyncView } from '../messages';
import { call, listenLive } from './background-link';

type Section = 'practices' | 'experts' | 'questions' | 'communities' | 'profile';

// My profile reads and saves through the background (the store's /me/expertise).
const loadProfile = () => call('me/expertise', {});
const saveProfile = (update: { topics?: string[]; hidden?: boolean }) =>
  call('me/setExpertise', update);

const EMPTY_QUESTIONS: QuestionsView = { mine: [], open: [], routed: [], unseen: {} };

export function SidePanelApp() {
  const t = useT();
  const [session, setSession] = useState<SessionView | null>(null);
  const [sync, setSync] = useState<SyncView>({ state: 'signed-out', pending: 0 });
  const [section, setSection] = useState<Section>(
    location.hash === '#questions' ? 'questions' : 'practices',
  );
  const [changed, setChanged] = useState(0);

  useEffect(
    () =>
      listenLive((message) => {
        if (message.type === 'session') setSession(message.session);
        else if (message.type === 'sync') setSync(message.sync);
        else setChanged((n) => n + 1);
      }),
    [],
  );

  const connected = session?.user != null;
  const unseenTotal = useUnseenTotal(connected, changed);
  const inNoCommunity = useInNoCommunity(connected, changed);
  // Someone in no community yet starts at the directory, not at empty lists.
  useEffect(() => {
    if (inNoCommunity) setSection('communities');
  }, [inNoCommunity]);

  return (
    <div class="cop-root cop-page">
      <header class="cop-page__header">
        <h1>CoP Kit</h1>
        <SyncStatus
          status={{ state: sync.state, pending: sync.pending, error: sync.error }}
          onSyncNow={() => {
            call('sync/now', {})
              .then(setSync)
              .catch(() => undefined);
          }}
        />
      </header>
      <main>
        {sync.state === 'outdated' && (
          // The worker holding the cache is the outdated one: reloading the extension brings the new code.
          <OutdatedNotice onReload={() => browser.runtime.reload()} />
        )}
        {session === null ? null : !connected ? (
          <div class="cop-notice" role="alert">
            <p>{t('sync_signedOut')}</p>
            <button
              type="button"
              class="cop-button cop-button--primary"
              onClick={() => call('options/open', {})}
            >
              {t('openOptions')}
            </button>
          </div>
        ) : (
          <>
            {session.expired && (
              <div class="cop-notice cop-notice--warn" role="alert">
                <p>{t('signInAgain')}</p>
                <button type="button" class="cop-button" onClick={() => call('options/open', {})}>
                  {t('openOptions')}
                </button>
              </div>
            )}
            <Tabs
              label="CoP Kit"
              selected={section}
              onSelect={(id) => setSection(id as Section)}
              tabs={[
                {
                  id: 'practices',
                  label: t('practices'),
                  panel: () => <PracticesSection changed={changed} />,
                },
                { id: 'experts', label: t('experts'), panel: () => <ExpertsSection /> },
                {
                  id: 'questions',
                  label: (
                    <>
                      {t('questions')}
                      {unseenTotal > 0 && (
                        <span class="cop-badge" style={{ marginInlineStart: '6px' }}>
                          {unseenTotal}
                          <span class="cop-visually-hidden">
                            {' '}
                            {t('newAnswers', { count: unseenTotal })}
                          </span>
                        </span>
                      )}
                    </>
                  ),
                  panel: () => <QuestionsSection changed={changed} userId={session.user?.id} />,
                },
                {
                  id: 'communities',
                  label: t('communities'),
                  panel: () => <DirectorySection changed={changed} inNoCommunity={inNoCommunity} />,
                },
                {
                  id: 'profile',
                  label: t('myProfile'),
                  panel: () => <MyProfile load={loadProfile} save={saveProfile} />,
                },
              ]}
            />
          </>
        )}
      </main>
    </div>
  );
}

/** Whether the person belongs to no community (known once asked), refreshed when cached rows change. */
function useInNoCommunity(connected: boolean, changed: number): boolean {
  const [none, setNone] = useState(false);
  useEffect(() => {
    if (!connected) return setNone(false);
    call('communities/mine', {})
      .then((mine) => setNone(mine.length === 0))
      .catch(() => setNone(false));
  }, [connected, changed]);
  return none;
}

function DirectorySection({ changed, inNoCommunity }: { changed: number; inNoCommunity: boolean }) {
  const t = useT();
  const directory = useResource(() => call('communities/directory', {}), [changed]);
  const { data: entries, error } = directory;
  return (
    <section aria-labelledby="cop-communities-heading">
      <h2 id="cop-communities-heading" class="cop-visually-hidden">
        {t('communities')}
      </h2>
      {inNoCommunity && <p class="cop-notice">{t('noCommunityYet')}</p>}
      {error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {error}
        </p>
      )}
      {entries && (
        <CommunityDirectory
          entries={entries}
          onJoin={async (entry) => {
            const { joined } = await call('communities/join', { slug: entry.slug });
            void directory.reload();
            return joined;
          }}
        />
      )}
    </section>
  );
}

/** The number of unseen answers, refreshed whenever cached rows change. */
function useUnseenTotal(connected: boolean, changed: number): number {
  const [total, setTotal] = useState(0);
  useEffect(() => {
    if (!connected) return setTotal(0);
    call('questions/list', {})
      .then((v) => setTotal(Object.values(v.unseen).reduce((a, b) => a + b, 0)))
      .catch(() => setTotal(0));
  }, [connected, changed]);
  return total;
}

function PracticesSection({ changed }: { changed: number }) {
  const t = useT();
  const [query, setQuery] = useState('');
  // Every keystroke searches the local index: no network, no debounce needed.
  const found = useResource<(Practice | SearchHit)[]>(() => {
    const q = query.trim();
    return q ? call('practices/search', { q }) : call('practices/recent', { limit: 20 });
  }, [query, changed]);
  const { data: items, error } = found;
  const reader = useResource(() => call('practice/reader', {}), [changed]).data;

  return (
    <section aria-labelledby="cop-practices-heading">
      <h2 id="cop-practices-heading" class="cop-visually-hidden">
        {t('practices')}
      </h2>
      <div class="cop-field">
        <label for="cop-practice-search">{t('searchPractices')}</label>
        <input
          id="cop-practice-search"
          type="search"
          placeholder={t('searchPlaceholder')}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </div>
      <p class="cop-hint" role="status" style={{ margin: '6px 0' }}>
        {items && query.trim() ? t('practicesCount', { count: items.length }) : ''}
      </p>
      {error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {error}
        </p>
      )}
      {items && (
        <PracticeList
          practices={items}
          headingLevel={3}
          onHelped={async (p, how) => {
            await call('practice/helped', { practiceId: p.id, ...(how ? { how } : {}) });
          }}
          readerId={reader?.userId}
          mayVerify={reader ? (p) => mayVerify(p, reader) : undefined}
          onVerify={(p) => call('practice/verify', { practiceId: p.id })}
        />
      )}
    </section>
  );
}

function ExpertsSection() {
  const t = useT();
  const [topic, setTopic] = useState('');
  const [experts, setExperts] = useState<ExpertHit[] | null>(null);
  const [searched, setSearched] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const search = useAction(async (q: string) => {
    setExperts(await call('experts/find', { topic: q }));
    setSearched(q);
  });
  const { error, busy } = search;
  const find = useCallback(
    (value: string) => {
      const q = value.trim();
      if (q) void search.run(q);
      else setExperts(null);
    },
    [search.run],
  );

  return (
    <section aria-labelledby="cop-experts-heading">
      <h2 id="cop-experts-heading" class="cop-visually-hidden">
        {t('experts')}
      </h2>
      <form
        class="cop-form"
        onSubmit={(e) => {
          e.preventDefault();
          clearTimeout(timer.current);
          find(topic);
        }}
      >
        <div class="cop-field">
          <label for="cop-expert-topic">{t('findExpert')}</label>
          <div class="cop-row">
            <input
              id="cop-expert-topic"
              type="search"
              placeholder={t('expertPlaceholder')}
              value={topic}
              style={{ flex: '1 1 160px', width: 'auto' }}
              onInput={(e) => {
                const value = e.currentTarget.value;
                setTopic(value);
                clearTimeout(timer.current);
                timer.current = setTimeout(() => find(value), 350);
              }}
            />
            <button type="submit" class="cop-button" disabled={busy}>
              {t('search')}
            </button>
          </div>
        </div>
      </form>
      <div style={{ marginTop: '10px' }} aria-live="polite" aria-busy={busy ? 'true' : 'false'}>
        {error ? (
          <p class="cop-notice cop-notice--error" role="alert">
            {error}
          </p>
        ) : experts ? (
          <ExpertList experts={experts} topic={searched} />
        ) : (
          <p class="cop-muted">{t('expertsHint')}</p>
        )}
      </div>
    </section>
  );
}

function QuestionsSection({ changed, userId }: { changed: number; userId?: string }) {
  const t = useT();
  const [view, setView] = useState<QuestionsView>(EMPTY_QUESTIONS);
  const [answers, setAnswers] = useState<Record<string, Answer[] | undefined>>({});
  const [expanded, setExpanded] = useState<string[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    call('questions/list', {})
      .then(setView)
      .catch((e) => setError(describeError(e)));
    // Refresh the answers of every open question when new rows arrive.
    for (const id of expanded) {
      call('answers/list', { questionId: id })
        .then((list) => setAnswers((a) => ({ ...a, [id]: list })))
        .catch(() => undefined);
    }
  }, [changed]);

  function expand(questionId: string) {
    setExpanded((e) => (e.includes(questionId) ? e : [...e, questionId]));
    call('answers/list', { questionId })
      .then((list) => setAnswers((a) => ({ ...a, [questionId]: list })))
      .catch((e) => setError(describeError(e)));
    call('answers/seen', { questionId })
      .then(setView)
      .catch(() => undefined);
  }

  const common = {
    answers,
    currentUserId: userId,
    unseen: view.unseen,
    onExpand: expand,
    onAnswer: (questionId: string, body: string) => call('answer/post', { questionId, body }),
    onAccept: async (questionId: string, answerId: string) => {
      await call('answer/accept', { questionId, answerId });
    },
    onPromote: async (questionId: string) => {
      await call('question/promote', { questionId });
    },
  };

  return (
    <div>
      {error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="cop-q-routed">
        <h2 id="cop-q-routed">{t('routedQuestions')}</h2>
        <QuestionList questions={view.routed} {...common} />
      </section>
      <section aria-labelledby="cop-q-mine">
        <h2 id="cop-q-mine">{t('myQuestions')}</h2>
        <QuestionList questions={view.mine} {...common} />
      </section>
      <section aria-labelledby="cop-q-open">
        <h2 id="cop-q-open">{t('openQuestions')}</h2>
        <QuestionList questions={view.open} {...common} />
      </section>
    </div>
  );
}
