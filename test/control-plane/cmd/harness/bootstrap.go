package main

// `harness bootstrap`: what `kind create cluster` leaves behind that the lab relies on, less the containers:
// three nodes named, labelled and tainted as kind's (kwok plays their kubelets), and the `standard`
// StorageClass of kind's local-path provisioner. It returns once the plane is ready: /readyz ok, the nodes
// Ready with a pod CIDR, the `default` ServiceAccount and the kube-root-ca.crt ConfigMap in `default`.

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// fakeNode: one of kind's node containers. The addresses are those of kind's docker network; nothing
// listens there: the API server reaches every node's kubelet port through `harness egress`, which sends
// it to kwok's server.
type fakeNode struct {
	name         string
	ip           string
	controlPlane bool
}

var fakeNodes = []fakeNode{
	{"emqx-lab-control-plane", "172.18.0.2", true},
	{"emqx-lab-worker", "172.18.0.3", false},
	{"emqx-lab-worker2", "172.18.0.4", false},
}

const kubeletPort = 10250

func runBootstrap(args []string) error {
	fs := flag.NewFlagSet("bootstrap", flag.ContinueOnError)
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig with rights to create nodes")
	kubeVersion := fs.String("kube-version", "v0.0.0", "the control plane's version, shown as the nodes' kubelet version")
	timeout := fs.Duration("timeout", 60*time.Second, "give up after")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		return err
	}
	cfg.QPS, cfg.Burst = 100, 200
	cfg.UserAgent = "emqx-lab-harness"
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	start := time.Now()
	step := func(what string) {
		fmt.Fprintf(os.Stderr, "bootstrap: %s after %d ms\n", what, time.Since(start).Milliseconds())
	}

	err = poll(ctx, "/readyz", func() (bool, error) {
		body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return err == nil && strings.TrimSpace(string(body)) == "ok", nil
	})
	if err != nil {
		return err
	}
	step("API server ready")

	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	for _, n := range fakeNodes {
		_, err := client.CoreV1().Nodes().Create(ctx, node(n, *kubeVersion, strings.TrimSpace(string(kernel))), metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("create node %s: %w", n.name, err)
		}
	}
	if _, err := client.StorageV1().StorageClasses().Create(ctx, standardClass(), metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create StorageClass standard: %w", err)
	}
	step("nodes and StorageClass created")

	err = poll(ctx, "nodes Ready with a pod CIDR", func() (bool, error) {
		for _, n := range fakeNodes {
			node, err := client.CoreV1().Nodes().Get(ctx, n.name, metav1.GetOptions{})
			if err != nil || node.Spec.PodCIDR == "" || !nodeReady(node) {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	step("nodes Ready")
	err = poll(ctx, "ServiceAccount default/default and ConfigMap default/kube-root-ca.crt", func() (bool, error) {
		if _, err := client.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{}); err != nil {
			return false, nil
		}
		_, err := client.CoreV1().ConfigMaps("default").Get(ctx, "kube-root-ca.crt", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		return err
	}
	step("default ServiceAccount and kube-root-ca.crt present")
	return nil
}

func poll(ctx context.Context, what string, cond func() (bool, error)) error {
	for {
		ok, err := cond()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// node: labels, annotations, taint and status as a kind node's kubelet and kubeadm leave them. The status
// is accepted on create (a kubelet registers its node that way); kwok's node stage keeps what is set
// here and adds the conditions.
func node(n fakeNode, kubeVersion, kernel string) *corev1.Node {
	labels := map[string]string{
		"beta.kubernetes.io/arch": "amd64",
		"beta.kubernetes.io/os":   "linux",
		"kubernetes.io/arch":      "amd64",
		"kubernetes.io/hostname":  n.name,
		"kubernetes.io/os":        "linux",
	}
	var taints []corev1.Taint
	if n.controlPlane {
		labels["node-role.kubernetes.io/control-plane"] = ""
		labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
		taints = []corev1.Taint{{Key: "node-role.kubernetes.io/control-plane", Effect: corev1.TaintEffectNoSchedule}}
	}
	// kind's nodes report the host's resources and kubeadm reserves none: allocatable = capacity.
	resources := corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse("2"),
		corev1.ResourceMemory:           resource.MustParse("24564968Ki"),
		corev1.ResourcePods:             resource.MustParse("110"),
		corev1.ResourceEphemeralStorage: resource.MustParse("263174212Ki"),
		"hugepages-1Gi":                 resource.MustParse("0"),
		"hugepages-2Mi":                 resource.MustParse("0"),
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name:   n.name,
			Labels: labels,
			Annotations: map[string]string{
				"kubeadm.alpha.kubernetes.io/cri-socket":                 "unix:///run/containerd/containerd.sock",
				"volumes.kubernetes.io/controller-managed-attach-detach": "true",
			},
		},
		Spec: corev1.NodeSpec{
			ProviderID: "kind://docker/emqx-lab/" + n.name,
			Taints:     taints,
		},
		Status: corev1.NodeStatus{
			Capacity:    resources,
			Allocatable: resources.DeepCopy(),
			Addresses: []corev1.NodeAddress{
				{Type: corev1.NodeInternalIP, Address: n.ip},
				{Type: corev1.NodeHostName, Address: n.name},
			},
			DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: kubeletPort}},
			NodeInfo: corev1.NodeSystemInfo{
				Architecture:            "amd64",
				OperatingSystem:         "linux",
				OSImage:                 "Debian GNU/Linux 12 (bookworm)",
				KernelVersion:           kernel,
				KubeletVersion:          kubeVersion,
				ContainerRuntimeVersion: "containerd://2.0.3",
			},
		},
	}
}

// standardClass: kind's default StorageClass, served by its local-path provisioner.
func standardClass() *storagev1.StorageClass {
	reclaim := corev1.PersistentVolumeReclaimDelete
	binding := storagev1.VolumeBindingWaitForFirstConsumer
	return &storagev1.StorageClass{
		ObjectMeta: metav1.ObjectMeta{
			Name:        "standard",
			Annotations: map[string]string{"storageclass.kubernetes.io/is-default-class": "true"},
		},
		Provisioner:       provisionerName,
		ReclaimPolicy:     &reclaim,
		VolumeBindingMode: &binding,
	}
}
