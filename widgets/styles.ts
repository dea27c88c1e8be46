/**
 * One constructable stylesheet shared by every element's shadow root (adoptedStyleSheets): no
 * <style> or style attribute is written, so a strict Content-Security-Policy needs no exception.
 */
import uiCss from '../src/ui/styles.css?inline';
import { sizeRules } from './sizes';
import widgetCss from './widget.css?inline';

const css = `${uiCss}\n${widgetCss}\n${sizeRules((tag) => `:host(${tag})`, true)}`;
let shared: CSSStyleSheet | undefined;

/** Gives `root` the widget styles; browsers without constructable stylesheets get a <style>. */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(css);
    }
    root.adoptedStyleSheets = [shared];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}
