package facts

// arena hands out slices carved from shared chunks, so that the facts of a
// policy's many statements cost a few allocations, not one per statement:
// rules run on every keystroke. Chunks grow with use, so that a small
// policy does not pay for a large one's. A slice handed out is never handed
// out again.
type arena[T any] struct {
	free []T
	next int // the size of the next chunk; it doubles, up to 1024
}

func (a *arena[T]) take(n int) []T {
	if len(a.free) < n {
		a.next = max(a.next, 4)
		a.free = make([]T, max(n, a.next))
		a.next = min(2*a.next, 1024)
	}
	s := a.free[:n:n]
	a.free = a.free[n:]
	return s
}
