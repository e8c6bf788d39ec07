import Foundation
import GeoCore
import GRDB
import GRDBSQLite

/// Bulk loading of a GeoPackage R-tree index (an SQLite `rtree` virtual table).
///
/// Inserting rows one by one into SQLite's R*-tree costs ~10 µs each (node choice and
/// splits). Instead the envelopes are collected while the features are written, packed
/// into a sort-tile-recursive tree, and the nodes are written straight into the virtual
/// table's shadow tables (`_node`, `_rowid`, `_parent`) in SQLite's own node format:
/// a 2-byte depth (root only) and 2-byte cell count, then per cell an 8-byte id and four
/// 4-byte floats (min x, max x, min y, max y), all big-endian, floats rounded outward.
struct GeoPackageRTree {
    private var ids: [Int64] = []
    private var boxes: [(Float, Float, Float, Float)] = []

    var isEmpty: Bool { ids.isEmpty }

    /// Records one feature's envelope.
    mutating func add(id: Int64, box: BoundingBox) {
        ids.append(id)
        boxes.append((Self.down(box.minX), Self.up(box.maxX), Self.down(box.minY), Self.up(box.maxY)))
    }

    /// The nearest float at or below `value` (SQLite's rtree rounds minima down).
    static func down(_ value: Double) -> Float {
        var f = Float(value)
        if Double(f) > value { f = f.nextDown }
        return f
    }

    /// The nearest float at or above `value`.
    static func up(_ value: Double) -> Float {
        var f = Float(value)
        if Double(f) < value { f = f.nextUp }
        return f
    }

    private struct Node {
        var children: [Int]  // indices into the level below (or into the entries at the leaves)
        var box: (Float, Float, Float, Float)
    }

    /// Writes the packed tree into `table`'s shadow tables, replacing its (empty) root.
    func write(into table: String, db: Database) throws {
        let q = GeoPackageSchema.quoted
        guard let rootSize = try Int.fetchOne(db, sql: "SELECT length(data) FROM \(q(table + "_node")) WHERE nodeno = 1") else { return }
        let capacity = (rootSize - 4) / 24
        guard capacity >= 4, !ids.isEmpty else { return }

        // Sort-tile-recursive packing of the leaves, then of each level above.
        var levels: [[Node]] = []
        var current = Self.pack(Array(0..<ids.count), boxOf: { boxes[$0] }, capacity: capacity)
        levels.append(current)
        while current.count > 1 {
            let below = current
            current = Self.pack(Array(0..<below.count), boxOf: { below[$0].box }, capacity: capacity)
            levels.append(current)
        }
        // Number the nodes top-down: the root is node 1.
        var numbers: [[Int64]] = []
        var next: Int64 = 1
        for level in levels.reversed() {
            numbers.append((0..<level.count).map { _ in defer { next += 1 }; return next })
        }
        numbers.reverse()  // numbers[i] matches levels[i]

        try db.execute(sql: "DELETE FROM \(q(table + "_node"))")
        try db.execute(sql: "DELETE FROM \(q(table + "_rowid"))")
        try db.execute(sql: "DELETE FROM \(q(table + "_parent"))")
        let insertNode = try db.makeStatement(sql: "INSERT INTO \(q(table + "_node")) (nodeno, data) VALUES (?, ?)")
        let insertRowID = try db.makeStatement(sql: "INSERT INTO \(q(table + "_rowid")) (rowid, nodeno) VALUES (?, ?)")
        let insertParent = try db.makeStatement(sql: "INSERT INTO \(q(table + "_parent")) (nodeno, parentnode) VALUES (?, ?)")
        /// Binds two integers or an integer and a blob, and steps.
        func insert(_ statement: Statement, _ a: Int64, _ b: Int64? = nil, blob: [UInt8]? = nil) throws {
            let handle = statement.sqliteStatement
            sqlite3_reset(handle)
            sqlite3_bind_int64(handle, 1, a)
            if let b { sqlite3_bind_int64(handle, 2, b) }
            if let blob {
                blob.withUnsafeBytes { raw in _ = sqlite3_bind_blob(handle, 2, raw.baseAddress, Int32(raw.count), SQLiteBinding.transient) }
            }
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        let depth = levels.count - 1
        defer {
            sqlite3_reset(insertNode.sqliteStatement)
            sqlite3_reset(insertRowID.sqliteStatement)
            sqlite3_reset(insertParent.sqliteStatement)
        }
        for (height, level) in levels.enumerated() {
            for (index, node) in level.enumerated() {
                let number = numbers[height][index]
                var blob = [UInt8](repeating: 0, count: rootSize)
                if height == depth {
                    blob[0] = UInt8(depth >> 8)
                    blob[1] = UInt8(depth & 0xFF)
                }
                blob[2] = UInt8(node.children.count >> 8)
                blob[3] = UInt8(node.children.count & 0xFF)
                var offset = 4
                for child in node.children {
                    let id: Int64
                    let box: (Float, Float, Float, Float)
                    if height == 0 {
                        id = ids[child]
                        box = boxes[child]
                        try insert(insertRowID, id, number)
                    } else {
                        id = numbers[height - 1][child]
                        box = levels[height - 1][child].box
                        try insert(insertParent, id, number)
                    }
                    Self.put(UInt64(bitPattern: id), width: 8, into: &blob, at: offset)
                    Self.put(UInt64(box.0.bitPattern), width: 4, into: &blob, at: offset + 8)
                    Self.put(UInt64(box.1.bitPattern), width: 4, into: &blob, at: offset + 12)
                    Self.put(UInt64(box.2.bitPattern), width: 4, into: &blob, at: offset + 16)
                    Self.put(UInt64(box.3.bitPattern), width: 4, into: &blob, at: offset + 20)
                    offset += 24
                }
                try insert(insertNode, number, blob: blob)
            }
        }
    }

    private static func put(_ value: UInt64, width: Int, into blob: inout [UInt8], at offset: Int) {
        for i in 0..<width { blob[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - i))) }
    }

    /// Groups items into nodes of `capacity`: sorted by centre x into vertical slices,
    /// each slice sorted by centre y and cut into nodes.
    private static func pack(_ items: [Int], boxOf: (Int) -> (Float, Float, Float, Float), capacity: Int) -> [Node] {
        let nodeCount = (items.count + capacity - 1) / capacity
        let sliceCount = Int(Double(nodeCount).squareRoot().rounded(.up))
        let perSlice = sliceCount * capacity
        let byX = items.sorted { a, b in
            let p = boxOf(a), q = boxOf(b)
            return p.0 + p.1 < q.0 + q.1
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(nodeCount)
        var start = 0
        while start < byX.count {
            let slice = byX[start..<min(start + perSlice, byX.count)].sorted { a, b in
                let p = boxOf(a), q = boxOf(b)
                return p.2 + p.3 < q.2 + q.3
            }
            var i = slice.startIndex
            while i < slice.endIndex {
                let children = Array(slice[i..<min(i + capacity, slice.endIndex)])
                var box = boxOf(children[0])
                for c in children.dropFirst() {
                    let b = boxOf(c)
                    box = (min(box.0, b.0), max(box.1, b.1), min(box.2, b.2), max(box.3, b.3))
                }
                nodes.append(Node(children: children, box: box))
                i += capacity
            }
            start += perSlice
        }
        return nodes
    }
}
