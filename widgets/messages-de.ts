/** The widgets' own words in German: plain data, added to ./messages when ./locale-de loads. */
import type { WidgetKey } from './messages';

export const widgetDe: Record<WidgetKey, string> = {
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
