package main

// Ending the supervisor's processes, and telling whether a process is still there (Linux /proc).

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// shutdown: SIGTERM to every child (last started first), SIGKILL to what is left after a grace period,
// then SIGKILL to anything else in the supervisor's process group (a child's own children).
func (s *supervisor) shutdown() {
	for i := len(s.children) - 1; i >= 0; i-- {
		if p := s.children[i].Process; p != nil {
			_ = p.Signal(syscall.SIGTERM)
		}
	}
	grace := time.Now().Add(3 * time.Second)
	for _, c := range s.children {
		for alive(c.Process.Pid) && time.Now().Before(grace) {
			time.Sleep(20 * time.Millisecond)
		}
		if alive(c.Process.Pid) {
			_ = c.Process.Kill()
		}
	}
	self := os.Getpid()
	if pgid, _ := syscall.Getpgid(self); pgid == self {
		for _, pid := range groupMembers(pgid) {
			if pid != self {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}
}

// alive: the process exists and is not a zombie (a child's zombie stays until Wait reaps it).
func alive(pid int) bool {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

func groupMembers(pgid int) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if g, err := syscall.Getpgid(pid); err == nil && g == pgid {
			pids = append(pids, pid)
		}
	}
	return pids
}
