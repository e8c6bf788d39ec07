import GeoCore
import GeoPROJ

/// A GML `srsName` as GeoKit reads it: the CRS, and whether positions are written in the
/// authority's axis order (the URN and `http://www.opengis.net/def/crs/` forms) or
/// longitude/easting first (the older `EPSG:4326` and `…/epsg.xml#4326` forms, by the
/// convention GML 2, WFS 1.0 and GDAL follow).
struct GMLSpatialReference: Equatable {
    var srsName: String
    var reference: CRSReference
    /// Whether a position's first number is the northing or latitude.
    var northingFirst: Bool
    /// What the reader had to assume, for a warning.
    var note: String?

    /// Reads an `srsName`.
    /// - Throws: `ReadError` (`malformed`) for a name that is no CRS GeoKit or PROJ knows.
    init(srsName: String, file: String, line: Int) throws(ReadError) {
        self.srsName = srsName
        let lower = srsName.lowercased()
        let authorityOrder = lower.hasPrefix("urn:") || lower.contains("/def/crs/")
        var reference = CRSReference(parsing: srsName)
        var crs = try? CRS(reference)
        if crs == nil, case .epsg(let code) = reference, let esri = try? CRS("ESRI:\(code)") {
            // ArcGIS servers put ESRI codes into EPSG URNs (Essen's 102329 = EPSG:4647).
            reference = .other("ESRI:\(code)")
            crs = esri
            note = "srsName \(srsName) names EPSG:\(code), which the EPSG registry does not have: read as ESRI:\(code) (\(esri.name))"
        }
        guard let crs else {
            throw ReadError(format: "GML", location: SourceLocation(file: file, line: line),
                            message: "srsName \"\(srsName.abbreviated(to: 80))\" is not a CRS PROJ knows", code: .malformed)
        }
        self.reference = reference
        northingFirst = authorityOrder && crs.isNorthingFirst
        self.crs = crs
    }

    /// The resolved CRS.
    let crs: CRS

    static func == (a: GMLSpatialReference, b: GMLSpatialReference) -> Bool { a.srsName == b.srsName }
}
