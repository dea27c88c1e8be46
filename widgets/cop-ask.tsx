import { useState } from 'preact/hooks';
import { describeError } from '../src/client/api';
import { newId } from '../src/core/ids';
import type { Answer, Question } from '../src/core/types';
import { useT } from '../src/ui/i18n';
import { QuestionList } from '../src/ui/QuestionList';
import { AskDialog } from './ask-dialog';
import { CopElement, useElement } from './element-base';
import { useWidgetText } from './messages';
import { Loading, Shell } from './shell';
import { snapshotKey, useStoreData } from './use-store-data';

/**
 * `<cop-ask>`: ask a community a question from the page (its address and title go along, and can
 * be removed), and follow the answers to the questions one has asked.
 *
 * @element cop-ask
 * @summary Post a question and see the answers to mine.
 * @attr {string} store - The store's URL. Default: the origin the script was loaded from.
 * @attr {string} community - The community to ask. Default: the person chooses among theirs.
 * @attr {number} limit - How many of my questions to list (1–50, default 10).
 * @attr {string} token - An embed token for the person; asking needs one.
 * @event {CustomEvent<QuestionPostedDetail>} cop-question-posted - A question was posted; `detail.question` is the stored question.
 * @csspart header - The row with the ask button.
 * @csspart button - The "Ask the community" button.
 * @csspart dialog - The dialog that holds the question form.
 * @cssproperty --cop-height - The element's height (default 24rem); the list scrolls inside.
 */
export class CopAskElement extends CopElement {
  protected view() {
    return <AskView community={this.community} limit={this.limit} />;
  }
}

interface MyQuestions {
  userId: string;
  name: string;
  questions: Question[];
  /** Open questions routed to me: "Questions for you". */
  forMe?: Question[];
}

function AskView({ community, limit }: { community: string; limit: number }) {
  const { conn } = useElement();
  const t = useT();
  const wt = useWidgetText();
  const [open, setOpen] = useState(false);
  const [answers, setAnswers] = useState<Record<string, Answer[] | undefined>>({});

  // Asking for the person's questions also checks the token, so a refused one shows at once.
  const result = useStoreData<MyQuestions | null>(conn.token
    ? snapshotKey(conn, 'cop-ask', { community, limit })
    : null, async () => {
    if (!conn.token) return null;
    const [me, questions, forMe] = await Promise.all([
      conn.me(),
      conn.api.questions({ community: community || undefined, mine: true }),
      conn.api.questions({ community: community || undefined, for: 'me', status: 'open' }),
    ]);
    return {
      userId: me!.user.id,
      name: me!.user.name,
      questions: questions.slice(0, limit),
      forMe: forMe.slice(0, limit),
    };
  }, [conn, community, limit]);
  const { data, error } = result;

  function expand(questionId: string) {
    conn.api.question(questionId).then(
      (r) => setAnswers((a) => ({ ...a, [questionId]: r.answers })),
      () => setAnswers((a) => ({ ...a, [questionId]: [] })),
    );
  }

  /** Runs a call to the store; its failure becomes the sentence the list shows. */
  async function storeCall<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new Error(describeError(error, conn.store));
    }
  }

  const usable = !!conn.token && !(error && !data);
  const head = (
    <>
      <button
        type="button"
        class="cop-button cop-button--primary"
        part="button"
        disabled={!usable}
        onClick={() => setOpen(true)}
      >
        {t('askCommunity')}
      </button>
      <p class="cop-line cop-grow cop-muted">
        {data ? wt('signedInAs', { name: data.name }) : '\u00a0'}
      </p>
    </>
  );

  let body = null;
  if (!conn.token) body = <p class="cop-notice">{wt('tokenNeeded')}</p>;
  else if (data)
    body = (
      <>
        {(data.forMe?.length ?? 0) > 0 && (
          <section aria-label={t('routedQuestions')}>
            <p class="cop-label">{t('routedQuestions')}</p>
            <QuestionList
              questions={data.forMe!}
              answers={answers}
              currentUserId={data.userId}
              onExpand={expand}
              onAnswer={async (questionId, body) => {
                const id = newId();
                await storeCall(() => conn.api.postAnswer(questionId, { id, body }, id));
                expand(questionId);
                return { queued: false };
              }}
              headingLevel={3}
            />
          </section>
        )}
        <QuestionList
          questions={data.questions}
          answers={answers}
          currentUserId={data.userId}
          onExpand={expand}
          onAccept={(questionId, answerId) =>
            storeCall(async () => {
              await conn.api.acceptAnswer(questionId, answerId);
              expand(questionId);
            })
          }
          onPromote={(questionId) =>
            storeCall(async () => {
              await conn.api.promoteAnswer(questionId);
            })
          }
          headingLevel={3}
        />
      </>
    );
  else if (!error) body = <Loading />;

  return (
    <>
      <Shell
        head={head}
        label={wt('questionsLabel')}
        status={result.fresh && data ? wt('questionsCount', { count: data.questions.length }) : ''}
        error={error}
        stale={!!data}
      >
        {body}
      </Shell>
      <AskDialog
        open={open}
        community={community}
        onClose={() => setOpen(false)}
        onPosted={result.reload}
      />
    </>
  );
}
