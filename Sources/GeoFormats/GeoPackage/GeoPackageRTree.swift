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
///
/// Memory: 12 bytes per point feature (a 4-byte id and the point as two floats) and
/// 20 bytes per other feature, plus while packing a 4-byte sort order, 8 bytes of 64-bit
/// sort words, and for features that are not points 8 bytes of centres.
struct GeoPackageRTree {
    private var ids: [UInt32] = []
    private var minX: [Float] = []
    private var minY: [Float] = []
    /// The upper corners, only once an envelope is not a point.
    private var maxX: [Float]?
    private var maxY: [Float]?

    struct Overflow: Error {}

    /// Records one feature's envelope.
    /// - Throws: `Overflow` past 4,294,967,295 feature ids.
    mutating func add(id: Int64, box: BoundingBox) throws(Overflow) {
        guard let small = UInt32(exactly: id) else { throw Overflow() }
        let x0 = Self.down(box.minX), y0 = Self.down(box.minY), x1 = Self.up(box.maxX), y1 = Self.up(box.maxY)
        if maxX == nil, x0 != x1 || y0 != y1 {
            maxX = minX
            maxY = minY
        }
        ids.append(small)
        minX.append(x0)
        minY.append(y0)
        maxX?.append(x1)
        maxY?.append(y1)
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

    typealias Box = (Float, Float, Float, Float)  // min x, max x, min y, max y

    private func box(_ i: Int) -> Box {
        (minX[i], maxX?[i] ?? minX[i], minY[i], maxY?[i] ?? minY[i])
    }

    private static func union(_ boxes: some Sequence<Box>) -> Box {
        var u: Box = (.infinity, -.infinity, .infinity, -.infinity)
        for b in boxes { u = (min(u.0, b.0), max(u.1, b.1), min(u.2, b.2), max(u.3, b.3)) }
        return u
    }

    /// The tree's shape: the tiled entry order (leaves are runs of `capacity`), the boxes
    /// of each level's nodes, and for each level above the leaves its nodes' children.
    private func plan(capacity: Int) -> (order: [UInt32], boxes: [[Box]], children: [[[Int]]]) {
        // Leaves: runs of `capacity` entries in tiled order.
        // Sort-Tile-Recursive (shared with GeoQuery's packed R-tree) by the centres; a
        // point's centre is its corner, which needs no copy.
        let centreX = maxX.map { upper in zip(minX, upper).map { ($0 + $1) / 2 } } ?? minX
        let centreY = maxY.map { upper in zip(minY, upper).map { ($0 + $1) / 2 } } ?? minY
        let order = SortTileRecursive.order(capacity: capacity, keys: [centreX, centreY])
        let leafCount = (order.count + capacity - 1) / capacity
        // Upper levels: each holds, per node, its children's indices in the level below.
        var levelBoxes: [[Box]] = [(0..<leafCount).map { n in
            Self.union(order[(n * capacity)..<min((n + 1) * capacity, order.count)].lazy.map { box(Int($0)) })
        }]
        var levelChildren: [[[Int]]] = []
        while levelBoxes.last!.count > 1 {
            let below = levelBoxes.last!
            let nodeOrder = SortTileRecursive.order(capacity: capacity, keys: [below.map { ($0.0 + $0.1) / 2 }, below.map { ($0.2 + $0.3) / 2 }])
            let nodes = stride(from: 0, to: nodeOrder.count, by: capacity).map { s in
                nodeOrder[s..<min(s + capacity, nodeOrder.count)].map { Int($0) }
            }
            levelChildren.append(nodes)
            levelBoxes.append(nodes.map { children in Self.union(children.lazy.map { below[$0] }) })
        }
        return (order, levelBoxes, levelChildren)
    }

    /// Writes the packed tree into `table`'s shadow tables, replacing its (empty) root.
    /// Consumes the collected envelopes (their storage is reused).
    mutating func write(into table: String, db: Database) throws {
        let q = GeoPackageSchema.quoted
        guard let rootSize = try Int.fetchOne(db, sql: "SELECT length(data) FROM \(q(table + "_node")) WHERE nodeno = 1") else { return }
        let capacity = (rootSize - 4) / 24
        guard capacity >= 4, !ids.isEmpty else { return }

        var (order, levelBoxes, levelChildren) = plan(capacity: capacity)
        let leafCount = levelBoxes[0].count
        // Node numbers top-down: the root is 1.
        let depth = levelBoxes.count - 1
        var firstNumber = [Int64](repeating: 0, count: levelBoxes.count)
        var next: Int64 = 1
        for level in stride(from: depth, through: 0, by: -1) {
            firstNumber[level] = next
            next += Int64(levelBoxes[level].count)
        }

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
        defer {
            sqlite3_reset(insertNode.sqliteStatement)
            sqlite3_reset(insertRowID.sqliteStatement)
            sqlite3_reset(insertParent.sqliteStatement)
        }
        var blob = [UInt8](repeating: 0, count: rootSize)
        func writeNode(number: Int64, level: Int, cells: [(id: Int64, box: Box)]) throws {
            for i in blob.indices { blob[i] = 0 }
            if level == depth {
                blob[0] = UInt8(depth >> 8)
                blob[1] = UInt8(depth & 0xFF)
            }
            blob[2] = UInt8(cells.count >> 8)
            blob[3] = UInt8(cells.count & 0xFF)
            var offset = 4
            for cell in cells {
                Self.put(UInt64(bitPattern: cell.id), width: 8, into: &blob, at: offset)
                Self.put(UInt64(cell.box.0.bitPattern), width: 4, into: &blob, at: offset + 8)
                Self.put(UInt64(cell.box.1.bitPattern), width: 4, into: &blob, at: offset + 12)
                Self.put(UInt64(cell.box.2.bitPattern), width: 4, into: &blob, at: offset + 16)
                Self.put(UInt64(cell.box.3.bitPattern), width: 4, into: &blob, at: offset + 20)
                offset += 24
            }
            try insert(insertNode, number, blob: blob)
        }
        // Leaves.
        for n in 0..<leafCount {
            let number = firstNumber[0] + Int64(n)
            let cells = order[(n * capacity)..<min((n + 1) * capacity, order.count)].map { i in
                (id: Int64(ids[Int(i)]), box: box(Int(i)))
            }
            try writeNode(number: number, level: 0, cells: cells)
        }
        // The id → leaf map in id order (appending to `_rowid` instead of inserting at
        // random places): the leaf numbers reuse the storage of `minX`, no longer needed.
        for n in 0..<leafCount {
            for i in order[(n * capacity)..<min((n + 1) * capacity, order.count)] {
                minX[Int(i)] = Float(bitPattern: UInt32(firstNumber[0] + Int64(n)))
            }
        }
        order = []
        for i in ids.indices {
            try insert(insertRowID, Int64(ids[i]), Int64(minX[i].bitPattern))
        }
        // Inner nodes.
        for (index, nodes) in levelChildren.enumerated() {
            let level = index + 1
            for (n, children) in nodes.enumerated() {
                let number = firstNumber[level] + Int64(n)
                let cells = children.map { c in (id: firstNumber[level - 1] + Int64(c), box: levelBoxes[level - 1][c]) }
                for cell in cells { try insert(insertParent, cell.id, number) }
                try writeNode(number: number, level: level, cells: cells)
            }
        }
    }

    private static func put(_ value: UInt64, width: Int, into blob: inout [UInt8], at offset: Int) {
        for i in 0..<width { blob[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - i))) }
    }
}
