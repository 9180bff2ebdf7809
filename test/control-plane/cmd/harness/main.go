// harness: the parts of the lab's test control plane that are easier in Go than in the Node launcher
// (scripts/control-plane.mjs, test/control-plane/plane.ts):
//
//	harness pki -dir D -server URL       certificates, keys and kubeconfigs of one plane
//	harness supervise -plan F [-watch-stdin]
//	                                     runs the plane's processes; stops them all on SIGTERM/SIGINT, when
//	                                     one of them exits, or (with -watch-stdin) when stdin reaches EOF,
//	                                     i.e. when the process that started the plane is gone
//	harness bootstrap -kubeconfig K -kube-version V
//	                                     kind-like nodes and the `standard` StorageClass; waits until ready
//	harness provisioner -kubeconfig K -dir D
//	                                     a local-path-like dynamic provisioner (rancher.io/local-path)
//	harness egress -socket S -kubelet HOST:PORT
//	                                     the API server's way to the nodes' kubelets (kwok's server)
//	harness kubelet -listen HOST:PORT -kwok HOST:PORT -runtime DIR ...
//	                                     the nodes' kubelet API when the lab's runtime plays the containers
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: harness pki|supervise|bootstrap|provisioner|egress|kubelet [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "pki":
		err = runPKI(os.Args[2:])
	case "supervise":
		err = runSupervise(os.Args[2:])
	case "bootstrap":
		err = runBootstrap(os.Args[2:])
	case "provisioner":
		err = runProvisioner(os.Args[2:])
	case "egress":
		err = runEgress(os.Args[2:])
	case "kubelet":
		err = runKubelet(os.Args[2:])
	default:
		err = fmt.Errorf("unknown subcommand %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "harness %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
