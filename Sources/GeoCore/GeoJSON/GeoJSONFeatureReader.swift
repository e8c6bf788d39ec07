/// Reads the features of a GeoJSON file one at a time, holding only a window of the file
/// (about a megabyte) however large it is.
///
/// It reads a FeatureCollection (members in any order; the legacy `crs` member and
/// GDAL's `name` member are picked up), a single Feature, a bare geometry (as one feature
/// without properties), and GeoJSON text sequences (RFC 8142, records led by the RS
/// character) or newline-delimited GeoJSON (one Feature per line).
///
/// ```swift
/// var reader = try GeoJSONFeatureReader(path: "de_points_1m.geojson")
/// while let feature = try reader.next() { … }
/// print(reader.crs, reader.warnings)
/// ```
public struct GeoJSONFeatureReader: ~Copyable {
    private var stream: ByteStream
    private var cursor = 0
    private var state = State.start
    private var scannerKeyCache: [String] = []
    private var previousPropertyKeys: [String]?
    private var warningLog = WarningLog()
    private var topLevelType: String?
    private var pendingFeatures: [Feature] = []

    /// The CRS of the coordinates: from a legacy `crs` member when the file has one,
    /// otherwise OGC:CRS84 as RFC 7946 says. May change while reading if the member comes
    /// after the features.
    public private(set) var crs: CRSReference = .crs84
    /// True when `crs` came from a legacy `crs` member.
    public private(set) var crsFromLegacyMember = false
    /// True when a legacy `crs` member after the features changed `crs` once features had
    /// been handed out (labelled with the CRS known then).
    public private(set) var crsChangedAfterFeatures = false
    /// The FeatureCollection's `name` member (GDAL writes one), if seen.
    public private(set) var name: String?
    /// The number of features handed out so far.
    public private(set) var featuresRead = 0
    /// The file path given to `init`.
    public let path: String
    /// True when the input turned out to be a GeoJSON text sequence.
    public private(set) var isSequence = false

    /// What the reader accepted but flagged so far.
    public var warnings: [ReadWarning] { warningLog.warnings }

    /// The layer name: the `name` member, or the file name without extension.
    public var layerName: String {
        if let name { return name }
        if path == "-" { return "stdin" }
        var base = Substring(path.split(separator: "/").last ?? Substring(path))
        for ext in [".gz", ".geojsonl", ".geojsons", ".geojsonseq", ".ndjson", ".jsonl", ".geojson", ".json", ".txt"] where base.lowercased().hasSuffix(ext) {
            base = base.dropLast(ext.count)
        }
        return String(base)
    }

    private enum State {
        case start
        case topMembers(first: Bool, objectStart: Int)
        case features(first: Bool)
        case afterFeatures
        case trailing(allowSequence: Bool)
        case sequence
        case done
    }

    /// Opens a file; `-` reads standard input.
    ///
    /// - Parameters:
    ///   - path: the file, or `-` for standard input.
    ///   - sequence: `true` to read the file as a GeoJSON text sequence even when its
    ///     content would not say so.
    /// - Throws: `ReadError` when the file cannot be opened.
    public init(path: String, sequence: Bool = false) throws(ReadError) {
        try self.init(path: path, sequence: sequence, chunkSize: 1 << 20)
    }

    /// Opens a file reading `chunkSize` bytes at a time (tests use tiny chunks).
    package init(path: String, sequence: Bool = false, chunkSize: Int) throws(ReadError) {
        self.path = path
        stream = try ByteStream(path: path, chunkSize: chunkSize)
        if sequence {
            state = .sequence
            isSequence = true
        }
    }

    /// Reads from bytes in memory (`name` is used in messages).
    public init(bytes: [UInt8], name: String = "<input>", sequence: Bool = false) {
        self.path = name
        stream = ByteStream(bytes: bytes, name: name)
        if sequence {
            state = .sequence
            isSequence = true
        }
    }

    private func error(_ message: String, at offset: Int, feature: Int? = nil) -> ReadError {
        ReadError(format: "GeoJSON", location: stream.location(of: offset, featureIndex: feature), message: message)
    }

    /// The next feature, or `nil` after the last one.
    ///
    /// - Throws: `ReadError` with file, line, column and feature index. After an error the
    ///   reader is finished.
    public mutating func next() throws(ReadError) -> Feature? {
        do {
            return try advance()
        } catch {
            state = .done
            throw error
        }
    }

