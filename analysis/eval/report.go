package eval

import (
	"fmt"
	"strings"
)

// Cell is what a subject gets of a class of actions.
type Cell struct {
	Class ActionClass
	// Always and Depends are the actions (by index in KeyActions) of each
	// verdict; the class's other actions are never allowed.
	Always, Depends []int
	Never           int
	// On are the condition keys the Depends actions rest on.
	On []string
	// ThroughIAM: every action allowed or possibly allowed is granted to
	// the principal's account only, so its IAM policies must allow it too;
	// SomeThroughIAM: some are.
	ThroughIAM, SomeThroughIAM bool
}

// Verdict is the cell's verdict when all its actions share one; Depends
// when they differ.
func (c *Cell) Verdict() Verdict {
	switch {
	case len(c.Always) == 0 && len(c.Depends) == 0:
		return Never
	case len(c.Depends) == 0 && c.Never == 0:
		return Always
	}
	return Depends
}

// Mixed reports whether the cell's actions have different verdicts.
func (c *Cell) Mixed() bool {
	n := 0
	for _, k := range []int{len(c.Always), len(c.Depends), c.Never} {
		if k > 0 {
			n++
		}
	}
	return n > 1
}

// Cell is a subject's access to a class of actions.
func (s *Summary) Cell(subject int, class ActionClass) Cell {
	c := Cell{Class: class, ThroughIAM: true}
	seen := map[string]bool{}
	anyAllowed := false
	for _, ai := range classActions[class] {
		v := s.Verdict(subject, ai)
		switch v {
		case Never:
			c.Never++
			continue
		case Always:
			c.Always = append(c.Always, ai)
		default:
			c.Depends = append(c.Depends, ai)
			for _, k := range s.Access(subject, ai).On {
				if !seen[strings.ToLower(k)] {
					seen[strings.ToLower(k)] = true
					c.On = append(c.On, k)
				}
			}
		}
		anyAllowed = true
		through := s.throughIAM(subject, ai, v)
		c.ThroughIAM = c.ThroughIAM && through
		c.SomeThroughIAM = c.SomeThroughIAM || through
	}
	c.ThroughIAM = c.ThroughIAM && anyAllowed
	c.SomeThroughIAM = c.SomeThroughIAM && !c.ThroughIAM
	return c
}

// shortName is an action without its kms: prefix.
func shortName(ai int) string { return strings.TrimPrefix(keyActions[ai].Name, "kms:") }

func names(ais []int) string {
	out := make([]string, len(ais))
	for i, ai := range ais {
		out[i] = shortName(ai)
	}
	return strings.Join(out, ", ")
}

// Text says the cell in a few words: "always", "never", "depends on
// kms:ViaService", or for a class whose actions differ, which actions get
// what.
func (c *Cell) Text() string {
	var s string
	switch {
	case c.Verdict() == Never:
		return "never"
	case !c.Mixed() && c.Verdict() == Always:
		s = "always"
	case !c.Mixed():
		s = "depends on " + onText(c.On)
	default:
		var parts []string
		if len(c.Always) > 0 {
			parts = append(parts, "always "+names(c.Always))
		}
		if len(c.Depends) > 0 {
			parts = append(parts, "depends on "+onText(c.On)+": "+names(c.Depends))
		}
		if c.Never > 0 {
			parts = append(parts, fmt.Sprintf("never the other %d", c.Never))
		}
		s = strings.Join(parts, "; ")
	}
	switch {
	case c.ThroughIAM:
		s += " (if its IAM policies allow)"
	case c.SomeThroughIAM:
		s += " (some only if its IAM policies allow)"
	}
	return s
}

func onText(keys []string) string {
	if len(keys) == 0 {
		return "which principal calls" // a principal element that takes in only some of the class
	}
	return strings.Join(keys, ", ")
}

// Table renders the summary as rows of subject and one cell a class.
func (s *Summary) Table() [][]string {
	rows := [][]string{{"principal"}}
	for _, c := range ActionClasses {
		rows[0] = append(rows[0], c.String())
	}
	for si, sub := range s.Subjects {
		if s.hidden(si) {
			continue
		}
		row := []string{sub.String()}
		for _, c := range ActionClasses {
			cell := s.Cell(si, c)
			row = append(row, cell.Text())
		}
		rows = append(rows, row)
	}
	return rows
}

// Markdown renders the summary as a Markdown table, with a line on what
// the verdicts mean.
func (s *Summary) Markdown() string {
	var b strings.Builder
	rows := s.Table()
	esc := func(x string) string { return strings.ReplaceAll(x, "|", `\|`) }
	for i, r := range rows {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + esc(c) + " |")
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", len(r)) + "\n")
		}
	}
	b.WriteString("\n" + s.legend() + "\n")
	return b.String()
}

// Text renders the summary for a terminal: one block a subject.
func (s *Summary) Text() string {
	var b strings.Builder
	for si, sub := range s.Subjects {
		if s.hidden(si) {
			continue
		}
		fmt.Fprintf(&b, "%s\n", sub)
		for _, c := range ActionClasses {
			cell := s.Cell(si, c)
			fmt.Fprintf(&b, "  %-15s %s\n", c.String()+":", cell.Text())
		}
	}
	b.WriteString("\n" + s.legend() + "\n")
	return b.String()
}

// hidden reports whether a subject's row is left out of the tables: any
// other service, when it gets nothing (as in most key policies).
func (s *Summary) hidden(si int) bool {
	if s.Subjects[si].Kind != SubjectAnyService {
		return false
	}
	return s.row(si).never == allActions
}

func (s *Summary) legend() string {
	acct := "the key's account is not known (give --account or the account setting)"
	if s.KeyAccount != "" {
		acct = "the key's account is " + s.KeyAccount
	}
	return "always: every request of the principal is allowed; never: none is; depends: on the condition keys named. " +
		"A principal of another account also needs its own IAM policies to allow; " + acct + "."
}
