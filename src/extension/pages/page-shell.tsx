/** Mounts an extension page's app with the person's language, the shared styles and the document language set. */
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createTranslator, I18nContext } from '../../ui/i18n';
import '../../ui/styles.css';
import './pages.css';

export function mountPage(root: HTMLElement, app: ComponentChildren): void {
  const language = browser.i18n.getUILanguage();
  document.documentElement.lang = language.toLowerCase().startsWith('de') ? 'de' : 'en';
  render(
    <I18nContext.Provider value={createTranslator(language)}>{app}</I18nContext.Provider>,
    root,
  );
}
