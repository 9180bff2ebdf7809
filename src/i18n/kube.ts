import { defineMessages } from './lang.js';

/**
 * The kubectl layer's own words for a failure kubectl did not explain itself (a silent non-zero exit, output
 * that is not what was asked for). kubectl's own wording is quoted as it is, never translated.
 */
export const kubeMessages = defineMessages({
  en: {
    exitCode: (code: string) => `exit code ${code}`,
    notJson: (sample: string) => `kubectl printed something that is not JSON: ${sample}`,
    canIAnswer: (answer: string) => `unexpected answer from auth can-i: ${answer}`,
  },
  zh: {
    exitCode: (code: string) => `kubectl 以退出码 ${code} 结束，没有说明原因`,
    notJson: (sample: string) => `kubectl 的输出不是 JSON：${sample}`,
    canIAnswer: (answer: string) => `auth can-i 的回答出乎意料：${answer}`,
  },
});
