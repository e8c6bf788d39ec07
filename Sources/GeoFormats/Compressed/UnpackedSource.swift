import GeoCore

/// A source read from a file unpacked into a scratch folder (a `.gz` or a zipped
/// shapefile): keeps the folder alive while reading, and names the original file, not
/// the temporary copy, in errors and warnings.
final class UnpackedSource: FeatureSource {
    private let inner: any FeatureSource
    private let folder: ScratchFolder
    private let unpacked: String
    private let original: String

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
        var copy = location
        if copy.file == nil || copy.file == unpacked || copy.file?.hasPrefix(folder.path) == true { copy.file = original }
        return copy
    }
}
