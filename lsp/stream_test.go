package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// readAll reads every message from input and returns their methods and
// the error replies written back.
func readAll(t testing.TB, input string) (methods []string, replies []map[string]any) {
	var out bytes.Buffer
	st := newStream(strings.NewReader(input), &out, log.New(io.Discard, "", 0))
	for {
		msg, _, err := st.Read(context.Background())
		if err != nil {
			break
		}
		if r, ok := msg.(jsonrpc2.Request); ok {
			methods = append(methods, r.Method())
		}
	}
	rd := newStream(&out, io.Discard, log.New(io.Discard, "", 0))
	for {
		body, _, err := rd.readFrame()
		if err != nil {
			break
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("server wrote invalid JSON %q", body)
		}
		replies = append(replies, m)
	}
	return methods, replies
}

func note(method string) string {
	return frame(`{"jsonrpc":"2.0","method":"` + method + `","params":{}}`)
}

func TestStreamSurvivesBadFrames(t *testing.T) {
	input := note("a") +
		frame("not json") + // -32700
		note("b") +
		"content-length: 53\r\ncontent-type: x\r\n\r\n" + `{"jsonrpc":"2.0","method":"c","params":{"lower":1}}` + "\n" +
		"Content-Length: zero\r\n\r\n{}" + // wrong length: -32700, skipped
		note("d") +
		"Content-Type: application/json\r\n\r\n{\"jsonrpc\":\"2.0\"}" + // no length
		note("e") +
		"X-Long: " + strings.Repeat("x", 3*maxHeaderLine) + "\r\n\r\n" +
		note("f") +
		"Content-Length: 999999999999\r\n\r\n" +
		note("g") +
		frame(`{"jsonrpc":"2.0","id":{"bad":1},"method":"x"}`) + // -32600
		note("h") +
		frame(`{"jsonrpc":"2.0","id":1,"method":"i"`)[:30] // truncated at EOF
	methods, replies := readAll(t, input)
	if got := strings.Join(methods, ""); got != "abcdefgh" {
		t.Errorf("messages read: %q, want abcdefgh", got)
	}
	var codes []float64
	for _, r := range replies {
		if r["id"] != nil {
			t.Errorf("error reply with id %v", r["id"])
		}
		codes = append(codes, r["error"].(map[string]any)["code"].(float64))
	}
	want := []float64{-32700, -32700, -32700, -32700, -32700, -32600}
	if len(codes) != len(want) {
		t.Fatalf("error replies %v, want %v", codes, want)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Errorf("reply %d code %v, want %v", i, codes[i], want[i])
		}
	}
}

// A body that runs straight into the next header (no line break) after a
// lost header does not lose the next frame.
func TestStreamResyncInsideLine(t *testing.T) {
	input := "Content-Type: x\r\n\r\n{\"partial\":" + note("next")
	methods, replies := readAll(t, input)
	if len(methods) != 1 || methods[0] != "next" || len(replies) != 1 {
		t.Errorf("methods %v, replies %v", methods, replies)
	}
}

// FuzzFrames feeds arbitrary bytes to the frame reader: it must neither
// panic nor hang, and whatever it writes back must be framed JSON.
func FuzzFrames(f *testing.F) {
	f.Add([]byte(note("a")))
	f.Add([]byte("Content-Length: 5\r\n\r\n{}{}{"))
	f.Add([]byte("content-length:2\n\n{}"))
	f.Add([]byte("Content-Length: -1\r\n\r\n"))
	f.Add([]byte("\r\n\r\nContent-Length: 2\r\n\r\n[]"))
	f.Fuzz(func(t *testing.T, input []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			readAll(t, string(input))
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("reader hung on %q", input)
		}
	})
}

// A frame of maxHeaderLines header lines is read; one line more and it is
// refused, and the next frame is read.
func TestStreamHeaderLineLimit(t *testing.T) {
	withHeaders := func(lines int, method string) string {
		body := `{"jsonrpc":"2.0","method":"` + method + `","params":{}}`
		var b strings.Builder
		for i := 1; i < lines; i++ {
			fmt.Fprintf(&b, "X-Pad-%d: é\r\n", i)
		}
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
		return b.String()
	}
	methods, replies := readAll(t, withHeaders(maxHeaderLines, "a")+withHeaders(maxHeaderLines+1, "b")+note("c"))
	if got := strings.Join(methods, ""); got != "ac" {
		t.Errorf("messages read: %q, want ac", got)
	}
	if len(replies) == 0 {
		t.Error("the frame with too many header lines was refused without an error reply")
	}
}

// A header line of maxHeaderLine bytes, its line break included, is read;
// one byte more and the line is refused with an error reply, and the frame
// that follows it is read.
func TestStreamHeaderLineLength(t *testing.T) {
	withLine := func(size int, method string) string {
		pad := "X-Pad: é"
		line := pad + strings.Repeat("x", size-len(pad)-2) + "\r\n"
		return line + note(method)
	}
	methods, replies := readAll(t, withLine(maxHeaderLine, "a")+withLine(maxHeaderLine+1, "b")+note("c"))
	if got := strings.Join(methods, ""); got != "abc" || len(replies) != 1 {
		t.Errorf("messages read: %q, %d error replies; want abc and 1", got, len(replies))
	}
}

// A frame whose header was lost costs one error reply, however many lines
// its body has.
func TestStreamResyncOverLines(t *testing.T) {
	input := note("a") + "Content-Type: x\r\n\r\n{\"a\": 1,\n \"b\": [\n  2, 3],\n \"c\": \"d\"}\n" + note("b")
	methods, replies := readAll(t, input)
	if got := strings.Join(methods, ""); got != "ab" || len(replies) != 1 {
		t.Errorf("messages read: %q, %d error replies %v; want ab and 1", got, len(replies), replies)
	}
}
