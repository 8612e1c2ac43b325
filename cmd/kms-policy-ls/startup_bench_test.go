package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkInitialize measures how long an editor waits for the server: from
// starting the process (the binary built by TestMain) to reading its answer
// to initialize. Package initialisation (the catalog's indexes, the checks'
// patterns) is in the figure; the process's exit is not.
func BenchmarkInitialize(b *testing.B) {
	const request = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`
	frame := fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(request), request)
	for b.Loop() {
		cmd := exec.Command(binary)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			b.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		if _, err := io.WriteString(stdin, frame); err != nil {
			b.Fatal(err)
		}
		body, err := readFrame(bufio.NewReader(stdout))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var resp struct {
			ID     int `json:"id"`
			Result struct {
				Capabilities map[string]any `json:"capabilities"`
			} `json:"result"`
		}
		if err := json.Unmarshal(body, &resp); err != nil || resp.ID != 1 || resp.Result.Capabilities["hoverProvider"] != true {
			b.Fatalf("initialize answered %s (%v)", body, err)
		}
		stdin.Close() // the server exits when its input ends
		if err := cmd.Wait(); err != nil {
			if _, ok := err.(*exec.ExitError); !ok {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
}

// readFrame reads one Content-Length framed message.
func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(value)); err != nil {
				return nil, err
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("no Content-Length header")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}
