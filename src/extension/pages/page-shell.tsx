/** Mounts an extension page's app with the person's language, the shared styles and the document language set. */
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { addCatalog, createTranslator, I18nContext } from '../../ui/i18n';
import { de } from '../../ui/i18n-de';
import '../../ui/styles.css';
import './pages.css';

// The extension ships German (_locales has it too), so its words are there from the start.
addCatalog('de', de);

export function mountPage(root: HTMLElement, app: ComponentChildren): void {
  const language = browser.i18n.getUILanguage();
  document.documentElement.lang = language.toLowerCase().startsWith('de') ? 'de' : 'en';
  render(
    <I18nContext.Provider value={createTranslator(language)}>{app}</I18nContext.Provider>,
    root,
  );
}
