package lsp

import (
	"encoding/json"

	"go.lsp.dev/protocol"
)

// This file holds the few wire types that go.lsp.dev/protocol v0.12.0 gets
// wrong or lacks. Everything else uses the library's types.

// didChangeParams is decoded by us rather than as
// protocol.DidChangeTextDocumentParams, whose change event has a Range
// value: a full-text change (no range) would read as an insertion at 0:0
// (pitfall 2).
type didChangeParams struct {
	TextDocument struct {
		URI     string `json:"uri"`
		Version int32  `json:"version"`
	} `json:"textDocument"`
	ContentChanges []contentChange `json:"contentChanges"`
}

// contentChange is one TextDocumentContentChangeEvent; Range is nil for a
// change that replaces the whole text.
type contentChange struct {
	Range *wireRange `json:"range,omitempty"`
	Text  string     `json:"text"`
}

// wireRange and wirePosition use int so that a negative number from a
// confused client is a range error for us to report, not a decoding error.
type wireRange struct {
	Start wirePosition `json:"start"`
	End   wirePosition `json:"end"`
}

type wirePosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// didOpenParams keeps the URI as a plain string: URIs are opaque keys
// (pitfall 11).
type didOpenParams struct {
	TextDocument struct {
		URI        string `json:"uri"`
		LanguageID string `json:"languageId"`
		Version    int32  `json:"version"`
		Text       string `json:"text"`
	} `json:"textDocument"`
}

type textDocumentParams struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
}

// publishDiagnosticsParams replaces protocol.PublishDiagnosticsParams, whose
// Version is a uint32 with omitempty (version 0 vanishes) and whose nil
// slice is sent as null (pitfall 7). Diagnostics must never be nil.
type publishDiagnosticsParams struct {
	URI         string                `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

// initializeParams reads only what the server uses, so that a client
// sending capabilities newer than LSP 3.15 in shapes the library does not
// know cannot make initialize fail.
type initializeParams struct {
	InitializationOptions json.RawMessage `json:"initializationOptions,omitempty"`
	Capabilities          struct {
		General struct {
			PositionEncodings []string `json:"positionEncodings,omitempty"`
		} `json:"general"`
		TextDocument struct {
			Completion struct {
				CompletionItem struct {
					SnippetSupport bool `json:"snippetSupport"`
					ResolveSupport struct {
						Properties []string `json:"properties"`
					} `json:"resolveSupport"`
				} `json:"completionItem"`
				// CompletionList.ItemDefaults names the item defaults the
				// client reads (LSP 3.17).
				CompletionList struct {
					ItemDefaults []string `json:"itemDefaults"`
				} `json:"completionList"`
			} `json:"completion"`
		} `json:"textDocument"`
	} `json:"capabilities"`
}

// initializeResult adds positionEncoding (LSP 3.17), which the library's
// ServerCapabilities lacks (pitfall 8). The server only speaks UTF-16 and
// says so explicitly, so a client that offers UTF-8 first does not assume
// it was accepted.
type initializeResult struct {
	Capabilities serverCapabilities  `json:"capabilities"`
	ServerInfo   protocol.ServerInfo `json:"serverInfo"`
}

type serverCapabilities struct {
	PositionEncoding           string                           `json:"positionEncoding"`
	TextDocumentSync           protocol.TextDocumentSyncOptions `json:"textDocumentSync"`
	CompletionProvider         protocol.CompletionOptions       `json:"completionProvider"`
	HoverProvider              bool                             `json:"hoverProvider"`
	CodeActionProvider         protocol.CodeActionOptions       `json:"codeActionProvider"`
	DocumentSymbolProvider     bool                             `json:"documentSymbolProvider"`
	DocumentFormattingProvider bool                             `json:"documentFormattingProvider"`
	DocumentLinkProvider       *protocol.DocumentLinkOptions    `json:"documentLinkProvider,omitempty"`
	CodeLensProvider           *protocol.CodeLensOptions        `json:"codeLensProvider,omitempty"`
	ExecuteCommandProvider     *protocol.ExecuteCommandOptions  `json:"executeCommandProvider,omitempty"`
	InlayHintProvider          bool                             `json:"inlayHintProvider,omitempty"`
}

// applyWorkspaceEditResult is what clients answer to workspace/applyEdit;
// the library's Client.ApplyEdit expects a bare bool (pitfall 9).
type applyWorkspaceEditResult struct {
	Applied       bool   `json:"applied"`
	FailureReason string `json:"failureReason,omitempty"`
}

// cancelParams keeps the id raw: the library decodes it into interface{},
// where a number becomes float64 and never matches a request id (pitfall 1).
type cancelParams struct {
	ID json.RawMessage `json:"id"`
}

// configurationParams is workspace/didChangeConfiguration's payload.
type configurationParams struct {
	Settings json.RawMessage `json:"settings"`
}
