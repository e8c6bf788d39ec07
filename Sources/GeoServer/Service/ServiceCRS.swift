import GeoCore
import GeoPROJ

/// The CRSs the service offers for output and for `bbox-crs` (OGC API – Features Part 2),
/// each with whether its authority puts northing first (EPSG:4326 and 4258 answer
/// latitude, longitude).
struct ServiceCRSList: Sendable {
    /// The CRSs every collection offers: CRS84, ETRS89 (4258), WGS 84 (4326), UTM 32N/33N
    /// on ETRS89 (25832, 25833), LAEA Europe (3035) and Web Mercator (3857).
    static let offered: [CRSReference] = [.crs84, .epsg(4258), .epsg(4326), .epsg(25832), .epsg(25833), .epsg(3035), .epsg(3857)]

    private let northingFirst: [CRSReference: Bool]

    /// Looks every CRS up in PROJ's database once.
    /// - Throws: `PROJError` for a storage CRS PROJ does not know.
    init(storageCRSs: [CRSReference]) throws(PROJError) {
        var flags: [CRSReference: Bool] = [:]
        for reference in Self.offered + storageCRSs where flags[reference] == nil {
            flags[reference] = reference == .crs84 ? false : try CRS(reference).isNorthingFirst
        }
        northingFirst = flags
    }

    /// The CRSs a collection stored in `storage` offers: the common ones, and its own.
    func offered(storage: CRSReference) -> [CRSReference] {
        Self.offered.contains(storage) ? Self.offered : Self.offered + [storage]
    }

    /// Whether positions in this CRS are written northing first.
    func isNorthingFirst(_ crs: CRSReference) -> Bool { northingFirst[crs] ?? false }

    /// A CRS named in a request (`http://www.opengis.net/def/crs/EPSG/0/25832`, the
    /// safe CURIE `[EPSG:25832]`, or `EPSG:25832`) that the collection offers.
    /// - Throws: `ServiceProblem` 400 naming the parameter and the CRSs offered.
    func parse(_ text: String, parameter: String, storage: CRSReference) throws(ServiceProblem) -> CRSReference {
        var trimmed = Substring(text)
        if trimmed.hasPrefix("["), trimmed.hasSuffix("]") { trimmed = trimmed.dropFirst().dropLast() }
        let reference = CRSReference(parsing: String(trimmed))
        let offered = offered(storage: storage)
        guard offered.contains(reference) else {
            throw .invalidParameter(parameter, "\"\(text)\" is not offered; use one of \(offered.map(\.uri).joined(separator: ", "))")
        }
        return reference
    }
}

extension Geometry {
    /// The geometry with x and y swapped, for a CRS whose authority puts northing first.
    var swappingAxes: Geometry { mapPositions { Position(x: $0.y, y: $0.x, z: $0.z) } }
}
