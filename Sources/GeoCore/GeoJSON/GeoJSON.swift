import Foundation

/// Reading and writing GeoJSON (RFC 7946).
///
/// ```swift
/// let layer = try GeoJSON.readLayer(atPath: "aed.geojson")       // whole file
/// var reader = try GeoJSONFeatureReader(path: "big.geojson")       // one feature at a time
/// while let feature = try reader.next() { … }
/// let text = GeoJSON.encode(layer)                                 // bytes of a FeatureCollection
/// ```
public enum GeoJSON {
    /// Decodes a complete GeoJSON text held in memory.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 bytes (a leading byte-order mark is skipped).
    ///   - file: a name for error messages.
    /// - Throws: `ReadError` naming line, column and feature index of the first problem.
    public static func decode(_ bytes: some Collection<UInt8>, file: String? = nil) throws(ReadError) -> GeoJSONDocument {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer throws(ReadError) in
            try decode(buffer: buffer, file: file)
        }
    }

    /// Decodes a complete GeoJSON text held in a `String`.
    public static func decode(_ text: String, file: String? = nil) throws(ReadError) -> GeoJSONDocument {
        try decode(Array(text.utf8), file: file)
    }

    static func decode(buffer: UnsafeBufferPointer<UInt8>, file: String?) throws(ReadError) -> GeoJSONDocument {
        var start = 0
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        var parser = GeoJSONParser(scanner: JSONScanner(bytes: buffer, startingAt: start), origin: TextOrigin(file: file))
        do throws(ParseFailure) {
            if parser.scanner.peek() == nil {
                throw parser.scanner.failure("empty input: expected a GeoJSON object")
            }
            let object = try parser.parseObject(expected: .any)
            if parser.scanner.peek() != nil {
                throw parser.scanner.failure("unexpected data after the end of the GeoJSON object (for several objects, use GeoJSON text sequences)")
            }
            return GeoJSONDocument(object: object, crs: parser.legacyCRS ?? .crs84, crsFromLegacyMember: parser.legacyCRS != nil,
                                   name: parser.name, warnings: parser.warnings.warnings)
        } catch {
            throw ReadError(format: "GeoJSON", location: parser.location(of: error.offset, featureIndex: parser.featureIndex), message: error.message)
        }
    }
}
