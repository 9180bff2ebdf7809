// etcd, the release k8s.io/kubernetes v1.32 requires (go.etcd.io/etcd/server/v3 v3.5.x), under the name
// `etcd` (building the server module's own main package would name the binary `server`).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
