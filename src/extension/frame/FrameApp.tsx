/**
 * What the extension shows inside a page once the person acts (or on an enabled site): the capture
 * and ask forms and the practices captured from here. It runs in an extension-origin frame, so the
 * page can neither read it nor drive it; everything it knows comes from the background.
 */
import type { Signal } from '@preact/signals';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Practice } from '../../core/types';
import { AskForm } from '../../ui/AskForm';
import { CaptureForm } from '../../ui/CaptureForm';
import type { CommunityOption } from '../../ui/CommunitySelect';
import { useT } from '../../ui/i18n';
import type { FrameHighlight, FrameLayout, FrameView, RequestMap, RequestType } from '../messages';

export interface FrameState {
  /** The latest opening the background sent (null: none, or the person closed it). */
  view: Signal<FrameView | null>;
  /** Practices captured from this page, and whether each was found in it. */
  highlights: Signal<FrameHighlight[]>;
}

export interface FrameLink {
  call: <T extends RequestType>(
    type: T,
    body: RequestMap[T]['req'],
  ) => Promise<RequestMap[T]['res']>;
  /** Tells the page how much room the frame needs. */
  layout(layout: FrameLayout): void;
  /** Puts a found highlight in view. */
  reveal(practiceId: string): void;
  /** The person closed the form. */
  closed(): void;
}

interface Props {
  state: FrameState;
  link: FrameLink;
}

