/** Side panel (Chrome) and sidebar (Firefox): practices, experts, questions and the sync state. */
import { mountPage } from '../../src/extension/pages/page-shell';
import { SidePanelApp } from '../../src/extension/pages/SidePanelApp';

mountPage(document.getElementById('app')!, <SidePanelApp />);
