import Foundation

/// A file a collection offers for download (an INSPIRE GML export, its ISO 19139 record, a
/// GeoPackage), at `/collections/{id}/downloads/{name}`. Only files named when the service
/// starts are served: a request names a download, never a path.
public struct ServedDownload: Sendable, Hashable {
    /// The name in the URL: the file's own name.
    public let name: String
    /// The file.
    public let path: String
    /// Its media type (`application/gml+xml; version=3.2`, `application/xml`…).
    public let mediaType: String
    /// How the collection links it: `enclosure` for data, `describedby` for metadata.
    public let relation: String
    /// Its size in bytes when the service started.
    public let length: Int
    /// The INSPIRE feature concept the data holds (its URI), when known: the collection
    /// links it with `rel=tag`.
    public let featureConcept: String?

    /// Offers a file, with its media type and relation judged by its name: `.gml`
    /// (INSPIRE GML 3.2), `.metadata.xml` or `.xml` (an ISO 19139 record, `describedby`),
    /// `.gpkg`, `.geojson`, `.zip`; other files are `application/octet-stream`.
    /// - Throws: `ServiceProblem` (500) when the file cannot be read or its name cannot
    ///   appear in a URL.
    public init(path: String) throws(ServiceProblem) {
        let name = (path as NSString).lastPathComponent
        guard ServedCollection.isValidIdentifier(name),
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = (attributes[.size] as? NSNumber)?.intValue else {
            throw ServiceProblem(status: 500, title: "Unusable download", detail: "\(path): not a readable file with a URL-safe name")
        }
        self.name = name
        self.path = path
        length = size
        let lower = name.lowercased()
        switch true {
        case lower.hasSuffix(".metadata.xml") || lower.hasSuffix(".xml") && !lower.hasSuffix(".gml.xml"):
            (mediaType, relation) = (MediaType.xml, "describedby")
        case lower.hasSuffix(".gml"): (mediaType, relation) = ("application/gml+xml; version=3.2", "enclosure")
        case lower.hasSuffix(".gpkg"): (mediaType, relation) = ("application/geopackage+sqlite3", "enclosure")
        case lower.hasSuffix(".geojson") || lower.hasSuffix(".json"): (mediaType, relation) = (MediaType.geoJSON, "enclosure")
        case lower.hasSuffix(".zip"): (mediaType, relation) = ("application/zip", "enclosure")
        default: (mediaType, relation) = ("application/octet-stream", "enclosure")
        }
        featureConcept = relation == "enclosure" ? Self.featureConcept(inHeadOf: path) : nil
    }

    /// Every file of a folder (an `inspire export` folder: its data files and records), in
    /// the order of their names; hidden files and subfolders are left out.
    /// - Throws: `ServiceProblem` when the folder cannot be listed or holds no file.
    public static func all(inFolder folder: String) throws(ServiceProblem) -> [ServedDownload] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw ServiceProblem(status: 500, title: "Unusable downloads", detail: "\(folder): not a folder that can be read")
        }
        var downloads: [ServedDownload] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            downloads.append(try ServedDownload(path: path))
        }
        guard !downloads.isEmpty else { throw ServiceProblem(status: 500, title: "Unusable downloads", detail: "\(folder): no files") }
        return downloads
    }

    /// The feature concept of the INSPIRE features in a file's first 8 KB.
    static func featureConcept(inHeadOf path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 8192)) ?? Data(), as: UTF8.self)
        for concept in ["GovernmentalService"] where head.contains(concept) {
            return "https://inspire.ec.europa.eu/featureconcept/\(concept)"
        }
        return nil
    }
}
