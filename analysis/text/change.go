package text

// Change is one edit applied to a text: the bytes [Start, End) of the text
// before it were replaced by Text. A version's changes are applied in
// order, each to the text the one before it left.
type Change struct {
	Start, End int
	Text       string
}

// Apply returns src with c applied and the line index of the result: ix
// (the index of src) moved over the edit. It is the one place a text and
// its index change together, so that the index has one owner. It assumes
// 0 <= c.Start <= c.End <= len(src), which the caller has checked.
func Apply(src []byte, ix *LineIndex, c Change) ([]byte, *LineIndex) {
	out := make([]byte, 0, len(src)-(c.End-c.Start)+len(c.Text))
	out = append(out, src[:c.Start]...)
	out = append(out, c.Text...)
	out = append(out, src[c.End:]...)
	if ix == nil {
		return out, NewLineIndex(out)
	}
	return out, ix.Edited(out, c.Start, c.End, len(c.Text))
}

// Covering is the one edit equivalent in extent to the changes applied in
// order: the bytes [start, oldEnd) of the text before the first change
// became the bytes [start, newEnd) of the text after the last. Bytes
// outside it are untouched, only moved by newEnd-oldEnd. ok is false for
// no changes.
func Covering(changes []Change) (start, oldEnd, newEnd int, ok bool) {
	for i, c := range changes {
		if i == 0 {
			start, oldEnd, newEnd = c.Start, c.End, c.Start+len(c.Text)
			continue
		}
		// In the text between, the region edited so far is [start,
		// newEnd); bytes after it sit oldEnd-newEnd before their place
		// in the original text.
		end := max(newEnd, c.End)
		if c.Start < start {
			start = c.Start
		}
		oldEnd = end + (oldEnd - newEnd)
		newEnd = end + len(c.Text) - (c.End - c.Start)
	}
	return start, oldEnd, newEnd, len(changes) > 0
}
