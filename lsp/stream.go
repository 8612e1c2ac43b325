package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// Limits of the frame reader. A header line or a header block larger than
// these is garbage, not a reason to buffer without bound; a body larger
// than maxBody is refused without being allocated.
const (
	maxHeaderLine  = 4 << 10
	maxHeaderLines = 32
	maxBody        = 256 << 20
)

// stream is a jsonrpc2.Stream for LSP's Content-Length framing that never
// gives up on a bad frame. jsonrpc2's own stream returns an error for one
// malformed frame, and its connection then closes (pitfall 4). This one
// answers a body that is not JSON with -32700 and a JSON value that is not
// a request with -32600 (both with a null id), skips frames whose headers
// make no sense, and reads header names case-insensitively. Only the end of
// the input or a failing reader ends it.
type stream struct {
	src *pushback // under in, to put back a frame start found by resync
	in  *bufio.Reader
	out io.Writer
	log *log.Logger

	wmu sync.Mutex // one frame at a time on out
}

func newStream(r io.Reader, w io.Writer, logger *log.Logger) *stream {
	src := &pushback{r: r}
	return &stream{src: src, in: bufio.NewReaderSize(src, 64<<10), out: w, log: logger}
}

// pushback is a reader with bytes put back in front of it.
type pushback struct {
	pending []byte
	r       io.Reader
}

func (p *pushback) Read(b []byte) (int, error) {
	if len(p.pending) > 0 {
		n := copy(b, p.pending)
		p.pending = p.pending[n:]
		return n, nil
	}
	return p.r.Read(b)
}

// errFrame is a frame to skip; the message says why. When resync is set,
// the rest of the frame is still unread and must be skipped.
type errFrame struct {
	msg    string
	resync bool
}

func (e *errFrame) Error() string { return e.msg }

// Read returns the next well-formed message.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		body, n, err := s.readFrame()
		var bad *errFrame
		switch {
		case errors.As(err, &bad):
			s.log.Printf("skipping malformed frame: %s", bad.msg)
			// Answer first: skipping may wait for the next frame to arrive.
			s.writeError(jsonrpc2.ParseError, bad.msg)
			if bad.resync {
				s.resync()
			}
			continue
		case err != nil:
			return nil, n, err
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err == nil {
			return msg, n, nil
		}
		code := jsonrpc2.InvalidRequest
		if !json.Valid(body) {
			code = jsonrpc2.ParseError
		}
		s.log.Printf("rejecting message (%d): %v", code, err)
		s.writeError(code, "cannot read message: "+err.Error())
	}
}

// readFrame reads one header block and its body. It returns an *errFrame
// for a frame to skip, any other error for the end of the input.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total int64
	length := -1
	lines := 0
	for {
		line, n, err := s.readLine()
		total += n
		if err != nil {
			return nil, total, err
		}
		if len(line) == 0 {
			if lines == 0 {
				continue // stray blank lines between frames
			}
			break
		}
		lines++
		if lines > maxHeaderLines {
			return nil, total, &errFrame{"too many header lines", true}
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return nil, total, &errFrame{fmt.Sprintf("invalid header line %.40q", line), true}
		}
		if !bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")) {
			continue // Content-Type and anything else
		}
		v, err := strconv.Atoi(string(bytes.TrimSpace(value)))
		if err != nil || v < 0 {
			return nil, total, &errFrame{fmt.Sprintf("invalid Content-Length %.40q", value), true}
		}
		length = v
	}
	if length < 0 {
		return nil, total, &errFrame{"missing Content-Length header", true}
	}
	if length > maxBody {
		return nil, total, &errFrame{fmt.Sprintf("Content-Length %d exceeds the limit of %d bytes", length, maxBody), true}
	}
	body := make([]byte, length)
	n, err := io.ReadFull(s.in, body)
	total += int64(n)
	if err != nil {
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		return nil, total, err
	}
	return body, total, nil
}

// readLine returns one header line without its line break. A line longer
// than maxHeaderLine is consumed and reported as a frame to skip.
func (s *stream) readLine() ([]byte, int64, error) {
	var n int64
	line, err := s.in.ReadSlice('\n')
	n += int64(len(line))
	if errors.Is(err, bufio.ErrBufferFull) || (err == nil && len(line) > maxHeaderLine) {
		for errors.Is(err, bufio.ErrBufferFull) {
			var more []byte
			more, err = s.in.ReadSlice('\n')
			n += int64(len(more))
		}
		if err != nil {
			return nil, n, err
		}
		return nil, n, &errFrame{"header line too long", true}
	}
	if err != nil {
		return nil, n, err
	}
	return bytes.TrimRight(line, "\r\n"), n, nil
}

