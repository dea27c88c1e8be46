/**
 * The capture form: turns a selection into a practice. It warns about secrets in the quote and
 * offers masking, and offers similar practices to endorse instead; saving is the host's callback.
 */

import { useEffect, useState } from 'preact/hooks';
import { PRACTICE_KINDS } from '../core/kinds';
import { LIMITS } from '../core/limits';
import type { Practice, PracticeKind, Quote } from '../core/types';
import type { CommunityOption } from './CommunitySelect';
import { CommunityField, Outcome, PostFormFrame, TagsField, TextAreaField } from './form-parts';
import { useT } from './i18n';
import { PracticeCard } from './PracticeCard';
import {
  cleanAddress,
  loadScanner,
  type Scanner,
  SecretWarning,
  useSecretScan,
} from './SecretWarning';
import { parseTags } from './tags';
import { useAction } from './use-action';
import { usePostForm } from './use-post-form';

/** What the page gave us: the selection as a quote, and where it came from. */
export interface CaptureDraft {
  title?: string;
  quote: Quote | null;
  url: string;
  pageTitle: string;
}

/** What the form hands to `onSubmit`: the args of `createPractice` without the id. */
export interface CaptureValues {
  community: string;
  title: string;
  body: string;
  kind: PracticeKind;
  tags: string[];
  source?: { url: string; title: string; quote?: Quote };
}

export interface SubmitOutcome {
  /** True when the write waits in the outbox (offline); the message says so. */
  queued: boolean;
}

export interface CaptureFormProps {
  draft: CaptureDraft;
  communities: CommunityOption[];
  defaultCommunity?: string;
  /** Practices that look like this one; the host computes them from `onLookup`. */
  similar?: Practice[];
  /** Called (debounced by the host if it likes) when title, quote or community change. */
  onLookup?: (query: { title: string; text: string; community: string }) => void;
  onEndorse?: (practice: Practice) => Promise<void>;
  onSubmit: (values: CaptureValues) => Promise<SubmitOutcome>;
  onCancel?: () => void;
  /** Called after a successful save once the person has seen the confirmation. */
  onDone?: () => void;
}

/** A title suggestion: the selection's first sentence, short enough to read at a glance. */
export function suggestTitle(quote: Quote | null, pageTitle: string): string {
  const text = quote?.exact.replace(/\s+/g, ' ').trim() ?? '';
  const sentence = text.split(/(?<=[.!?])\s/)[0] ?? '';
  const base = sentence || pageTitle;
  return base.length > 90 ? `${base.slice(0, 87).trimEnd()}…` : base;
}

function maskQuote(s: Scanner, quote: Quote): Quote {
  return {
    exact: s.maskSecrets(quote.exact),
    prefix: s.maskSecrets(quote.prefix),
    suffix: s.maskSecrets(quote.suffix),
  };
}

export function CaptureForm(props: CaptureFormProps) {
  const { draft, communities, similar = [], onLookup } = props;
  const t = useT();
  const form = usePostForm({
    communities,
    defaultCommunity: props.defaultCommunity,
    initialTitle: () => draft.title ?? suggestTitle(draft.quote, draft.pageTitle),
    titleRequired: 'titleRequired',
    submitLabel: 'savePractice',
    busyLabel: 'saving',
  });
  const { id, title, setTitle, community, tags, done } = form;
  const [kind, setKind] = useState<PracticeKind>('method');
  const [note, setNote] = useState('');
  const [quote, setQuote] = useState<Quote | null>(draft.quote);
  const [endorsed, setEndorsed] = useState<string | null>(null);
  const endorse = useAction(async (practice: Practice) => {
    if (!props.onEndorse) return;
    await props.onEndorse(practice);
    setEndorsed(practice.id);
  });
  useEffect(() => {
    onLookup?.({ title, text: quote?.exact ?? '', community });
  }, [title, quote, community, onLookup]);

  const secrets = useSecretScan([quote?.prefix, quote?.exact, quote?.suffix, note, title]);

  function maskAll() {
    secrets.mask((s) => {
      if (quote) setQuote(maskQuote(s, quote));
      setNote((n) => s.maskSecrets(n));
      setTitle((v) => s.maskSecrets(v));
    });
  }

  function submit(event: Event) {
    event.preventDefault();
    void form.submit(secrets, async () => {
      // A token in the page's address (a sign-in link, an embed token) is never shared: the address
      // goes without it, or not at all when the rest still carries one.
      const url = draft.url ? cleanAddress(await loadScanner(), draft.url) : undefined;
      return props.onSubmit({
        community,
        title: title.trim().slice(0, LIMITS.title),
        body: note.trim(),
        kind,
        tags: parseTags(tags),
        source: url ? { url, title: draft.pageTitle, ...(quote ? { quote } : {}) } : undefined,
      });
    });
  }

  if (done || endorsed)
    return (
      <Outcome
        outcome={endorsed ? 'endorsed' : done?.queued ? 'queued' : 'saved'}
        message={
          endorsed
            ? t('endorsed')
            : done?.queued
              ? t('savedQueued')
              : t('savedSynced', { community: form.communityName() })
        }
        onDone={props.onDone}
      />
    );

  return (
    <PostFormFrame
      form={form}
      heading={t('captureHeading')}
      intro={
        <>
          {quote && <QuotePreview id={`${id}-quote`} quote={quote} draft={draft} />}
          <SecretWarning scan={secrets} onMask={maskAll} />
        </>
      }
      title={{ name: 'title', label: t('title') }}
      error={form.errors.form || endorse.error}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <div class="cop-row">
        <CommunityField form={form} />
        <div class="cop-field">
          <label for={`${id}-kind`}>{t('kind')}</label>
          <select
            id={`${id}-kind`}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as PracticeKind)}
          >
            {PRACTICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind_${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TagsField form={form} />
      <TextAreaField
        form={form}
        name="note"
        label={t('note')}
        maxLength={LIMITS.note}
        placeholder={t('notePlaceholder')}
        value={note}
        onInput={setNote}
      />
      {similar.length > 0 && (
        <section class="cop-notice" aria-labelledby={`${id}-similar`}>
          <h3 id={`${id}-similar`}>{t('similarHeading')}</h3>
          <p class="cop-hint">{t('similarHint')}</p>
          <ul class="cop-list">
            {similar.slice(0, 3).map((p) => (
              <li key={p.id}>
                <PracticeCard
                  practice={p}
                  headingLevel={4}
                  compact
                  action={
                    props.onEndorse && (
                      <button
                        type="button"
                        class="cop-button cop-button--small"
                        onClick={() => endorse.run(p)}
                      >
                        {t('endorseThis')}
                        <span class="cop-visually-hidden">: {p.title}</span>
                      </button>
                    )
                  }
                />
              </li>
            ))}
          </ul>
        </section>
      )}
    </PostFormFrame>
  );
}

/** The selection being captured, and the page it comes from. */
function QuotePreview(props: { id: string; quote: Quote; draft: CaptureDraft }) {
  const t = useT();
  const { draft } = props;
  return (
    <div class="cop-field">
      <span class="cop-label" id={props.id}>
        {t('quote')}
      </span>
      <blockquote class="cop-quote" aria-labelledby={props.id}>
        {props.quote.exact}
      </blockquote>
      {draft.url && (
        <span class="cop-hint">
          {t('source')}: {draft.pageTitle || draft.url}
        </span>
      )}
    </div>
  );
}
