import Foundation
import GeoCore

extension LayerSplit {
    /// The file name (without extension) each part gets, in part order: its name as one
    /// safe file name component (letters, digits, `-` and `_`; anything else, `/` and `..`
    /// included, becomes `_`). Names that several parts share get the boundary's
    /// `keyField` value (e.g. an AGS), else its index, so that no part overwrites another,
    /// also on a file system that ignores case.
    /// - Parameters:
    ///   - boundaries: the boundary layer the split was made with.
    ///   - keyField: the boundary property that tells parts of one name apart.
    public func fileNames(boundaries: Layer, keyField: String? = nil) -> [String] {
        var counts: [String: Int] = [:]
        for part in parts { counts[Self.fileNameComponent(part.name).lowercased(), default: 0] += 1 }
        var used: Set<String> = []
        return parts.map { part in
            var file = Self.fileNameComponent(part.name)
            if counts[file.lowercased()]! > 1 {
                let key = keyField.flatMap { boundaries.features[part.boundaryIndex][property: $0] }
                file += "_" + Self.fileNameComponent(key.map { $0.stringValue ?? "\($0)" } ?? "\(part.boundaryIndex)")
            }
            while used.contains(file.lowercased()) { file += "_\(part.boundaryIndex)" }
            used.insert(file.lowercased())
            return file
        }
    }

    /// Writes each part as a GeoJSON file `<name>.geojson` into `folder` (created when
    /// missing), named by ``fileNames(boundaries:keyField:)``.
    /// - Parameters:
    ///   - folder: where the files go.
    ///   - boundaries: the boundary layer the split was made with.
    ///   - keyField: the boundary property that tells parts of one name apart.
    ///   - includingEmpty: also write the parts that hold no feature.
    ///   - overwrite: replace existing files.
    /// - Returns: the parts written, with their paths.
    /// - Throws: `WriteError` (a file exists without `overwrite`, the folder cannot be written).
    @discardableResult
    public func write(intoFolder folder: String, boundaries: Layer, keyField: String? = nil, includingEmpty: Bool = false,
                      overwrite: Bool = false) throws(WriteError) -> [WrittenPart] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(file: folder, message: "cannot create the folder: \(error.localizedDescription)")
        }
        let names = fileNames(boundaries: boundaries, keyField: keyField)
        var written: [WrittenPart] = []
        for (part, name) in zip(parts, names) where includingEmpty || !part.layer.features.isEmpty {
            let path = "\(folder)/\(name).geojson"
            try GeoJSON.write(part.layer, toPath: path, overwrite: overwrite)
            written.append(WrittenPart(part: part, path: path))
        }
        return written
    }

    /// A part and the file it was written to.
    public struct WrittenPart: Sendable {
        /// The part.
        public var part: Part
        /// The GeoJSON file.
        public var path: String
    }

    static func fileNameComponent(_ name: String) -> String {
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? String($0) : "_" }.joined()
        return safe.isEmpty ? "part" : safe
    }
}
