/** Options: connect to the store, sign out, choose enabled sites. */

import { OptionsApp } from '../../src/extension/pages/OptionsApp';
import { mountPage } from '../../src/extension/pages/page-shell';

mountPage(document.getElementById('app')!, <OptionsApp />);
