/**
 * The ask form: a question to a community with the page it came from attached. Each part of the
 * page context is shown and can be removed before posting; the question, its details and the page
 * context are scanned for secrets like a capture; posting is the host's callback.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS } from '../core/limits';
import type { PageContext } from '../core/types';
import type { SubmitOutcome } from './CaptureForm';
import type { CommunityOption } from './CommunitySelect';
import { CommunityField, Outcome, PostFormFrame, TagsField, TextAreaField } from './form-parts';
import { type MessageKey, useT } from './i18n';
import { cleanAddress, type Scanner, SecretWarning, useSecretScan } from './SecretWarning';
import { type FindSimilar, type SimilarItem, SimilarSuggestions } from './SimilarSuggestions';
import { parseTags } from './tags';
import { usePostForm } from './use-post-form';

export interface AskDraft {
  title?: string;
  context: PageContext;
}

/** The args of `createQuestion` without the id. */
export interface AskValues {
  community: string;
  title: string;
  body: string;
  tags: string[];
  context?: PageContext;
}

interface Props {
  draft: AskDraft;
  communities: CommunityOption[];
  defaultCommunity?: string;
  onSubmit: (values: AskValues) => Promise<SubmitOutcome>;
  onCancel?: () => void;
  onDone?: () => void;
  /** Looks up practices and answered questions like the one being typed ("This may already answer it"). */
  findSimilar?: FindSimilar;
  /** The person chose a suggestion instead of posting. */
  onChooseSimilar?: (item: SimilarItem) => void;
}

const CONTEXT_LABELS: Record<keyof PageContext, MessageKey> = {
  url: 'contextUrl',
  title: 'contextTitle',
  selection: 'contextSelection',
};

function withCleanAddress(s: Scanner, context: PageContext): PageContext {
  if (!context.url) return context;
  const url = cleanAddress(s, context.url);
  if (url === context.url) return context;
  const { url: _, ...rest } = context;
  return url ? { ...rest, url } : rest;
}

export function AskForm(props: Props) {
  const { communities } = props;
  const t = useT();
  const form = usePostForm({
    communities,
    defaultCommunity: props.defaultCommunity,
    initialTitle: () => props.draft.title ?? '',
    titleRequired: 'questionRequired',
    submitLabel: 'postQuestion',
    busyLabel: 'posting',
  });
  const { id, title, setTitle, community, tags, done } = form;
  const questionRef = form.titleRef;
  const listRef = useRef<HTMLUListElement>(null);
  const focusAfterRemove = useRef<number | null>(null);
  const [body, setBody] = useState('');
  const [context, setContext] = useState<PageContext>(() => ({ ...props.draft.context }));

  const secrets = useSecretScan([title, body, context.selection, context.title, context.url]);

  function maskAll() {
    secrets.mask((s) => {
      setTitle((v) => s.maskSecrets(v));
      setBody((v) => s.maskSecrets(v));
      setContext((c) => {
        const next = { ...c };
        if (next.selection) next.selection = s.maskSecrets(next.selection);
        if (next.title) next.title = s.maskSecrets(next.title);
        return withCleanAddress(s, next);
      });
    });
  }

  // The address is the page's, not the person's words: a secret in it is dropped as soon as it is seen.
  const { scanner } = secrets;
  useEffect(() => {
    if (scanner) setContext((c) => withCleanAddress(scanner, c));
  }, [scanner]);

  const contextKeys = (Object.keys(CONTEXT_LABELS) as (keyof PageContext)[]).filter(
    (k) => context[k],
  );

  function removeContext(key: keyof PageContext, index: number) {
    setContext((c) => {
      const next = { ...c };
      delete next[key];
      return next;
    });
    focusAfterRemove.current = index;
  }

  // After a removal keep focus in the list: on the next remove button, else on the question.
  useEffect(() => {
    const index = focusAfterRemove.current;
    if (index === null) return;
    focusAfterRemove.current = null;
    const buttons = listRef.current?.querySelectorAll('button') ?? [];
    (buttons[Math.min(index, buttons.length - 1)] ?? questionRef.current)?.focus();
  }, [context]);

  function submit(event: Event) {
    event.preventDefault();
    void form.submit(secrets, () =>
      props.onSubmit({
        community,
        title: title.trim().slice(0, LIMITS.title),
        body: body.trim(),
        tags: parseTags(tags),
        ...(contextKeys.length > 0 ? { context } : {}),
      }),
    );
  }

  if (done)
    return (
      <Outcome
        outcome={done.queued ? 'queued' : 'posted'}
        message={
          done.queued ? t('postedQueued') : t('postedSynced', { community: form.communityName() })
        }
        onDone={props.onDone}
      />
    );

  return (
    <PostFormFrame
      form={form}
      heading={t('askHeading')}
      intro={<SecretWarning scan={secrets} onMask={maskAll} />}
      title={{ name: 'question', label: t('question') }}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      {props.findSimilar && (
        <SimilarSuggestions
          id={`${id}-similar`}
          text={title}
          find={props.findSimilar}
          onChoose={props.onChooseSimilar}
        />
      )}
      <TextAreaField
        form={form}
        name="details"
        label={t('details')}
        maxLength={LIMITS.body}
        value={body}
        onInput={setBody}
      />
      <div class="cop-row">
        <CommunityField form={form} />
        <TagsField form={form} />
      </div>
      {contextKeys.length > 0 && (
        <fieldset class="cop-context">
          <legend>{t('pageContext')}</legend>
          <ul ref={listRef}>
            {contextKeys.map((key, index) => (
              <li key={key} data-context={key}>
                <span class="cop-context__value">
                  <span class="cop-label">{t(CONTEXT_LABELS[key])}: </span>
                  {context[key]}
                </span>
                <button
                  type="button"
                  class="cop-button cop-button--small"
                  onClick={() => removeContext(key, index)}
                >
                  {t('remove')}
                  <span class="cop-visually-hidden"> {t(CONTEXT_LABELS[key])}</span>
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </PostFormFrame>
  );
}
