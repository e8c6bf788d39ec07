/// The distinct street keys of an index, for finding a street whose name is spelled a
/// little differently: optimal-string-alignment edit distance (insertions, deletions,
/// substitutions and swaps of neighbouring letters each cost 1), bounded, on the keys that
/// share enough pairs of neighbouring letters and letter counts with the name asked for.
struct StreetSpellings: Sendable {
    /// The keys' bytes, one after another, shortest keys first.
    private let bytes: [UInt8]
    /// Where each key starts in `bytes` (one more entry than keys, for the end).
    private let starts: [Int]
    /// The streets of each key.
    private let streets: [[Int32]]
    /// How often each letter and digit occurs in each key (`Self.buckets` counts per key):
    /// half the differences of two keys' counts, rounded up, is a lower bound of their
    /// edit distance, so most keys are ruled out without the full comparison.
    private let letterCounts: [UInt8]
    static let buckets = 37
    /// For each pair of neighbouring letters (by bucket), the keys that hold it, once per
    /// occurrence: `pairKeys[pairStarts[p]..<pairStarts[p + 1]]`.
    private let pairStarts: [Int32]
    private let pairKeys: [Int32]

    init(_ streetsByKey: [String: [Int32]]) {
        let sorted = streetsByKey.sorted { ($0.key.utf8.count, $0.key) < ($1.key.utf8.count, $1.key) }
        var bytes: [UInt8] = [], starts: [Int] = [0]
        for (key, _) in sorted {
            bytes.append(contentsOf: key.utf8)
            starts.append(bytes.count)
        }
        self.bytes = bytes
        self.starts = starts
        self.streets = sorted.map(\.value)
        var counts = [UInt8](repeating: 0, count: sorted.count * Self.buckets)
        for k in sorted.indices {
            for byte in bytes[starts[k]..<starts[k + 1]] {
                let b = k * Self.buckets + Self.bucket(of: byte)
                counts[b] &+= counts[b] == 255 ? 0 : 1
            }
        }
        self.letterCounts = counts
        var pairCounts = [Int32](repeating: 0, count: Self.buckets * Self.buckets + 1)
        for k in sorted.indices { Self.forEachPair(in: bytes[starts[k]..<starts[k + 1]]) { pairCounts[$0 + 1] += 1 } }
        for p in 1..<pairCounts.count { pairCounts[p] += pairCounts[p - 1] }
        var next = pairCounts, keys = [Int32](repeating: 0, count: Int(pairCounts.last!))
        for k in sorted.indices {
            Self.forEachPair(in: bytes[starts[k]..<starts[k + 1]]) { p in
                keys[Int(next[p])] = Int32(k)
                next[p] += 1
            }
        }
        self.pairStarts = pairCounts
        self.pairKeys = keys
    }

    /// Calls `body` with the code of each pair of neighbouring bytes.
    static func forEachPair(in key: ArraySlice<UInt8>, _ body: (Int) -> Void) {
        var previous: Int?
        for byte in key {
            let b = bucket(of: byte)
            if let previous { body(previous * buckets + b) }
            previous = b
        }
    }

    /// The bucket of a key's byte: a–z, 0–9, or one for everything else.
    static func bucket(of byte: UInt8) -> Int {
        switch byte {
        case 97...122: Int(byte - 97)
        case 48...57: 26 + Int(byte - 48)
        default: 36
        }
    }

    /// How many edits a name of `length` letters may differ by: none up to 4 letters, 1
    /// up to 8, 2 up to 14, 3 beyond.
    static func allowedEdits(forLength length: Int) -> Int {
        length <= 4 ? 0 : length <= 8 ? 1 : length <= 14 ? 2 : 3
    }

    /// The streets whose keys are within the allowed edits of `key`, with the edit
    /// distance and the similarity (1 − edits / longer length), most similar first, at
    /// most `limit` keys.
    func closest(to key: String, limit: Int) -> [(streets: [Int32], edits: Int, similarity: Double)] {
        let query = Array(key.utf8)
        let allowed = Self.allowedEdits(forLength: query.count)
        guard allowed > 0 else { return [] }
        var found: [(index: Int, edits: Int)] = []
        // Keys that share enough neighbouring pairs with the query: an edit (a swap too)
        // breaks at most three pairs, so a key within `allowed` edits shares at least
        // (longer length − 1 − 3 × allowed) of them, which is always at least one.
        var shared = [UInt16](repeating: 0, count: streets.count)
        var touched: [Int32] = []
        Self.forEachPair(in: query[...]) { p in
            for k in pairKeys[Int(pairStarts[p])..<Int(pairStarts[p + 1])] {
                if shared[Int(k)] == 0 { touched.append(k) }
                shared[Int(k)] &+= 1
            }
        }
        touched.sort()
        var queryCounts = [Int](repeating: 0, count: Self.buckets)
        for byte in query { queryCounts[Self.bucket(of: byte)] += 1 }
        let shortest = query.count - allowed, longest = query.count + allowed
        var row0 = [Int](repeating: 0, count: longest + 1)
        var row1 = row0, row2 = row0
        bytes.withUnsafeBufferPointer { all in
            query.withUnsafeBufferPointer { q in
                for k32 in touched {
                    let k = Int(k32), length = starts[k + 1] - starts[k]
                    guard length >= shortest, length <= longest,
                          Int(shared[k]) >= max(length, query.count) - 1 - 3 * allowed else { continue }
                    // Each edit adds at most one letter and removes at most one.
                    var more = 0, fewer = 0
                    let base = k * Self.buckets
                    for b in 0..<Self.buckets {
                        let d = Int(letterCounts[base + b]) - queryCounts[b]
                        if d > 0 { more += d } else { fewer -= d }
                    }
                    if max(more, fewer) > allowed { continue }
                    let candidate = UnsafeBufferPointer(rebasing: all[starts[k]..<starts[k + 1]])
                    if let d = Self.distance(q, candidate, limit: allowed, rows: &row0, &row1, &row2) {
                        found.append((k, d))
                    }
                }
            }
        }
        found.sort { ($0.edits, $0.index) < ($1.edits, $1.index) }
        return found.prefix(limit).map { hit in
            let length = max(query.count, starts[hit.index + 1] - starts[hit.index])
            return (streets[hit.index], hit.edits, 1 - Double(hit.edits) / Double(length))
        }
    }

    /// The optimal-string-alignment distance of `a` and `b`, or nil when it exceeds
    /// `limit` (stopping as soon as a whole row exceeds it). The rows are scratch space
    /// of at least `b.count + 1` elements.
    static func distance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int,
                         rows previous2: inout [Int], _ previous: inout [Int], _ current: inout [Int]) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        for j in 0...b.count { previous[j] = j }
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            let ai = a[i - 1]
            for j in 1...b.count {
                let bj = b[j - 1]
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ai == bj ? 0 : 1))
                if i > 1, j > 1, ai == b[j - 2], a[i - 2] == bj {
                    best = min(best, previous2[j - 2] + 1)
                }
                current[j] = best
                rowMinimum = min(rowMinimum, best)
            }
            if rowMinimum > limit { return nil }
            swap(&previous2, &previous)
            swap(&previous, &current)
        }
        let d = previous[b.count]
        return d <= limit ? d : nil
    }
}
