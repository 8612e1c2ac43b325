package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

const (
	currentVersion = "2012-10-17"
	legacyVersion  = "2008-10-17"
)

func init() {
	register(&Rule{
		Code:     "invalid-version",
		Severity: Error,
		Doc:      "Version is neither 2012-10-17 nor 2008-10-17.",
		Check:    checkInvalidVersion,
		Details: "`Version` is neither `2012-10-17` nor `2008-10-17`. AWS rejects the whole " +
			"policy. Quick fix: set `2012-10-17`.",
		Example: `{"Version": "2012-10-18", "Statement": []}`,
	})
	register(&Rule{
		Code:     "old-version",
		Severity: Warning,
		Doc:      "Version is 2008-10-17 or missing, so policy variables are not substituted.",
		Check:    checkOldVersion,
		Details: "`Version` is `2008-10-17`, or missing (which means the same). In that version " +
			"policy variables such as `${aws:username}` are not substituted but compared as " +
			"literal text. Quick fix: set or add `\"Version\": \"2012-10-17\"`.",
		Example: `{"Version": "2008-10-17", "Statement": []}`,
	})
}

func checkInvalidVersion(p *Pass) {
	v := p.Policy.VersionElem.Value()
	if v == nil || v.Kind == jsonast.Invalid {
		return
	}
	if v.Kind == jsonast.String && (v.Value == currentVersion || v.Value == legacyVersion) {
		return
	}
	p.Report(v.Span, "Version must be the string \"2012-10-17\" (or the legacy \"2008-10-17\"); AWS rejects any other value.").
		withFix(replaceWith("Set Version to 2012-10-17", v, currentVersion))
}

func checkOldVersion(p *Pass) {
	root := p.Policy.Root
	if root == nil {
		return
	}
	if p.Policy.VersionElem == nil {
		d := p.Report(firstByte(root), "The policy has no Version, so it is read as version 2008-10-17, where policy variables such as ${aws:username} are not substituted. Add \"Version\": \"2012-10-17\".")
		if len(root.Members()) > 0 {
			first := root.Members()[0]
			sep := " "
			if ind := lineIndent(p.Policy.File.Src, first.Start); ind != "" {
				sep = "\n" + ind
			}
			d.withFix(Fix{Title: "Add Version 2012-10-17", Preferred: true, Edits: []text.Edit{{
				Span:    text.Span{Start: first.Start, End: first.Start},
				NewText: `"Version": "2012-10-17",` + sep,
			}}})
		}
		return
	}
	if v := p.Policy.Version; v != nil && v.Text == legacyVersion {
		p.Report(v.Node.Span, "Version 2008-10-17 does not substitute policy variables such as ${aws:username}; use \"2012-10-17\".").
			withFix(replaceWith("Set Version to 2012-10-17", v.Node, currentVersion))
	}
}
