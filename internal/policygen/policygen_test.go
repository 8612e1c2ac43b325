package policygen

import (
	"encoding/json"
	"testing"
)

func TestKeyPolicyIsValidJSONOfTheAskedSize(t *testing.T) {
	for _, size := range []int{1024, 32 * 1024, 1 << 20} {
		p := KeyPolicy(size)
		if !json.Valid(p) {
			t.Fatalf("size %d: not valid JSON", size)
		}
		if len(p) > size || len(p) < size*3/4 {
			t.Errorf("size %d: got %d bytes", size, len(p))
		}
	}
}
