import { defineMessages } from './lang.js';

/** The kubectl adapter, the safety checks before touching a cluster, and the engine's commands. */
export const engineMessages = defineMessages({
  en: {
    // kubectl failures, worded for a person (a check's reason, a command's error).
    kubeNotInstalled: (bin: string) => `kubectl was not found ("${bin}" is not installed or not on PATH)`,
    kubeConfig: (detail: string) => `your kubeconfig has a problem: ${detail}`,
    kubeUnreachable: (detail: string) => `the cluster does not answer (${detail})`,
    kubeUnauthorized: (detail: string) => `the cluster rejected your credentials (${detail})`,
    kubeForbidden: (detail: string) => `not allowed: ${detail}`,
    kubeNotFound: (detail: string) => `not found: ${detail}`,
    kubeTimeout: 'kubectl took too long and was stopped',
    kubeCanceled: 'interrupted',
    kubeOther: (detail: string) => detail,

    // Before touching a cluster: kubectl, a context, a local-looking context, a reachable API server.
    notInstalled: (bin: string) =>
      `kubectl is needed and "${bin}" was not found. Install it, then run the command again — Linux: curl -LO "https://dl.k8s.io/release/$(curl -Ls https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl" && sudo install kubectl /usr/local/bin/kubectl; macOS: brew install kubectl; Windows: winget install -e --id Kubernetes.kubectl. If kubectl lives elsewhere, point to it with --kubectl PATH or EMQX_LAB_KUBECTL. No cluster at all? Try the lab on the simulated cluster with --sim.`,
    noContext: (detail: string) =>
      `kubectl has no cluster to talk to (${detail}). Create a local cluster with \`emqx-lab cluster create\` (kind or minikube), pick an existing one with --context NAME, or try the lab without a cluster: add --sim.`,
    refused: (context: string, server: string) =>
      `The kubectl context "${context}"${server ? ` (server ${server})` : ''} does not look like a local learning cluster (kind-*, minikube, docker-desktop, rancher-desktop, k3d-*, orbstack, colima). emqx-lab creates and deletes objects, so it stops here and has touched nothing. Switch to a local cluster (\`kubectl config use-context kind-emqx-lab\`, or \`emqx-lab cluster create\`), use the simulated cluster with --sim, or add --yes if this cluster is meant for the lab (a workshop cluster, for example).`,
    unreachable: (context: string, server: string, detail: string) =>
      `emqx-lab cannot reach the Kubernetes cluster of context "${context}"${server ? ` at ${server}` : ''} (${detail}). Is the cluster running? Start it (for kind: \`docker start <name>-control-plane\`; minikube: \`minikube start\`), create one with \`emqx-lab cluster create\`, choose another with --context NAME, or try the lab on the simulated cluster: add --sim.`,
    unauthorized: (context: string, detail: string) =>
      `The cluster of context "${context}" rejected your credentials (${detail}). Log in again or fix the user in your kubeconfig, then run the command again.`,
    courseBroken: (count: number) => `the course has ${count} problem(s); run \`emqx-lab lint\` to see them`,
    unknownStep: (ref: string, max: number) => `there is no step "${ref}": give a number from 1 to ${max} or a step id (see \`emqx-lab list\`)`,
    progressSetAside: (path: string) => `Your progress file was unreadable and has been moved aside to ${path}; verify records your progress again.`,
  },
  zh: {
    kubeNotInstalled: (bin: string) => `找不到 kubectl（“${bin}”未安装或不在 PATH 中）`,
    kubeConfig: (detail: string) => `kubeconfig 有问题：${detail}`,
    kubeUnreachable: (detail: string) => `集群没有响应（${detail}）`,
    kubeUnauthorized: (detail: string) => `集群拒绝了你的凭据（${detail}）`,
    kubeForbidden: (detail: string) => `没有权限：${detail}`,
    kubeNotFound: (detail: string) => `不存在：${detail}`,
    kubeTimeout: 'kubectl 耗时过长，已被停止',
    kubeCanceled: '已中断',
    kubeOther: (detail: string) => detail,

    notInstalled: (bin: string) =>
      `需要 kubectl，但找不到“${bin}”。请先安装再重新运行——Linux：curl -LO "https://dl.k8s.io/release/$(curl -Ls https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl" && sudo install kubectl /usr/local/bin/kubectl；macOS：brew install kubectl；Windows：winget install -e --id Kubernetes.kubectl。如果 kubectl 装在别处，用 --kubectl PATH 或 EMQX_LAB_KUBECTL 指定。完全没有集群？加上 --sim，在模拟集群上做实验。`,
    noContext: (detail: string) =>
      `kubectl 没有可以连接的集群（${detail}）。用 \`emqx-lab cluster create\` 创建本地集群（kind 或 minikube），用 --context NAME 选择已有集群，或者加上 --sim 在模拟集群上做实验。`,
    refused: (context: string, server: string) =>
      `kubectl 上下文“${context}”${server ? `（服务器 ${server}）` : ''}看起来不是本地的学习集群（kind-*、minikube、docker-desktop、rancher-desktop、k3d-*、orbstack、colima）。emqx-lab 会创建和删除对象，所以在这里停下，没有改动任何东西。请切换到本地集群（\`kubectl config use-context kind-emqx-lab\`，或 \`emqx-lab cluster create\`），用 --sim 使用模拟集群；如果这个集群本来就是给实验用的（例如培训集群），请加上 --yes。`,
    unreachable: (context: string, server: string, detail: string) =>
      `emqx-lab 连接不上上下文“${context}”的 Kubernetes 集群${server ? `（${server}）` : ''}（${detail}）。集群在运行吗？请启动它（kind：\`docker start <名称>-control-plane\`；minikube：\`minikube start\`），或用 \`emqx-lab cluster create\` 创建一个，用 --context NAME 换一个，或者加上 --sim 在模拟集群上做实验。`,
    unauthorized: (context: string, detail: string) =>
      `上下文“${context}”的集群拒绝了你的凭据（${detail}）。请重新登录或修正 kubeconfig 中的用户，然后再运行一次。`,
    courseBroken: (count: number) => `课程有 ${count} 个问题；运行 \`emqx-lab lint\` 查看`,
    unknownStep: (ref: string, max: number) => `没有步骤“${ref}”：请给出 1 到 ${max} 的数字或步骤 id（见 \`emqx-lab list\`）`,
    progressSetAside: (path: string) => `进度文件无法读取，已移到 ${path}；verify 会重新记录你的进度。`,
  },
});
