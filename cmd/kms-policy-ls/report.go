package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
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

// A reporter writes one output format. The report is streamed: its header
// first, then each file's part as soon as that file and every file before
// it are linted, then its end. A file's part is rendered by the worker that
// linted it, so that nothing of the file's analysis outlives the worker's
// call: the part is all the report keeps of it.
type reporter struct {
	// file renders one linted file's part of the report; nil when the file
	// adds nothing. It is called on several goroutines at once.
	file func(name string, doc *analysis.Document) []byte
	// The parts are written between head and tail: first before the first
	// part, sep between two parts, close after the last, and empty instead
	// of all three when no file added a part.
	head, first, sep, close, empty, tail string
}

// reporters are the formats of --format, by name.
var reporters = map[string]func() *reporter{
	"text":   func() *reporter { return &reporter{file: textPart} },
	"github": func() *reporter { return &reporter{file: githubPart} },
	"json":   jsonReporter,
	"sarif":  sarifReporter,
}

// textPart prints one line a finding: file:line:col: severity code: message,
// with 1-based lines and columns (columns in characters, as editors show them).
func textPart(name string, doc *analysis.Document) []byte {
	var b []byte
	for _, d := range doc.Diagnostics {
		line, col := shown(doc).lineColumn(d.Start)
		b = fmt.Appendf(b, "%s:%d:%d: %s %s: %s\n", name, line, col, d.Severity, d.Code, d.Message)
	}
	return b
}

// githubPart writes a GitHub Actions workflow command a finding, which the
// runner turns into an annotation on the pull request's diff:
//
//	::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::MESSAGE
//
// Lines and columns are 1-based, columns in characters as in the text
// output. GitHub accepts col and endColumn only on a one-line annotation
// (AnnotationProperties in actions/toolkit, packages/core/src/core.ts), so
// a finding over several lines gives its lines alone.
func githubPart(name string, doc *analysis.Document) []byte {
	var b []byte
	file := escapeProperty(filepath.ToSlash(name))
	at := shown(doc)
	for _, d := range doc.Diagnostics {
		line, col := at.lineColumn(d.Start)
		endLine, endCol := at.lineColumn(d.End)
		b = fmt.Appendf(b, "::%s file=%s,line=%d", githubCommand(d.Severity), file, line)
		if line == endLine {
			b = fmt.Appendf(b, ",col=%d", col)
		}
		b = fmt.Appendf(b, ",endLine=%d", endLine)
		if line == endLine {
			b = fmt.Appendf(b, ",endColumn=%d", endCol)
		}
		b = fmt.Appendf(b, ",title=%s::%s\n", escapeProperty(d.Code), escapeData(d.Message))
	}
	return b
}

// githubCommand is the workflow command of a severity: GitHub has three
// annotation levels for our four severities.
func githubCommand(s checks.Severity) string {
	switch s {
	case checks.Error:
		return "error"
	case checks.Warning:
		return "warning"
	}
	return "notice"
}

// The runner reads a workflow command's message and property values with
// these escapes undone (ActionCommand.cs in actions/runner,
// _escapeDataMappings and _escapePropertyMappings; it undoes %25 last, so
// "%" is escaped first). A property also escapes ":" and ",", which would
// end the properties or the property.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

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

// jsonReporter writes an array of files with LSP's conventions: 0-based
// lines, UTF-16 characters. Each file is an element, indented as
// json.Encoder's SetIndent("", "  ") would indent it in the array.
func jsonReporter() *reporter {
	return &reporter{
		file:  jsonPart,
		first: "[\n  ", sep: ",\n  ", close: "\n]\n", empty: "[]\n",
	}
}

func jsonPart(name string, doc *analysis.Document) []byte {
	jf := jsonFile{File: name, Kind: unitKinds(doc), Diagnostics: []jsonDiagnostic{}}
	at := shown(doc)
	for _, d := range doc.Diagnostics {
		jf.Diagnostics = append(jf.Diagnostics, jsonDiagnostic{
			Code:     d.Code,
			Severity: d.Severity.String(),
			Message:  d.Message,
			Range:    jsonRange{Start: toJSONPosition(at.position(d.Start)), End: toJSONPosition(at.position(d.End))},
		})
	}
	return mustIndent(jf, "  ")
}