export function FrameApp({ state, link }: Props) {
  const t = useT();
  const { call } = link;
  const latest = state.view.value;
  const highlights = state.highlights.value;
  /** The opening the form shows; a newer one waits here while the person decides about unsaved input. */
  const [shown, setShown] = useState<FrameView | null>(null);
  const [pending, setPending] = useState<FrameView | null>(null);
  const edited = useRef(false);
  const [communities, setCommunities] = useState<CommunityOption[] | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [similar, setSimilar] = useState<Practice[]>([]);
  const [listOpen, setListOpen] = useState(false);
  const lookupTimer = useRef<number>(0);
  const dockRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  // Every new opening replaces what is shown (an outcome, an error or an untouched form) at once;
  // a form with unsaved input asks first.
  useEffect(() => {
    if (!latest) return setShown(null);
    if (latest.seq === shown?.seq) return;
    if (shown && edited.current) setPending(latest);
    else {
      edited.current = false;
      setPending(null);
      setShown(latest);
    }
  }, [latest, shown]);

  // Opening: load the person's communities.
  useEffect(() => {
    if (!shown) return;
    setProblem(null);
    setSimilar([]);
    call('communities/mine', {})
      .then(setCommunities)
      .catch((e: { code?: string; message: string }) => {
        setCommunities([]);
        setProblem({ code: e.code ?? 'error', message: e.message });
      });
  }, [shown, call]);

  // The room the frame needs in the page: the column for a form, the dock for highlights only.
  useLayoutEffect(() => {
    const box = panelRef.current ?? dockRef.current;
    if (!box) return link.layout({ kind: 'none' });
    const kind = box === panelRef.current ? 'column' : 'dock';
    const report = () => link.layout({ kind, height: Math.ceil(box.offsetHeight) });
    report();
    const observer = new ResizeObserver(report);
    observer.observe(box);
    return () => observer.disconnect();
  }, [shown, highlights.length > 0, link]);

  // A form mounting while the frame is still hidden (its opening reached the frame before the page
  // showed it: every opening after the first, once communities are loaded) cannot take focus then.
  // When the page shows the frame and moves focus into it, land in the form's first field.
  useEffect(() => {
    const onFocus = () => {
      const active = document.activeElement;
      if (active && active !== document.body && active !== document.documentElement) return;
      panelRef.current?.querySelector<HTMLElement>('form input:not([type="hidden"])')?.focus();
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, []);

  const close = useCallback(() => {
    edited.current = false;
    setPending(null);
    setShown(null);
    state.view.value = null;
    link.closed();
  }, [state.view, link]);

  const lookup = useCallback(
    (query: { title: string; text: string; community: string }) => {
      window.clearTimeout(lookupTimer.current);
      lookupTimer.current = window.setTimeout(() => {
        if (!query.title.trim() && !query.text.trim()) return setSimilar([]);
        call('practice/similar', query)
          .then(setSimilar)
          .catch(() => setSimilar([]));
      }, 250);
    },
    [call],
  );

  /** Saved or posted: nothing unsaved is left to ask about. */
  const settled = <T,>(promise: Promise<T>) =>
    promise.then((value) => {
      edited.current = false;
      return value;
    });

  return (
    <div class="cop-root cop-layer">
      {shown && (
        <div
          ref={panelRef}
          class="cop-panel"
          role="dialog"
          aria-label={shown.mode === 'capture' ? t('captureHeading') : t('askHeading')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
          onInput={() => {
            edited.current = true;
          }}
        >
          <div class="cop-panel__bar">
            <span class="cop-panel__brand" aria-hidden="true">
              CoP Kit
            </span>
            <button
              type="button"
              class="cop-button cop-button--small"
              onClick={close}
              aria-label={t('close')}
            >
              ×
            </button>
          </div>
          {pending && (
            <div
              class="cop-notice cop-notice--warn"
              role="alertdialog"
              aria-label={t('discardHeading')}
            >
              <p>{t('discardMessage')}</p>
              <div class="cop-actions">
                <button type="button" class="cop-button" onClick={() => setPending(null)}>
                  {t('keepEditing')}
                </button>
                <button
                  type="button"
                  class="cop-button cop-button--primary"
                  // biome-ignore lint/a11y/noAutofocus: the question must be answered before anything else
                  autoFocus
                  onClick={() => {
                    edited.current = false;
                    setShown(pending);
                    setPending(null);
                  }}
                >
                  {t('discardAndStart')}
                </button>
              </div>
            </div>
          )}
          {problem && (
            <div class="cop-notice cop-notice--error" role="alert">
              <p>
                {problem.code === 'unauthorized' || problem.code === 'signed_out'
                  ? t('signInAgain')
                  : problem.message}
              </p>
              <button
                type="button"
                class="cop-button cop-button--small"
                onClick={() => call('options/open', {}).catch(() => undefined)}
              >
                {t('openOptions')}
              </button>
            </div>
          )}
          {communities === null ? null : shown.mode === 'capture' ? (
            <CaptureForm
              key={shown.seq}
              draft={shown.draft}
              communities={communities}
              similar={similar}
              onLookup={lookup}
              onEndorse={async (p) => {
                await call('practice/endorse', { practiceId: p.id });
              }}
              onSubmit={(values) => settled(call('practice/capture', { values }))}
              onCancel={close}
              onDone={close}
            />
          ) : (
            <AskForm
              key={shown.seq}
              draft={{
                context: {
                  url: shown.draft.url,
                  title: shown.draft.pageTitle,
                  ...(shown.draft.quote ? { selection: shown.draft.quote.exact } : {}),
                },
              }}
              communities={communities}
              defaultCommunity={
                communities.some((c) => c.slug === shown.community) ? shown.community : undefined
              }
              onSubmit={(values) => settled(call('question/ask', { values }))}
              findSimilar={(text) => call('question/similar', { text })}
              onChooseSimilar={(item) =>
                void call('question/answeredByExisting', item).catch(() => {})
              }
              onCancel={close}
              onDone={close}
            />
          )}
        </div>
      )}
      {/* The dock waits while a form is open: the frame covers only the form then. */}
      {!shown && highlights.length > 0 && (
        <div class="cop-dock" ref={dockRef}>
          <section class="cop-card cop-highlights" aria-label={t('highlightsHeading')}>
            <button
              type="button"
              class="cop-button cop-button--small"
              aria-expanded={listOpen ? 'true' : 'false'}
              onClick={() => setListOpen(!listOpen)}
            >
              {t('highlightsHeading')} ({highlights.length})
            </button>
            {listOpen && (
              <ul class="cop-list" style={{ marginTop: '8px' }}>
                {highlights.map((h) => (
                  <li key={h.id} data-practice-id={h.id} data-found={h.found ? 'true' : 'false'}>
                    <span class="cop-label">{h.title}</span>{' '}
                    {h.found ? (
                      <button
                        type="button"
                        class="cop-button cop-button--link"
                        onClick={() => link.reveal(h.id)}
                      >
                        {t('showInPage')}
                        <span class="cop-visually-hidden">: {h.title}</span>
                      </button>
                    ) : (
                      <span class="cop-hint">{t('notFoundInPage')}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
