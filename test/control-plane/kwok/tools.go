//go:build tools

// The kwok controller this module builds (scripts/control-plane.mjs runs `go build` on it); the import
// keeps it, and everything it needs, in go.mod and go.sum.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
