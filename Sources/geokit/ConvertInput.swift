import Foundation
import GeoKit

/// One input of `geokit convert`: a file, or one table of a GeoPackage (one shapefile of
/// a zip) that holds several, so that no table is left out unnoticed.
struct ConvertInput: Hashable, Sendable {
    /// The file.
    let path: String
    /// The table or zipped shapefile to read; nil for the file's only (or first) layer.
    let layer: String?
    /// Bytes of input, for scheduling and the progress line (a table gets its share of
    /// the file).
    let size: Int

    /// How messages and reports name it: the path, and the table after a colon.
    var name: String { layer.map { "\(path):\($0)" } ?? path }

    /// The base of an output file named after it: the table, else the file's name
    /// without its extension (and without `.gz`).
    var baseName: String {
        if let layer { return Self.fileNameComponent(layer) }
        var name = (path as NSString).lastPathComponent
        if name.lowercased().hasSuffix(".gz") { name = String(name.dropLast(3)) }
        return (name as NSString).deletingPathExtension
    }

    /// The inputs that files make: one per table of a GeoPackage or shapefile of a zip
    /// that holds several, unless `layer` (--layer) picks one; one per other file.
    static func expanding(_ files: [String], layer: String?) -> [ConvertInput] {
        files.flatMap { path -> [ConvertInput] in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let layers = layer == nil ? LayerIO.layerNames(path: path) : []
            guard layers.count > 1 else { return [ConvertInput(path: path, layer: layer, size: size)] }
            return layers.map { ConvertInput(path: path, layer: $0, size: size / layers.count) }
        }
    }

    /// A name from the data (a table name) as one safe file name component: path
    /// separators, NUL and control characters become `_`, and a name that is empty, `.`,
    /// `..` or starts with a dot (hidden, or GeoKit's own scratch files) gets a `_` before
    /// it. A table called `../../x` is written as `_.._.._x` inside the output folder.
    static func fileNameComponent(_ name: String) -> String {
        var safe = String(name.unicodeScalars.map { s -> Character in
            s == "/" || s == "\\" || s.value < 0x20 || s.value == 0x7F ? "_" : Character(s)
        })
        if safe.isEmpty || safe.hasPrefix(".") { safe = "_" + safe }
        return safe
    }
}
