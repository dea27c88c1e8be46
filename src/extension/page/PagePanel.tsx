/**
 * What the extension shows inside a page once the person acts (or on an enabled site): the capture
 * and ask forms in a side dialog and the practices captured from here (prompts: prompt-chip.ts).
 */
import type { Signal } from '@preact/signals';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Practice } from '../../core/types';
import { type AskDraft, AskForm } from '../../ui/AskForm';
import { type CaptureDraft, CaptureForm } from '../../ui/CaptureForm';
import type { CommunityOption } from '../../ui/CommunitySelect';
import { useT } from '../../ui/i18n';
import { NoCommunity } from '../../ui/NoCommunity';
import type { PageHighlight, RequestMap, RequestType } from '../messages';

/** The panel's open form, if any, with what the page gave it (and the prompt's community). */
export type PanelView =
  | { mode: 'capture'; draft: CaptureDraft }
  | { mode: 'ask'; draft: AskDraft; community?: string }
  | null;

export interface PanelState {
  view: Signal<PanelView>;
  /** Practices captured from this page. */
  highlights: Signal<PageHighlight[]>;
  /** Whether each highlight was found in the page, by practice id. */
  found: Signal<Record<string, boolean>>;
  /** Height of the prompt chip at the bottom right, which the highlights dock sits above. */
  promptSpace: Signal<number>;
}

interface Props {
  state: PanelState;
  call: <T extends RequestType>(
    type: T,
    body: RequestMap[T]['req'],
  ) => Promise<RequestMap[T]['res']>;
  /** Puts a found highlight in view. */
  reveal: (practiceId: string) => void;
}

export function PagePanel({ state, call, reveal }: Props) {
  const t = useT();
  const view = state.view.value;
  const highlights = state.highlights.value;
  const promptSpace = state.promptSpace.value;
  const [communities, setCommunities] = useState<CommunityOption[] | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [similar, setSimilar] = useState<Practice[]>([]);
  const [listOpen, setListOpen] = useState(false);
  const returnFocus = useRef<Element | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const lookupTimer = useRef<number>(0);

  // Opening: remember where focus was in the page, load the person's communities.
  useEffect(() => {
    if (!view) return;
    returnFocus.current = document.activeElement;
    setProblem(null);
    setSimilar([]);
    call('communities/mine', {})
      .then(setCommunities)
      .catch((e: { code?: string; message: string }) => {
        setCommunities([]);
        setProblem({ code: e.code ?? 'error', message: e.message });
      });
  }, [view, call]);

  const close = useCallback(() => {
    state.view.value = null;
    const target = returnFocus.current as HTMLElement | null;
    if (target?.isConnected && typeof target.focus === 'function') target.focus();
  }, [state.view]);

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

  return (
    <div class="cop-root cop-layer">
      {view && (
        <div
          ref={dialogRef}
          class="cop-panel"
          role="dialog"
          aria-label={view.mode === 'capture' ? t('captureHeading') : t('askHeading')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
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
          {communities === null ? null : communities.length === 0 && !problem ? (
            <NoCommunity
              onFind={() => {
                // The side panel opens on its directory for someone in no community.
                call('sidepanel/open', {}).catch(() => undefined);
              }}
            />
          ) : view.mode === 'capture' ? (
            <CaptureForm
              draft={view.draft}
              communities={communities}
              similar={similar}
              onLookup={lookup}
              onEndorse={async (p) => {
                await call('practice/endorse', { practiceId: p.id });
              }}
              onSubmit={(values) => call('practice/capture', { values })}
              onCancel={close}
              onDone={close}
            />
          ) : (
            <AskForm
              draft={view.draft}
              communities={communities}
              defaultCommunity={
                communities.some((c) => c.slug === view.community) ? view.community : undefined
              }
              onSubmit={(values) => call('question/ask', { values })}
              onCancel={close}
              onDone={close}
            />
          )}
        </div>
      )}
      {/* Above the prompt chip (12px from the bottom, plus a gap), never under it. */}
      {highlights.length > 0 && (
        <div
          class="cop-dock"
          style={promptSpace > 0 ? { bottom: `${12 + promptSpace + 8}px` } : undefined}
        >
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
                {highlights.map((h) => {
                  const found = state.found.value[h.id] ?? false;
                  return (
                    <li key={h.id} data-practice-id={h.id} data-found={found ? 'true' : 'false'}>
                      <span class="cop-label">{h.title}</span>{' '}
                      {found ? (
                        <button
                          type="button"
                          class="cop-button cop-button--link"
                          onClick={() => reveal(h.id)}
                        >
                          {t('showInPage')}
                          <span class="cop-visually-hidden">: {h.title}</span>
                        </button>
                      ) : (
                        <span class="cop-hint">{t('notFoundInPage')}</span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
