import Foundation
import GeoCore

/// A source read from a file unpacked into a scratch folder (a `.gz` or a zipped
/// shapefile): keeps the folder alive while reading, and names the original file, not
/// the temporary copy, in errors and warnings.
final class UnpackedSource: FeatureSource {
    private let inner: any FeatureSource
    private let folder: ScratchFolder
    private let unpacked: String
    private let original: String

    /// Opens the unpacked file with `open`; an error of opening names the original file
    /// (a broken `.dbf` in a zip is the zip's `.dbf`, not a temporary copy).
    static func opening(unpacked: String, in folder: ScratchFolder, original: String,
                        _ open: () throws(ReadError) -> any FeatureSource) throws(ReadError) -> UnpackedSource {
        do {
            return UnpackedSource(try open(), folder: folder, unpacked: unpacked, original: original)
        } catch {
            var moved = error
            moved.location = relocated(error.location, folder: folder, unpacked: unpacked, original: original)
            throw moved
        }
    }

    init(_ inner: any FeatureSource, folder: ScratchFolder, unpacked: String, original: String) {
        self.inner = inner
        self.folder = folder
        self.unpacked = unpacked
        self.original = original
    }

    var layerName: String { inner.layerName }
    var crs: CRSReference? { inner.crs }
    var declaredFields: [Field]? { inner.declaredFields }
    var hasGeometry: Bool { inner.hasGeometry }
    var warnings: [ReadWarning] {
        inner.warnings.map { w in
            var copy = w
            copy.location = relocated(w.location)
            return copy
        }
    }

    func next() throws(ReadError) -> Feature? {
        do {
            return try inner.next()
        } catch {
            var moved = error
            moved.location = relocated(error.location)
            throw moved
        }
    }

    private func relocated(_ location: SourceLocation) -> SourceLocation {
        Self.relocated(location, folder: folder, unpacked: unpacked, original: original)
    }

    /// A location in the scratch folder as the same place in the original: a sibling of
    /// the unpacked file (the `.dbf` of a zipped `.shp`) keeps its own name after the zip's.
    private static func relocated(_ location: SourceLocation, folder: ScratchFolder, unpacked: String, original: String) -> SourceLocation {
        var copy = location
        guard let file = copy.file, file != unpacked, file.hasPrefix(folder.path + "/") else {
            if copy.file == nil || copy.file == unpacked { copy.file = original }
            return copy
        }
        let container = original.lowercased().hasSuffix(".shp") ? (original as NSString).deletingLastPathComponent : original
        copy.file = container + "/" + (file as NSString).lastPathComponent
        return copy
    }
}
