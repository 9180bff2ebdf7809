import { defineMessages } from './lang.js';

/** `emqx-lab list` and `emqx-lab show`. */
export const showMessages = defineMessages({
  en: {
    header: (context: string, namespace: string) => `context ${context} · namespace ${namespace}`,
    stateLocked: 'locked',
    stateAvailable: 'available',
    statePassed: 'passed',
    next: (id: string) => `Next: emqx-lab show ${id}`,
    allPassed: (n: number) => `All ${n} steps passed.`,
    progressSetAside: (path: string) => `the progress file was unreadable and has been set aside as ${path}; starting afresh`,
    courseBroken: (n: number) => `the course has ${n} ${n === 1 ? 'problem' : 'problems'}; run emqx-lab lint for all of them`,
    unknownStep: (ref: string, ids: string) => `no step "${ref}": give a number or one of ${ids}`,
    stepOf: (n: number, total: number, id: string) => `Step ${n} of ${total} · ${id}`,
    manifests: (namespace: string) => `Manifests (namespace ${namespace})`,
  },
  zh: {
    header: (context: string, namespace: string) => `上下文 ${context} · 命名空间 ${namespace}`,
    stateLocked: '未解锁',
    stateAvailable: '可进行',
    statePassed: '已通过',
    next: (id: string) => `下一步：emqx-lab show ${id}`,
    allPassed: (n: number) => `全部 ${n} 个步骤都已通过。`,
    progressSetAside: (path: string) => `进度文件无法读取，已另存为 ${path}；将从头记录进度`,
    courseBroken: (n: number) => `课程中有 ${n} 个问题；运行 emqx-lab lint 查看全部`,
    unknownStep: (ref: string, ids: string) => `没有步骤 "${ref}"：请给出编号或以下 id 之一：${ids}`,
    stepOf: (n: number, total: number, id: string) => `第 ${n} 步（共 ${total} 步）· ${id}`,
    manifests: (namespace: string) => `清单（命名空间 ${namespace}）`,
  },
});
