package main

// `harness kubelet`: the kubelet API of the fake nodes when the lab's runtime (src/runtime) plays their
// containers. The API server reaches every node's kubelet port through `harness egress`, which sends it here.
// exec, containerLogs and portForward are answered with the kubelet's own streaming and log-reading code
// (k8s.io/kubelet/pkg/cri/streaming, k8s.io/cri-client/pkg/logs) and the runtime behind it: the runtime runs
// the command in its EMQX model, names the CRI log file of the container instance asked for, and carries
// forwarded connections to a pod's MQTT and dashboard ports. Everything else goes on to kwok's server.
//
// Why not kwok's own Exec/Logs/PortForward rules: kwok v0.7.0 returns a command's non-zero exit as an internal
// error (it wraps *exec.ExitError, and the kubelet's ServeExec type-asserts utilexec.ExitError), so kubectl
// would print `Internal error occurred: ... exit status 1` where a kubelet makes it `command terminated with
// exit code 1`; and a rule read from the config file cannot tell which pod a request is for (its command and
// environment are fixed), which would take one kwok CRD object per pod.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	remotecommandconsts "k8s.io/apimachinery/pkg/util/remotecommand"
	remotecommandclient "k8s.io/client-go/tools/remotecommand"
	criapi "k8s.io/cri-api/pkg/apis"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
	crilogs "k8s.io/cri-client/pkg/logs"
	"k8s.io/kubelet/pkg/cri/streaming/portforward"
	remotecommandserver "k8s.io/kubelet/pkg/cri/streaming/remotecommand"
	utilexec "k8s.io/utils/exec"
)

const (
	streamIdleTimeout     = 4 * time.Hour
	streamCreationTimeout = 30 * time.Second
)

type kubeletFront struct {
	apiSock string
	pfSock  string
	client  *http.Client
	kwok    *httputil.ReverseProxy
	logger  *log.Logger
}

func runKubelet(args []string) error {
	fs := flag.NewFlagSet("kubelet", flag.ContinueOnError)
	listen := fs.String("listen", "", "host:port to serve the kubelet API on (TLS)")
	kwokAddr := fs.String("kwok", "", "host:port of kwok's server, for everything but exec, logs and port-forward")
	runtimeDir := fs.String("runtime", "", "the runtime's folder (api.sock, pf.sock)")
	certFile := fs.String("tls-cert-file", "", "serving certificate")
	keyFile := fs.String("tls-private-key-file", "", "serving key")
	if err := fs.Parse(args); err != nil {
		return err
	}
	apiSock := filepath.Join(*runtimeDir, "api.sock")
	f := &kubeletFront{
		apiSock: apiSock,
		pfSock:  filepath.Join(*runtimeDir, "pf.sock"),
		client: &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", apiSock)
		}}, Timeout: 30 * time.Second},
		logger: log.New(os.Stderr, "kubelet: ", log.LstdFlags),
	}
	kwokURL := &url.URL{Scheme: "https", Host: *kwokAddr}
	f.kwok = httputil.NewSingleHostReverseProxy(kwokURL)
	// A loopback hop to kwok, whose certificate names the nodes, not this address.
	f.kwok.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}

	mux := http.NewServeMux()
	mux.HandleFunc("/exec/", f.exec)
	mux.HandleFunc("/portForward/", f.portForward)
	mux.HandleFunc("/containerLogs/", f.containerLogs)
	mux.Handle("/", f.kwok)
	server := &http.Server{
		Addr:    *listen,
		Handler: mux,
		// exec and port-forward upgrade the connection: HTTP/1.1 only, as the kubelet serves them.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ErrorLog:     f.logger,
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	go func() {
		<-ctx.Done()
		_ = server.Close()
	}()
	err := server.ListenAndServeTLS(*certFile, *keyFile)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// pathParts: /exec/{ns}/{pod}[/{uid}]/{container} and the like.
func pathParts(r *http.Request, prefix string) []string {
	return strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, prefix), "/"), "/")
}

// ask calls the runtime's HTTP API on api.sock.
func (f *kubeletFront) ask(method, path string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://runtime"+path, rd)
	if err != nil {
		return err
	}
	res, err := f.client.Do(req)
	if err != nil {
		return fmt.Errorf("the runtime does not answer: %w", err)
	}
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(out)
}

type execAnswer struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Code   int    `json:"code"`
	// Fail: the exec never starts (the front answers with Status before upgrading); Error: the command
	// could not start in the container (the stream ends with an internal error, as containerd's do).
	Fail   string `json:"fail"`
	Status int    `json:"status"`
	Error  string `json:"error"`
}

