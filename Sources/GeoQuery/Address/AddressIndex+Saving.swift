import Foundation
import GeoCore

/// Saving an index next to its layer, so that a command or a server starts without
/// reading the layer and building the index again.
///
/// The file holds the whole index: the layer (its name, CRS, fields and features), the
/// address fields, the streets and the addresses with their positions, and the size and
/// modification time of the layer file it was made from, so that a changed layer is
/// noticed. It is GeoKit's own binary format, versioned by its first line.
extension AddressIndex {
    /// Where the index of a layer file is saved: beside it, with `.addressindex` appended
    /// (`hauskoordinaten.geojson.gz.addressindex`; `adressen.gpkg.hk.addressindex` for the
    /// table `hk` of a GeoPackage).
    /// - Parameters:
    ///   - layerPath: the layer file.
    ///   - layer: the table of a file that holds several.
    public static func savedPath(forLayerAt layerPath: String, layer: String? = nil) -> String {
        layerPath + (layer.map { "." + $0 } ?? "") + ".addressindex"
    }

    /// Writes the index to a file (atomically: a temporary file renamed on success).
    /// - Parameters:
    ///   - path: the file to write (``savedPath(forLayerAt:layer:)`` by convention).
    ///   - source: the layer file the index was built from; its size and modification time
    ///     are recorded so that ``init(contentsOf:source:)`` notices when it changed.
    ///   - overwrite: whether an existing file is replaced.
    /// - Throws: `WriteError` when the file cannot be written.
    public func save(to path: String, source: String? = nil, overwrite: Bool = true) throws(WriteError) {
        var out = IndexWriter()
        out.bytes.append(contentsOf: Array(Self.magic.utf8))
        let stamp = source.flatMap(Self.fileStamp)
        out.write(UInt64(stamp?.size ?? 0))
        out.write(stamp?.modified ?? 0)
        out.write(layer.name)
        switch layer.crs {
        case nil: out.write(UInt8(0))
        case .epsg(let code)?: out.write(UInt8(1)); out.write(UInt64(code))
        case .crs84?: out.write(UInt8(2))
        case .other(let text)?: out.write(UInt8(3)); out.write(text)
        }
        out.write(UInt32(layer.fields.count))
        for field in layer.fields { out.write(field.name); out.write(field.type.rawValue) }
        for role in [fields.street, fields.houseNumber, fields.houseNumberSuffix, fields.postcode, fields.place, fields.combined, fields.streetCode] {
            out.write(optional: role)
        }
        out.write(UInt32(skippedCount))
        out.write(UInt32(streets.count))
        for street in streets {
            out.write(street.name); out.write(street.key); out.write(street.place)
            out.write(UInt32(street.entries.lowerBound)); out.write(UInt32(street.entries.count))
        }
        out.write(UInt32(entries.count))
        for entry in entries {
            out.write(optional: entry.houseNumber.map { "\($0.number)" })
            out.write(entry.houseNumber?.suffix ?? "")
            out.write(optional: entry.houseNumber?.rangeEnd.map { "\($0)" })
            out.write(optional: entry.postcode)
            out.write(UInt32(entry.featureIndex))
            for value in [entry.position.x, entry.position.y, entry.geographic.x, entry.geographic.y] { out.write(value) }
        }
        out.write(UInt32(layer.features.count))
        for feature in layer.features {
            switch feature.id {
            case nil: out.write(UInt8(0))
            case .integer(let i)?: out.write(UInt8(1)); out.write(UInt64(bitPattern: i))
            case .string(let s)?: out.write(UInt8(2)); out.write(s)
            case .double(let d)?: out.write(UInt8(3)); out.write(d)
            }
            let wkb = feature.geometry.map(WKB.encode) ?? []
            out.write(UInt32(wkb.count))
            out.bytes.append(contentsOf: wkb)
            out.write(.object(feature.properties))
        }
        var file = try AtomicFile(path: path, overwrite: overwrite)
        try file.write(out.bytes)
        try file.commit()
    }

