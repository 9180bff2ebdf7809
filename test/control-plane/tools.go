//go:build tools

// The Kubernetes commands this module builds (scripts/control-plane.mjs runs `go build` on them); the
// import keeps them, and everything they need, in go.mod and go.sum.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
