import { defineMessages } from './lang.js';

const mean = (s?: string) => (s ? ` (did you mean ${s}?)` : '');
const meanZh = (s?: string) => (s ? `（是不是想写 ${s}？）` : '');

/** `emqx-lab lint`: problems in lesson and manifest files, and the command's own output. */
export const lintMessages = defineMessages({
  en: {
    // files and YAML
    noSuchFile: (file: string) => `file not found: ${file}`,
    notLintable: (file: string) => `not a course, lesson or manifest file: ${file}`,
    duplicateKey: (key: string) => `duplicate key "${key}": YAML keeps only one of them`,
    tabIndent: 'tabs are not allowed as indentation in YAML: use spaces',
    yamlSyntax: (detail: string) => `YAML syntax error: ${detail}`,
    emptyManifest: 'the manifest file holds no Kubernetes object',
    notAnObject: 'a manifest document must be a Kubernetes object (a mapping with apiVersion and kind)',
    missingTypeMeta: (field: string) => `a Kubernetes object needs ${field}`,
    // Kubernetes schemas
    unknownKind: (kind: string, apiVersion: string, guess?: string) =>
      `unknown kind "${kind}" in ${apiVersion}${mean(guess)}`,
    kindIn: (kind: string, apiVersion: string) => `${kind} in ${apiVersion}`,
    unknownApiVersion: (apiVersion: string, kind: string, use: string) =>
      `unknown apiVersion "${apiVersion}" for kind ${kind}: use ${use}`,
    removedApiVersion: (apiVersion: string, kind: string, release: string, use?: string) =>
      `apiVersion ${apiVersion} is no longer served (removed in Kubernetes ${release})${use ? `: use ${use} for ${kind}` : ''}`,
    objectRoot: 'the object',
    unknownField: (path: string, guess?: string) => `unknown field ${path}${mean(guess)}`,
    typeError: (path: string, expected: string, got: string) => `${path}: expected ${expected}, got ${got}`,
    requiredField: (path: string) => `missing required field ${path}`,
    enumError: (path: string, value: string, allowed: string) => `${path}: "${value}" is not one of ${allowed}`,
    formatError: (path: string, format: string) => `${path}: not a valid ${format}`,
    schemaOther: (path: string, detail: string) => `${path}: ${detail}`,
    badName: (name: string, label: boolean) =>
      label
        ? `name "${name}" is not valid here: lowercase letters, digits and "-", starting with a letter, at most 63 characters`
        : `name "${name}" is not valid: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit`,
    badLabelKey: (key: string) => `label key "${key}" is not valid: [prefix/]name, the name at most 63 letters, digits, "-", "_", "."`,
    badLabelValue: (key: string, value: string) =>
      `label ${key}: value "${value}" is not valid: at most 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit`,
    // course rules
    missingLabLabel: (key: string, value: string) =>
      `every course object carries the lab label ${key}: ${value} (reset and prune touch nothing without it)`,
    courseNamespace: 'course manifests carry no metadata.namespace: the lab fills in the learner\'s namespace when it renders them',
    hardcodedNamespace: (field: string, value: string) =>
      `${field} hard-codes the namespace "${value}": write \${NAMESPACE} so the manifest works in any namespace`,
    unknownPlaceholder: (name: string, guess?: string) =>
      `unknown placeholder \${${name}}${guess ? ` (did you mean \${${guess}}?)` : ''}: only \${NAMESPACE} is filled in`,
    // references
    refMissing: (kind: string, name: string, guess?: string) => `${kind} "${name}" is not defined in these files${mean(guess)}`,
    refKeyMissing: (kind: string, name: string, key: string, guess?: string) => `${kind} "${name}" has no key "${key}"${mean(guess)}`,
    refServiceAccountMissing: (name: string, guess?: string) =>
      `ServiceAccount "${name}" is not defined in these files${mean(guess)}: no pod can be created until it exists`,
    // A StatefulSet's pod template is not validated as a pod: the API server accepts the StatefulSet and
    // refuses each pod its controller creates (event FailedCreate).
    refNoVolume: (name: string, statefulSet: boolean, guess?: string) =>
      statefulSet
        ? `volumeMount "${name}" names no volume and no volumeClaimTemplate${mean(guess)}: the StatefulSet is accepted, but every pod it creates is refused (event FailedCreate: Not found: "${name}")`
        : `volumeMount "${name}" names no volume${mean(guess)}: the API server rejects it`,
    refProbePort: (port: string, guess?: string) => `probe port "${port}" is not a named port of this container${mean(guess)}`,
    refSelectorMismatch: (kind: string, wanted: string, actual?: string) =>
      `the selector wants ${wanted} but the pod template's labels ${actual ? `have ${actual}` : 'do not have it'}: the API server rejects the ${kind}`,
    refGoverningMissing: (name: string, guess?: string) =>
      `serviceName "${name}" names no Service in these files${mean(guess)}: the pods get no stable DNS names`,
    refGoverningNotHeadless: (name: string) =>
      `serviceName "${name}" names a Service that is not headless (clusterIP: None): the pods get no stable DNS names`,
    refServiceSelectsNothing: (selector: string) => `the Service selects ${selector}, which no pod in these files has: it will have no endpoints`,
    refRoleGroup: (group: string) => `roleRef.apiGroup "${group}" does not exist: use rbac.authorization.k8s.io`,
    // EMQX
    emqxRenamed: (name: string, use: string) =>
      `${name} is the EMQX 4.x name: 5.x ignores it (unknown_env_vars) and the node stays alone: use ${use}`,
    emqxAppNameGone: (name: string) =>
      `${name} is gone in EMQX 5.x and ignored: the node name prefix comes from EMQX_NAME (default emqx), the same on every pod`,
    emqxNameDigits: (value: string, use: string) =>
      `EMQX_NAME "${value}" ends in a digit: EMQX then derives a port offset from it (emqx#14235): use a name such as ${use}`,
    emqxSingleUnderscore: (name: string, use: string) =>
      `${name} is not read by EMQX: levels are separated by double underscores: use ${use}`,
    emqxUnknownClusterKey: (name: string, guess?: string) => `${name} is not a cluster setting EMQX 5 knows, so it is ignored${mean(guess)}`,
    emqxUnknownK8sKey: (name: string, guess: string | undefined, keys: string) =>
      `${name} is not a cluster.k8s setting, so EMQX ignores it${mean(guess)}; cluster.k8s has ${keys}`,
    emqxBadEnum: (name: string, value: string, values: string, use: string | undefined, reason: string) =>
      `${name}: "${value}" is not a value EMQX 5 accepts (${values})${use ? `: use ${use}` : ''}; the node fails to start with ${reason}`,
    emqxApiserverIp: (value: string) =>
      `the apiserver ${value} is an IP address: it works only while it is the kubernetes Service IP or a control-plane address (the IPs the API server's certificate lists) and pods can reach it; the name keeps working: use https://kubernetes.default.svc:443`,
    emqxApiserverLoopback: (value: string) =>
      `the apiserver ${value} is a loopback address: inside a pod that is the pod itself, so discovery fails with econnrefused (kubectl cluster-info shows the address for your laptop): use https://kubernetes.default.svc:443`,
    emqxApiserverHttp: (value: string) =>
      `the apiserver ${value} uses plain http: the API server speaks TLS, so the answer is 400 (Discovery error: {400,...}) unless a proxy such as kubectl proxy listens there: use https://kubernetes.default.svc:443`,
    emqxImageNoTag: (image: string, pinned: string) =>
      `image "${image}" has no tag, so it pulls latest, a 5.9+ build that needs a licence to cluster: pin ${pinned}`,
    emqxImageLatest: (image: string, pinned: string) =>
      `image "${image}" is a moving 5.9+ build: from 5.9 a cluster of more than one node needs a licence: pin ${pinned}`,
    emqxImageLicensed: (image: string, pinned: string) =>
      `image "${image}": from EMQX 5.9 a cluster of more than one node needs a licence: pin ${pinned}`,
    emqxImageOld: (image: string, pinned: string) =>
      `image "${image}" is EMQX 4.x, whose settings differ from the 5.x ones this course uses: pin ${pinned}`,
    emqxImageFloating: (image: string, pinned: string) => `image "${image}" is a moving tag: pin ${pinned}`,
    emqxImageOther: (image: string, pinned: string) =>
      `image "${image}" is not the release this course is written for (and may not exist): pin ${pinned}`,
    emqxServiceAccountUnbound: (sa: string) =>
      `the pods run as ServiceAccount "${sa}", which no RoleBinding here binds: discovery's GET on endpoints fails with 403`,
    emqxRoleNoEndpoints: (role: string) =>
      `Role "${role}" does not allow get on endpoints, the one call discovery makes: it fails with 403`,
    emqxRemovedPort: (port: number, name: string, since: string, use: number) =>
      `port ${port} (${name}) is gone since EMQX ${since}: the REST API and dashboard are on ${use}`,
    emqxServiceMissing: (name: string, guess?: string) =>
      `discovery reads the Endpoints of Service "${name}", which these files do not define${mean(guess)}: discovery fails with 404`,
    emqxHostnameNeedsStatefulSet: (kind: string) =>
      `address_type hostname needs pods with hostnames under a headless Service (a StatefulSet); with a ${kind} discovery fails with {badkey,<<"hostname">>}: use ip`,
    emqxHostnameServiceName: (service: string, governing: string) =>
      `in hostname mode service_name must be the StatefulSet's serviceName: "${service}" has no pod hostnames ({badkey,<<"hostname">>}): use ${governing}`,
    emqxHostService: (service: string, governing: string) =>
      `EMQX_HOST names Service "${service}", but the pods' DNS names are under "${governing}": the other nodes cannot reach this name ("not responding to pings"): use ${governing}`,
    envRefUndefined: (ref: string) =>
      `$(${ref}) is not a variable defined before this one in the container's env: Kubernetes leaves the text as it is`,
    duplicateObject: (kind: string, name: string, at: string) => `${kind} "${name}" is defined twice (also at ${at}): the last one wins`,
    requestAboveLimit: (kind: string, request: string, limit: string) =>
      `the ${kind} request ${request} is above its limit ${limit}: the API server rejects it`,
    requestTooLarge: (kind: string, request: string) =>
      `a ${kind} request of ${request} is more than a lab node has: the pod stays Pending (Insufficient ${kind}); check the unit`,
    badQuantity: (path: string, value: string) => `${path}: "${value}" is not a quantity (such as 256Mi, 1Gi, 500m or 2)`,
    // lessons
    badRegex: (re: string, detail: string) => `not a valid regular expression: ${re} (${detail})`,
    duplicateCheckId: (id: string) => `duplicate check id "${id}"`,
    unknownHint: (id: string) => `the check names hint "${id}", which this lesson does not define`,
    mistakeNoTarget: (file: string, target?: string) =>
      target ? `the mistake targets ${target}, which ${file} does not contain` : `${file} holds several objects: the mistake needs a target`,
    mistakePatchFails: (op: string, path: string, file: string) => `the mistake's patch cannot ${op} ${path}: ${file} has no such path`,
    checkNamesUndeclared: (ref: string) => `the check names ${ref}, which this step's manifests do not declare`,
    emptyText: (lang: string) => `the ${lang === 'zh' ? 'Chinese' : 'English'} text is empty`,
    noModeline: (schema: string) => `no "# yaml-language-server: $schema=..." line naming ${schema}: editors cannot complete or check this file`,
    modelineMissing: (target: string) => `the schema ${target} named here does not exist: run npm run schema`,
    modelineStale: (file: string) => `${file} is not the current schema (empty or out of date): run npm run schema`,
    // output
    warningPrefix: 'warning: ',
    summaryClean: (files: number) => `no problems in ${files} ${files === 1 ? 'file' : 'files'}`,
    summary: (errors: number, warnings: number, files: number) =>
      `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} in ${files} ${files === 1 ? 'file' : 'files'}`,
  },
  zh: {
    noSuchFile: (file: string) => `找不到文件：${file}`,
    notLintable: (file: string) => `不是课程、课程步骤或清单文件：${file}`,
    duplicateKey: (key: string) => `重复的键 "${key}"：YAML 只会保留其中一个`,
    tabIndent: 'YAML 不允许用制表符缩进，请使用空格',
    yamlSyntax: (detail: string) => `YAML 语法错误：${detail}`,
    emptyManifest: '清单文件中没有任何 Kubernetes 对象',
    notAnObject: '清单中的每个文档都必须是 Kubernetes 对象（包含 apiVersion 和 kind 的映射）',
    missingTypeMeta: (field: string) => `Kubernetes 对象缺少 ${field}`,
    unknownKind: (kind: string, apiVersion: string, guess?: string) => `${apiVersion} 中没有 kind "${kind}"${meanZh(guess)}`,
    kindIn: (kind: string, apiVersion: string) => `${apiVersion} 中的 ${kind}`,
    unknownApiVersion: (apiVersion: string, kind: string, use: string) =>
      `kind ${kind} 不存在 apiVersion "${apiVersion}"，请使用 ${use}`,
    removedApiVersion: (apiVersion: string, kind: string, release: string, use?: string) =>
      `apiVersion ${apiVersion} 已不再提供（Kubernetes ${release} 中移除）${use ? `，${kind} 请使用 ${use}` : ''}`,
    objectRoot: '对象本身',
    unknownField: (path: string, guess?: string) => `未知字段 ${path}${meanZh(guess)}`,
    typeError: (path: string, expected: string, got: string) => `${path}：应为 ${expected}，实际为 ${got}`,
    requiredField: (path: string) => `缺少必填字段 ${path}`,
    enumError: (path: string, value: string, allowed: string) => `${path}："${value}" 不在可选值 ${allowed} 之中`,
    formatError: (path: string, format: string) => `${path}：不是合法的 ${format}`,
    schemaOther: (path: string, detail: string) => `${path}：不符合 Kubernetes 模式（${detail}）`,
    badName: (name: string, label: boolean) =>
      label
        ? `名称 "${name}" 不合法：只能使用小写字母、数字和 "-"，以字母开头，最多 63 个字符`
        : `名称 "${name}" 不合法：只能使用小写字母、数字、"-" 和 "."，以字母或数字开头和结尾`,
    badLabelKey: (key: string) => `标签键 "${key}" 不合法：格式为 [前缀/]名称，名称最多 63 个字母、数字、"-"、"_"、"."`,
    badLabelValue: (key: string, value: string) =>
      `标签 ${key} 的值 "${value}" 不合法：最多 63 个字母、数字、"-"、"_"、"."，以字母或数字开头和结尾`,
    missingLabLabel: (key: string, value: string) =>
      `课程中的每个对象都要带实验标签 ${key}: ${value}（没有它，重置和清理不会处理该对象）`,
    courseNamespace: '课程清单不写 metadata.namespace：渲染时由实验填入学员的命名空间',
    hardcodedNamespace: (field: string, value: string) =>
      `${field} 写死了命名空间 "${value}"：请写 \${NAMESPACE}，清单才能用于任意命名空间`,
    unknownPlaceholder: (name: string, guess?: string) =>
      `未知的占位符 \${${name}}${guess ? `（是不是想写 \${${guess}}？）` : ''}：只有 \${NAMESPACE} 会被填入`,
    refMissing: (kind: string, name: string, guess?: string) => `这些文件中没有定义 ${kind} "${name}"${meanZh(guess)}`,
    refKeyMissing: (kind: string, name: string, key: string, guess?: string) => `${kind} "${name}" 中没有键 "${key}"${meanZh(guess)}`,
    refServiceAccountMissing: (name: string, guess?: string) =>
      `这些文件中没有定义 ServiceAccount "${name}"${meanZh(guess)}：在它存在之前无法创建任何 Pod`,
    refNoVolume: (name: string, statefulSet: boolean, guess?: string) =>
      statefulSet
        ? `volumeMount "${name}" 找不到同名的 volume 或 volumeClaimTemplate${meanZh(guess)}：StatefulSet 会被接受，但它创建的每个 Pod 都会被拒绝（事件 FailedCreate：Not found: "${name}"）`
        : `volumeMount "${name}" 找不到同名的 volume${meanZh(guess)}：API Server 会拒绝它`,
    refProbePort: (port: string, guess?: string) => `探针端口 "${port}" 不是该容器的命名端口${meanZh(guess)}`,
    refSelectorMismatch: (kind: string, wanted: string, actual?: string) =>
      `selector 要求 ${wanted}，但 Pod 模板的标签${actual ? `是 ${actual}` : '中没有它'}：API Server 会拒绝这个 ${kind}`,
    refGoverningMissing: (name: string, guess?: string) =>
      `serviceName "${name}" 在这些文件中找不到对应的 Service${meanZh(guess)}：Pod 不会有稳定的 DNS 名称`,
    refGoverningNotHeadless: (name: string) =>
      `serviceName "${name}" 指向的 Service 不是 headless 的（clusterIP: None）：Pod 不会有稳定的 DNS 名称`,
    refServiceSelectsNothing: (selector: string) => `Service 选择 ${selector}，但这些文件中没有这样的 Pod：它将没有任何 endpoint`,
    refRoleGroup: (group: string) => `roleRef.apiGroup "${group}" 不存在：请使用 rbac.authorization.k8s.io`,
    emqxRenamed: (name: string, use: string) =>
      `${name} 是 EMQX 4.x 的名称：5.x 会忽略它（unknown_env_vars），节点始终单独运行：请使用 ${use}`,
    emqxAppNameGone: (name: string) =>
      `${name} 在 EMQX 5.x 中已不存在，会被忽略：节点名前缀来自 EMQX_NAME（默认 emqx），每个 Pod 都要相同`,
    emqxNameDigits: (value: string, use: string) =>
      `EMQX_NAME "${value}" 以数字结尾：EMQX 会据此推算端口偏移（emqx#14235）：请使用 ${use} 这样的名称`,
    emqxSingleUnderscore: (name: string, use: string) => `EMQX 不会读取 ${name}：层级之间要用双下划线分隔：请使用 ${use}`,
    emqxUnknownClusterKey: (name: string, guess?: string) => `${name} 不是 EMQX 5 已知的 cluster 配置，会被忽略${meanZh(guess)}`,
    emqxUnknownK8sKey: (name: string, guess: string | undefined, keys: string) =>
      `${name} 不是 cluster.k8s 的配置项，EMQX 会忽略它${meanZh(guess)}；cluster.k8s 只有 ${keys}`,
    emqxBadEnum: (name: string, value: string, values: string, use: string | undefined, reason: string) =>
      `${name}："${value}" 不是 EMQX 5 接受的值（${values}）${use ? `：请使用 ${use}` : ''}；节点会因 ${reason} 无法启动`,
    emqxApiserverIp: (value: string) =>
      `apiserver ${value} 是 IP 地址：只有当它是 kubernetes Service 的 IP 或控制平面节点的地址（也就是 API Server 证书里列出的 IP），并且 Pod 能访问到它时才可用；名字则始终有效：请使用 https://kubernetes.default.svc:443`,
    emqxApiserverLoopback: (value: string) =>
      `apiserver ${value} 是回环地址：在 Pod 里它指的是 Pod 自己，节点发现会因 econnrefused 失败（kubectl cluster-info 显示的是你电脑上用的地址）：请使用 https://kubernetes.default.svc:443`,
    emqxApiserverHttp: (value: string) =>
      `apiserver ${value} 用的是明文 http：API Server 只讲 TLS，所以会回答 400（Discovery error: {400,...}），除非那里是 kubectl proxy 之类的代理：请使用 https://kubernetes.default.svc:443`,
    emqxImageNoTag: (image: string, pinned: string) =>
      `镜像 "${image}" 没有标签，会拉取 latest，即需要许可证才能组建集群的 5.9+ 版本：请固定为 ${pinned}`,
    emqxImageLatest: (image: string, pinned: string) =>
      `镜像 "${image}" 是不断变化的 5.9+ 版本：从 5.9 起，多于一个节点的集群需要许可证：请固定为 ${pinned}`,
    emqxImageLicensed: (image: string, pinned: string) =>
      `镜像 "${image}"：从 EMQX 5.9 起，多于一个节点的集群需要许可证：请固定为 ${pinned}`,
    emqxImageOld: (image: string, pinned: string) =>
      `镜像 "${image}" 是 EMQX 4.x，其配置与本课程使用的 5.x 不同：请固定为 ${pinned}`,
    emqxImageFloating: (image: string, pinned: string) => `镜像 "${image}" 的标签会变化：请固定为 ${pinned}`,
    emqxImageOther: (image: string, pinned: string) => `镜像 "${image}" 不是本课程所用的版本（也可能根本不存在）：请固定为 ${pinned}`,
    emqxServiceAccountUnbound: (sa: string) =>
      `Pod 以 ServiceAccount "${sa}" 运行，但这里没有 RoleBinding 绑定它：集群发现对 endpoints 的 GET 会返回 403`,
    emqxRoleNoEndpoints: (role: string) => `Role "${role}" 没有允许 get endpoints，而这是集群发现唯一的调用：会返回 403`,
    emqxRemovedPort: (port: number, name: string, since: string, use: number) =>
      `端口 ${port}（${name}）自 EMQX ${since} 起已不存在：REST API 和 Dashboard 在 ${use} 端口`,
    emqxServiceMissing: (name: string, guess?: string) =>
      `集群发现读取 Service "${name}" 的 Endpoints，但这些文件中没有定义它${meanZh(guess)}：发现会因 404 失败`,
    emqxHostnameNeedsStatefulSet: (kind: string) =>
      `address_type hostname 要求 Pod 在 Headless Service 下有主机名（即 StatefulSet）；用 ${kind} 时发现会因 {badkey,<<"hostname">>} 失败：请使用 ip`,
    emqxHostnameServiceName: (service: string, governing: string) =>
      `hostname 模式下 service_name 必须是 StatefulSet 的 serviceName："${service}" 的 Endpoints 没有 Pod 主机名（{badkey,<<"hostname">>}）：请使用 ${governing}`,
    emqxHostService: (service: string, governing: string) =>
      `EMQX_HOST 使用了 Service "${service}"，但 Pod 的 DNS 名称在 "${governing}" 之下：其他节点无法访问这个名称（"not responding to pings"）：请使用 ${governing}`,
    envRefUndefined: (ref: string) => `$(${ref}) 不是该容器 env 中在此之前定义的变量：Kubernetes 会原样保留这段文字`,
    duplicateObject: (kind: string, name: string, at: string) => `${kind} "${name}" 定义了两次（另一处在 ${at}）：以最后一个为准`,
    requestAboveLimit: (kind: string, request: string, limit: string) => `${kind} 请求 ${request} 超过了上限 ${limit}：API Server 会拒绝它`,
    requestTooLarge: (kind: string, request: string) =>
      `${kind} 请求 ${request} 超过了实验节点的容量：Pod 会一直 Pending（Insufficient ${kind}）；请检查单位`,
    badQuantity: (path: string, value: string) => `${path}："${value}" 不是合法的数量（例如 256Mi、1Gi、500m 或 2）`,
    badRegex: (re: string, detail: string) => `不是合法的正则表达式：${re}（${detail}）`,
    duplicateCheckId: (id: string) => `重复的检查项 id "${id}"`,
    unknownHint: (id: string) => `检查项引用了提示 "${id}"，但本课没有定义它`,
    mistakeNoTarget: (file: string, target?: string) =>
      target ? `该错误示例的目标 ${target} 不在 ${file} 中` : `${file} 中有多个对象：该错误示例需要指定 target`,
    mistakePatchFails: (op: string, path: string, file: string) => `该错误示例的补丁无法 ${op} ${path}：${file} 中没有这个路径`,
    checkNamesUndeclared: (ref: string) => `检查项引用了 ${ref}，但本步骤的清单中没有声明它`,
    emptyText: (lang: string) => `${lang === 'zh' ? '中文' : '英文'}正文是空的`,
    noModeline: (schema: string) => `缺少指向 ${schema} 的 "# yaml-language-server: $schema=..." 行：编辑器无法补全或校验这个文件`,
    modelineMissing: (target: string) => `这里指定的 schema ${target} 不存在：请运行 npm run schema`,
    modelineStale: (file: string) => `${file} 不是当前的 schema（为空或已过时）：请运行 npm run schema`,
    warningPrefix: '警告：',
    summaryClean: (files: number) => `${files} 个文件，没有发现问题`,
    summary: (errors: number, warnings: number, files: number) => `${files} 个文件中有 ${errors} 个错误、${warnings} 个警告`,
  },
});
