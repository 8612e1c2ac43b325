package lsp

import (
	"fmt"
	"runtime/debug"
)

// recovered turns a panic into an error and logs it with its stack. Every
// handler runs under it (deferred), so that a bug in one request or in the
// analysis of one document costs that request an internal error
// (-32603) instead of costing the user the server.
func (s *Server) recovered(what string, errp *error) {
	r := recover()
	if r == nil {
		return
	}
	s.log.Printf("panic in %s: %v\n%s", what, r, debug.Stack())
	if errp != nil {
		*errp = fmt.Errorf("internal error in %s: %v", what, r)
	}
}
