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
  },
});