// mustIndent encodes v as json.Encoder with SetIndent(prefix, "  ") would,
// without the final newline. The types encoded here cannot fail to encode.
func mustIndent(v any, prefix string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
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

// sarifResultIndent is the depth of a result in the log: log, runs, run,
// results, four levels of two spaces.
const sarifResultIndent = "        "

// sarifReporter writes one run whose results are streamed: the log with no
// results is encoded once and cut at its empty results array, and each
// file's results go in between, indented as the whole log's encoding would
// indent them.
func sarifReporter() *reporter {
	driver := sarifDriver{Name: toolName, Version: toolVersion(), InformationURI: toolURI}
	index := map[string]int{}
	for i, r := range checks.Rules() {
		sr := sarifRule{ID: r.Code, Name: r.Code, ShortDescription: sarifText{r.Doc}, HelpURI: checks.DocURL(r.Code)}
		sr.DefaultConfiguration.Level = sarifLevel(r.Severity)
		driver.Rules = append(driver.Rules, sr)
		index[r.Code] = i
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "utf16CodeUnits", Results: []sarifResult{}}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	whole := string(mustIndent(log, "")) + "\n"
	const results = `"results": `
	cut := strings.LastIndex(whole, results+"[]") + len(results)
	head, tail := whole[:cut], whole[cut+len("[]"):]
	return &reporter{
		file: func(name string, doc *analysis.Document) []byte {
			return sarifPart(name, doc, index)
		},
		head:  head,
		first: "[\n" + sarifResultIndent, sep: ",\n" + sarifResultIndent,
		close: "\n" + sarifResultIndent[2:] + "]" + tail, empty: "[]" + tail,
	}
}

func sarifPart(name string, doc *analysis.Document, index map[string]int) []byte {
	uri := filepath.ToSlash(name)
	var b []byte
	at := shown(doc)
	for i, d := range doc.Diagnostics {
		start, end := at.position(d.Start), at.position(d.End)
		var loc sarifLocation
		loc.PhysicalLocation.ArtifactLocation.URI = uri
		loc.PhysicalLocation.Region = sarifRegion{start.Line + 1, start.Character + 1, end.Line + 1, end.Character + 1}
		if i > 0 {
			b = append(b, ",\n"+sarifResultIndent...)
		}
		b = append(b, mustIndent(sarifResult{
			RuleID: d.Code, RuleIndex: index[d.Code], Level: sarifLevel(d.Severity),
			Message: sarifText{d.Message}, Locations: []sarifLocation{loc},
		}, sarifResultIndent)...)
	}
	return b
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

// summary is the line printed on stderr after text output:
// "3 errors, 2 warnings in 4 files", or "no findings in 4 files". The
// files are those linted (that hold a policy).
func summary(counts [checks.Hint + 1]int, files int) string {
	var parts []string
	for _, s := range []struct {
		sev        checks.Severity
		one, other string
	}{
		{checks.Error, "error", "errors"},
		{checks.Warning, "warning", "warnings"},
		{checks.Information, "information", "information"},
		{checks.Hint, "hint", "hints"},
	} {
		switch n := counts[s.sev]; n {
		case 0:
		case 1:
			parts = append(parts, "1 "+s.one)
		default:
			parts = append(parts, strconv.Itoa(n)+" "+s.other)
		}
	}
	what := "no findings"
	if len(parts) > 0 {
		what = strings.Join(parts, ", ")
	}
	unit := "files"
	if files == 1 {
		unit = "file"
	}
	return fmt.Sprintf("%s in %d %s", what, files, unit)
}

// shownPositions converts offsets to positions as an editor shows the
// file: a byte-order mark at its start is not a character of its first
// line (editors drop it when they load the file).
type shownPositions struct {
	lines *text.LineIndex
	bom   bool
}

func shown(doc *analysis.Document) shownPositions {
	return shownPositions{lines: doc.Lines, bom: bytes.HasPrefix(doc.Src, []byte("\xef\xbb\xbf"))}
}

// lineColumn is the 1-based line and character column of an offset.
func (s shownPositions) lineColumn(off int) (line, col int) {
	line, col = s.lines.LineColumn(off)
	if s.bom && line == 1 && col > 1 {
		col--
	}
	return line, col
}

// position is the 0-based line and UTF-16 column of an offset.
func (s shownPositions) position(off int) text.Position {
	p := s.lines.Position(off)
	if s.bom && p.Line == 0 && p.Character > 0 {
		p.Character--
	}
	return p
}
