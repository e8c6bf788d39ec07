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
    /// The name of the driver that reads it (`FormatRegistry.driver(named:)`), detected
    /// once when the inputs were listed; nil when it could not be told, and the input then
    /// fails with the detector's reason when it is opened.
    public let formatName: String?

    /// Creates an input.
    /// - Parameters:
    ///   - path: the file.
    ///   - layer: the table or zipped shapefile to read; nil for the only (or first) one.
    ///   - size: bytes of input, for scheduling and progress.
    ///   - formatName: the driver that reads it, when already detected.
    public init(path: String, layer: String? = nil, size: Int = 0, formatName: String? = nil) {
        self.path = path
        self.layer = layer
        self.size = size
        self.formatName = formatName
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
    /// that holds several, unless `layer` picks one; one per other file. Each file's
    /// format is detected here once (or taken from `formats`, what `ConversionSources`
    /// detected), and opening it later asks no detector again.
    /// - Parameters:
    ///   - files: the files.
    ///   - layer: the one table or zipped shapefile to read from each.
    ///   - formats: driver names already detected, by path.
    public static func expanding(_ files: [String], layer: String?, formats: [String: String] = [:]) -> [ConversionInput] {
        files.flatMap { path -> [ConversionInput] in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let format = formats[path] ?? (path == "-" ? VectorFormat.geojson.rawValue : (try? FormatRegistry.shared.identify(path: path))?.name)
            let layers = layer == nil ? LayerIO.layerNames(path: path, formatName: format) : []
            // A database URL is always an input per table, named by it.
            let database = FormatRegistry.shared.isDatabaseURL(path)
            guard layers.count > 1 || (database && !layers.isEmpty) else { return [ConversionInput(path: path, layer: layer, size: size, formatName: format)] }
            return layers.map { ConversionInput(path: path, layer: $0, size: size / layers.count, formatName: format) }
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
    /// The driver names of the files whose format was detected while they were found (the
    /// archives in folders), by path: `ConversionInput.expanding` does not detect them again.
    public var formats: [String: String] = [:]

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
                    } else if lower.hasSuffix(".zip") {
                        switch Self.detectArchive(file) {
                        case .success(let name?): formats[file] = name; files.append(file)
                        case .success(nil): files.append(file)
                        case .failure(let passOver): ignored.append(IgnoredFile(path: file, reason: .notData(passOver.reason)))
                        }
                    } else {
                        files.append(file)
                    }
                }
            } else if path == "-" || FileManager.default.fileExists(atPath: path) || FormatRegistry.shared.isDatabaseURL(path) {
                files.append(path)
            } else if path.contains(where: { "*?[".contains($0) }), !Self.glob(path).isEmpty {
                // A quoted pattern the shell did not expand.
                files += Self.glob(path)
            } else {
                missing.append(path)
            }
        }
    }

    /// The format of an archive in a folder, or why it is passed over (a zip with no
    /// shapefile, a file that is no zip). A damaged archive is read (format unknown), so
    /// that it fails with its error instead of being passed over.
    static func detectArchive(_ path: String) -> Result<String?, PassOver> {
        do {
            return .success(try FormatRegistry.shared.identify(path: path).name)
        } catch {
            return error.format == "zip" ? .success(nil) : .failure(PassOver(error.message))
        }
    }

    /// Why a file is passed over, in the detector's words.
    struct PassOver: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
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
