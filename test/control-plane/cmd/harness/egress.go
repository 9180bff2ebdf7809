package main

// `harness egress`: the API server's way to the fake nodes' kubelets. The nodes keep kind's addresses
// (172.18.0.x, kubelet port 10250), where nothing listens; the API server is told (its
// EgressSelectorConfiguration, selection `cluster`) to open every connection into the cluster through an
// HTTP CONNECT proxy on a unix socket, this one. A connection to any node's kubelet port goes to kwok's
// server, which answers `kubectl logs/exec/port-forward/attach` for every node; anything else is dialled
// as asked. With the lab's runtime (-pods), a connection to a pod IP (the API server's service and pod
// proxy) goes to the runtime, which connects it to that pod's port in its model, or says why not.

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func runEgress(args []string) error {
	fs := flag.NewFlagSet("egress", flag.ContinueOnError)
	socket := fs.String("socket", "", "unix socket to listen on")
	kubelet := fs.String("kubelet", "", "host:port of kwok's server, where node kubelet ports lead")
	pods := fs.String("pods", "", "the runtime's pf.sock: where connections to pod IPs lead")
	podCIDR := fs.String("pod-cidr", "10.244.0.0/16", "the pods' addresses (with -pods)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, podNet, err := net.ParseCIDR(*podCIDR)
	if err != nil {
		return err
	}
	r := route{kubelet: *kubelet, pods: *pods, podNet: podNet, nodeKubelets: map[string]bool{}}
	nodeKubelets := r.nodeKubelets
	for _, n := range fakeNodes {
		nodeKubelets[net.JoinHostPort(n.ip, strconv.Itoa(kubeletPort))] = true
	}
	_ = os.Remove(*socket)
	ln, err := net.Listen("unix", *socket)
	if err != nil {
		return err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	logger := log.New(os.Stderr, "egress: ", log.LstdFlags)
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		go func() {
			if err := tunnel(conn, r); err != nil {
				logger.Print(err)
			}
		}()
	}
}

type route struct {
	kubelet      string
	nodeKubelets map[string]bool
	pods         string
	podNet       *net.IPNet
}

// dialPod asks the runtime for a pod IP's port: `@IP/PORT`, answered `OK` or `ERR <dial error>`.
func dialPod(sock, target string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(target)
	if err != nil {
		return nil, err
	}
	up, err := net.DialTimeout("unix", sock, 5*time.Second)
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Fprintf(up, "@%s/%s\n", host, port); err != nil {
		up.Close()
		return nil, err
	}
	// One byte at a time: what follows the answer line belongs to the tunnel.
	var line []byte
	b := make([]byte, 1)
	for {
		if _, err := up.Read(b); err != nil {
			up.Close()
			return nil, err
		}
		if b[0] == '\n' {
			break
		}
		line = append(line, b[0])
	}
	if string(line) != "OK" {
		up.Close()
		return nil, errors.New(strings.TrimPrefix(string(line), "ERR "))
	}
	return up, nil
}

func tunnel(conn net.Conn, r route) error {
	defer conn.Close()
	br := bufio.NewReader(conn)
	req, err := http.ReadRequest(br)
	if err != nil {
		return err
	}
	if req.Method != http.MethodConnect {
		fmt.Fprint(conn, "HTTP/1.1 405 Method Not Allowed\r\n\r\n")
		return fmt.Errorf("%s %s refused", req.Method, req.Host)
	}
	target := req.Host
	if r.nodeKubelets[target] {
		target = r.kubelet
	}
	var up net.Conn
	if host, _, _ := net.SplitHostPort(target); r.pods != "" && r.podNet.Contains(net.ParseIP(host)) {
		up, err = dialPod(r.pods, target)
		if err != nil {
			// The reason goes in the status line: the API server quotes it in its proxy error.
			fmt.Fprintf(conn, "HTTP/1.1 502 %s\r\n\r\n", err)
			return fmt.Errorf("CONNECT %s: %w", req.Host, err)
		}
	} else {
		up, err = net.DialTimeout("tcp", target, 5*time.Second)
	}
	if err != nil {
		fmt.Fprint(conn, "HTTP/1.1 502 Bad Gateway\r\n\r\n")
		return fmt.Errorf("CONNECT %s (%s): %w", req.Host, target, err)
	}
	defer up.Close()
	if _, err := fmt.Fprint(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Add(2)
	pipe := func(dst net.Conn, src io.Reader) {
		defer wg.Done()
		_, _ = io.Copy(dst, src)
		if c, ok := dst.(interface{ CloseWrite() error }); ok {
			_ = c.CloseWrite()
		}
	}
	go pipe(up, br) // br: bytes the client sent right after the CONNECT are already buffered there
	go pipe(conn, up)
	wg.Wait()
	return nil
}
