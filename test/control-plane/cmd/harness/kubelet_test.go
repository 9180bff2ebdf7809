package main

// The kubelet front's exec against a stand-in runtime on api.sock, with client-go's SPDY exec client (what
// the API server speaks to a kubelet): an exec with stdin (kubectl exec -i) is checked before the upgrade and
// run with everything the client sent; one without stdin is a single call, as before.

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"
)

type runtimeStub struct {
	mu  sync.Mutex
	got []map[string]any
}

func (s *runtimeStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var q map[string]any
	_ = json.NewDecoder(r.Body).Decode(&q)
	s.mu.Lock()
	s.got = append(s.got, q)
	s.mu.Unlock()
	if q["check"] == true {
		_, _ = w.Write([]byte(`{}`))
		return
	}
	in, _ := q["stdin"].(string)
	_ = json.NewEncoder(w).Encode(map[string]any{"stdout": "got " + in, "code": 0})
}

func frontWithStub(t *testing.T) (*httptest.Server, *runtimeStub) {
	t.Helper()
	dir := t.TempDir()
	sock := filepath.Join(dir, "api.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	stub := &runtimeStub{}
	rt := &http.Server{Handler: stub}
	go func() { _ = rt.Serve(ln) }()
	t.Cleanup(func() { _ = rt.Close() })
	f := &kubeletFront{
		apiSock: sock,
		client: &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		}}, Timeout: 10 * time.Second},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/exec/", f.exec)
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)
	return front, stub
}

func execVia(t *testing.T, front *httptest.Server, cmd []string, stdin string, withStdin bool) (string, error) {
	t.Helper()
	q := url.Values{"command": cmd, "output": {"1"}, "error": {"1"}}
	if withStdin {
		q.Set("input", "1")
	}
	u, _ := url.Parse(front.URL + "/exec/lab/emqx-0/emqx?" + q.Encode())
	ex, err := remotecommand.NewSPDYExecutor(&rest.Config{Host: front.URL}, http.MethodPost, u)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	opts := remotecommand.StreamOptions{Stdout: &out, Stderr: &errOut}
	if withStdin {
		opts.Stdin = strings.NewReader(stdin)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = ex.StreamWithContext(ctx, opts)
	return out.String(), err
}

func TestExecWithStdinReachesTheRuntime(t *testing.T) {
	front, stub := frontWithStub(t)
	cmd := []string{"sh", "-c", `read -r p && exec emqx ctl admins add "lab_x" "$p" emqx-lab`}
	out, err := execVia(t, front, cmd, "Persist-x\n", true)
	if err != nil {
		t.Fatal(err)
	}
	if out != "got Persist-x\n" {
		t.Fatalf("stdout %q", out)
	}
	if len(stub.got) != 2 || stub.got[0]["check"] != true || stub.got[0]["stdin"] != nil {
		t.Fatalf("first call must only check the exec can start: %v", stub.got)
	}
	if _, has := stub.got[1]["check"]; has || stub.got[1]["stdin"] != "Persist-x\n" || stub.got[1]["pod"] != "emqx-0" || stub.got[1]["container"] != "emqx" {
		t.Fatalf("second call must run the command with the stdin: %v", stub.got[1])
	}
}

func TestExecWithoutStdinIsOneCall(t *testing.T) {
	front, stub := frontWithStub(t)
	out, err := execVia(t, front, []string{"emqx", "ctl", "status"}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if out != "got " || len(stub.got) != 1 || stub.got[0]["check"] != nil || stub.got[0]["stdin"] != nil {
		t.Fatalf("stdout %q, calls %v", out, stub.got)
	}
}