    private mutating func advance() throws(ReadError) -> Feature? {
        while true {
            if !pendingFeatures.isEmpty {
                featuresRead += 1
                return pendingFeatures.removeFirst()
            }
            switch state {
            case .done:
                return nil
            case .start:
                cursor = try stream.skipWhitespace(from: 0)
                if try stream.byte(at: cursor) == 0xEF, try stream.byte(at: cursor + 1) == 0xBB, try stream.byte(at: cursor + 2) == 0xBF {
                    cursor = try stream.skipWhitespace(from: cursor + 3)
                }
                guard let b = try stream.byte(at: cursor) else { throw error("empty input: expected a GeoJSON object", at: cursor) }
                if b == 0x1E {
                    state = .sequence
                    isSequence = true
                    continue
                }
                guard b == UInt8(ascii: "{") else {
                    throw error("the root of a GeoJSON text must be an object, found \(describe(b))", at: cursor)
                }
                state = .topMembers(first: true, objectStart: cursor)
                cursor += 1
            case .topMembers(let first, let objectStart):
                cursor = try stream.skipWhitespace(from: cursor)
                guard let b = try stream.byte(at: cursor) else { throw error("unexpected end of input inside the top-level object (truncated file?)", at: cursor) }
                if b == UInt8(ascii: "}") {
                    // No "features": a single Feature or geometry. Parse it whole.
                    let end = cursor + 1
                    let object = try parseComplete(from: objectStart, to: end, expected: .any, featureIndex: nil, topLevel: true)
                    cursor = end
                    switch object {
                    case .featureCollection: fatalError("unreachable: a FeatureCollection needs features")
                    case .feature(let f):
                        pendingFeatures = [f]
                        state = .trailing(allowSequence: true)
                    case .geometry(let g):
                        pendingFeatures = [Feature(geometry: g)]
                        state = .trailing(allowSequence: false)
                    }
                    continue
                }
                if !first {
                    guard b == UInt8(ascii: ",") else { throw error("expected ',' or '}' in the top-level object, found \(describe(b))", at: cursor) }
                    cursor = try stream.skipWhitespace(from: cursor + 1)
                }
                let key = try readKey()
                if key == "features" {
                    if let t = topLevelType, t != "FeatureCollection" {
                        throw error("a \(t) object cannot contain a \"features\" member (RFC 7946 §7.1)", at: objectStart)
                    }
                    guard try stream.byte(at: cursor) == UInt8(ascii: "[") else {
                        throw error("\"features\" member must be an array", at: cursor)
                    }
                    cursor += 1
                    state = .features(first: true)
                } else {
                    try readTopLevelMember(key)
                    state = .topMembers(first: false, objectStart: objectStart)
                }
            case .features(let first):
                cursor = try stream.skipWhitespace(from: cursor)
                guard let b = try stream.byte(at: cursor) else {
                    throw error("unexpected end of input in the features array after feature \(featuresRead - 1) (truncated file?)", at: cursor)
                }
                if b == UInt8(ascii: "]") {
                    cursor += 1
                    state = .afterFeatures
                    continue
                }
                if !first {
                    guard b == UInt8(ascii: ",") else { throw error("expected ',' or ']' after a feature, found \(describe(b))", at: cursor, feature: featuresRead - 1) }
                    cursor = try stream.skipWhitespace(from: cursor + 1)
                }
                let start = cursor
                let (object, end) = try parseNext(from: start, expected: .feature, featureIndex: featuresRead)
                guard case .feature(let f) = object else { fatalError("unreachable: the parser was asked for a Feature") }
                cursor = end
                stream.discard(before: cursor)
                state = .features(first: false)
                featuresRead += 1
                return f
            case .afterFeatures:
                cursor = try stream.skipWhitespace(from: cursor)
                guard let b = try stream.byte(at: cursor) else { throw error("unexpected end of input after the features array (truncated file?)", at: cursor) }
                if b == UInt8(ascii: "}") {
                    cursor += 1
                    guard let t = topLevelType else { throw error("\"type\" member required in the top-level object", at: cursor - 1) }
                    guard t == "FeatureCollection" else { throw error("an object with \"features\" must have \"type\": \"FeatureCollection\", found \"\(t)\"", at: cursor - 1) }
                    state = .trailing(allowSequence: false)
                    continue
                }
                guard b == UInt8(ascii: ",") else { throw error("expected ',' or '}' after the features array, found \(describe(b))", at: cursor) }
                cursor = try stream.skipWhitespace(from: cursor + 1)
                let key = try readKey()
                try readTopLevelMember(key)
            case .trailing(let allowSequence):
                cursor = try stream.skipWhitespace(from: cursor)
                guard let b = try stream.byte(at: cursor) else {
                    state = .done
                    return nil
                }
                if allowSequence && (b == UInt8(ascii: "{") || b == 0x1E) {
                    state = .sequence
                    isSequence = true
                    continue
                }
                throw error("unexpected data after the end of the GeoJSON object (found \(describe(b)))", at: cursor)
            case .sequence:
                while let b = try stream.byte(at: cursor), b == 0x1E || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { cursor += 1 }
                guard let b = try stream.byte(at: cursor) else {
                    state = .done
                    return nil
                }
                guard b == UInt8(ascii: "{") else {
                    throw error("expected a Feature object in the GeoJSON text sequence, found \(describe(b))", at: cursor, feature: featuresRead)
                }
                let start = cursor
                let (object, end) = try parseNext(from: start, expected: .any, featureIndex: featuresRead)
                cursor = end
                stream.discard(before: cursor)
                featuresRead += 1
                switch object {
                case .feature(let f): return f
                case .geometry(let g): return Feature(geometry: g)
                case .featureCollection(let collection):
                    // A record may be a whole FeatureCollection (GDAL reads its features).
                    featuresRead -= 1
                    pendingFeatures = collection.features
                    continue
                }
            }
        }
    }

