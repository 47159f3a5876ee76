package cache

import "container/heap"

// expiryHeap orders the stored entries by expiry time, so that Sweep finds
// the expired ones without walking the whole cache. Guarded by Cache.mu.
type expiryHeap[V any] []*Entry[V]

func (h expiryHeap[V]) Len() int           { return len(h) }
func (h expiryHeap[V]) Less(i, j int) bool { return h[i].Expires.Before(h[j].Expires) }
func (h expiryHeap[V]) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx, h[j].heapIdx = i, j
}

func (h *expiryHeap[V]) Push(x any) {
	e := x.(*Entry[V])
	e.heapIdx = len(*h)
	*h = append(*h, e)
}

func (h *expiryHeap[V]) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.heapIdx = -1
	return e
}

func (h *expiryHeap[V]) add(e *Entry[V]) { heap.Push(h, e) }

func (h *expiryHeap[V]) remove(e *Entry[V]) {
	if e.heapIdx >= 0 && e.heapIdx < len(*h) && (*h)[e.heapIdx] == e {
		heap.Remove(h, e.heapIdx)
	}
}
