import { defineMessages, type Lang } from './lang.js';

/**
 * The lesson schema's own messages (src/course/schema.ts), shown by `lint` and when a course fails to load.
 * The schema carries the English text; the loader shows the learner's language (`schemaMessage`).
 */
export const schemaMessages = defineMessages({
  en: {
    kebabCase: 'must be kebab-case: lowercase letters, digits and single dashes',
    kubernetesKind: 'a Kubernetes kind such as Deployment',
    nameOrSelector: 'give exactly one of name or selector',
    serviceOrPod: 'give exactly one of service or pod',
    serviceOrAcrossPods: 'give exactly one of service or acrossPods',
    jsonPointer: 'a JSON pointer such as /spec/template/spec/containers/0/env/1/name',
    patchOrOmit: 'give exactly one of patch or omit',
    manifestFileName: 'a file name in manifests/NN-id/',
    oneCondition: 'a matcher holds exactly one condition (list several matchers to AND them)',
    root: '(root)',
  },
  zh: {
    kebabCase: '必须是 kebab-case：小写字母、数字和单个短横线',
    kubernetesKind: '应为 Kubernetes 资源类型（kind），例如 Deployment',
    nameOrSelector: 'name 和 selector 必须且只能给出一个',
    serviceOrPod: 'service 和 pod 必须且只能给出一个',
    serviceOrAcrossPods: 'service 和 acrossPods 必须且只能给出一个',
    jsonPointer: '应为 JSON 指针，例如 /spec/template/spec/containers/0/env/1/name',
    patchOrOmit: 'patch 和 omit 必须且只能给出一个',
    manifestFileName: '应为 manifests/NN-id/ 下的文件名',
    oneCondition: '一个匹配条件只能包含一项（要同时满足多项，请写成多个匹配条件）',
    root: '（根）',
  },
});

type Key = keyof (typeof schemaMessages)['en'];
const byEnglish = new Map(Object.entries(schemaMessages.en).map(([k, v]) => [v, k as Key]));

/** A schema message in the learner's language (zod's own messages are localised by its locale instead). */
export function schemaMessage(message: string, lang: Lang): string {
  const key = byEnglish.get(message);
  return key ? schemaMessages[lang][key] : message;
}
