package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

const (
	toolName = "kms-policy-ls"
	toolURI  = "https://github.com/kms-policy-ls/kms-policy-ls"
)

func displayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}

func writeReport(w io.Writer, format string, results []fileResult) error {
	switch format {
	case "json":
		return writeJSON(w, results)
	case "sarif":
		return writeSARIF(w, results)
	}
	return writeText(w, results)
}

// writeText prints one line a finding: file:line:col: severity code: message,
// with 1-based lines and columns (columns in characters, as editors show them).
func writeText(w io.Writer, results []fileResult) error {
	for _, r := range results {
		for _, d := range r.doc.Diagnostics {
			line, col := r.doc.Lines.LineColumn(d.Start)
			if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s: %s\n", displayName(r.path), line, col, d.Severity, d.Code, d.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

type jsonRange struct {
	Start jsonPosition `json:"start"`
	End   jsonPosition `json:"end"`
}

// jsonPosition spells a position as LSP and the README do; text.Position
// has no JSON tags of its own.
type jsonPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

func toJSONPosition(p text.Position) jsonPosition {
	return jsonPosition{Line: p.Line, Character: p.Character}
}

type jsonDiagnostic struct {
	Code     string    `json:"code"`
	Severity string    `json:"severity"`
	Message  string    `json:"message"`
	Range    jsonRange `json:"range"`
}

type jsonFile struct {
	File        string           `json:"file"`
	Kind        string           `json:"kind"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

// writeJSON uses LSP's conventions: 0-based lines, UTF-16 characters.
func writeJSON(w io.Writer, results []fileResult) error {
	out := []jsonFile{}
	for _, r := range results {
		jf := jsonFile{File: displayName(r.path), Kind: unitKinds(r.doc), Diagnostics: []jsonDiagnostic{}}
		for _, d := range r.doc.Diagnostics {
			jf.Diagnostics = append(jf.Diagnostics, jsonDiagnostic{
				Code:     d.Code,
				Severity: d.Severity.String(),
				Message:  d.Message,
				Range:    jsonRange{Start: toJSONPosition(r.doc.Lines.Position(d.Start)), End: toJSONPosition(r.doc.Lines.Position(d.End))},
			})
		}
		out = append(out, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string    `json:"id"`
	Name                 string    `json:"name"`
	ShortDescription     sarifText `json:"shortDescription"`
	HelpURI              string    `json:"helpUri"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region sarifRegion `json:"region"`
	} `json:"physicalLocation"`
}

// sarifRegion is 1-based; columns count UTF-16 code units (the run's columnKind).
type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

func sarifLevel(s checks.Severity) string {
	switch s {
	case checks.Error:
		return "error"
	case checks.Warning:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, results []fileResult) error {
	driver := sarifDriver{Name: toolName, Version: version, InformationURI: toolURI}
	index := map[string]int{}
	for i, r := range checks.Rules() {
		sr := sarifRule{ID: r.Code, Name: r.Code, ShortDescription: sarifText{r.Doc}, HelpURI: checks.DocURL(r.Code)}
		sr.DefaultConfiguration.Level = sarifLevel(r.Severity)
		driver.Rules = append(driver.Rules, sr)
		index[r.Code] = i
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "utf16CodeUnits", Results: []sarifResult{}}
	for _, r := range results {
		uri := filepath.ToSlash(displayName(r.path))
		for _, d := range r.doc.Diagnostics {
			start, end := r.doc.Lines.Position(d.Start), r.doc.Lines.Position(d.End)
			var loc sarifLocation
			loc.PhysicalLocation.ArtifactLocation.URI = uri
			loc.PhysicalLocation.Region = sarifRegion{start.Line + 1, start.Character + 1, end.Line + 1, end.Character + 1}
			run.Results = append(run.Results, sarifResult{
				RuleID: d.Code, RuleIndex: index[d.Code], Level: sarifLevel(d.Severity),
				Message: sarifText{d.Message}, Locations: []sarifLocation{loc},
			})
		}
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// unitKinds names the kind of the policies a file holds: "key" or "iam",
// or both, comma-separated, in file order, when its units differ.
func unitKinds(doc *analysis.Document) string {
	var kinds []string
	for _, u := range doc.Units {
		if k := u.Policy.Kind.String(); !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	return strings.Join(kinds, ",")
}
