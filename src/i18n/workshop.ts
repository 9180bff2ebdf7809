import { defineMessages } from './lang.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The trainer's kit: cluster create, prepare, workshop up/down/status/solve/dashboard. */
export const workshopMessages = defineMessages({
  en: {
    // cluster create
    simIsCluster:
      'The simulator is already a three-node cluster (context emqx-lab-sim): there is nothing to create. Next: `emqx-lab --sim prepare`, then `emqx-lab --sim workshop up --learners N`.',
    noProvider: 'Neither kind nor minikube is installed, and one of them makes the local cluster. Install one (both need Docker), then run `emqx-lab cluster create` again:',
    providerMissing: (p: string) => `${p} is not installed (not found on PATH). Install it, then run \`emqx-lab cluster create --provider ${p}\` again:`,
    installKind:
      'kind — macOS: brew install kind · Windows: winget install Kubernetes.kind · Linux: curl -Lo ./kind https://kind.sigs.k8s.io/dl/v0.29.0/kind-linux-amd64 && chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)',
    installMinikube:
      'minikube — macOS: brew install minikube · Windows: winget install Kubernetes.minikube · Linux: curl -LO https://storage.googleapis.com/minikube/releases/latest/minikube-linux-amd64 && sudo install minikube-linux-amd64 /usr/local/bin/minikube (https://minikube.sigs.k8s.io/docs/start/)',
    installDocker: 'Docker — macOS and Windows: Docker Desktop (https://docs.docker.com/desktop/) · Linux: Docker Engine (https://docs.docker.com/engine/install/)',
    providerChosen: (p: string, path: string) => `Using ${p} (${path}).`,
    kindExists: (name: string) => `A kind cluster named ${name} exists already: nothing to create. (To start over: kind delete cluster --name ${name})`,
    kindConfigAt: (file: string) => `Three nodes (one control plane, two workers), described in ${file}:`,
    storageDefault: (sc: string, profile: string) =>
      `Making ${sc} the default StorageClass of ${profile} (minikube's own hostpath provisioner does not work across several nodes):`,
    minikubeProfileNotLocal: (profile: string) =>
      `Note: the lab treats only the context "minikube" as a local cluster; with profile ${profile}, emqx-lab commands on it need --yes.`,
    clusterReady: (context: string) => `Cluster ready: context ${context}. Next: \`emqx-lab doctor\`, then \`emqx-lab prepare\` to put the course's images on every node.`,
    toolMissing: (name: string) => `${name} is not installed (not found on PATH).`,
    toolFailed: (command: string, code: number) => `\`${command}\` failed (exit code ${code}).`,
    interrupted: 'Interrupted.',

    // prepare
    prepareImages: (images: string) => `Images the course runs: ${images}`,
    routeKind: (context: string, cluster: string) => `Context ${context}: loading them into the kind cluster ${cluster} from this machine's image store (no registry needed on the nodes).`,
    routeMinikube: (context: string) => `Context ${context}: loading them into every node with \`minikube image load\`.`,
    routeDaemonSet: (context: string, ns: string) =>
      `Context ${context}: pulling them on every node with a pre-pull DaemonSet in namespace ${ns} (removed when done).`,
    nodeDone: (node: string, images: number) => `✔ ${node}: ${images} image(s) present`,
    nodeProblem: (node: string, problem: string) => `  ${node}: still trying — ${problem}`,
    prepullWaiting: (done: number, total: number) => `  ${done} of ${total} node(s) done…`,
    prepullTimeout: (minutes: number, nodes: string) => `After ${minutes} min these nodes still lack an image: ${nodes}. Check the nodes' network (or load the images another way) and run \`emqx-lab prepare\` again.`,
    prepullRemoved: (ns: string) => `Removed namespace ${ns}.`,
    prepareDone: (nodes: number) => `All ${nodes} node(s) have the course's images. \`emqx-lab doctor\` checks them again at any time.`,
    prepareLoaded: 'Loaded. `emqx-lab doctor` shows whether every node reports the images (nodes report them within about a minute).',

    // workshop up
    badPrefix: (prefix: string, max: number) =>
      `--prefix "${prefix}" cannot name namespaces: use lowercase letters, digits and dashes, starting with a letter, at most ${max} characters.`,
    tooMany: (wanted: number, fits: number) =>
      fits > 0
        ? `This cluster can hold ${fits} learner(s), not ${wanted}. Nothing was created. Run \`emqx-lab workshop up --learners ${fits}\`, or add nodes.`
        : `This cluster has no room for a single learner (${wanted} asked). Nothing was created. Add nodes, or free some.`,
    perLearner: (pods: number, cpu: string, memory: string, step: string) =>
      `each learner needs up to ${pods} pods at once, requesting ${cpu} CPU and ${memory}, at ${step}`,
    freeOn: (nodes: number, cpu: string, memory: string) => `free for learners on ${nodes} node(s): ${cpu} CPU, ${memory}`,
    stepLabel: (n: number, id: string) => `step ${n} (${id})`,
    nodeLine: (node: string, cpu: string, memory: string, slots: number) => `${node}: ${cpu} CPU, ${memory} free → ${slots} pod(s)`,
    nodeExcluded: (node: string, why: string) => `${node}: not used (${why})`,
    whyTainted: 'tainted: the course\'s pods do not run there',
    whyCordoned: 'cordoned',
    whyNotReady: 'not Ready',
    fitOk: (n: number, fits: number, line: string) => `Room check: ${n} learner(s) fit; this cluster holds ${fits} (${line}).`,
    noClusterEntry: 'kubectl names no cluster for the current context (`kubectl config view --minify`), so there is no address to give the learners.',
    upApplied: (n: number) => `Created or updated ${n} namespace(s), each with its account, Role, quota and defaults.`,
    upBudget: (pods: number, cpu: string, memory: string) =>
      `Each namespace: ServiceAccount emqx-lab-learner with a Role on that namespace only; a quota of ${pods} pods, ${cpu} CPU and ${memory} requested; defaults for containers that declare no resources.`,
    upHandOut: 'Give each learner their file. They start the lab with (learner-01 as the example):',
    upLoopback: (server: string) =>
      `The API server is at ${server}, on this machine: learners on other machines cannot reach it. Fine for trying the room out here; for a class, use a cluster the room's network reaches (see README, "For trainers").`,
    upKept: (list: string) => `Kept as they are, from an earlier and larger room: ${list} (\`workshop down\` removes them too).`,
    upNext: 'Watch the room: `emqx-lab workshop status --watch` or `emqx-lab workshop dashboard`.',
    kubeconfigHeader: (ns: string, command: string, duration: string) =>
      `emqx-lab workshop: kubeconfig for ${ns} (your own namespace; nothing else is reachable with it).\nStart the lab with:  ${command}\nThe token in it is valid for ${duration}; the trainer renews it by running \`emqx-lab workshop up\` again.`,

    // workshop down
    downConfirm: (prefix: string, context: string) =>
      `Delete every namespace of room "${prefix}" on ${context}, with everything the learners built in it, and their kubeconfig files?`,
    downNeedsYes: 'workshop down deletes namespaces: run it in a terminal to confirm, or add --yes',
    downCanceled: 'Nothing was deleted.',
    downNamespaces: (n: number, list: string) => `Deleted ${n} namespace(s): ${list}`,
    downNoNamespaces: (prefix: string) => `No namespace of room "${prefix}" on this cluster.`,
    downFiles: (n: number) => `Removed ${n} kubeconfig file(s).`,
    downLeftFiles: (list: string) => `Left alone (changed since workshop up wrote them): ${list}`,
    downNoRecord: 'No record of this room on this machine: any kubeconfig files are where `workshop up` ran.',

    // workshop status
    colLearner: 'learner',
    colWhere: 'on step',
    colFailure: 'last check failed',
    notStarted: 'not started',
    allDone: 'all done',
    onStep: (step: number) => `step ${step}`,
    onStepFor: (step: number, time: string) => `step ${step} · ${time}`,
    duration: (s: number) => (s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h ${pad2(Math.floor((s % 3600) / 60))} min`),
    summary: (total: number, started: number, done: number) => `${total} learner(s) · ${started} started · ${done} finished`,
    noLearners: (prefix: string) => `Room "${prefix}" has no learners on this cluster. Make them with: emqx-lab workshop up --learners N --prefix ${prefix}`,
    watchFooter: (seconds: number, time: string) => `Read at ${time}; again every ${seconds} s. Ctrl-C stops.`,

    // workshop solve
    unknownLearner: (ref: string, prefix: string, known: string) =>
      known ? `Room "${prefix}" has no learner "${ref}". Learners: ${known}` : `Room "${prefix}" has no learners on this cluster (looked for "${ref}").`,
    solvingFor: (step: number, ns: string) => `Solving step ${step} in namespace ${ns}, as the trainer:`,

    // workshop dashboard
    dashboardTitle: (prefix: string) => `emqx-lab · room ${prefix}`,
    dashboardHint: 'Hover over a learner to see why their last check failed; click to keep it shown. The grid updates by itself.',
    detailStep: 'step',
    detailCheck: 'check',
    detailReason: 'reason',
    detailAt: 'at',
    noFailure: 'no failed check recorded',
    disconnected: 'Lost the connection to emqx-lab on the trainer\'s machine; retrying…',
    dashboardUrl: (url: string) => `Dashboard: ${url}`,
    dashboardOpened: 'Opened in your browser. It shows the room live; Ctrl-C stops it.',
    dashboardNoOpen: 'Open that address in a browser on this machine (it answers on 127.0.0.1 only). Ctrl-C stops it.',
    dashboardStopped: 'Dashboard stopped.',
    portBusy: (port: number) => `Port ${port} on 127.0.0.1 is in use: choose another with --port, or leave --port out for a free one.`,
  },
  zh: {
    simIsCluster:
      '模拟集群本身就是三节点集群（上下文 emqx-lab-sim），无需创建。下一步：`emqx-lab --sim prepare`，然后 `emqx-lab --sim workshop up --learners N`。',
    noProvider: '没有安装 kind，也没有安装 minikube，而本地集群需要其中之一。请安装一个（两者都需要 Docker），然后再次运行 `emqx-lab cluster create`：',
    providerMissing: (p: string) => `没有安装 ${p}（在 PATH 中找不到）。请先安装，然后再次运行 \`emqx-lab cluster create --provider ${p}\`：`,
    installKind:
      'kind——macOS：brew install kind · Windows：winget install Kubernetes.kind · Linux：curl -Lo ./kind https://kind.sigs.k8s.io/dl/v0.29.0/kind-linux-amd64 && chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind（安装说明：https://kind.sigs.k8s.io/docs/user/quick-start/#installation）',
    installMinikube:
      'minikube——macOS：brew install minikube · Windows：winget install Kubernetes.minikube · Linux：curl -LO https://storage.googleapis.com/minikube/releases/latest/minikube-linux-amd64 && sudo install minikube-linux-amd64 /usr/local/bin/minikube（安装说明：https://minikube.sigs.k8s.io/docs/start/）',
    installDocker: 'Docker——macOS 和 Windows：Docker Desktop（https://docs.docker.com/desktop/）· Linux：Docker Engine（https://docs.docker.com/engine/install/）',
    providerChosen: (p: string, path: string) => `使用 ${p}（${path}）。`,
    kindExists: (name: string) => `名为 ${name} 的 kind 集群已经存在，无需创建。（要重新来过：kind delete cluster --name ${name}）`,
    kindConfigAt: (file: string) => `三个节点（一个控制平面、两个工作节点），配置写在 ${file}：`,
    storageDefault: (sc: string, profile: string) => `把 ${sc} 设为 ${profile} 的默认 StorageClass（minikube 自带的 hostpath 供应器在多节点下不能用）：`,
    minikubeProfileNotLocal: (profile: string) => `注意：实验只把上下文“minikube”当作本地集群；使用配置 ${profile} 时，在它上面运行 emqx-lab 命令需要加 --yes。`,
    clusterReady: (context: string) => `集群已就绪：上下文 ${context}。下一步：\`emqx-lab doctor\`，然后用 \`emqx-lab prepare\` 把课程用到的镜像放到每个节点上。`,
    toolMissing: (name: string) => `没有安装 ${name}（在 PATH 中找不到）。`,
    toolFailed: (command: string, code: number) => `\`${command}\` 执行失败（退出码 ${code}）。`,
    interrupted: '已中断。',

    prepareImages: (images: string) => `课程运行的镜像：${images}`,
    routeKind: (context: string, cluster: string) => `上下文 ${context}：从本机的镜像存储把它们加载到 kind 集群 ${cluster}（节点无需访问镜像仓库）。`,
    routeMinikube: (context: string) => `上下文 ${context}：用 \`minikube image load\` 把它们加载到每个节点。`,
    routeDaemonSet: (context: string, ns: string) => `上下文 ${context}：用命名空间 ${ns} 中的预拉取 DaemonSet 在每个节点上拉取镜像（完成后删除）。`,
    nodeDone: (node: string, images: number) => `✔ ${node}：已有 ${images} 个镜像`,
    nodeProblem: (node: string, problem: string) => `  ${node}：仍在重试——${problem}`,
    prepullWaiting: (done: number, total: number) => `  已完成 ${done}/${total} 个节点……`,
    prepullTimeout: (minutes: number, nodes: string) => `${minutes} 分钟后，这些节点仍缺少镜像：${nodes}。请检查节点的网络（或用别的办法加载镜像），然后再次运行 \`emqx-lab prepare\`。`,
    prepullRemoved: (ns: string) => `已删除命名空间 ${ns}。`,
    prepareDone: (nodes: number) => `全部 ${nodes} 个节点都有了课程的镜像。随时可以用 \`emqx-lab doctor\` 再检查一遍。`,
    prepareLoaded: '已加载。`emqx-lab doctor` 会显示每个节点是否报告了这些镜像（节点大约一分钟内会报告）。',

    badPrefix: (prefix: string, max: number) => `--prefix“${prefix}”不能用作命名空间名：只能用小写字母、数字和短横线，以字母开头，最多 ${max} 个字符。`,
    tooMany: (wanted: number, fits: number) =>
      fits > 0
        ? `这个集群最多容纳 ${fits} 位学员，而不是 ${wanted} 位。没有创建任何东西。请运行 \`emqx-lab workshop up --learners ${fits}\`，或者增加节点。`
        : `这个集群连一位学员都容纳不下（要求 ${wanted} 位）。没有创建任何东西。请增加节点或腾出资源。`,
    perLearner: (pods: number, cpu: string, memory: string, step: string) => `每位学员同时最多需要 ${pods} 个 Pod，请求 ${cpu} CPU 和 ${memory}，出现在${step}`,
    freeOn: (nodes: number, cpu: string, memory: string) => `${nodes} 个节点上可供学员使用：${cpu} CPU、${memory}`,
    stepLabel: (n: number, id: string) => `第 ${n} 步（${id}）`,
    nodeLine: (node: string, cpu: string, memory: string, slots: number) => `${node}：空闲 ${cpu} CPU、${memory} → ${slots} 个 Pod`,
    nodeExcluded: (node: string, why: string) => `${node}：不使用（${why}）`,
    whyTainted: '有污点：课程的 Pod 不会调度到那里',
    whyCordoned: '已停止调度（cordon）',
    whyNotReady: '未就绪',
    fitOk: (n: number, fits: number, line: string) => `容量检查：${n} 位学员放得下；这个集群最多容纳 ${fits} 位（${line}）。`,
    noClusterEntry: 'kubectl 没有为当前上下文给出集群（`kubectl config view --minify`），因此没有可以发给学员的地址。',
    upApplied: (n: number) => `已创建或更新 ${n} 个命名空间，每个都有自己的账号、Role、配额和默认值。`,
    upBudget: (pods: number, cpu: string, memory: string) =>
      `每个命名空间：ServiceAccount emqx-lab-learner，绑定只作用于本命名空间的 Role；配额为 ${pods} 个 Pod、请求 ${cpu} CPU 和 ${memory}；为没有声明资源的容器提供默认值。`,
    upHandOut: '把各自的文件发给每位学员。他们这样开始实验（以 learner-01 为例）：',
    upLoopback: (server: string) =>
      `API 服务器地址是 ${server}，在本机上：其他电脑上的学员连不上。在本机试一试教室没问题；正式上课请使用教室网络能访问到的集群（见 README 的“For trainers”一节）。`,
    upKept: (list: string) => `保留了之前更大的教室中的这些命名空间：${list}（\`workshop down\` 也会删除它们）。`,
    upNext: '查看教室：`emqx-lab workshop status --watch` 或 `emqx-lab workshop dashboard`。',
    kubeconfigHeader: (ns: string, command: string, duration: string) =>
      `emqx-lab 培训：${ns} 的 kubeconfig（只能访问你自己的命名空间）。\n这样开始实验：  ${command}\n其中的令牌有效期为 ${duration}；培训师再次运行 \`emqx-lab workshop up\` 即可续期。`,

    downConfirm: (prefix: string, context: string) => `删除 ${context} 上教室“${prefix}”的所有命名空间（连同学员在里面建的一切）以及他们的 kubeconfig 文件吗？`,
    downNeedsYes: 'workshop down 会删除命名空间：请在终端中运行以便确认，或者加上 --yes',
    downCanceled: '没有删除任何东西。',
    downNamespaces: (n: number, list: string) => `已删除 ${n} 个命名空间：${list}`,
    downNoNamespaces: (prefix: string) => `这个集群上没有教室“${prefix}”的命名空间。`,
    downFiles: (n: number) => `已删除 ${n} 个 kubeconfig 文件。`,
    downLeftFiles: (list: string) => `未动（workshop up 写入后被改过）：${list}`,
    downNoRecord: '本机没有这个教室的记录：kubeconfig 文件（如果有）在运行 `workshop up` 的那台电脑上。',

    colLearner: '学员',
    colWhere: '当前步骤',
    colFailure: '上次失败的检查',
    notStarted: '尚未开始',
    allDone: '全部完成',
    onStep: (step: number) => `第 ${step} 步`,
    onStepFor: (step: number, time: string) => `第 ${step} 步 · ${time}`,
    duration: (s: number) => (s < 60 ? `${s} 秒` : s < 3600 ? `${Math.floor(s / 60)} 分钟` : `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分钟`),
    summary: (total: number, started: number, done: number) => `${total} 位学员 · ${started} 位已开始 · ${done} 位已完成`,
    noLearners: (prefix: string) => `这个集群上教室“${prefix}”还没有学员。创建学员：emqx-lab workshop up --learners N --prefix ${prefix}`,
    watchFooter: (seconds: number, time: string) => `读取于 ${time}；每 ${seconds} 秒刷新一次。按 Ctrl-C 停止。`,

    unknownLearner: (ref: string, prefix: string, known: string) =>
      known ? `教室“${prefix}”里没有学员“${ref}”。学员有：${known}` : `这个集群上教室“${prefix}”没有学员（要找的是“${ref}”）。`,
    solvingFor: (step: number, ns: string) => `以培训师身份在命名空间 ${ns} 中完成第 ${step} 步：`,

    dashboardTitle: (prefix: string) => `emqx-lab · 教室 ${prefix}`,
    dashboardHint: '把鼠标移到学员上可以看到上次检查失败的原因；点击可以让它一直显示。表格会自动更新。',
    detailStep: '步骤',
    detailCheck: '检查',
    detailReason: '原因',
    detailAt: '时间',
    noFailure: '没有失败的检查记录',
    disconnected: '与培训师电脑上的 emqx-lab 断开了连接，正在重试……',
    dashboardUrl: (url: string) => `看板：${url}`,
    dashboardOpened: '已在浏览器中打开，实时显示整个教室；按 Ctrl-C 停止。',
    dashboardNoOpen: '请在本机的浏览器中打开这个地址（它只在 127.0.0.1 上应答）。按 Ctrl-C 停止。',
    dashboardStopped: '看板已停止。',
    portBusy: (port: number) => `127.0.0.1 上的端口 ${port} 已被占用：用 --port 换一个，或者不写 --port 让系统挑一个空闲端口。`,
  },
});
