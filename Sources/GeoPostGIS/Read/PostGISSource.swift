import Foundation
import GeoCore
import GeoFormats

/// A PostGIS table read feature by feature, in pages of its primary key: what `convert`
/// and the whole-layer commands read a `postgresql://` input through.
public final class PostGISSource: FeatureSource {
    /// The store the pages come from.
    public let store: PostGISStore
    private var cursor: FeatureCursor?
    private var buffered: [Feature] = []
    private var bufferedIndex = 0
    private var ended = false
    private var noted = WarningLog()
    private var pagesRead = 0

    /// Opens a table (blocking the calling thread until it is open).
    /// - Throws: `ReadError` as ``PostGISStore/open(_:)``.
    public init(location: PostGISLocation) throws(ReadError) {
        do {
            store = try Blocking.wait { try await PostGISStore.open(location) }
        } catch let error as ReadError {
            throw error
        } catch {
            throw PostGISFailure.readError(error, location: location)
        }
    }

    public var layerName: String { store.schema.name }
    public var crs: CRSReference? { store.schema.crs }
    public var declaredFields: [Field]? { store.schema.fields }
    public var warnings: [ReadWarning] { noted.warnings }
    public var hasGeometry: Bool { store.schema.hasGeometry }

    public func next() throws(ReadError) -> Feature? {
        if bufferedIndex == buffered.count {
            buffered = try nextBatch(maxCount: 4096)
            bufferedIndex = 0
            if buffered.isEmpty { return nil }
        }
        defer { bufferedIndex += 1 }
        return buffered[bufferedIndex]
    }

    public func nextBatch(maxCount: Int) throws(ReadError) -> [Feature] {
        if bufferedIndex < buffered.count {
            let rest = Array(buffered[bufferedIndex..<min(buffered.count, bufferedIndex + maxCount)])
            bufferedIndex += rest.count
            return rest
        }
        guard !ended, maxCount > 0 else { return [] }
        let store = self.store
        var query = FeatureQuery(limit: maxCount)
        query.cursor = cursor
        // A table without an integer key is read by position.
        if store.table.idColumn == nil { query.offset = pagesRead }
        let page: FeaturePage
        do {
            let asked = query
            page = try Blocking.wait { try await store.features(matching: asked) }
        } catch let error as ReadError {
            throw error
        } catch {
            throw PostGISFailure.readError(error, location: store.location)
        }
        for warning in page.warnings { noted.add(warning.message, at: warning.location) }
        cursor = page.nextCursor
        pagesRead += page.features.count
        if page.nextCursor == nil && (store.table.idColumn != nil || page.features.count < maxCount) { ended = true }
        return page.features
    }
}
