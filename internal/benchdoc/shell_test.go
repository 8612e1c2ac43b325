package benchdoc

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// A word of a shell line; op marks the operators that end a command.
type word struct {
	text     string
	op       bool
	variable bool // holds a $ expansion: its value is not known here
}

// words splits a shell line into words and operators, as far as the
// commands of BENCHMARKS.md need: quotes, backslashes, comments.
func words(line string) []word {
	var out []word
	var cur strings.Builder
	in, variable, quoted := false, false, false
	end := func() {
		if in {
			out = append(out, word{text: cur.String(), variable: variable})
		}
		cur.Reset()
		in, variable, quoted = false, false, false
	}
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case ch == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				j = len(line) - i - 1
			}
			cur.WriteString(line[i+1 : min(i+1+j, len(line))])
			in, quoted = true, true
			i += j + 1
		case ch == '"':
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' && i+1 < len(line) {
					i++
				}
				variable = variable || line[i] == '$'
				cur.WriteByte(line[i])
			}
			in, quoted = true, true
		case ch == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			in = true
		case ch == ' ' || ch == '\t':
			end()
		case ch == '#' && !in && !quoted:
			end()
			return out
		case strings.IndexByte(";&|()", ch) >= 0:
			end()
			op := string(ch)
			if i+1 < len(line) && (line[i:i+2] == "&&" || line[i:i+2] == "||") {
				op = line[i : i+2]
				i++
			}
			out = append(out, word{text: op, op: true})
		default:
			variable = variable || ch == '$'
			cur.WriteByte(ch)
			in = true
		}
	}
	end()
	return out
}

// state is what a snippet's lines share, as a shell would.
type state struct {
	cwd       place
	stack     []place           // the directories to return to at each `)`
	worktrees map[string]string // a worktree's directory → its commit
	binaries  map[string]place  // a test binary built with go test -c -o → its package
}

// commands splits words into commands at the operators; a subshell's
// parentheses are commands of their own, which keep its working directory
// to itself.
func commands(ws []word) [][]word {
	var out [][]word
	var cur []word
	for _, w := range ws {
		if !w.op {
			cur = append(cur, w)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
		switch w.text {
		case "(":
			out = append(out, []word{{text: "("}})
		case ")":
			out = append(out, []word{{text: ")"}})
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

var worktreeCommit = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// command checks one command, and follows the state it changes.
func (c *checker) command(cmd []word, st *state) []string {
	switch cmd[0].text {
	case "(":
		st.stack = append(st.stack, st.cwd)
		return nil
	case ")":
		if n := len(st.stack); n > 0 {
			st.cwd, st.stack = st.stack[n-1], st.stack[:n-1]
		}
		return nil
	}
	for len(cmd) > 0 && (strings.Contains(cmd[0].text, "=") || slices.Contains([]string{"do", "then", "else", "env"}, cmd[0].text)) {
		cmd = cmd[1:]
	}
	texts := make([]string, len(cmd))
	for i, w := range cmd {
		texts[i] = w.text
	}
	switch {
	case len(texts) >= 5 && texts[0] == "git" && texts[1] == "worktree" && texts[2] == "add" && worktreeCommit.MatchString(texts[4]):
		st.worktrees[texts[3]] = texts[4]
	case len(texts) == 2 && texts[0] == "cd":
		st.cwd = st.enter(texts[1])
	case len(texts) >= 2 && texts[0] == "bash" && !strings.HasPrefix(texts[1], "/"):
		return c.script(place{st.cwd.commit, path.Join(st.cwd.dir, texts[1])})
	}
	for i, t := range texts {
		if t == "go" && i+1 < len(texts) && slices.Contains([]string{"test", "build", "run", "vet"}, texts[i+1]) {
			c.commands++
			return c.goCommand(texts[i+1], cmd[i+2:], st)
		}
		if pkg, ok := st.binaries[t]; ok {
			c.commands++
			return c.patterns([]place{pkg}, flags(cmd[i+1:], "-test."))
		}
	}
	return nil
}

// atCommit is the name BENCHMARKS.md gives a worktree of an earlier commit.
var atCommit = regexp.MustCompile(`^/tmp/at-([0-9a-f]{7,40})(/.*)?$`)

// enter is the place `cd dir` leads to.
func (st *state) enter(dir string) place {
	if m := atCommit.FindStringSubmatch(dir); m != nil {
		return place{m[1], path.Clean("." + m[2])}
	}
	if commit, ok := st.worktrees[dir]; ok {
		return place{commit, "."}
	}
	for wt, commit := range st.worktrees {
		if rel, ok := strings.CutPrefix(dir, wt+"/"); ok {
			return place{commit, path.Clean(rel)}
		}
	}
	if path.IsAbs(dir) {
		return place{"outside", dir}
	}
	return place{st.cwd.commit, path.Join(st.cwd.dir, dir)}
}

// goCommand checks go test, build, run or vet with the arguments args.
func (c *checker) goCommand(verb string, args []word, st *state) []string {
	if st.cwd.commit == "outside" {
		return nil
	}
	var pkgs []place
	var problems []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if takesValue(strings.TrimPrefix(a.text, "-")) {
			i++ // the flag's value, not a package
			continue
		}
		if a.text == "." || strings.HasPrefix(a.text, "./") || strings.HasPrefix(a.text, "../") {
			p := place{st.cwd.commit, path.Join(st.cwd.dir, a.text)}
			if strings.HasSuffix(p.dir, "...") {
				problems = append(problems, c.exists(place{p.commit, path.Dir(p.dir)}, true)...)
				continue
			}
			pkgs = append(pkgs, p)
			problems = append(problems, c.exists(p, false)...)
		}
	}
	if verb != "test" {
		return problems
	}
	f := flags(args, "-")
	if len(pkgs) == 0 && (f["run"] != nil || f["bench"] != nil || f["o"] != nil) {
		pkgs = []place{st.cwd}
		problems = append(problems, c.exists(st.cwd, false)...)
	}
	if o := f["o"]; o != nil && len(pkgs) == 1 {
		st.binaries[o.text] = pkgs[0]
	}
	if len(problems) > 0 {
		return problems
	}
	return c.patterns(pkgs, f)
}

// flags reads -name value and -name=value, for the flags that take a value.
func flags(args []word, prefix string) map[string]*word {
	out := map[string]*word{}
	for i := 0; i < len(args); i++ {
		name, ok := strings.CutPrefix(args[i].text, prefix)
		if !ok {
			continue
		}
		if n, v, ok := strings.Cut(name, "="); ok {
			out[n] = &word{text: v, variable: args[i].variable}
			continue
		}
		if takesValue(name) && i+1 < len(args) {
			out[name] = &args[i+1]
			i++
		}
	}
	return out
}

// takesValue tells the flags of go test (without their dash) that take
// the next word as their value.
func takesValue(flag string) bool {
	switch flag {
	case "run", "bench", "o", "count", "benchtime", "cpu", "cpuprofile", "memprofile", "blockprofile", "timeout":
		return true
	}
	return false
}
