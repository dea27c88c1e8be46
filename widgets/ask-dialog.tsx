/**
 * Asking from a widget: the shared AskForm in a modal dialog, posted straight to the store with an
 * idempotency key; the host hears `cop-question-posted`.
 */
import { useState } from 'preact/hooks';
import { describeError } from '../src/client/api';
import { newId } from '../src/core/ids';
import type { PageContext, Question } from '../src/core/types';
import { AskForm, type AskValues } from '../src/ui/AskForm';
import { useT } from '../src/ui/i18n';
import { NoCommunity } from '../src/ui/NoCommunity';
import type { SimilarItem } from '../src/ui/SimilarSuggestions';
import { useCommunities } from './communities';
import { useElement } from './element-base';
import { emit } from './events';
import { FormDialog } from './form-dialog';
import { useWidgetText } from './messages';
import { pageSelection, pageUrl } from './page-selection';
import { Loading } from './shell';

interface Props {
  open: boolean;
  community: string;
  onClose: () => void;
  onPosted?: (question: Question) => void;
}

export function AskDialog({ open, community, onClose, onPosted }: Props) {
  const t = useT();
  return (
    <FormDialog open={open} label={t('askHeading')} onClose={onClose}>
      <AskBody community={community} onClose={onClose} onPosted={onPosted} />
    </FormDialog>
  );
}

/** Mounted only while the dialog is open, so the page context is read when the person asks. */
function AskBody({ community, onClose, onPosted }: Omit<Props, 'open'>) {
  const { host, conn } = useElement();
  const wt = useWidgetText();
  const choice = useCommunities(community);
  const [context] = useState<PageContext>(() => {
    const selection = pageSelection()?.toString().trim();
    return {
      url: pageUrl(),
      title: document.title.trim() || undefined,
      selection: selection || undefined,
    };
  });

  if (!conn.token) return <NoToken message={wt('tokenNeeded')} onClose={onClose} />;
  if (choice.error) return <NoToken message={choice.error} onClose={onClose} />;
  if (!choice.list) return <Loading />;
  // Someone in no community yet is shown where to find one, not a form with nothing to choose.
  if (!choice.list.length)
    return <NoCommunity href={`${conn.store.replace(/\/+$/, '')}/console/#/directory`} />;

  async function submit(values: AskValues) {
    const id = newId();
    try {
      const question = await conn.api.postQuestion({ id, ...values }, id);
      emit(host, 'cop-question-posted', { question });
      onPosted?.(question);
      return { queued: false };
    } catch (error) {
      throw new Error(describeError(error, conn.store));
    }
  }

  // "This may already answer it": the widget has no cache of its own, so the store is asked.
  async function findSimilar(q: string): Promise<SimilarItem[]> {
    const scope = community || undefined;
    const [practices, questions] = await Promise.all([
      conn.api.practices({ q, community: scope, limit: 3 }),
      conn.api.questions({ q, community: scope, status: 'answered', limit: 3 }),
    ]);
    return [
      ...practices.map((p) => ({
        kind: 'practice' as const,
        id: p.id,
        title: p.title,
        href: p.source?.url,
      })),
      ...questions.map((q) => ({ kind: 'question' as const, id: q.id, title: q.title })),
    ];
  }

  return (
    <AskForm
      findSimilar={findSimilar}
      onChooseSimilar={(item) => {
        // Counted for the value figures; a lost count must not stand in the reader's way.
        conn.api.answeredByExisting({ kind: item.kind, id: item.id }).catch(() => {});
      }}
      draft={{ context }}
      communities={choice.list}
      defaultCommunity={community || undefined}
      onSubmit={submit}
      onCancel={onClose}
      onDone={onClose}
    />
  );
}

/** Why the form cannot be shown, with a way out. */
export function NoToken({ message, onClose }: { message: string; onClose: () => void }) {
  const t = useT();
  return (
    <div class="cop-form">
      <p class="cop-notice cop-notice--error" role="alert">
        {message}
      </p>
      <div class="cop-actions">
        <button type="button" class="cop-button cop-button--primary" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </div>
  );
}
