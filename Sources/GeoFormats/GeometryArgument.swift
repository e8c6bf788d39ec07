import Foundation
import GeoCore

/// Geometries named the way command-line tools and scripts name them: WKT or GeoJSON
/// text itself, a text file (or `-`, standard input) with one WKT or GeoJSON geometry per
/// line or one GeoJSON document, or a layer file in any format GeoKit reads.
public enum GeometryArgument {
    /// One geometry read, or why it could not be, with where it came from
    /// (`roads.geojson: feature 3`, `lines.wkt:12`).
    public struct Item: Sendable {
        /// Where the geometry came from.
        public var label: String
        /// The geometry, or the error of its line.
        public var geometry: Result<Geometry, ReadError>
    }

    /// The geometries an argument names; a bad line of a text file is an item with its
    /// error (the others are still read), a file that cannot be read at all throws.
    /// - Parameters:
    ///   - argument: WKT, GeoJSON, a path, or `-`.
    ///   - name: how messages call the argument (`A`, `B`).
    /// - Throws: `ReadError` when the file cannot be read or holds no geometry.
    public static func geometries(_ argument: String, name: String) throws(ReadError) -> [Item] {
        func failure(_ message: String) -> ReadError { ReadError(format: "geometry", location: SourceLocation(file: name), message: message) }
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        if trimmed.first == "{" { return [Item(label: name, geometry: Result { () throws(ReadError) in try geometry(fromGeoJSON: trimmed) })] }
        let looksLikeWKT = trimmed.range(of: #"^(SRID=\d+;)?\s*[A-Za-z]+\s*[ZM]*\s*(\(|EMPTY)"#, options: [.regularExpression, .caseInsensitive]) != nil
        if looksLikeWKT && !FileManager.default.fileExists(atPath: trimmed) {
            return [Item(label: name, geometry: Result { () throws(ReadError) in try WKT.decode(trimmed) })]
        }
        // A layer file (GeoPackage, Shapefile, zip, gzip, CSV) through the layer readers:
        // every feature's geometry, labelled with the file and feature.
        if argument != "-", FileManager.default.fileExists(atPath: argument) {
            // Detected once: the layer listing and the reader take the driver found here.
            let driver = try FormatRegistry.shared.identify(path: argument)
            let lower = argument.lowercased()
            let isTable = driver.name == VectorFormat.geopackage.rawValue || driver.name == VectorFormat.shapefile.rawValue
            let plainText = [".wkt", ".txt", ".geojson", ".json"].contains(where: lower.hasSuffix) && !isTable
            if !plainText {
                let names = LayerIO.layerNames(path: argument, formatName: driver.name)
                if names.count > 1 { throw failure("\(argument) holds \(names.count) layers (\(names.joined(separator: ", ").abbreviated())); give one layer") }
                return try LayerIO.read(path: argument, using: driver, layer: nil, options: FormatReadOptions()).layer.features.enumerated().compactMap { i, f in
                    f.geometry.map { Item(label: "\(argument): feature \(i)", geometry: .success($0)) }
                }
            }
        }
        let data = argument == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: argument)
        guard let data else { throw failure("\"\(argument)\" is neither WKT, GeoJSON nor a readable file") }
        let text = String(decoding: data, as: UTF8.self)
        let file = argument == "-" ? "stdin" : argument
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("{"), !body.contains("\n{") {
            // One GeoJSON document: every feature's geometry (or the geometry itself).
            return try GeoJSON.decode(body, file: file).object.features.enumerated().compactMap { i, f in
                f.geometry.map { Item(label: "\(file): feature \(i)", geometry: .success($0)) }
            }
        }
        var items: [Item] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.trimmingCharacters(in: .whitespaces)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let read = Result { () throws(ReadError) in
                content.hasPrefix("{") ? try geometry(fromGeoJSON: content) : try WKT.decode(content)
            }
            // The error's place is the file's line (the column counts from the line's text).
            items.append(Item(label: "\(file):\(i + 1)", geometry: read.mapError { error in
                var placed = error
                placed.location.file = file
                placed.location.line = i + 1
                return placed
            }))
        }
        return items
    }

    /// The geometry of a GeoJSON text (a geometry, a feature, or a collection's first).
    static func geometry(fromGeoJSON text: String) throws(ReadError) -> Geometry {
        guard let g = try GeoJSON.decode(text).object.features.first?.geometry else {
            throw ReadError(format: "GeoJSON", location: SourceLocation(), message: "the GeoJSON holds no geometry")
        }
        return g
    }
}
