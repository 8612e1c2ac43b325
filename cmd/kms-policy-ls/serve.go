package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kms-policy-ls/kms-policy-ls/lsp"
)

var serveCommand = &command{
	name:     "serve",
	synopsis: "[--log-file FILE]",
	summary:  "run the language server on stdin/stdout (the default)",
	details: `The exit status is LSP's: 0 when the client sent shutdown before exit (or
before closing stdin), 1 otherwise; 2 for a usage error.
`,
	flags: func() *flag.FlagSet { return serveFlags(new(string)) },
}

func init() { serveCommand.run = serve }

func serveFlags(logFile *string) *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(logFile, "log-file", "", "`FILE` write the server's log to FILE instead of stderr")
	return fs
}

// serve runs the language server on stdin/stdout. Its status is LSP's exit
// code: 0 when the client sent shutdown before exit (or before closing
// stdin), 1 otherwise; 2 for a usage error.
func serve(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var logFile string
	args, code, ok := serveCommand.parseArgs(serveFlags(&logFile), args, stdout, stderr)
	if !ok {
		return code
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "kms-policy-ls serve: unexpected argument %q\n\n%s", args[0], serveCommand.usage())
		return 2
	}
	logw := stderr
	if logFile != "" {
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "kms-policy-ls serve: %v\n", err)
			return 2
		}
		defer f.Close()
		logw = f
	}
	srv := lsp.New(lsp.Options{Version: toolVersion(), Log: logw})
	return srv.Run(context.Background(), stdin, stdout, closer{stdin, stdout})
}

// closer closes stdin and stdout when the server is done, if they can be.
type closer struct {
	in  io.Reader
	out io.Writer
}

func (c closer) Close() error {
	if rc, ok := c.in.(io.Closer); ok {
		_ = rc.Close()
	}
	if wc, ok := c.out.(io.Closer); ok {
		_ = wc.Close()
	}
	return nil
}