    /// Reads an index saved with ``save(to:source:overwrite:)``.
    /// - Parameters:
    ///   - path: the saved index.
    ///   - source: the layer file it should have been made from: when given, its size and
    ///     modification time must be those recorded.
    /// - Throws: `ReadError` when the file cannot be read, is not a saved address index
    ///   (or a damaged one, with the byte offset), or `source` changed since
    ///   (code `invalidQuery`: build the index again).
    public convenience init(contentsOf path: String, source: String? = nil) throws(ReadError) {
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw ReadError(format: "address index", location: SourceLocation(file: path), message: "cannot read the file (\(error.localizedDescription))", code: .cannotOpen)
        }
        let parts: (layer: Layer, fields: AddressFields, skipped: Int, streets: [Street], entries: [Entry])
        do {
            parts = try bytes.withUnsafeBytes { raw in
                var input = IndexReader(bytes: raw, path: path)
                return try Self.read(&input, source: source)
            }
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(format: "address index", location: SourceLocation(file: path), message: "\(error)")
        }
        self.init(layer: parts.layer, fields: parts.fields, skippedCount: parts.skipped, streets: parts.streets, entries: parts.entries)
    }

    /// The parts of a saved index.
    private static func read(_ input: inout IndexReader, source: String?) throws(ReadError)
        -> (layer: Layer, fields: AddressFields, skipped: Int, streets: [Street], entries: [Entry]) {
        let path = input.path
        guard input.bytes.starts(with: Self.magic.utf8) else {
            throw ReadError(format: "address index", location: SourceLocation(file: path), message: "not a GeoKit address index (a file that AddressIndex.save(to:) writes)", code: .unsupportedFormat)
        }
        input.offset = Self.magic.utf8.count
        let size = try input.uint64(), modified = try input.double()
        if let source, let stamp = Self.fileStamp(source), stamp.size != size || stamp.modified != modified {
            throw ReadError(format: "address index", location: SourceLocation(file: path),
                            message: "was saved from another version of \(source) (its size or modification time changed): build the index again", code: .invalidQuery)
        }
        let name = try input.string()
        let crs: CRSReference? = switch try input.uint8() {
        case 0: nil
        case 1: .epsg(Int(try input.uint64()))
        case 2: .crs84
        case 3: .other(try input.string())
        default: throw input.damaged("an unknown CRS kind")
        }
        var layerFields: [Field] = []
        for _ in 0..<(try input.count()) {
            let fieldName = try input.string()
            guard let type = FieldType(rawValue: try input.string()) else { throw input.damaged("an unknown field type") }
            layerFields.append(Field(name: fieldName, type: type))
        }
        let roles = try (0..<7).map { _ throws(ReadError) in try input.optionalString() }
        let fields = AddressFields(street: roles[0], houseNumber: roles[1], houseNumberSuffix: roles[2], postcode: roles[3],
                                   place: roles[4], combined: roles[5], streetCode: roles[6])
        let skipped = Int(try input.uint32())
        var streets: [Street] = []
        for _ in 0..<(try input.count()) {
            let streetName = try input.string(), key = try input.string(), place = try input.string()
            let start = Int(try input.uint32()), count = Int(try input.uint32())
            streets.append(Street(name: streetName, key: key, place: place, entries: start..<(start + count)))
        }
        var entries: [Entry] = []
        let entryCount = try input.count()
        entries.reserveCapacity(entryCount)
        for _ in 0..<entryCount {
            let number = try input.optionalString(), suffix = try input.string(), rangeEnd = try input.optionalString()
            let postcode = try input.optionalString()
            let featureIndex = Int(try input.uint32())
            let x = try input.double(), y = try input.double(), lon = try input.double(), lat = try input.double()
            let houseNumber = try number.map { text throws(ReadError) -> HouseNumber in
                guard let n = Int(text) else { throw input.damaged("a house number that is not a number") }
                return HouseNumber(n, suffix: suffix, rangeEnd: rangeEnd.flatMap { Int($0) })
            }
            entries.append(Entry(houseNumber: houseNumber, postcode: postcode, featureIndex: featureIndex,
                                 position: Position(x: x, y: y), geographic: Position(x: lon, y: lat)))
        }
        var features: [Feature] = []
        let featureCount = try input.count()
        features.reserveCapacity(featureCount)
        for _ in 0..<featureCount {
            let id: FeatureID? = switch try input.uint8() {
            case 0: nil
            case 1: .integer(Int64(bitPattern: try input.uint64()))
            case 2: .string(try input.string())
            case 3: .double(try input.double())
            default: throw input.damaged("an unknown feature id kind")
            }
            let wkbLength = Int(try input.uint32())
            let wkb = try input.take(wkbLength)
            let geometry = wkbLength == 0 ? nil : try WKB.decode(UnsafeRawBufferPointer(rebasing: wkb))
            guard try input.uint8() == 7 else { throw input.damaged("feature properties that are not an object") }
            features.append(Feature(id: id, geometry: geometry, properties: try input.object(depth: 1)))
        }
        guard input.offset == input.bytes.count else { throw input.damaged("bytes after the last feature") }
        guard streets.allSatisfy({ !$0.entries.isEmpty && $0.entries.upperBound <= entries.count }),
              entries.allSatisfy({ $0.featureIndex < features.count }) else {
            throw input.damaged("a street without addresses, or a street or an address that points past the end")
        }
        return (Layer(name: name, crs: crs, features: features, fields: layerFields), fields, skipped, streets, entries)
    }

    /// The first line of a saved index; a new layout gets a new number.
    static let magic = "GeoKit address index 1\n"

    /// A file's size and modification time (seconds since 1970), or nil when it cannot be read.
    static func fileStamp(_ path: String) -> (size: UInt64, modified: Double)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.uint64Value,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return (size, modified.timeIntervalSince1970)
    }
}

