package main

// `harness supervise`: runs the processes of one plane, in the order of its plan, and owns their end.
//
// Why a supervisor in Go: a plane must not outlive whoever started it. Each child gets PR_SET_PDEATHSIG
// (SIGKILL when the supervisor dies, even by SIGKILL); the supervisor itself stops everything on SIGTERM,
// SIGINT or SIGHUP, when a long-running child exits (a plane missing a part is broken), and, with
// -watch-stdin, when its stdin reaches EOF: the launcher holds the other end of that pipe, so the plane
// stops when the launcher's process is gone, however it went.
//
// Progress goes to <dir>/state.json, never to a pipe: `scripts/control-plane.mjs start` returns while
// the plane runs on, and a write to a pipe whose reader has gone would kill the supervisor by SIGPIPE.

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

type planProcess struct {
	Name string            `json:"name"`
	Argv []string          `json:"argv"`
	Env  map[string]string `json:"env,omitempty"`
	// Oneshot: wait for it to exit; exit 0 lets the plan go on, anything else fails the plane.
	Oneshot bool `json:"oneshot,omitempty"`
	// WaitTCP: do not start this process before host:port accepts connections.
	WaitTCP string `json:"waitTCP,omitempty"`
	// WaitURL: do not start this process before an HTTPS GET of this URL answers 200 (the API server's
	// /readyz: kube-controller-manager gives up when the API server is not healthy within 10 s).
	WaitURL string `json:"waitURL,omitempty"`
	// WaitCA: the CA that signed the server certificate behind WaitURL.
	WaitCA string `json:"waitCA,omitempty"`
}

type plan struct {
	Dir       string        `json:"dir"`
	Processes []planProcess `json:"processes"`
	// RemoveDir: remove Dir once every process has ended.
	RemoveDir bool `json:"removeDir,omitempty"`
	// Timeout of the whole start (seconds) and of each WaitTCP.
	TimeoutSeconds int `json:"timeoutSeconds,omitempty"`
}

type planState struct {
	Phase   string         `json:"phase"` // starting | ready | failed | stopping
	PID     int            `json:"pid"`
	Error   string         `json:"error,omitempty"`
	PIDs    map[string]int `json:"pids"`
	Started time.Time      `json:"started"`
	ReadyMS int64          `json:"readyMs,omitempty"`
}

func init() {
	// PR_SET_PDEATHSIG fires when the *thread* that forked the child exits; every child is started from
	// the main goroutine, locked here to the main thread, which lives as long as the process.
	runtime.LockOSThread()
}

func runSupervise(args []string) error {
	fs := flag.NewFlagSet("supervise", flag.ContinueOnError)
	planFile := fs.String("plan", "", "plan JSON")
	watchStdin := fs.Bool("watch-stdin", false, "stop everything when stdin reaches EOF")
	if err := fs.Parse(args); err != nil {
		return err
	}
	raw, err := os.ReadFile(*planFile)
	if err != nil {
		return err
	}
	var p plan
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("plan %s: %w", *planFile, err)
	}
	if p.TimeoutSeconds == 0 {
		p.TimeoutSeconds = 60
	}
	logger := log.New(os.Stderr, "supervise: ", log.LstdFlags|log.Lmicroseconds)
	s := &supervisor{plan: p, log: logger, state: planState{Phase: "starting", PID: os.Getpid(), PIDs: map[string]int{}, Started: time.Now()}}
	s.writeState()

	stop := make(chan string, 8)
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	go func() { stop <- "signal " + (<-sigs).String() }()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- "stdin closed (the launcher is gone)"
		}()
	}
	exited := make(chan string, len(p.Processes))

	reason, failed := s.start(stop, exited)
	if reason == "" {
		s.state.Phase = "ready"
		s.state.ReadyMS = time.Since(s.state.Started).Milliseconds()
		s.writeState()
		logger.Printf("ready in %d ms", s.state.ReadyMS)
		select {
		case reason = <-stop:
		case reason = <-exited:
			failed = true
		}
	}
	logger.Printf("stopping: %s", reason)
	if failed {
		s.state.Phase = "failed"
		s.state.Error = reason
	} else {
		s.state.Phase = "stopping"
	}
	s.writeState()
	s.shutdown()
	if p.RemoveDir && p.Dir != "" {
		if err := os.RemoveAll(p.Dir); err != nil {
			logger.Printf("remove %s: %v", p.Dir, err)
		}
	}
	if failed {
		return fmt.Errorf("%s", reason)
	}
	return nil
}

type supervisor struct {
	plan     plan
	log      *log.Logger
	state    planState
	children []*exec.Cmd
}

// start runs the plan in order; it returns why it stopped early ("" when every process runs) and
// whether that is a failure.
func (s *supervisor) start(stop <-chan string, exited chan<- string) (string, bool) {
	deadline := time.Now().Add(time.Duration(s.plan.TimeoutSeconds) * time.Second)
	logDir := filepath.Join(s.plan.Dir, "logs")
	if err := os.MkdirAll(logDir, 0o700); err != nil {
		return err.Error(), true
	}
	for _, pp := range s.plan.Processes {
		if pp.WaitTCP != "" {
			if r, failed := waitTCP(pp.WaitTCP, deadline, stop); r != "" {
				return fmt.Sprintf("%s: %s", pp.Name, r), failed
			}
		}
		if pp.WaitURL != "" {
			if r, failed := waitURL(pp.WaitURL, pp.WaitCA, deadline, stop); r != "" {
				return fmt.Sprintf("%s: %s", pp.Name, r), failed
			}
		}
		out, err := os.OpenFile(filepath.Join(logDir, pp.Name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return err.Error(), true
		}
		cmd := exec.Command(pp.Argv[0], pp.Argv[1:]...)
		cmd.Stdout, cmd.Stderr = out, out
		cmd.Env = os.Environ()
		for k, v := range pp.Env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		started := time.Now()
		if err := cmd.Start(); err != nil {
			out.Close()
			return fmt.Sprintf("%s: %v", pp.Name, err), true
		}
		out.Close()
		s.children = append(s.children, cmd)
		s.state.PIDs[pp.Name] = cmd.Process.Pid
		s.writeState()
		s.log.Printf("started %s (pid %d)", pp.Name, cmd.Process.Pid)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if pp.Oneshot {
			select {
			case err := <-done:
				if err != nil {
					return fmt.Sprintf("%s: %v (see logs/%s.log)", pp.Name, err, pp.Name), true
				}
				s.log.Printf("%s done in %d ms", pp.Name, time.Since(started).Milliseconds())
			case r := <-stop:
				return r, false
			case <-time.After(time.Until(deadline)):
				return fmt.Sprintf("%s: not done within %d s", pp.Name, s.plan.TimeoutSeconds), true
			}
			continue
		}
		name := pp.Name
		go func() {
			err := <-done
			exited <- fmt.Sprintf("%s exited: %v (see logs/%s.log)", name, err, name)
		}()
	}
	return "", false
}

func (s *supervisor) writeState() {
	raw, _ := json.MarshalIndent(s.state, "", "  ")
	tmp := filepath.Join(s.plan.Dir, ".state.json.tmp")
	if err := os.WriteFile(tmp, raw, 0o600); err == nil {
		_ = os.Rename(tmp, filepath.Join(s.plan.Dir, "state.json"))
	}
}