    private func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    /// Reads `"key" :` at the cursor and returns the key, leaving the cursor at the value.
    private mutating func readKey() throws(ReadError) -> String {
        guard try stream.byte(at: cursor) == UInt8(ascii: "\"") else {
            throw error("expected a member name (a string) in the top-level object", at: cursor)
        }
        let end = try stream.endOfValue(startingAt: cursor, featureIndex: nil)
        guard case .string(let key) = try parseValue(from: cursor, to: end) else { fatalError("unreachable") }
        cursor = try stream.skipWhitespace(from: end)
        guard try stream.byte(at: cursor) == UInt8(ascii: ":") else { throw error("expected ':' after a member name", at: cursor) }
        cursor = try stream.skipWhitespace(from: cursor + 1)
        return key
    }

    private mutating func readTopLevelMember(_ key: String) throws(ReadError) {
        let start = cursor
        let end = try stream.endOfValue(startingAt: start, featureIndex: nil)
        cursor = end
        switch key {
        case "type":
            guard case .string(let t) = try parseValue(from: start, to: end) else {
                throw error("\"type\" member must be a string", at: start)
            }
            if featuresSeen, t != "FeatureCollection" {
                throw error("an object with \"features\" must have \"type\": \"FeatureCollection\", found \"\(t)\"", at: start)
            }
            topLevelType = t
        case "crs", "name", "bbox":
            // Parsed (and checked) by the document parser, on the member's value alone.
            let value = Array(stream.window[(start - stream.windowOffset)..<(end - stream.windowOffset)])
            let streamLocation = stream.location(of: start, featureIndex: nil)
            typealias Member = (crs: CRSReference?, name: String?, warnings: [ReadWarning])
            let parsed = value.withUnsafeBufferPointer { buffer -> Result<Member, ParseFailure> in
                var parser = GeoJSONParser(scanner: JSONScanner(bytes: buffer, startingAt: 0), origin: TextOrigin(file: path))
                do throws(ParseFailure) {
                    try parser.parseTopLevelMemberValue(named: key)
                    return .success((parser.legacyCRS, parser.name, parser.warnings.warnings))
                } catch {
                    return .failure(error)
                }
            }
            switch parsed {
            case .success(let member):
                if key == "crs", let legacy = member.crs {
                    if featuresRead > 0 && legacy != crs { crsChangedAfterFeatures = true }
                    crs = legacy
                    crsFromLegacyMember = true
                    for w in member.warnings { warningLog.add(w.message, at: streamLocation, severity: w.severity) }
                }
                if key == "name", let given = member.name { name = given }
            case .failure(let failure):
                throw ReadError(format: "GeoJSON", location: streamLocation, message: failure.message)
            }
        default:
            if ["coordinates", "geometries", "geometry", "properties"].contains(key) {
                if featuresSeen {
                    throw error("a FeatureCollection cannot contain a \"\(key)\" member (RFC 7946 §7.1)", at: start)
                }
            } else {
                // Foreign members (RFC 7946 §6.1) are ignored wherever they stand.
                warningLog.add("foreign member \"\(key)\" ignored", at: stream.location(of: start, featureIndex: nil))
            }
        }
    }

