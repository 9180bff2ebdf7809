import { defineMessages } from './lang.js';

/** The simulator's own messages (kubectl's texts stay kubectl's: they are English in real kubectl too). */
export const simMessages = defineMessages({
  en: {
    corrupt: (path: string, detail: string) =>
      `error: the simulated cluster's state file ${path} cannot be read (${detail}).\nReset the simulated cluster with: emqx-lab kubectl --sim sim reset   (or delete that file)`,
    notModelled: (what: string) => `error: "${what}" is not modelled by the emqx-lab simulator`,
    resetDone: (path: string) => `simulated cluster reset (${path} removed); a fresh cluster starts with the next command`,
    status: (path: string, speed: number, simTime: string, bytes: number) =>
      `state: ${path} (${bytes} bytes)\nsimulated time: ${simTime}\nspeed: ${speed}x (EMQX_LAB_SIM_SPEED)`,
    advanced: (by: string, simTime: string) => `simulated clock moved forward by ${by}; simulated time is now ${simTime}`,
    badDuration: (v: string) => `error: "${v}" is not a duration (examples: 30s, 5m, 2h)`,
    simUsage: 'usage: kubectl sim reset | sim status | sim advance DURATION   (simulator-only commands)',
    simLockBusy: (detail: string) =>
      `error: the simulated cluster is locked by another process (${detail}).\nWait for it to finish; if no emqx-lab or simulator is running, reset with: emqx-lab kubectl --sim sim reset`,
    simFolder: (path: string, code: string) =>
      `error: the simulator cannot use ${path} (${code}): it keeps the simulated cluster in EMQX_LAB_HOME/sim, which must be a folder you can write to.`,
    simTooDeep: 'error: error converting YAML to JSON: the document is nested too deeply',
  },
  zh: {
    corrupt: (path: string, detail: string) =>
      `error: 无法读取模拟集群的状态文件 ${path}（${detail}）。\n可用以下命令重置模拟集群：emqx-lab kubectl --sim sim reset（或直接删除该文件）`,
    notModelled: (what: string) => `error: emqx-lab 模拟器没有模拟“${what}”`,
    resetDone: (path: string) => `模拟集群已重置（已删除 ${path}），下一条命令会启动一个全新的集群`,
    status: (path: string, speed: number, simTime: string, bytes: number) =>
      `状态文件：${path}（${bytes} 字节）\n模拟时间：${simTime}\n速度：${speed} 倍（EMQX_LAB_SIM_SPEED）`,
    advanced: (by: string, simTime: string) => `模拟时钟已前进 ${by}；当前模拟时间为 ${simTime}`,
    badDuration: (v: string) => `error: “${v}”不是有效的时长（例如：30s、5m、2h）`,
    simUsage: '用法：kubectl sim reset | sim status | sim advance 时长（仅模拟器可用的命令）',
    simLockBusy: (detail: string) =>
      `error: 模拟集群被另一个进程锁住了（${detail}）。\n请等它结束；如果没有 emqx-lab 或模拟器在运行，请重置：emqx-lab kubectl --sim sim reset`,
    simFolder: (path: string, code: string) =>
      `error: 模拟器无法使用 ${path}（${code}）：模拟集群保存在 EMQX_LAB_HOME/sim 中，它必须是你可以写入的文件夹。`,
    simTooDeep: 'error: error converting YAML to JSON: 文档的嵌套层数太深',
  },
});
