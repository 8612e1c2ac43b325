package catalog

import "sync"

// Memo remembers answers by a lower-cased key, for lookups that repeat on
// every keystroke (the expansions of the action patterns a policy uses).
// The catalogs never change, so an answer never goes stale; the memo is
// emptied when it holds Max keys, so that arbitrary input cannot grow it
// without bound. The zero value with Max set is ready to use.
type Memo[V any] struct {
	Max int
	mu  sync.RWMutex
	m   map[string]V
}

// Get returns the answer remembered for key.
func (c *Memo[V]) Get(key string) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[key]
	c.mu.RUnlock()
	return v, ok
}

// GetBytes is Get for a key held in bytes, without making a string of it.
func (c *Memo[V]) GetBytes(key []byte) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[string(key)]
	c.mu.RUnlock()
	return v, ok
}

// Put remembers v for key.
func (c *Memo[V]) Put(key string, v V) {
	c.mu.Lock()
	switch {
	case c.m == nil:
		c.m = make(map[string]V)
	case len(c.m) >= c.Max:
		clear(c.m)
	}
	c.m[key] = v
	c.mu.Unlock()
}

// Len is the number of answers held.
func (c *Memo[V]) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}
