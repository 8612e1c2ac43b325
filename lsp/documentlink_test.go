package lsp

import (
	"strings"
	"testing"
)

// Each action, condition key and resource ARN links to its entry of the
// Service Authorization Reference, the link inside the string's quotes.
func TestDocumentLinks(t *testing.T) {
	s := initialized(t, nil, nil)
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["s3:GetObject", "kms:Decrypt"],
  "Resource": "arn:aws:s3:::bucket/*",
  "Condition": {"StringLike": {"s3:ExistingObjectTag/team": "a*"}}}]}`
	s.open(t, policyURI, "json", 1, src)
	s.diagnostics(t, policyURI, 1)
	var links []struct {
		Range struct {
			Start struct{ Line, Character int } `json:"start"`
			End   struct{ Line, Character int } `json:"end"`
		} `json:"range"`
		Target  string `json:"target"`
		Tooltip string `json:"tooltip"`
	}
	s.call(t, "textDocument/documentLink", map[string]any{"textDocument": map[string]any{"uri": policyURI}}, &links)
	lines := strings.Split(src, "\n")
	got := map[string]string{}
	for _, l := range links {
		if l.Range.Start.Line != l.Range.End.Line {
			t.Fatalf("link over several lines: %+v", l)
		}
		got[lines[l.Range.Start.Line][l.Range.Start.Character:l.Range.End.Character]] = l.Target
	}
	const ref = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
	for text, target := range map[string]string{
		"s3:GetObject":              ref + "list_amazons3.html#amazons3-GetObject",
		"kms:Decrypt":               ref + "list_awskeymanagementservice.html#awskeymanagementservice-Decrypt",
		"arn:aws:s3:::bucket/*":     ref + "list_amazons3.html#amazons3-object",
		"s3:ExistingObjectTag/team": ref + "list_amazons3.html#amazons3-policy-keys",
	} {
		if got[text] != target {
			t.Errorf("link on %s = %q, want %q (all: %v)", text, got[text], target, got)
		}
	}
	if len(got) != 4 {
		t.Errorf("%d links, want 4: %v", len(got), got)
	}
}

func TestDocumentLinkProviderIsAnnounced(t *testing.T) {
	s := newSession(t, nil)
	raw, err := s.client.Initialize(ctxT(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"documentLinkProvider":{}`) {
		t.Errorf("initialize does not announce documentLinkProvider: %s", raw)
	}
}
