package main

// What the supervisor waits for before starting a process: a port that accepts connections, or an HTTPS
// endpoint that answers 200. Both give up at the plan's deadline or when the plane is being stopped.

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

func waitTCP(addr string, deadline time.Time, stop <-chan string) (string, bool) {
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return "", false
		}
		if time.Now().After(deadline) {
			return fmt.Sprintf("%s does not accept connections", addr), true
		}
		select {
		case r := <-stop:
			return r, false
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func waitURL(url, caFile string, deadline time.Time, stop <-chan string) (string, bool) {
	pool := x509.NewCertPool()
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return err.Error(), true
		}
		pool.AppendCertsFromPEM(pem)
	}
	client := &http.Client{
		Timeout:   time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	last := ""
	for {
		res, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return "", false
			}
			last = fmt.Sprintf("%d %s", res.StatusCode, strings.TrimSpace(string(body)))
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			return fmt.Sprintf("%s is not ready: %s", url, last), true
		}
		select {
		case r := <-stop:
			return r, false
		case <-time.After(100 * time.Millisecond):
		}
	}
}
