/**
 * Words only the widgets use (the shared UI's are in src/ui/i18n.ts), in English and German,
 * chosen from the nearest `lang` attribute.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

const en = {
  loading: 'Loading…',
  savedCopy: 'Showing saved results. {problem}',
  tokenNeeded:
    'Writing needs a sign-in, and this page did not provide one. Ask the site owner to add an embed token.',
  expertsTokenNeeded: 'Finding experts needs a sign-in, and this page did not provide one.',
  selectFirst: 'Select text on this page, then capture it for your community.',
  selectionReady: 'Selected: “{text}”',
  signedInAs: 'Signed in as {name}',
  relatedCount: '{count} related practices.',
  relatedOne: 'One related practice.',
  relatedNone: 'No related practices yet: be the first to ask.',
  defaultPrompt: 'Have a question about this page? Your community can help.',
  topicPrompt: 'Have a question about {topic}? Your community can help.',
  expertsFor: '{count} people know about {topic}',
  expertsForOne: 'One person knows about {topic}',
  questionsCount: '{count} questions',
  practicesLabel: 'Practices',
  questionsLabel: 'My questions',
  expertsLabel: 'Experts',
};
export type WidgetKey = keyof typeof en;

const de: Record<WidgetKey, string> = {
  loading: 'Wird geladen…',
  savedCopy: 'Gespeicherte Ergebnisse. {problem}',
  tokenNeeded:
    'Zum Schreiben ist eine Anmeldung nötig, und diese Seite stellt keine bereit. Bitten Sie die Betreiber der Seite um ein Einbettungs-Token.',
  expertsTokenNeeded:
    'Zum Finden von Fachleuten ist eine Anmeldung nötig, und diese Seite stellt keine bereit.',
  selectFirst: 'Markieren Sie Text auf dieser Seite und halten Sie ihn für Ihre Community fest.',
  selectionReady: 'Markiert: „{text}“',
  signedInAs: 'Angemeldet als {name}',
  relatedCount: '{count} verwandte Praktiken.',
  relatedOne: 'Eine verwandte Praxis.',
  relatedNone: 'Noch keine verwandten Praktiken: Stellen Sie die erste Frage.',
  defaultPrompt: 'Eine Frage zu dieser Seite? Ihre Community hilft.',
  topicPrompt: 'Eine Frage zu {topic}? Ihre Community hilft.',
  expertsFor: '{count} Personen kennen sich mit {topic} aus',
  expertsForOne: 'Eine Person kennt sich mit {topic} aus',
  questionsCount: '{count} Fragen',
  practicesLabel: 'Praktiken',
  questionsLabel: 'Meine Fragen',
  expertsLabel: 'Fachleute',
};

export type WidgetTranslate = (key: WidgetKey, vars?: Record<string, string | number>) => string;

export function widgetTranslator(locale: string | undefined): WidgetTranslate {
  const catalog = locale?.toLowerCase().startsWith('de') ? de : en;
  return (key, vars) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );
}

export const WidgetText = createContext<WidgetTranslate>(widgetTranslator('en'));

/** The widget words for the element's language. */
export const useWidgetText = () => useContext(WidgetText);
