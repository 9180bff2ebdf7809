import { defineMessages } from './lang.js';

/** Problems found while reading the course (lesson files, texts, manifests). */
export const courseMessages = defineMessages({
  en: {
    unknownKey: (key: string, n: number) =>
      n > 1 ? `unknown field "${key}" (and ${n - 1} more)` : `unknown field "${key}"`,
    missingFile: (file: string) => `file not found: ${file}`,
    missingText: (lang: string) => `the step has no ${lang === 'zh' ? 'Chinese' : 'English'} text (${lang}.md)`,
    oneDocument: 'a lesson file holds exactly one YAML document',
    formatTooNew: (found: number, known: number) =>
      `lesson format ${found} is newer than this emqx-lab understands (${known}); update emqx-lab`,
    duplicateId: (what: string, id: string) => `duplicate ${what} id "${id}"`,
    unknownHint: (id: string) => `the check names hint "${id}", which this lesson does not define`,
    unknownDiagnosis: (id: string) => `unknown diagnosis "${id}" (not in lessons/diagnoses.yaml)`,
    unlistedManifest: (file: string) => `"${file}" is not one of this lesson's manifests`,
    badStepDir: (name: string) => `a lesson folder is named NN-id (two digits, a dash, the step id), not "${name}"`,
    idMismatch: (id: string, dir: string) => `the lesson id "${id}" does not match its folder "${dir}"`,
    badRegex: (re: string) => `not a valid regular expression: ${re}`,
    noLessons: 'no lesson folders (NN-id) found here',
    duplicateKey: 'Map keys must be unique',
    /** A manifest's duplicate key, named (rendering a step: no line to point at). */
    duplicateKeyNamed: (key: string) => `Map keys must be unique ("${key}")`,
    /** A mistake's change names a document the manifest file does not hold. */
    mistakeNeedsTarget: (ref: string) => `the mistake needs ${ref}, which the file does not hold`,
    mistakeNeedsAnyTarget: 'the mistake needs a target (the file has several documents)',
    patchPathMissing: (path: string) => `patch path ${path} does not exist`,
    /** The YAML parser's own message, as it is. */
    yamlError: (parser: string) => parser,
    stepNumbering: (found: number, expected: number) =>
      `step folders must be numbered 01, 02, ... without gaps: found ${String(found).padStart(2, '0')} where ${String(expected).padStart(2, '0')} belongs`,
  },
  zh: {
    unknownKey: (key: string, n: number) => (n > 1 ? `未知字段 "${key}"（另有 ${n - 1} 个）` : `未知字段 "${key}"`),
    missingFile: (file: string) => `找不到文件：${file}`,
    missingText: (lang: string) => `该步骤缺少${lang === 'zh' ? '中文' : '英文'}正文（${lang}.md）`,
    oneDocument: '一个课程文件只能包含一个 YAML 文档',
    formatTooNew: (found: number, known: number) =>
      `课程格式版本 ${found} 比当前 emqx-lab 支持的版本（${known}）更新，请升级 emqx-lab`,
    duplicateId: (what: string, id: string) => `重复的 ${what} id "${id}"`,
    unknownHint: (id: string) => `检查项引用了提示 "${id}"，但本课没有定义它`,
    unknownDiagnosis: (id: string) => `未知的诊断 "${id}"（lessons/diagnoses.yaml 中没有）`,
    unlistedManifest: (file: string) => `"${file}" 不在本课的清单文件列表中`,
    badStepDir: (name: string) => `课程目录应命名为 NN-id（两位数字、短横线、步骤 id），而不是 "${name}"`,
    idMismatch: (id: string, dir: string) => `课程 id "${id}" 与所在目录 "${dir}" 不一致`,
    badRegex: (re: string) => `不是合法的正则表达式：${re}`,
    noLessons: '这里没有找到课程目录（NN-id）',
    duplicateKey: '同一个映射里的键不能重复',
    duplicateKeyNamed: (key: string) => `同一个映射里的键不能重复（"${key}"）`,
    mistakeNeedsTarget: (ref: string) => `该错误示例要修改 ${ref}，但文件中没有这个对象`,
    mistakeNeedsAnyTarget: '该错误示例需要用 target 指明要修改的对象（文件中有多个文档）',
    patchPathMissing: (path: string) => `补丁路径 ${path} 不存在`,
    yamlError: (parser: string) => `YAML 语法错误：${parser}`,
    stepNumbering: (found: number, expected: number) =>
      `步骤目录必须从 01 开始连续编号：在应为 ${String(expected).padStart(2, '0')} 的位置发现了 ${String(found).padStart(2, '0')}`,
  },
});