// answered is an exec the runtime has already run: the streams get its output, the exit code goes back
// the way the kubelet reports it.
type answered struct{ a execAnswer }

func (e answered) ExecInContainer(_ context.Context, _ string, _ types.UID, _ string, _ []string, in io.Reader, out, errOut io.WriteCloser, _ bool, _ <-chan remotecommandclient.TerminalSize, _ time.Duration) error {
	if e.a.Error != "" {
		return errors.New(e.a.Error)
	}
	if out != nil {
		_, _ = io.WriteString(out, e.a.Stdout)
	}
	if errOut != nil {
		_, _ = io.WriteString(errOut, e.a.Stderr)
	} else if out != nil {
		_, _ = io.WriteString(out, e.a.Stderr)
	}
	if e.a.Code != 0 {
		return utilexec.CodeExitError{Err: fmt.Errorf("command terminated with non-zero exit code"), Code: e.a.Code}
	}
	return nil
}

func (f *kubeletFront) exec(w http.ResponseWriter, r *http.Request) {
	parts := pathParts(r, "/exec/")
	if len(parts) < 3 {
		http.Error(w, "bad exec path", http.StatusBadRequest)
		return
	}
	ns, pod, container := parts[0], parts[1], parts[len(parts)-1]
	streamOpts, err := remotecommandserver.NewOptions(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	cmd := r.URL.Query()["command"]
	q := map[string]any{"namespace": ns, "pod": pod, "container": container, "command": cmd}
	if streamOpts.Stdin {
		// The command needs what kubectl -i sends, which comes on the stream: only ask whether the exec can
		// start (a refusal is answered before upgrading, as the kubelet does), and run it from the stream.
		q["check"] = true
	}
	var a execAnswer
	if err := f.ask(http.MethodPost, "/exec", q, &a); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if a.Fail != "" {
		http.Error(w, a.Fail, a.Status)
		return
	}
	var executor remotecommandserver.Executor = answered{a}
	if streamOpts.Stdin {
		executor = withStdin{f, q}
	}
	remotecommandserver.ServeExec(w, r, executor, pod+"_"+ns, "", container, cmd, streamOpts, streamIdleTimeout, streamCreationTimeout, remotecommandconsts.SupportedStreamingProtocols)
}

// maxStdin bounds what an exec's standard input may hold (the lab sends one line).
const maxStdin = 1 << 20

// withStdin is an exec whose command reads its standard input. The model runs a command at once rather than
// as a process reading a stream, so the front reads the input to its end first (kubectl closes its side when
// its own stdin ends), then has the runtime run the command with it.
type withStdin struct {
	f *kubeletFront
	q map[string]any
}

func (e withStdin) ExecInContainer(ctx context.Context, name string, uid types.UID, container string, cmd []string, in io.Reader, out, errOut io.WriteCloser, tty bool, resize <-chan remotecommandclient.TerminalSize, timeout time.Duration) error {
	var input []byte
	if in != nil {
		b, err := io.ReadAll(io.LimitReader(in, maxStdin))
		if err != nil {
			return err
		}
		input = b
	}
	q := map[string]any{"stdin": string(input)}
	for k, v := range e.q {
		if k != "check" {
			q[k] = v
		}
	}
	var a execAnswer
	if err := e.f.ask(http.MethodPost, "/exec", q, &a); err != nil {
		return err
	}
	if a.Fail != "" {
		// The container stopped between the check and the run: the runtime's words, as an internal error.
		return errors.New(a.Fail)
	}
	return answered{a}.ExecInContainer(ctx, name, uid, container, cmd, in, out, errOut, tty, resize, timeout)
}

// forwarder carries one forwarded connection to the runtime, which connects it to the pod's port.
type forwarder struct {
	f       *kubeletFront
	ns, pod string
}

func (p forwarder) PortForward(ctx context.Context, _ string, _ types.UID, port int32, stream io.ReadWriteCloser) error {
	defer stream.Close()
	conn, err := (&net.Dialer{}).DialContext(ctx, "unix", p.f.pfSock)
	if err != nil {
		return fmt.Errorf("the runtime does not answer: %w", err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "%s/%s/%d\n", p.ns, p.pod, port); err != nil {
		return err
	}
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	if err != nil {
		return err
	}
	line = strings.TrimSuffix(line, "\n")
	if line != "OK" {
		return errors.New(strings.TrimPrefix(line, "ERR "))
	}
	done := make(chan struct{}, 2)
	go func() {
		_, _ = io.Copy(conn, stream)
		if c, ok := conn.(*net.UnixConn); ok {
			_ = c.CloseWrite()
		}
		done <- struct{}{}
	}()
	go func() {
		_, _ = io.Copy(stream, br)
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return nil
}

func (f *kubeletFront) portForward(w http.ResponseWriter, r *http.Request) {
	parts := pathParts(r, "/portForward/")
	if len(parts) < 2 {
		http.Error(w, "bad portForward path", http.StatusBadRequest)
		return
	}
	ns, pod := parts[0], parts[1]
	opts, err := portforward.NewV4Options(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var who struct {
		UID string `json:"uid"`
	}
	if err := f.ask(http.MethodGet, "/pod?namespace="+url.QueryEscape(ns)+"&pod="+url.QueryEscape(pod), nil, &who); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// The kubelet names the pod sandbox here and leaves the uid empty: "error forwarding port P to pod S, uid : ...".
	portforward.ServePortForward(w, r, forwarder{f, ns, pod}, who.UID, "", opts, streamIdleTimeout, streamCreationTimeout, portforward.SupportedProtocols)
}

// runtimeStatus tells the log reader whether the container whose file it follows still runs.
type runtimeStatus struct {
	criapi.RuntimeService
	f *kubeletFront
}

func (s runtimeStatus) ContainerStatus(_ context.Context, path string, _ bool) (*runtimeapi.ContainerStatusResponse, error) {
	var a struct {
		Running bool `json:"running"`
	}
	if err := s.f.ask(http.MethodGet, "/running?path="+url.QueryEscape(path), nil, &a); err != nil {
		return nil, status.Error(codes.Unavailable, err.Error())
	}
	state := runtimeapi.ContainerState_CONTAINER_EXITED
	if a.Running {
		state = runtimeapi.ContainerState_CONTAINER_RUNNING
	}
	return &runtimeapi.ContainerStatusResponse{Status: &runtimeapi.ContainerStatus{State: state}}, nil
}

// flushWriter sends every write at once, as the kubelet's log stream does.
type flushWriter struct {
	w http.ResponseWriter
}

func (fw flushWriter) Write(p []byte) (int, error) {
	n, err := fw.w.Write(p)
	if fl, ok := fw.w.(http.Flusher); ok {
		fl.Flush()
	}
	return n, err
}

func (f *kubeletFront) containerLogs(w http.ResponseWriter, r *http.Request) {
	parts := pathParts(r, "/containerLogs/")
	if len(parts) < 3 {
		http.Error(w, "bad containerLogs path", http.StatusBadRequest)
		return
	}
	ns, pod, container := parts[0], parts[1], parts[2]
	q := r.URL.Query()
	opts := &corev1.PodLogOptions{
		Follow:     q.Get("follow") == "true",
		Previous:   q.Get("previous") == "true",
		Timestamps: q.Get("timestamps") == "true",
	}
	intParam := func(name string) *int64 {
		if v := q.Get(name); v != "" {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				return &n
			}
		}
		return nil
	}
	opts.TailLines = intParam("tailLines")
	if opts.TailLines == nil && q.Get("tail") != "" && q.Get("tail") != "all" {
		opts.TailLines = intParam("tail")
	}
	opts.SinceSeconds = intParam("sinceSeconds")
	opts.LimitBytes = intParam("limitBytes")
	if v := q.Get("sinceTime"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			mt := metav1.NewTime(t)
			opts.SinceTime = &mt
		}
	}
	var a struct {
		Path   string `json:"path"`
		Error  string `json:"error"`
		Status int    `json:"status"`
	}
	if err := f.ask(http.MethodGet, "/logs?namespace="+url.QueryEscape(ns)+"&pod="+url.QueryEscape(pod)+"&container="+url.QueryEscape(container)+"&previous="+strconv.FormatBool(opts.Previous), nil, &a); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if a.Error != "" {
		// The kubelet answers a container it cannot read logs of with 400 and the reason as text.
		http.Error(w, a.Error, a.Status)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Transfer-Encoding", "chunked")
	fw := flushWriter{w}
	if err := crilogs.ReadLogs(r.Context(), nil, a.Path, a.Path, crilogs.NewLogOptions(opts, time.Now()), runtimeStatus{f: f}, fw, fw); err != nil && r.Context().Err() == nil {
		f.logger.Printf("logs of %s/%s/%s: %v", ns, pod, container, err)
	}
}
