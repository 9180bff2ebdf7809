package main

// `harness pki`: one CA per plane, the certificates each component needs, and kubeconfigs that embed them.
// Certificates use ECDSA P-256 (generated in microseconds, so a plane gets fresh ones at every start); the
// service-account signing key is RSA 2048 as kubeadm's, so ServiceAccount tokens are RS256 as on kind.

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The names kind gives its one context, cluster and user (`kind-<cluster name>`).
const kindName = "kind-emqx-lab"

type identity struct {
	file   string // pki/<file>.crt, pki/<file>.key, <file>.kubeconfig
	cn     string
	groups []string
}

// Who each component is to the API server. The admin is kubeadm's kubernetes-admin in system:masters;
// controller-manager and scheduler have the users the API server's bootstrap RBAC policy binds.
var identities = []identity{
	{"admin", "kubernetes-admin", []string{"system:masters"}},
	{"controller-manager", "system:kube-controller-manager", nil},
	{"scheduler", "system:kube-scheduler", nil},
	{"kwok", "kwok-controller", []string{"system:masters"}},
	{"harness", "emqx-lab-harness", []string{"system:masters"}},
}

func runPKI(args []string) error {
	fs := flag.NewFlagSet("pki", flag.ContinueOnError)
	dir := fs.String("dir", "", "the plane's state folder")
	server := fs.String("server", "", "the API server's URL, https://127.0.0.1:<port>")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *server == "" {
		return fmt.Errorf("-dir and -server are required")
	}
	pkiDir := filepath.Join(*dir, "pki")
	if err := os.MkdirAll(pkiDir, 0o700); err != nil {
		return err
	}

	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := template("kubernetes", nil)
	caTmpl.IsCA = true
	caTmpl.BasicConstraintsValid = true
	caTmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	caPEM := pemBlock("CERTIFICATE", caDER)
	if err := writeFile(filepath.Join(pkiDir, "ca.crt"), caPEM); err != nil {
		return err
	}
	if err := writeKey(filepath.Join(pkiDir, "ca.key"), caKey); err != nil {
		return err
	}

	issue := func(file, cn string, groups []string, usage x509.ExtKeyUsage, dns []string, ips []net.IP) ([]byte, []byte, error) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		t := template(cn, groups)
		t.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		t.ExtKeyUsage = []x509.ExtKeyUsage{usage}
		t.DNSNames = dns
		t.IPAddresses = ips
		der, err := x509.CreateCertificate(rand.Reader, t, caCert, key.Public(), caKey)
		if err != nil {
			return nil, nil, err
		}
		certPEM := pemBlock("CERTIFICATE", der)
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, nil, err
		}
		keyPEM := pemBlock("PRIVATE KEY", keyDER)
		if err := writeFile(filepath.Join(pkiDir, file+".crt"), certPEM); err != nil {
			return nil, nil, err
		}
		return certPEM, keyPEM, writeFile(filepath.Join(pkiDir, file+".key"), keyPEM)
	}

	// The API server's serving certificate: the names kubeadm puts in it (the `kubernetes` Service's
	// first IP of 10.96.0.0/16 and DNS names, the control-plane node) and loopback, where it listens.
	loop := []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.96.0.1")}
	apiDNS := []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
		"kubernetes.default.svc.cluster.local", "emqx-lab-control-plane"}
	if _, _, err := issue("apiserver", "kube-apiserver", nil, x509.ExtKeyUsageServerAuth, apiDNS, loop); err != nil {
		return err
	}
	// The kubelet endpoint of every fake node is kwok's server (reached through `harness egress`); the
	// API server dials the node's address and checks the certificate against this CA
	// (--kubelet-certificate-authority), so it names every node and its address.
	nodeNames := []string{"localhost"}
	nodeIPs := []net.IP{net.ParseIP("127.0.0.1")}
	for _, n := range fakeNodes {
		nodeNames = append(nodeNames, n.name)
		nodeIPs = append(nodeIPs, net.ParseIP(n.ip))
	}
	if _, _, err := issue("kubelet", "kwok-kubelet", nil, x509.ExtKeyUsageServerAuth, nodeNames, nodeIPs); err != nil {
		return err
	}
	if _, _, err := issue("apiserver-kubelet-client", "kube-apiserver-kubelet-client", []string{"kubeadm:cluster-admins"}, x509.ExtKeyUsageClientAuth, nil, nil); err != nil {
		return err
	}
	for _, id := range identities {
		certPEM, keyPEM, err := issue(id.file, id.cn, id.groups, x509.ExtKeyUsageClientAuth, nil, nil)
		if err != nil {
			return err
		}
		name := "emqx-lab"
		if id.file == "admin" {
			name = kindName
		}
		kc := kubeconfig(name, *server, caPEM, certPEM, keyPEM)
		if err := writeFile(filepath.Join(*dir, id.file+".kubeconfig"), []byte(kc)); err != nil {
			return err
		}
	}

	// Service-account token signing: the API server signs with the private key and verifies with the
	// public one; kube-controller-manager signs the legacy token Secrets with the private key.
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	if err := writeKey(filepath.Join(pkiDir, "sa.key"), saKey); err != nil {
		return err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(saKey.Public())
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(pkiDir, "sa.pub"), pemBlock("PUBLIC KEY", pubDER))
}

func template(cn string, groups []string) *x509.Certificate {
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	now := time.Now()
	return &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn, Organization: groups},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(365 * 24 * time.Hour),
	}
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

func writeKey(path string, key crypto.Signer) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writeFile(path, pemBlock("PRIVATE KEY", der))
}

// Every file of a plane's pki holds a secret or sits beside one: owner-only.
func writeFile(path string, data []byte) error {
	return os.WriteFile(path, data, 0o600)
}

func kubeconfig(name, server string, ca, cert, key []byte) string {
	b64 := base64.StdEncoding.EncodeToString
	return strings.Join([]string{
		"apiVersion: v1",
		"kind: Config",
		"clusters:",
		"- cluster:",
		"    certificate-authority-data: " + b64(ca),
		"    server: " + server,
		"  name: " + name,
		"contexts:",
		"- context:",
		"    cluster: " + name,
		"    user: " + name,
		"  name: " + name,
		"current-context: " + name,
		"preferences: {}",
		"users:",
		"- name: " + name,
		"  user:",
		"    client-certificate-data: " + b64(cert),
		"    client-key-data: " + b64(key),
		"",
	}, "\n")
}
