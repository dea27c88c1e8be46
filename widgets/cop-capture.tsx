import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../src/client/api';
import { newId } from '../src/core/ids';
import type { Practice } from '../src/core/types';
import { type CaptureDraft, CaptureForm, type CaptureValues } from '../src/ui/CaptureForm';
import { useT } from '../src/ui/i18n';
import { NoToken } from './ask-dialog';
import { useCommunities } from './communities';
import { CopElement, useElement } from './element-base';
import { emit } from './events';
import { FormDialog } from './form-dialog';
import { useWidgetText } from './messages';
import { pageSelection, pageUrl, quoteOf } from './page-selection';
import { Loading, Shell } from './shell';
import { useStoreData } from './use-store-data';

/**
 * `<cop-capture>`: for people without the extension, capture what they selected on the page as a
 * practice: the quote, its context and the page it came from, with secrets masked on request.
 *
 * @element cop-capture
 * @summary Capture the page's selection as a practice.
 * @attr {string} store - The store's URL. Default: the origin the script was loaded from.
 * @attr {string} community - The community to capture into. Default: the person chooses among theirs.
 * @attr {string} token - An embed token for the person; capturing needs one.
 * @event {CustomEvent<PracticeCapturedDetail>} cop-practice-captured - A practice was saved; `detail.practice` is the stored practice (status `captured`).
 * @csspart button - The "Capture as practice" button.
 * @csspart dialog - The dialog that holds the capture form.
 * @cssproperty --cop-height - The element's height (default 6.5rem).
 */
export class CopCaptureElement extends CopElement {
  static override get observedAttributes(): string[] {
    return ['store', 'community', 'token'];
  }

  protected view() {
    return <CaptureView community={this.community} />;
  }
}

const preview = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

function CaptureView({ community }: { community: string }) {
  const { conn } = useElement();
  const t = useT();
  const wt = useWidgetText();
  const [selected, setSelected] = useState('');
  const [draft, setDraft] = useState<CaptureDraft | null>(null);
  // The selection as it was when the pointer went down on our button, before a click can clear it.
  const pressed = useRef<Range | null>(null);

  useEffect(() => {
    const update = () => setSelected(pageSelection()?.toString().replace(/\s+/g, ' ').trim() ?? '');
    update();
    document.addEventListener('selectionchange', update);
    return () => document.removeEventListener('selectionchange', update);
  }, []);

  // Checks the token when the element appears, so a refused one is explained before anyone types.
  const who = useStoreData(null, () => conn.me(), [conn]);

  function openForm() {
    const range = pressed.current ?? pageSelection();
    pressed.current = null;
    setDraft({
      quote: range ? quoteOf(range) : null,
      url: pageUrl() ?? '',
      pageTitle: document.title.trim(),
    });
  }

  // A refused token replaces the button with the store's sentence.
  const refused = who.error && !who.data ? who.error : '';
  let content = null;
  if (!conn.token) content = <p class="cop-notice">{wt('tokenNeeded')}</p>;
  else if (!refused)
    content = (
      <>
        <p class="cop-line">
          {selected ? wt('selectionReady', { text: preview(selected) }) : wt('selectFirst')}
        </p>
        <div class="cop-row">
          <button
            type="button"
            class="cop-button cop-button--primary"
            part="button"
            onPointerDown={() => {
              pressed.current = pageSelection();
            }}
            onClick={openForm}
          >
            {t('capturePractice')}
          </button>
          <span class="cop-line cop-grow cop-muted">
            {who.data ? wt('signedInAs', { name: who.data.user.name }) : '\u00a0'}
          </span>
        </div>
      </>
    );

  return (
    <>
      <Shell label={t('captureHeading')} error={refused}>
        {content}
      </Shell>
      <FormDialog open={!!draft} label={t('captureHeading')} onClose={() => setDraft(null)}>
        {draft && (
          <CaptureBody draft={draft} community={community} onClose={() => setDraft(null)} />
        )}
      </FormDialog>
    </>
  );
}

function CaptureBody({
  draft,
  community,
  onClose,
}: {
  draft: CaptureDraft;
  community: string;
  onClose: () => void;
}) {
  const { host, conn } = useElement();
  const choice = useCommunities(community);
  const [similar, setSimilar] = useState<Practice[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  // Practices that look like this one, so the person can endorse instead of duplicating.
  const lookup = useCallback(
    ({ title, community: slug }: { title: string; community: string }) => {
      clearTimeout(timer.current);
      if (title.trim().length < 4 || !slug) return;
      timer.current = setTimeout(() => {
        conn.api.practices({ q: title, community: slug, limit: 3 }).then(setSimilar, () => {});
      }, 400);
    },
    [conn],
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  if (choice.error) return <NoToken message={choice.error} onClose={onClose} />;
  if (!choice.list) return <Loading />;

  async function submit(values: CaptureValues) {
    const id = newId();
    try {
      const practice = await conn.api.postPractice({ id, ...values }, id);
      emit(host, 'cop-practice-captured', { practice });
      return { queued: false };
    } catch (error) {
      throw new Error(describeError(error, conn.store));
    }
  }

  async function endorse(practice: Practice) {
    try {
      await conn.api.request(`/api/v1/practices/${encodeURIComponent(practice.id)}/endorse`, {
        method: 'POST',
        body: { endorse: true },
      });
    } catch (error) {
      throw new Error(describeError(error, conn.store));
    }
  }

  return (
    <CaptureForm
      draft={draft}
      communities={choice.list}
      defaultCommunity={community || undefined}
      similar={similar}
      onLookup={lookup}
      onEndorse={endorse}
      onSubmit={submit}
      onCancel={onClose}
      onDone={onClose}
    />
  );
}