// resync discards input up to the next line that starts a frame, so that
// one bad frame costs only itself: the body of a frame whose header was
// lost would otherwise be read as headers. The next frame's header may
// follow a body without a line break, so the header name is searched
// anywhere in a line.
func (s *stream) resync() {
	for {
		b, err := s.in.Peek(1)
		if err != nil || len(b) == 0 {
			return
		}
		line, err := s.in.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if i := indexFold(line, "content-length:"); i >= 0 {
			s.unread(line[i:])
			return
		}
		if err != nil {
			return
		}
	}
}

// unread puts the start of a frame back in front of the reader.
func (s *stream) unread(rest []byte) {
	buffered, _ := s.in.Peek(s.in.Buffered())
	joined := make([]byte, 0, len(rest)+len(buffered)+len(s.src.pending))
	joined = append(joined, rest...)
	joined = append(joined, buffered...)
	joined = append(joined, s.src.pending...)
	_, _ = s.in.Discard(len(buffered))
	s.src.pending = joined
}

func indexFold(b []byte, lower string) int {
	for i := 0; i+len(lower) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(lower)], []byte(lower)) {
			return i
		}
	}
	return -1
}

// writeError answers a message that could not be read. Its id is unknown,
// so the reply carries a null id as JSON-RPC asks.
func (s *stream) writeError(code jsonrpc2.Code, msg string) {
	body, _ := json.Marshal(struct {
		JSONRPC string         `json:"jsonrpc"`
		ID      any            `json:"id"`
		Error   jsonrpc2.Error `json:"error"`
	}{"2.0", nil, jsonrpc2.Error{Code: code, Message: msg}})
	if err := s.writeFrame(body); err != nil {
		s.log.Printf("writing error reply: %v", err)
	}
}

// Write sends one message.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	body, err := encodeMessage(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return int64(len(body)), s.writeFrame(body)
}

// encodeMessage encodes a message as json.Marshal does, byte for byte.
// Notifications and successful responses, which carry the large payloads
// (diagnostics, completions), are assembled around their already encoded
// params or result: json.Marshal would validate and copy those bytes twice
// more, once for the message's MarshalJSON and once for its result.
func encodeMessage(msg jsonrpc2.Message) ([]byte, error) {
	switch m := msg.(type) {
	case *jsonrpc2.Notification:
		method, err := json.Marshal(m.Method())
		if err != nil {
			return nil, err
		}
		b := make([]byte, 0, len(m.Params())+len(method)+40)
		b = append(b, `{"jsonrpc":"2.0","method":`...)
		b = append(b, method...)
		b = append(b, `,"params":`...)
		b = appendRaw(b, m.Params())
		return append(b, '}'), nil
	case *jsonrpc2.Response:
		if m.Err() != nil {
			break
		}
		return encodeResponse(m.ID(), m.Result())
	}
	return json.Marshal(msg)
}

// encodeResponse encodes a successful response around its encoded result.
func encodeResponse(id jsonrpc2.ID, result []byte) ([]byte, error) {
	idJSON, err := json.Marshal(&id) // ID's MarshalJSON has a pointer receiver
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(result)+len(idJSON)+40)
	b = append(b, `{"jsonrpc":"2.0","result":`...)
	b = appendRaw(b, result)
	b = append(b, `,"id":`...)
	b = append(b, idJSON...)
	return append(b, '}'), nil
}

// writeResult sends a successful response whose result is already encoded
// (see encodedResult), beside jsonrpc2's replier: frames are written whole
// under wmu, so the two cannot interleave.
func (s *stream) writeResult(id jsonrpc2.ID, result encodedResult) error {
	frame, err := result.frame(id)
	if err != nil {
		return err
	}
	s.wmu.Lock()
	_, err = s.out.Write(frame)
	s.wmu.Unlock()
	result.release()
	return err
}

// appendRaw appends an encoded value as json.Marshal writes a
// json.RawMessage: null when empty. The value comes from json.Marshal
// (in jsonrpc2's constructors), so it is already valid and compact.
func appendRaw(b []byte, raw json.RawMessage) []byte {
	if len(raw) == 0 {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

func (s *stream) writeFrame(body []byte) error {
	frame := appendFrame(make([]byte, 0, len(body)+frameHead), body)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := s.out.Write(frame)
	return err
}

// Close does nothing. jsonrpc2 closes its stream as soon as reading fails,
// which for stdio would close stdout under replies still being written;
// Server.Run closes the connection itself once they are out.
func (s *stream) Close() error { return nil }
