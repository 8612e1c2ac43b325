package jsonast

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/buger/jsonparser"
)

var benchSizes = []struct {
	name string
	size int
}{{"1KB", 1 << 10}, {"32KB", 32 << 10}, {"1MB", 1 << 20}}

// BenchmarkParse measures this parser; BenchmarkEncodingJSON and
// BenchmarkJSONParser run the same documents through encoding/json and
// buger/jsonparser for comparison (neither keeps positions or recovers).
func BenchmarkParse(b *testing.B) {
	benchEachSize(b, func(src []byte) error {
		if f := Parse(src); len(f.Errors) != 0 {
			return fmt.Errorf("%v", f.Errors)
		}
		return nil
	})
}

func BenchmarkEncodingJSON(b *testing.B) {
	benchEachSize(b, func(src []byte) error {
		var v any
		return json.Unmarshal(src, &v)
	})
}

func BenchmarkJSONParser(b *testing.B) {
	benchEachSize(b, func(src []byte) error {
		if n := walkJSONParser(src, jsonparser.Object); n == 0 {
			return errors.New("nothing walked")
		}
		return nil
	})
}

// benchEachSize runs parse over the generated policy of each size, so that
// the three parsers are measured on exactly the same documents.
func benchEachSize(b *testing.B, parse func(src []byte) error) {
	for _, s := range benchSizes {
		src := genPolicy(s.size)
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if err := parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// walkJSONParser visits every value below data with jsonparser and counts
// them, so that it does the same amount of work as a full parse.
func walkJSONParser(data []byte, typ jsonparser.ValueType) int {
	count := 1
	switch typ {
	case jsonparser.Object:
		jsonparser.ObjectEach(data, func(_ []byte, v []byte, t jsonparser.ValueType, _ int) error {
			count += walkJSONParser(v, t)
			return nil
		})
	case jsonparser.Array:
		jsonparser.ArrayEach(data, func(v []byte, t jsonparser.ValueType, _ int, _ error) {
			count += walkJSONParser(v, t)
		})
	}
	return count
}

// TestGenPolicy keeps the benchmark documents honest: valid, near their
// target size, and parsed to the same values as encoding/json.
func TestGenPolicy(t *testing.T) {
	for _, s := range benchSizes {
		src := genPolicy(s.size)
		if len(src) < s.size || len(src) > s.size*3/2+2048 {
			t.Errorf("%s: generated %d bytes", s.name, len(src))
		}
		assertSameAsStd(t, src)
		if n := walkJSONParser(src, jsonparser.Object); n < 10 {
			t.Errorf("%s: jsonparser walked %d values", s.name, n)
		}
	}
}
