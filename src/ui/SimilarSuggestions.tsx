/**
 * "This may already answer it": practices and answered questions that match what is being typed, looked
 * up a moment after typing stops, so typing never waits; a late answer for older text is dropped.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SimilarItem } from '../client/existing-knowledge';
import { useT } from './i18n';

export type { SimilarItem };

export type FindSimilar = (text: string) => Promise<SimilarItem[]>;

/** Below this many characters nothing is looked up: two words are too few to match on. */
export const MIN_SIMILAR_CHARS = 8;
export const SIMILAR_DELAY_MS = 250;

interface Props {
  text: string;
  find: FindSimilar;
  /** The person chose one: the question was answered by existing knowledge. */
  onChoose?: (item: SimilarItem) => void;
  id: string;
}

export function SimilarSuggestions({ text, find, onChoose, id }: Props) {
  const t = useT();
  const [items, setItems] = useState<SimilarItem[]>([]);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    const q = text.trim();
    if (q.length < MIN_SIMILAR_CHARS) {
      setItems([]);
      return;
    }
    const timer = setTimeout(() => {
      find(q)
        .then((found) => ticket === latest.current && setItems(found.slice(0, 5)))
        .catch(() => ticket === latest.current && setItems([]));
    }, SIMILAR_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, find]);

  return (
    <div class="cop-similar" aria-live="polite" id={id}>
      {items.length > 0 && (
        <>
          <p class="cop-label">{t('mayAnswer')}</p>
          <ul class="cop-list">
            {items.map((item) => {
              const kind = t(item.kind === 'practice' ? 'similarPractice' : 'similarQuestion');
              return (
                <li key={`${item.kind}:${item.id}`} data-similar={item.kind}>
                  <span class="cop-badge">{kind}</span>{' '}
                  {item.href ? (
                    <a
                      href={item.href}
                      target="_blank"
                      rel="noopener noreferrer"
                      onClick={() => onChoose?.(item)}
                    >
                      {item.title}
                    </a>
                  ) : onChoose ? (
                    <button
                      type="button"
                      class="cop-button cop-button--small"
                      onClick={() => onChoose(item)}
                    >
                      {item.title}
                    </button>
                  ) : (
                    <span>{item.title}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
