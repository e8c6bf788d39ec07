import Foundation
import GeoCore
#if canImport(Glibc)
import Glibc
#endif

/// One input of a ``Conversion``: a file, or one table of a GeoPackage (one shapefile of
/// a zip) that holds several, so that no table is left out unnoticed.
public struct ConversionInput: Hashable, Sendable {
    /// The file.
    public let path: String
    /// The table or zipped shapefile to read; nil for the file's only (or first) layer.
    public let layer: String?
    /// Bytes of input, for scheduling and progress (a table gets its share of the file).
    public let size: Int

    /// Creates an input.
    public init(path: String, layer: String? = nil, size: Int = 0) {
        self.path = path
        self.layer = layer
        self.size = size
    }

    /// How messages and reports name it: the path, and the table after a colon.
    public var name: String { layer.map { "\(path):\($0)" } ?? path }

    /// The base of an output file named after it: the table, else the file's name
    /// without its extension (and without `.gz`), as one safe file name component.
    public var baseName: String {
        if let layer { return Self.fileNameComponent(layer) }
        var name = (path as NSString).lastPathComponent
        if name.lowercased().hasSuffix(".gz") { name = String(name.dropLast(3)) }
        return (name as NSString).deletingPathExtension
    }

    /// The inputs that files make: one per table of a GeoPackage or shapefile of a zip
    /// that holds several, unless `layer` picks one; one per other file.
    public static func expanding(_ files: [String], layer: String?) -> [ConversionInput] {
        files.flatMap { path -> [ConversionInput] in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let layers = layer == nil ? LayerIO.layerNames(path: path) : []
            guard layers.count > 1 else { return [ConversionInput(path: path, layer: layer, size: size)] }
            return layers.map { ConversionInput(path: path, layer: $0, size: size / layers.count) }
        }
    }

    /// A name from the data (a table name) as one safe file name component: path
    /// separators, NUL and control characters become `_`, and a name that is empty, `.`,
    /// `..` or starts with a dot (hidden, or GeoKit's own scratch files) gets a `_` before
    /// it. A table called `../../x` is written as `_.._.._x` inside the output folder.
    public static func fileNameComponent(_ name: String) -> String {
        var safe = String(name.unicodeScalars.map { s -> Character in
            s == "/" || s == "\\" || s.value < 0x20 || s.value == 0x7F ? "_" : Character(s)
        })
        if safe.isEmpty || safe.hasPrefix(".") { safe = "_" + safe }
        return safe
    }
}

/// The files that paths name: files as given, folders searched recursively for data,
/// shell patterns (`'opendata/*.csv'`) expanded; what a folder holds besides data is named
/// with the reason, not silently passed over.
public struct ConversionSources: Sendable {
    /// The data files found, in order (each folder's sorted).
    public var files: [String] = []
    /// Files in the folders that are not read, with why.
    public var ignored: [IgnoredFile] = []
    /// Paths that name nothing.
    public var missing: [String] = []

    /// A file in an input folder that is not read.
    public struct IgnoredFile: Sendable, Hashable {
        /// The file.
        public var path: String
        /// Why it is not read.
        public var reason: Reason

        /// Why a file is not read.
        public enum Reason: Sendable, Hashable {
            /// A symbolic link, which may point anywhere (read when following them is asked).
            case symbolicLink
            /// A `.txt` note (a licence, a README) that does not read as a table with coordinates.
            case noTableWithCoordinates
            /// A file that is not what its name says (a `.zip` that is no archive, or holds
            /// no shapefile): the detector's words.
            case notData(String)
        }
    }

    /// Finds the files.
    /// - Parameters:
    ///   - paths: files, folders and shell patterns.
    ///   - followingSymbolicLinks: read symbolic links found in folders.
    ///   - csv: how a `.txt` file is tried as CSV.
    public init(_ paths: [String], followingSymbolicLinks: Bool = false, csv: CSV.ReadOptions = CSV.ReadOptions()) {
        for path in paths {
            if Self.isFolder(path) {
                let found = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                    .filter { !($0 as NSString).lastPathComponent.hasPrefix(".") }
                    .filter { FormatRegistry.shared.driver(forFileExtensionOf: $0) != nil || $0.lowercased().hasSuffix(".zip") }
                    .sorted()
                    .map { path + "/" + $0 }
                for file in found {
                    let lower = file.lowercased()
                    if !followingSymbolicLinks, (try? FileManager.default.destinationOfSymbolicLink(atPath: file)) != nil {
                        ignored.append(IgnoredFile(path: file, reason: .symbolicLink))
                    } else if lower.hasSuffix(".txt"), (try? CSVReader(path: file, options: csv)) == nil {
                        ignored.append(IgnoredFile(path: file, reason: .noTableWithCoordinates))
                    } else if lower.hasSuffix(".zip"), let reason = Self.reasonToPassOver(file) {
                        ignored.append(IgnoredFile(path: file, reason: .notData(reason)))
                    } else {
                        files.append(file)
                    }
                }
            } else if path == "-" || FileManager.default.fileExists(atPath: path) {
                files.append(path)
            } else if path.contains(where: { "*?[".contains($0) }), !Self.glob(path).isEmpty {
                // A quoted pattern the shell did not expand.
                files += Self.glob(path)
            } else {
                missing.append(path)
            }
        }
    }

    /// Why a file in a folder is passed over (a zip with no shapefile, a file that is no
    /// zip), or nil when it is read: also a damaged archive, so that it fails with its
    /// error instead of being passed over.
    static func reasonToPassOver(_ path: String) -> String? {
        do {
            _ = try FormatRegistry.shared.identify(path: path)
            return nil
        } catch {
            return error.format == "zip" ? nil : error.message
        }
    }

    /// Whether the path is a folder.
    public static func isFolder(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// The files a shell pattern matches, sorted.
    static func glob(_ pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard Glibc.glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
