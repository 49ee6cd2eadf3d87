// The narrow band of the fast marching method (Telea 2004, §3; Sethian 1996): pixels whose arrival time T
// is tentative, kept in a binary min-heap ordered by T. A pixel whose T decreases is pushed again; the
// stale entry is recognised and skipped when it comes out (`FastMarching.march`). Ties are broken by the
// order of insertion, so the marching order, and the output, are the same on every run.

/// One heap entry: a pixel and the arrival time it was pushed with.
struct BandEntry {
    /// Arrival time T (distance to the hole's boundary, in pixels) when pushed.
    var time: Double
    /// Insertion counter, to break ties deterministically.
    var order: Int
    /// Row-major pixel index.
    var pixel: Int

    func precedes(_ other: BandEntry) -> Bool { time < other.time || (time == other.time && order < other.order) }
}

/// A binary min-heap of band entries.
struct NarrowBand {
    private var heap: [BandEntry] = []
    private var inserted = 0

    var isEmpty: Bool { heap.isEmpty }

    mutating func insert(pixel: Int, time: Double) {
        heap.append(BandEntry(time: time, order: inserted, pixel: pixel))
        inserted += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the entry with the smallest time (nil when empty).
    mutating func popSmallest() -> BandEntry? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count && heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
