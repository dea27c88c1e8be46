/** The widget bundle's entry: registers every element and exports their classes and event types. */

/** The CoP Kit version this bundle was built from (package.json's), e.g. `0.1.0`. */
export { VERSION as version } from '../src/core/version';
export { CopAskElement } from './cop-ask';
export { CopCaptureElement } from './cop-capture';
export { CopExpertsElement } from './cop-experts';
export { CopPracticesElement } from './cop-practices';
export { CopPromptElement } from './cop-prompt';
export { defineElements, ELEMENTS } from './define';
export type { CopEventMap, PracticeCapturedDetail, QuestionPostedDetail } from './events';
