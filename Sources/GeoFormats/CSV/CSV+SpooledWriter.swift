import Foundation
import GeoCore

/// Writes features to a CSV file in one pass when its columns are not known up front (a
/// GeoJSON input): each row's cells are spooled as they come, and `finish()` writes the
/// header — `x,y` when every geometry is a point, else `WKT`, then every property name in
/// the order first seen — and the rows, each with every column. Memory stays flat; the
/// file appears under its name only when `finish()` succeeds.
struct CSVSpooledWriter: ~Copyable {
    private var file: AtomicFile
    private let spool: RecordSpool
    private var columns: KeyPositions
    private let growing: Bool
    private let delimiter = UInt8(ascii: ",")
    private let coordinateNames: CoordinateColumnNames
    /// Whether every geometry so far is a point (or absent).
    private var onlyPoints = true
    /// The row being built.
    private var row: [UInt8] = []
    private var cell = ByteWriter(capacity: 256)
    var featuresWritten: Int { spool.count }

    /// - Parameters:
    ///   - fields: the declared columns, first.
    ///   - growing: whether properties without a column get one (otherwise they are left out).
    /// - Throws: `WriteError` when the target exists without `overwrite`, or the folder
    ///   cannot be written.
    init(path: String, fields: [String], growing: Bool, overwrite: Bool, coordinateNames: CoordinateColumnNames = CoordinateColumnNames()) throws(WriteError) {
        self.coordinateNames = coordinateNames
        // The spool first: should the output fail to open, the spool's file goes with it.
        let spool = try RecordSpool(beside: path, suffix: "rows")
        file = try AtomicFile(path: path, overwrite: overwrite)
        self.spool = spool
        columns = KeyPositions(names: fields)
        self.growing = growing
    }

    /// Spools one feature: the geometry (none; a point's x, y and z; or WKT text), then
    /// each value as its column, length and cell text.
    mutating func write(_ feature: Feature) throws(WriteError) {
        if let error = WriteError.unwritable(feature.geometry, file: file.target, featureIndex: featuresWritten) { throw error }
        row.removeAll(keepingCapacity: true)
        switch feature.geometry {
        case nil:
            row.append(0)
        case .point(let p)?:
            row.append(p.z == nil ? 1 : 2)
            row.append(littleEndian: p.x)
            row.append(littleEndian: p.y)
            if let z = p.z { row.append(littleEndian: z) }
        case let g?:
            onlyPoints = false
            row.append(3)
            cell.bytes.removeAll(keepingCapacity: true)
            cell.write(csvCell: WKT.encode(g), delimiter: delimiter)
            row.append(littleEndian: UInt32(cell.bytes.count))
            row.append(contentsOf: cell.bytes)
        }
        let positions = columns.positions(of: feature.properties.keys, addingUnknown: growing)
        for (i, value) in feature.properties.values.enumerated() where positions[i] >= 0 {
            if case .null = value { continue }
            cell.bytes.removeAll(keepingCapacity: true)
            cell.write(csvValue: value, delimiter: delimiter)
            row.append(littleEndian: UInt32(positions[i]))
            row.append(littleEndian: UInt32(cell.bytes.count))
            row.append(contentsOf: cell.bytes)
        }
        try spool.append(row)
    }

    /// Writes the header and the spooled rows, and moves the file into place.
    /// - Throws: `WriteError` when the disk is full or the file cannot be moved into place.
    consuming func finish() throws(WriteError) {
        var out = ByteWriter(capacity: 1 << 20)
        let header = (onlyPoints ? [coordinateNames.x, coordinateNames.y] : ["WKT"]) + columns.names
        for (i, name) in header.enumerated() {
            if i > 0 { out.write(delimiter) }
            out.write(csvCell: name, delimiter: delimiter)
        }
        out.write(0x0A)
        var cells = [Range<Int>?](repeating: nil, count: columns.names.count)
        let onlyPoints = onlyPoints, delimiter = delimiter
        try spool.forEachRecord { bytes, record throws(WriteError) in
            Self.layOut(bytes, record, onlyPoints: onlyPoints, delimiter: delimiter, cells: &cells, into: &out)
            if out.bytes.count > 1 << 20 {
                try file.write(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        try file.write(out.bytes)
        try file.commit()
    }

    /// One spooled row as CSV: the geometry cells, then every column's cell.
    private static func layOut(_ bytes: [UInt8], _ record: Range<Int>, onlyPoints: Bool, delimiter: UInt8,
                               cells: inout [Range<Int>?], into out: inout ByteWriter) {
        var v = record.lowerBound
        let kind = bytes[v]
        v += 1
        if kind == 1 || kind == 2 {
            let x = Double(bitPattern: bytes.loadLittleEndianUInt64(at: v))
            let y = Double(bitPattern: bytes.loadLittleEndianUInt64(at: v + 8))
            let z = kind == 2 ? Double(bitPattern: bytes.loadLittleEndianUInt64(at: v + 16)) : nil
            v += kind == 2 ? 24 : 16
            let p = Position(x: x, y: y, z: z)
            if !onlyPoints {
                out.write(csvCell: WKT.encode(.point(p)), delimiter: delimiter)
            } else if p.isEmpty {
                out.write(delimiter)
            } else {
                out.write(number: x)
                out.write(delimiter)
                out.write(number: y)
            }
        } else if kind == 3 {
            let count = Int(bytes.loadLittleEndianUInt32(at: v))
            out.bytes.append(contentsOf: bytes[(v + 4)..<(v + 4 + count)])
            v += 4 + count
        } else if onlyPoints {
            out.write(delimiter)
        }
        for c in cells.indices { cells[c] = nil }
        while v < record.upperBound {
            let column = Int(bytes.loadLittleEndianUInt32(at: v))
            let count = Int(bytes.loadLittleEndianUInt32(at: v + 4))
            cells[column] = (v + 8)..<(v + 8 + count)
            v += 8 + count
        }
        for range in cells {
            out.write(delimiter)
            if let range { out.bytes.append(contentsOf: bytes[range]) }
        }
        out.write(0x0A)
    }
}

extension Array where Element == UInt8 {
    fileprivate func loadLittleEndianUInt32(at offset: Int) -> UInt32 {
        withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    fileprivate func loadLittleEndianUInt64(at offset: Int) -> UInt64 {
        withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}
