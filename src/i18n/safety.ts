import { defineMessages } from './lang.js';

/**
 * Faults of the environment and hostile input, worded for a person: an unusable EMQX_LAB_HOME, a system
 * namespace, a kubectl that keeps failing the same way, damaged files, values out of range.
 */
export const safetyMessages = defineMessages({
  en: {
    homeNotDir: (path: string) =>
      `EMQX_LAB_HOME cannot be used: ${path} is not a folder. Remove that file, or point EMQX_LAB_HOME at a folder of your own.`,
    homeReadOnly: (path: string, code: string) =>
      `EMQX_LAB_HOME cannot be used: ${path} is not writable (${code}). Make it writable, or point EMQX_LAB_HOME at a folder of your own.`,
    homeCannotCreate: (path: string, code: string) =>
      `EMQX_LAB_HOME cannot be used: ${path} cannot be created (${code}). Point EMQX_LAB_HOME at a folder you can write to.`,
    fileError: (path: string, code: string) =>
      `emqx-lab could not use ${path} (${code}). Check that it is a folder or file you can read and write, then run the command again.`,
    systemNamespace: (ns: string) =>
      `"${ns}" is one of the cluster's own namespaces (kube-*, default). emqx-lab creates and deletes objects in its namespace, so it stops here and has touched nothing. Use a namespace of the lab's own (the default is emqx-lab: leave out --namespace), or add --yes if you really mean ${ns}.`,
    systemPrefix: (prefix: string) =>
      `The prefix "${prefix}" makes learner namespaces named like the cluster's own (kube-*). Choose another --prefix, or add --yes if you really mean it.`,
    simDamaged: (detail: string) =>
      `The simulated cluster's state is damaged (${detail}). Reset it with \`emqx-lab kubectl --sim sim reset\` and apply your step again; your progress is kept.`,
    simBusy: (detail: string) =>
      `The simulated cluster is locked by another process (${detail}). Wait for it to finish, or stop it; if no emqx-lab is running, reset with \`emqx-lab kubectl --sim sim reset\`.`,
    persistentFailure: (what: string, seconds: number) =>
      `Every kubectl call has failed the same way for ${seconds} s, so emqx-lab stops instead of waiting for a check's timeout: ${what}. Fix that, then run the command again.`,
    namespaceGone: (ns: string) =>
      `The namespace ${ns} no longer exists (it was deleted while the lab was working in it). Run \`emqx-lab apply <step>\` or \`emqx-lab solve <step>\` to create it again.`,
    kubectlHangs: (bin: string, seconds: number) =>
      `"${bin}" did not answer for ${seconds} s although each request it makes has a 15 s timeout: kubectl or its connection to the cluster hangs. Check that \`kubectl get namespaces\` answers, then run the command again.`,
    kubectlNotExecutable: (path: string) =>
      `"${path}" cannot be run as kubectl: it is a folder or a file without permission to execute. Point --kubectl (or EMQX_LAB_KUBECTL) at the kubectl program itself.`,
    kubectlGarbage: (bin: string) =>
      `"${bin}" does not answer like kubectl (its output is not what kubectl prints). Point --kubectl (or EMQX_LAB_KUBECTL) at a real kubectl, or use the simulated cluster with --sim.`,
    portRange: (v: string) => `--port takes a port number from 1 to 65535, not "${v}"`,
    tooManyLearners: (v: string, max: number) => `--learners takes a number from 1 to ${max}, not "${v}" (one namespace each; split a bigger room across clusters)`,
    junitFailedExit: (file: string) => `The JUnit report was not written to ${file}: the self-test's result is not on record.`,
    clipped: (n: number) => `… (${n} more characters)`,
    notAFile: (path: string) => `${path} is not a file (a folder or something else)`,
    unreadable: (path: string, code: string) => `${path} cannot be read (${code})`,
    notUtf8: (path: string) => `${path} is not UTF-8 text (another encoding, or not text at all): save it as UTF-8`,
    tooBig: (path: string, kb: number) => `${path} is larger than ${kb} KB: lesson and manifest files are small; this is not one`,
    tooDeep: (depth: number) => `the YAML is nested more than ${depth} levels deep`,
    aliasBomb: 'the YAML expands too many aliases (a file built to exhaust memory)',
    noObjects: 'the file holds no Kubernetes object (empty, or only comments)',
    notAnObject: 'a document is not a Kubernetes object (a mapping with apiVersion, kind and metadata.name)',
    notRestoredScale: (what: string, replicas: number, ns: string, why: string) =>
      `${what} was NOT put back to ${replicas} replica(s) after the interruption (${why}). Put it back yourself: emqx-lab kubectl -n ${ns} scale ${what} --replicas=${replicas}`,
    atZero: (what: string) => `${what} is scaled to 0 replicas: there are no pods to roll out. Scale it up (emqx-lab kubectl scale ${what} --replicas=N) or apply the step again.`,
    leftAtZero: (what: string, n: number) =>
      `${what} is at 0 replicas: an experiment of the lab was interrupted before it put the ${n} replica(s) back. Put them back: emqx-lab kubectl scale ${what} --replicas=${n}`,
    restoredFromCluster: (n: number, ns: string) =>
      `Your local progress record was missing or unreadable; restored ${n} passed step(s) from the progress ConfigMap in namespace ${ns}.`,
    offerRestore: (n: number, ns: string) => `Your local progress is missing, but namespace ${ns} records ${n} passed step(s). Restore them?`,
  },
  zh: {
    homeNotDir: (path: string) => `无法使用 EMQX_LAB_HOME：${path} 不是文件夹。请删除该文件，或把 EMQX_LAB_HOME 指向你自己的文件夹。`,
    homeReadOnly: (path: string, code: string) => `无法使用 EMQX_LAB_HOME：${path} 不可写（${code}）。请让它可写，或把 EMQX_LAB_HOME 指向你自己的文件夹。`,
    homeCannotCreate: (path: string, code: string) => `无法使用 EMQX_LAB_HOME：无法创建 ${path}（${code}）。请把 EMQX_LAB_HOME 指向你有写权限的文件夹。`,
    fileError: (path: string, code: string) => `emqx-lab 无法使用 ${path}（${code}）。请确认它是你可以读写的文件夹或文件，然后重新运行命令。`,
    systemNamespace: (ns: string) =>
      `“${ns}”是集群自己的命名空间（kube-*、default）。emqx-lab 会在它的命名空间里创建和删除对象，所以在这里停下，什么也没有改动。请使用实验专用的命名空间（默认是 emqx-lab：去掉 --namespace 即可）；如果确实要用 ${ns}，请加上 --yes。`,
    systemPrefix: (prefix: string) => `前缀“${prefix}”生成的学员命名空间与集群自己的命名空间（kube-*）同名。请换一个 --prefix；如果确实要这样，请加上 --yes。`,
    simDamaged: (detail: string) => `模拟集群的状态已损坏（${detail}）。请用 \`emqx-lab kubectl --sim sim reset\` 重置，然后重新应用当前步骤；你的进度会保留。`,
    simBusy: (detail: string) =>
      `模拟集群被另一个进程锁住了（${detail}）。请等它结束或停止它；如果没有 emqx-lab 在运行，请用 \`emqx-lab kubectl --sim sim reset\` 重置。`,
    persistentFailure: (what: string, seconds: number) =>
      `所有 kubectl 调用在 ${seconds} 秒内都以同样的方式失败，emqx-lab 不再等待检查超时，就此停止：${what}。请先解决这个问题，再重新运行命令。`,
    namespaceGone: (ns: string) => `命名空间 ${ns} 已不存在（实验运行期间被删除了）。运行 \`emqx-lab apply <步骤>\` 或 \`emqx-lab solve <步骤>\` 重新创建它。`,
    kubectlHangs: (bin: string, seconds: number) =>
      `“${bin}”已 ${seconds} 秒没有回应，而它的每个请求都有 15 秒超时：kubectl 或它与集群的连接卡住了。请确认 \`kubectl get namespaces\` 能回应，再重新运行命令。`,
    kubectlNotExecutable: (path: string) =>
      `“${path}”无法作为 kubectl 运行：它是一个文件夹，或是没有执行权限的文件。请让 --kubectl（或 EMQX_LAB_KUBECTL）指向 kubectl 程序本身。`,
    kubectlGarbage: (bin: string) =>
      `“${bin}”的回答不像 kubectl（输出不是 kubectl 会打印的内容）。请让 --kubectl（或 EMQX_LAB_KUBECTL）指向真正的 kubectl，或者加上 --sim 使用模拟集群。`,
    portRange: (v: string) => `--port 需要 1 到 65535 之间的端口号，而不是“${v}”`,
    tooManyLearners: (v: string, max: number) => `--learners 需要 1 到 ${max} 之间的数字，而不是“${v}”（每人一个命名空间；更大的班级请分到多个集群）`,
    junitFailedExit: (file: string) => `JUnit 报告没有写入 ${file}：自检结果没有留下记录。`,
    clipped: (n: number) => `……（还有 ${n} 个字符）`,
    notAFile: (path: string) => `${path} 不是文件（是文件夹或其他东西）`,
    unreadable: (path: string, code: string) => `无法读取 ${path}（${code}）`,
    notUtf8: (path: string) => `${path} 不是 UTF-8 文本（是其他编码，或根本不是文本）：请以 UTF-8 保存`,
    tooBig: (path: string, kb: number) => `${path} 超过 ${kb} KB：课程和清单文件都很小，这不是其中之一`,
    tooDeep: (depth: number) => `YAML 的嵌套超过了 ${depth} 层`,
    aliasBomb: 'YAML 展开的别名过多（这是一个为耗尽内存而构造的文件）',
    noObjects: '文件中没有任何 Kubernetes 对象（为空，或只有注释）',
    notAnObject: '有一个文档不是 Kubernetes 对象（应是含 apiVersion、kind 和 metadata.name 的映射）',
    notRestoredScale: (what: string, replicas: number, ns: string, why: string) =>
      `中断后 ${what} 没有恢复到 ${replicas} 个副本（${why}）。请自己恢复：emqx-lab kubectl -n ${ns} scale ${what} --replicas=${replicas}`,
    atZero: (what: string) => `${what} 的副本数为 0：没有可发布的 Pod。请扩容（emqx-lab kubectl scale ${what} --replicas=N）或重新应用当前步骤。`,
    leftAtZero: (what: string, n: number) =>
      `${what} 的副本数为 0：实验的某次检查被中断，没来得及恢复原来的 ${n} 个副本。请手动恢复：emqx-lab kubectl scale ${what} --replicas=${n}`,
    restoredFromCluster: (n: number, ns: string) => `本地进度记录缺失或无法读取；已从命名空间 ${ns} 中的进度 ConfigMap 恢复了 ${n} 个已通过的步骤。`,
    offerRestore: (n: number, ns: string) => `本地进度缺失，但命名空间 ${ns} 记录了 ${n} 个已通过的步骤。要恢复吗？`,
  },
});
