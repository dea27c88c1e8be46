/**
 * What the capture and ask forms share: the title (focused at once, and again when it is missing),
 * the community (the first one once they arrive), the tags, the check of both required fields, and
 * posting (held back while a secret only now found is shown), with its busy state, its failure and
 * its outcome. The parts in `form-parts.tsx` take the whole form.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { SubmitOutcome } from './CaptureForm';
import type { CommunityOption } from './CommunitySelect';
import { type MessageKey, useT } from './i18n';
import type { SecretScan } from './SecretWarning';
import { useAction } from './use-action';

export function usePostForm(options: {
  communities: CommunityOption[];
  defaultCommunity?: string;
  initialTitle: () => string;
  /** What to say when the title is empty. */
  titleRequired: MessageKey;
  /** The submit button's words, at rest and while posting. */
  submitLabel: MessageKey;
  busyLabel: MessageKey;
}) {
  const { communities, defaultCommunity } = options;
  const t = useT();
  const id = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState(options.initialTitle);
  const [community, setCommunity] = useState(() => defaultCommunity ?? communities[0]?.slug ?? '');
  const [tags, setTags] = useState('');
  const [missing, setMissing] = useState<{ title?: string; community?: string }>({});
  const [done, setDone] = useState<SubmitOutcome | null>(null);
  // `post` answers null when it decided not to send after all (e.g. it found a secret to show).
  const posting = useAction(async (post: () => Promise<SubmitOutcome | null>) => {
    const outcome = await post();
    if (outcome) setDone(outcome);
  });

  // Communities can arrive after the form (from the cache); pick the first once they do.
  useEffect(() => {
    if (!community && communities[0]) setCommunity(defaultCommunity ?? communities[0].slug);
  }, [communities, community, defaultCommunity]);
  useEffect(() => titleRef.current?.focus(), []);

  /**
   * Posts unless a required field is empty (then says which, focusing the title if it is that) or the
   * scan of what would be shared holds it back.
   */
  const submit = (secrets: SecretScan, post: () => Promise<SubmitOutcome>) => {
    const next: typeof missing = {};
    if (!title.trim()) next.title = t(options.titleRequired);
    if (!community) next.community = t('communityRequired');
    setMissing(next);
    posting.clearError();
    if (next.title) titleRef.current?.focus();
    if (next.title || next.community) return Promise.resolve(undefined);
    return posting.run(async () => {
      const holdBack = secrets.holdsBack();
      return holdBack !== false && (await holdBack) ? null : post();
    });
  };

  return {
    /** The prefix of the ids of the form's fields. */
    id,
    communities,
    title,
    setTitle,
    community,
    setCommunity,
    tags,
    setTags,
    titleRef,
    done,
    busy: posting.busy,
    errors: { ...missing, form: posting.error },
    submitLabel: t(options.submitLabel),
    busyLabel: t(options.busyLabel),
    submit,
    /** The name of the chosen community, for the outcome's sentence. */
    communityName: () => communities.find((c) => c.slug === community)?.name ?? community,
  };
}

export type PostForm = ReturnType<typeof usePostForm>;