    private var featuresSeen: Bool {
        switch state {
        case .features, .afterFeatures: true
        default: false
        }
    }

    private mutating func parseValue(from start: Int, to end: Int) throws(ReadError) -> JSONValue {
        let relativeStart = start - stream.windowOffset
        let result: Result<JSONValue, ParseFailure> = stream.window.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(bytes: UnsafeBufferPointer(rebasing: buffer[0..<(end - stream.windowOffset)]), startingAt: relativeStart)
            do throws(ParseFailure) { return .success(try scanner.parseValue()) } catch { return .failure(error) }
        }
        switch result {
        case .success(let v): return v
        case .failure(let f): throw error(f.message, at: f.offset + stream.windowOffset)
        }
    }

    /// Parses the object at `start` without knowing where it ends: parses what is loaded
    /// and, when the parser runs into the end of the window before the end of the input,
    /// loads at least as much again and retries (so a feature is scanned once, not twice,
    /// and a huge one costs at most twice its size).
    private mutating func parseNext(from start: Int, expected: GeoJSONParser.Expected, featureIndex: Int?) throws(ReadError) -> (GeoJSONObject, Int) {
        var wanted = start + 64 * 1024
        while true {
            while stream.loadedEnd < wanted, try stream.loadMore() {}
            switch parse(from: start, to: stream.loadedEnd, expected: expected, featureIndex: featureIndex, topLevel: false) {
            case .parsed(let object, let end):
                return (object, end)
            case .failed(let error, let nearEnd):
                guard nearEnd, !stream.reachedEnd else { throw error }
                wanted = stream.loadedEnd + max(64 * 1024, stream.loadedEnd - start)
            }
        }
    }

    private enum Outcome {
        case parsed(GeoJSONObject, end: Int)
        /// `nearEnd`: the parser stopped at the end of the loaded bytes, so more input may fix it.
        case failed(ReadError, nearEnd: Bool)
    }

    /// Parses the value at `start` within `start..<end` (absolute offsets) as GeoJSON.
    private mutating func parse(from start: Int, to end: Int, expected: GeoJSONParser.Expected, featureIndex: Int?, topLevel: Bool) -> Outcome {
        let windowOffset = stream.windowOffset
        let resolver = stream.resolver
        let fileName = stream.name
        var keyCache = scannerKeyCache
        var previousKeys = previousPropertyKeys
        var log = warningLog
        var legacy: CRSReference?
        var documentName: String?
        let outcome: Outcome = stream.window.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[0..<(end - windowOffset)])
            var scanner = JSONScanner(bytes: buffer, startingAt: start - windowOffset)
            scanner.keyCache = keyCache
            var parser = GeoJSONParser(scanner: scanner, origin: TextOrigin(file: fileName, resolver: resolver, offsetOfFirstByte: windowOffset))
            parser.warnings = log
            parser.previousPropertyKeys = previousKeys
            parser.featureIndex = featureIndex
            do throws(ParseFailure) {
                let object = try parser.parseObject(expected: expected, nesting: topLevel ? 0 : 1)
                keyCache = parser.scanner.keyCache
                previousKeys = parser.previousPropertyKeys
                log = parser.warnings
                legacy = parser.legacyCRS
                documentName = parser.name
                return .parsed(object, end: parser.scanner.index + windowOffset)
            } catch {
                // Truncation shows as a failure (or a scan) within a few bytes of the end.
                let slack = buffer.count - 16
                let nearEnd = parser.scanner.index >= slack || error.offset >= slack
                return .failed(ReadError(format: "GeoJSON", location: parser.location(of: error.offset, featureIndex: parser.featureIndex), message: error.message), nearEnd: nearEnd)
            }
        }
        if case .parsed = outcome {
            scannerKeyCache = keyCache
            previousPropertyKeys = previousKeys
            warningLog = log
            if topLevel {
                if let legacy {
                    crs = legacy
                    crsFromLegacyMember = true
                }
                if let documentName { name = documentName }
            }
        }
        return outcome
    }

    /// Parses a value whose extent is known, as one complete text.
    private mutating func parseComplete(from start: Int, to end: Int, expected: GeoJSONParser.Expected, featureIndex: Int?, topLevel: Bool) throws(ReadError) -> GeoJSONObject {
        switch parse(from: start, to: end, expected: expected, featureIndex: featureIndex, topLevel: topLevel) {
        case .parsed(let object, _): return object
        case .failed(let error, _): throw error
        }
    }
}
