package main

// `harness egress`: the API server's way to the fake nodes' kubelets. The nodes keep kind's addresses
// (172.18.0.x, kubelet port 10250), where nothing listens; the API server is told (its
// EgressSelectorConfiguration, selection `cluster`) to open every connection into the cluster through an
// HTTP CONNECT proxy on a unix socket, this one. A connection to any node's kubelet port goes to kwok's
// server, which answers `kubectl logs/exec/port-forward/attach` for every node; anything else is dialled
// as asked.

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"
)

func runEgress(args []string) error {
	fs := flag.NewFlagSet("egress", flag.ContinueOnError)
	socket := fs.String("socket", "", "unix socket to listen on")
	kubelet := fs.String("kubelet", "", "host:port of kwok's server, where node kubelet ports lead")
	if err := fs.Parse(args); err != nil {
		return err
	}
	nodeKubelets := map[string]bool{}
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
			if err := tunnel(conn, nodeKubelets, *kubelet); err != nil {
				logger.Print(err)
			}
		}()
	}
}

func tunnel(conn net.Conn, nodeKubelets map[string]bool, kubelet string) error {
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
	if nodeKubelets[target] {
		target = kubelet
	}
	up, err := net.DialTimeout("tcp", target, 5*time.Second)
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
