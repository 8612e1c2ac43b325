package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kms-policy-ls/kms-policy-ls/lsp"
)

// serve runs the language server on stdin/stdout. Its status is LSP's exit
// code: 0 when the client sent shutdown before exit (or before closing
// stdin), 1 otherwise; 2 for a usage error.
func serve(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	logFile := fs.String("log-file", "", "write the server's log to `FILE` instead of stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "kms-policy-ls serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	logw := stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "kms-policy-ls serve: %v\n", err)
			return 2
		}
		defer f.Close()
		logw = f
	}
	srv := lsp.New(lsp.Options{Version: version, Log: logw})
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
