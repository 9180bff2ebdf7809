import { defineMessages } from './lang.js';

const s = (n: number) => (n === 1 ? '' : 's');
const es = (n: number) => (n === 1 ? 'es' : '');

/** What checks report: specific reasons a learner can act on. */
export const checkMessages = defineMessages({
  en: {
    notObservedYet: 'not checked yet',
    didNotHold: (reason: string, seconds: number) => `${reason}, but it did not keep holding for ${seconds} s`,
    earlierFailed: 'skipped: an earlier check failed',
    notRun: 'not run here',
    interrupted: 'interrupted',
    // pods
    podTerminating: 'terminating',
    podUnschedulable: 'Pending (cannot be scheduled)',
    podReady: 'Running, Ready',
    podRunningNotReady: 'Running, not Ready',
    withRestarts: (state: string, n: number) => `${state} (${n} restart${s(n)})`,
    podNotRunning: (state: string) => `not running (${state})`,
    noPods: (sel: string) => `no pod matches ${sel}`,
    podsAllReady: (n: number, count: number) => `${n} of ${count} pods Ready`,
    podsSomeReady: (ready: number, count: number, notes: string) => `${ready} of ${count} pods Ready${notes ? `: ${notes}` : ''}`,
    tooManyPods: (n: number, count: number, notes: string) => `${n} pods, expected exactly ${count}${notes ? `: ${notes}` : ''}`,
    tooFewPods: (n: number, min: number, ref: string) => `${n} pod${s(n)} match${es(n)} ${ref}, need at least ${min}`,
    podSays: (name: string, reason: string) => `${name}: ${reason}`,
    checkedSoFar: (k: number, n: number) => `checked ${k} of ${n} pods so far`,
    everyPod: (n: number, reason: string) => `all ${n} pods pass (latest: ${reason})`,
    // resource
    stillExists: (what: string) => `${what} still exists`,
    isAbsent: (what: string) => `${what} does not exist`,
    doesNotExist: (what: string) => `${what} does not exist yet`,
    matches: (what: string) => `${what} is as expected`,
    noItemLike: (what: string, path: string, item: string) => `${what}: ${path} has no entry like ${item}`,
    fieldMissing: (what: string, path: string, expected: string) => `${what}: ${path} is not set (expected ${expected})`,
    fieldDiffers: (what: string, path: string, actual: string, expected: string) => `${what}: ${path} is ${actual}, expected ${expected}`,
    // rollout
    rolloutNotObserved: (what: string) => `${what}: the controller has not seen the latest change yet`,
    rolloutDone: (what: string, n: number) => `${what}: rollout complete, ${n} of ${n} replicas updated and available`,
    rolloutOldPods: (what: string, extra: number, want: number) => `${what}: ${extra} old replica${s(extra)} still shutting down (want ${want})`,
    rolloutProgress: (what: string, want: number, updated: number, ready: number, available: number) =>
      `${what}: ${updated} of ${want} replicas updated, ${ready} ready, ${available} available`,
    // exec
    commandFailed: (code: number, line: string) => `the command exited with code ${code}${line ? `: ${line}` : ''}`,
    unreadable: (line: string) => `could not read the output${line ? `: ${line}` : ' (it was empty)'}`,
    nodeState: (node: string, state: string) => `node ${node} is ${state}`,
    nodeNameWrong: (node: string, re: string) => `node name ${node} does not match /${re}/`,
    clusterSeen: (running: number, names: string, stopped: number) =>
      `sees ${running} running node${s(running)}${names ? ` (${names})` : ''}${stopped ? ` and ${stopped} stopped` : ''}`,
    clusterWant: (seen: string, which: string, n: number) => `${seen}; expected ${n} ${which === 'stopped' ? 'stopped' : 'running'}`,
    textMissing: (text: string, line: string) => `the output does not contain "${text}"${line ? ` (it says: ${line})` : ''}`,
    textPresent: (text: string) => `the output contains "${text}"`,
    textNoMatch: (re: string, line: string) => `the output does not match /${re}/${line ? ` (it says: ${line})` : ''}`,
    textOk: (line: string) => (line ? `the output says: ${line}` : 'the output is as expected'),
    // logs
    logAbsent: (re: string) => `no log line matches /${re}/`,
    logFound: (line: string) => `log line: ${line.length > 160 ? `${line.slice(0, 159)}…` : line}`,
    logNotFound: (re: string, tail: number) => `no line of the last ${tail} log lines matches /${re}/`,
    // canI
    canDo: (user: string, verb: string, what: string) => `${user} can ${verb} ${what}`,
    cannotDo: (user: string, verb: string, what: string) => `${user} cannot ${verb} ${what}`,
    // http
    httpOk: (method: string, path: string, where: string, status: number) => `${method} ${path} on ${where} answered ${status}`,
    httpStatus: (method: string, path: string, where: string, status: number, want: number, body: string) =>
      `${method} ${path} on ${where} answered ${status}, expected ${want}${body ? `: ${body}` : ''}`,
    httpBody: (method: string, path: string, where: string, text: string, body: string) =>
      `${method} ${path} on ${where} answered without "${text}"${body ? `: ${body}` : ''}`,
    httpNoAnswer: (method: string, path: string, where: string, seconds: number) =>
      `${method} ${path} on ${where}: no answer within ${seconds} s (a starting EMQX answers 503 and kubectl keeps retrying)`,
    httpFailed: (method: string, path: string, where: string, err: string) => `${method} ${path} on ${where} failed: ${err}`,
    // mqtt
    mqttDelivered: (from: string, to: string) =>
      from === to ? `a message published through ${from} came back to its subscriber` : `a message published on ${from} reached a subscriber on ${to}`,
    mqttNotDelivered: (from: string, to: string, seconds: number) =>
      from === to
        ? `a message published through ${from} did not come back to its subscriber within ${seconds} s`
        : `a message published on ${from} did not reach a subscriber on ${to} within ${seconds} s`,
    mqttError: (to: string, err: string) => `MQTT through ${to} failed: ${err}`,
    needTwoPods: (n: number, sel: string) => `${n} Ready pod${s(n)} match${es(n)} ${sel}, need two different ones`,
    mqttConnecting: (a: string, b: string) => `opening port-forwards to ${a} and ${b}`,
    // disruption
    setupFailed: (reason: string) => `setup failed: ${reason}`,
    actionFailed: (reason: string) => `the disruption failed: ${reason}`,
    afterwards: (title: string, reason: string) => `afterwards, "${title}" failed: ${reason}`,
    cleanupFailed: (reason: string) => `cleanup failed: ${reason}`,
    disruptionOk: (n: number) => `survived the disruption: ${n} follow-up check${s(n)} passed`,
    nothingRemoved: 'the disruption removed no pod',
    noPodToDelete: (ref: string) => `no pod matches ${ref}, nothing to delete`,
    scaledTo: (what: string, n: number, have: number, ready: number) => `${what}: ${have} pod${s(have)}, ${ready} Ready, waiting for ${n}`,
    scaleDone: (what: string, n: number) => `${what}: ${n} pod${s(n)} as asked`,
    noSelector: (what: string) => `${what} has no pod selector`,
    execExpect: (text: string, line: string) => `the command's output does not contain "${text}"${line ? ` (it says: ${line})` : ''}`,
    notBack: (name: string) => `${name} has not come back`,
    samePod: (name: string) => `${name} is still the old pod (same uid)`,
    sameNameBack: (names: string) => `${names} came back with the same name as new pods`,
    nameReused: (name: string) => `${name} came back with its old name; a new name was expected`,
    noNewPods: (want: number, got: number) => `${got} new pod${s(got)} appeared, expected ${want}`,
    newNames: (names: string) => `replaced by new pods: ${names}`,
  },
  zh: {
    notObservedYet: '尚未检查',
    didNotHold: (reason: string, seconds: number) => `${reason}，但没有保持 ${seconds} 秒`,
    earlierFailed: '已跳过：前面的检查没有通过',
    notRun: '此处不运行',
    interrupted: '已中断',
    podTerminating: '正在终止',
    podUnschedulable: 'Pending（无法调度）',
    podReady: '运行中，已就绪',
    podRunningNotReady: '运行中，尚未就绪',
    withRestarts: (state: string, n: number) => `${state}（重启 ${n} 次）`,
    podNotRunning: (state: string) => `没有在运行（${state}）`,
    noPods: (sel: string) => `没有 Pod 匹配 ${sel}`,
    podsAllReady: (n: number, count: number) => `${count} 个 Pod 中 ${n} 个 Ready`,
    podsSomeReady: (ready: number, count: number, notes: string) => `${count} 个 Pod 中 ${ready} 个 Ready${notes ? `：${notes}` : ''}`,
    tooManyPods: (n: number, count: number, notes: string) => `有 ${n} 个 Pod，应当正好 ${count} 个${notes ? `：${notes}` : ''}`,
    tooFewPods: (n: number, min: number, ref: string) => `匹配 ${ref} 的 Pod 有 ${n} 个，至少需要 ${min} 个`,
    podSays: (name: string, reason: string) => `${name} 上：${reason}`,
    checkedSoFar: (k: number, n: number) => `已检查 ${n} 个 Pod 中的 ${k} 个`,
    everyPod: (n: number, reason: string) => `全部 ${n} 个 Pod 通过（最近一次：${reason}）`,
    stillExists: (what: string) => `${what} 仍然存在`,
    isAbsent: (what: string) => `${what} 不存在`,
    doesNotExist: (what: string) => `${what} 还不存在`,
    matches: (what: string) => `${what} 符合预期`,
    noItemLike: (what: string, path: string, item: string) => `${what}：${path} 中没有类似 ${item} 的条目`,
    fieldMissing: (what: string, path: string, expected: string) => `${what}：${path} 未设置（应为 ${expected}）`,
    fieldDiffers: (what: string, path: string, actual: string, expected: string) => `${what}：${path} 是 ${actual}，应为 ${expected}`,
    rolloutNotObserved: (what: string) => `${what}：控制器还没有看到最新的改动`,
    rolloutDone: (what: string, n: number) => `${what}：发布完成，${n} 个副本全部更新并可用`,
    rolloutOldPods: (what: string, extra: number, want: number) => `${what}：还有 ${extra} 个旧副本正在关闭（目标 ${want} 个）`,
    rolloutProgress: (what: string, want: number, updated: number, ready: number, available: number) =>
      `${what}：${want} 个副本中 ${updated} 个已更新，${ready} 个就绪，${available} 个可用`,
    commandFailed: (code: number, line: string) => `命令以退出码 ${code} 结束${line ? `：${line}` : ''}`,
    unreadable: (line: string) => `无法解读输出${line ? `：${line}` : '（输出为空）'}`,
    nodeState: (node: string, state: string) => `节点 ${node} 的状态是 ${state}`,
    nodeNameWrong: (node: string, re: string) => `节点名 ${node} 不匹配 /${re}/`,
    clusterSeen: (running: number, names: string, stopped: number) =>
      `看到 ${running} 个运行中的节点${names ? `（${names}）` : ''}${stopped ? `，${stopped} 个已停止` : ''}`,
    clusterWant: (seen: string, which: string, n: number) => `${seen}；应当有 ${n} 个${which === 'stopped' ? '已停止' : '运行中'}的节点`,
    textMissing: (text: string, line: string) => `输出中没有“${text}”${line ? `（输出为：${line}）` : ''}`,
    textPresent: (text: string) => `输出中含有“${text}”`,
    textNoMatch: (re: string, line: string) => `输出不匹配 /${re}/${line ? `（输出为：${line}）` : ''}`,
    textOk: (line: string) => (line ? `输出为：${line}` : '输出符合预期'),
    logAbsent: (re: string) => `没有日志行匹配 /${re}/`,
    logFound: (line: string) => `日志行：${line.length > 160 ? `${line.slice(0, 159)}…` : line}`,
    logNotFound: (re: string, tail: number) => `最近 ${tail} 行日志中没有匹配 /${re}/ 的行`,
    canDo: (user: string, verb: string, what: string) => `${user} 可以 ${verb} ${what}`,
    cannotDo: (user: string, verb: string, what: string) => `${user} 不能 ${verb} ${what}`,
    httpOk: (method: string, path: string, where: string, status: number) => `${where} 上的 ${method} ${path} 返回 ${status}`,
    httpStatus: (method: string, path: string, where: string, status: number, want: number, body: string) =>
      `${where} 上的 ${method} ${path} 返回 ${status}，应为 ${want}${body ? `：${body}` : ''}`,
    httpBody: (method: string, path: string, where: string, text: string, body: string) =>
      `${where} 上的 ${method} ${path} 的响应中没有“${text}”${body ? `：${body}` : ''}`,
    httpNoAnswer: (method: string, path: string, where: string, seconds: number) =>
      `${where} 上的 ${method} ${path}：${seconds} 秒内没有响应（启动中的 EMQX 返回 503，kubectl 会不断重试）`,
    httpFailed: (method: string, path: string, where: string, err: string) => `${where} 上的 ${method} ${path} 失败：${err}`,
    mqttDelivered: (from: string, to: string) =>
      from === to ? `通过 ${from} 发布的消息回到了订阅者` : `在 ${from} 上发布的消息到达了 ${to} 上的订阅者`,
    mqttNotDelivered: (from: string, to: string, seconds: number) =>
      from === to
        ? `通过 ${from} 发布的消息在 ${seconds} 秒内没有回到订阅者`
        : `在 ${from} 上发布的消息在 ${seconds} 秒内没有到达 ${to} 上的订阅者`,
    mqttError: (to: string, err: string) => `通过 ${to} 的 MQTT 连接失败：${err}`,
    needTwoPods: (n: number, sel: string) => `匹配 ${sel} 的 Ready Pod 有 ${n} 个，需要两个不同的 Pod`,
    mqttConnecting: (a: string, b: string) => `正在建立到 ${a} 和 ${b} 的端口转发`,
    setupFailed: (reason: string) => `准备步骤失败：${reason}`,
    actionFailed: (reason: string) => `破坏性操作失败：${reason}`,
    afterwards: (title: string, reason: string) => `操作之后，“${title}”没有通过：${reason}`,
    cleanupFailed: (reason: string) => `清理失败：${reason}`,
    disruptionOk: (n: number) => `经受住了破坏：${n} 项后续检查全部通过`,
    nothingRemoved: '这次操作没有删除任何 Pod',
    noPodToDelete: (ref: string) => `没有 Pod 匹配 ${ref}，没有可删除的`,
    scaledTo: (what: string, n: number, have: number, ready: number) => `${what}：有 ${have} 个 Pod，${ready} 个 Ready，等待达到 ${n} 个`,
    scaleDone: (what: string, n: number) => `${what}：已按要求有 ${n} 个 Pod`,
    noSelector: (what: string) => `${what} 没有 Pod 选择器`,
    execExpect: (text: string, line: string) => `命令输出中没有“${text}”${line ? `（输出为：${line}）` : ''}`,
    notBack: (name: string) => `${name} 没有回来`,
    samePod: (name: string) => `${name} 仍是原来的 Pod（uid 相同）`,
    sameNameBack: (names: string) => `${names} 以相同的名字作为新 Pod 回来了`,
    nameReused: (name: string) => `${name} 以原来的名字回来了，但应当换一个新名字`,
    noNewPods: (want: number, got: number) => `出现了 ${got} 个新 Pod，应当有 ${want} 个`,
    newNames: (names: string) => `由新的 Pod 取代：${names}`,
  },
});