/// Little-endian values, length-prefixed UTF-8 text and tagged JSON values.
private struct IndexWriter {
    var bytes: [UInt8] = []

    mutating func write(_ value: UInt8) { bytes.append(value) }
    mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func write(_ value: Double) { write(value.bitPattern) }
    mutating func write(_ text: String) {
        write(UInt32(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }
    mutating func write(optional text: String?) {
        if let text { write(UInt8(1)); write(text) } else { write(UInt8(0)) }
    }
    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: write(UInt8(0))
        case .bool(let b): write(UInt8(b ? 2 : 1))
        case .integer(let i): write(UInt8(3)); write(UInt64(bitPattern: i))
        case .double(let d): write(UInt8(4)); write(d)
        case .string(let s): write(UInt8(5)); write(s)
        case .array(let values):
            write(UInt8(6)); write(UInt32(values.count))
            for v in values { write(v) }
        case .object(let object):
            write(UInt8(7)); write(UInt32(object.count))
            for (key, v) in object { write(key); write(v) }
        }
    }
}

/// Reads what `IndexWriter` wrote, every length checked against the file.
private struct IndexReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset = 0
    /// The member names of the last object read, shared by the next objects with the same
    /// names (every feature of a layer, usually): one array for all.
    var lastKeys: [String] = []

    func damaged(_ what: String) -> ReadError {
        ReadError(format: "address index", location: SourceLocation(file: path, byteOffset: offset), message: "damaged: \(what)")
    }

    mutating func take(_ count: Int) throws(ReadError) -> Slice<UnsafeRawBufferPointer> {
        guard count >= 0, count <= bytes.count - offset else { throw damaged("the file ends too early") }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
    mutating func load<T: FixedWidthInteger>(_: T.Type) throws(ReadError) -> T {
        guard MemoryLayout<T>.size <= bytes.count - offset else { throw damaged("the file ends too early") }
        defer { offset += MemoryLayout<T>.size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
    mutating func uint8() throws(ReadError) -> UInt8 { try load(UInt8.self) }
    mutating func uint32() throws(ReadError) -> UInt32 { try load(UInt32.self) }
    mutating func uint64() throws(ReadError) -> UInt64 { try load(UInt64.self) }
    mutating func double() throws(ReadError) -> Double { Double(bitPattern: try uint64()) }
    /// A count of things that follow, each at least one byte long.
    mutating func count() throws(ReadError) -> Int {
        let n = Int(try uint32())
        guard n <= bytes.count - offset else { throw damaged("a count larger than the file") }
        return n
    }
    /// UTF-8 text (a damaged sequence becomes U+FFFD).
    mutating func string() throws(ReadError) -> String {
        let length = Int(try uint32())
        return String(decoding: UnsafeRawBufferPointer(rebasing: try take(length)), as: UTF8.self)
    }
    mutating func optionalString() throws(ReadError) -> String? {
        switch try uint8() {
        case 0: return nil
        case 1: return try string()
        default: throw damaged("an unknown marker")
        }
    }
    mutating func value(depth: Int) throws(ReadError) -> JSONValue {
        guard depth < 64 else { throw damaged("values nested more than 64 deep") }
        switch try uint8() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .integer(Int64(bitPattern: try uint64()))
        case 4: return .double(try double())
        case 5: return .string(try string())
        case 6:
            var values: [JSONValue] = []
            for _ in 0..<(try count()) { values.append(try value(depth: depth + 1)) }
            return .array(values)
        case 7: return .object(try object(depth: depth + 1))
        default: throw damaged("an unknown value kind")
        }
    }
    /// An object's members (after its kind byte).
    mutating func object(depth: Int) throws(ReadError) -> JSONObject {
        let n = try count()
        var keys: [String] = [], values: [JSONValue] = []
        values.reserveCapacity(n)
        var sameKeys = n == lastKeys.count
        for i in 0..<n {
            let length = Int(try uint32())
            let text = UnsafeRawBufferPointer(rebasing: try take(length))
            if sameKeys, lastKeys[i].utf8.elementsEqual(text) {
                // The name of the previous object at this place.
            } else {
                if sameKeys { keys = Array(lastKeys[..<i]); sameKeys = false }
                keys.append(String(decoding: text, as: UTF8.self))
            }
            values.append(try value(depth: depth))
        }
        if sameKeys { return JSONObject(uncheckedKeys: lastKeys, values: values) }
        guard Set(keys).count == keys.count else { throw damaged("an object with a repeated member name") }
        lastKeys = keys
        return JSONObject(uncheckedKeys: keys, values: values)
    }
}
