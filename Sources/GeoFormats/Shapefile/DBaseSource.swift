import Foundation
import GeoCore

/// A bare dBase table (a `.dbf` without a `.shp`, as portals publish code lists and
/// statistics) as a layer without geometry.
public final class DBaseSource: FeatureSource {
    /// The `.dbf` path.
    public let path: String
    public let layerName: String
    public var crs: CRSReference? { nil }
    public var declaredFields: [Field]? { fields }
    public var hasGeometry: Bool { false }
    public var warnings: [ReadWarning] { [] }

    private let table: DBaseTable
    private let fields: [Field]
    private var index = 0

    /// Opens a table; the text encoding comes from a `.cpg` beside it, the language driver
    /// byte, or `encoding`.
    /// - Throws: `ReadError` naming the file for a missing or malformed header.
    public init(path: String, encoding: TextEncoding? = nil) throws(ReadError) {
        self.path = path
        layerName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let base = (path as NSString).deletingPathExtension
        let codePage = [base + ".cpg", base + ".CPG"].lazy.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.first
        do {
            table = try DBaseTable(path: path, codePage: codePage, encoding: encoding)
        } catch {
            throw ReadError(format: "dBase", location: SourceLocation(file: path), message: error.message)
        }
        fields = table.fields
    }

    public func next() throws(ReadError) -> Feature? {
        while index < table.recordCount {
            let record = index
            index += 1
            if table.isDeleted(record) { continue }
            do {
                return Feature(id: .integer(Int64(record)), geometry: nil, properties: try table.record(record, fields: fields))
            } catch {
                throw ReadError(format: "dBase", location: SourceLocation(file: path, featureIndex: record), message: error.message)
            }
        }
        return nil
    }
}
