/**
 * Words only the widgets use (the shared UI's are in src/ui/i18n.ts), in English here and German in
 * ./messages-de, chosen from the nearest `lang` attribute.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { languageOf } from '../src/ui/i18n';

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

export type WidgetTranslate = (key: WidgetKey, vars?: Record<string, string | number>) => string;

/** Widget catalogs beyond English, by primary language subtag (see ./locale-de). */
const catalogs = new Map<string, Record<WidgetKey, string>>();

export function addWidgetCatalog(language: string, catalog: Record<WidgetKey, string>): void {
  catalogs.set(language.toLowerCase(), catalog);
}

export function widgetTranslator(locale: string | undefined): WidgetTranslate {
  const catalog = catalogs.get(languageOf(locale)) ?? en;
  return (key, vars) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );
}

export const WidgetText = createContext<WidgetTranslate>(widgetTranslator('en'));

/** The widget words for the element's language. */
export const useWidgetText = () => useContext(WidgetText);
