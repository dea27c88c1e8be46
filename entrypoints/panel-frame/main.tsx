/** The extension frame a page shows the forms and highlights in (mounted by the panel script). */
import { startFrame } from '../../src/extension/frame/start-frame';

startFrame(document.getElementById('app')!);
