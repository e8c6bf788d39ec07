import CPROJ
import GeoCore

/// A coordinate reference system, read once from PROJ's database and kept as a value.
///
/// ```swift
/// let utm = try CRS("EPSG:25832")
/// utm.name            // "ETRS89 / UTM zone 32N"
/// utm.kind            // .projected
/// utm.axes.map(\.direction)   // ["east", "north"]
/// ```
///
/// Accepted text: `EPSG:25832`, `25832`, the OGC URI
/// `http://www.opengis.net/def/crs/EPSG/0/25832`, the URN `urn:ogc:def:crs:EPSG::25832`,
/// `OGC:CRS84`, WKT1 (including the ESRI WKT of a Shapefile's `.prj`), WKT2, PROJJSON and
/// PROJ strings (`+proj=utm +zone=32 +ellps=GRS80`).
public struct CRS: Sendable, Hashable, CustomStringConvertible {
    /// The text PROJ was given (EPSG and OGC spellings normalised to `EPSG:25832`/`OGC:CRS84`).
    public let definition: String
    /// PROJ's name for the CRS, e.g. "ETRS89 / UTM zone 32N".
    public let name: String
    /// The authority of the CRS's identifier (`EPSG`, `OGC`, `ESRI`), when it has one.
    public let authority: String?
    /// The code within the authority (`25832`, `CRS84`), when it has one.
    public let code: String?
    /// What kind of CRS this is.
    public let kind: Kind
    /// The axes in the authority's order (EPSG:4326 lists latitude first).
    public let axes: [Axis]
    /// Where the CRS may be used, if PROJ knows.
    public let areaOfUse: AreaOfUse?
    /// The CRS as WKT2 (ISO 19162:2019).
    public let wkt: String
    /// The CRS as PROJJSON.
    public let projJSON: String

    /// The kinds of CRS.
    public enum Kind: String, Sendable, Hashable, Codable {
        case geographic2D, geographic3D, geocentric, projected, compound, vertical, engineering, bound, other
    }

    /// One axis of the coordinate system.
    public struct Axis: Sendable, Hashable, Codable {
        /// The axis name, e.g. "Easting", "Geodetic latitude".
        public let name: String
        /// The abbreviation, e.g. "E", "Lat".
        public let abbreviation: String
        /// The direction: "east", "north", "up"…
        public let direction: String
        /// The unit name: "metre", "degree".
        public let unit: String
        /// The factor from the unit to metres or radians.
        public let unitConversionFactor: Double
    }

    /// The region where a CRS or an operation is valid.
    public struct AreaOfUse: Sendable, Hashable, Codable {
        /// A description, e.g. "Europe between 6°E and 12°E: …".
        public let name: String
        /// The box in degrees (x = longitude, y = latitude).
        public let bounds: BoundingBox
    }

    /// Reads a CRS from any of the spellings listed above.
    /// - Throws: `PROJError.unknownCRS` with PROJ's message when the text names no CRS.
    ///
    /// A definition is read from PROJ's database once per process and then remembered, so
    /// asking for the same CRS again (every file of a folder with the same `.prj`) is cheap.
    public init(_ text: String) throws(PROJError) {
        let definition = CRS.normalizedDefinition(text)
        self = try CRS.known.value(for: definition) { () throws(PROJError) in try CRS(reading: definition, text: text) }
    }

    /// CRSs already read, by normalised definition.
    static let known = SharedCache<String, CRS>()

    /// Reads a CRS from PROJ's database.
    private init(reading definition: String, text: String) throws(PROJError) {
        self = try PROJContextPool.withContext { context throws(PROJError) in
            guard let object = proj_create(context.pointer, definition) else {
                throw PROJError.unknownCRS(definition: text, reason: context.failureReason())
            }
            defer { proj_destroy(object) }
            guard proj_is_crs(object) != 0 else {
                throw PROJError.unknownCRS(definition: text, reason: "this describes a coordinate operation, not a CRS")
            }
            return CRS(object: object, definition: definition, context: context)
        }
    }

    /// The CRS a GeoCore reference names. References are what readers make of the CRS a
    /// file declares, so the text is read as ``init(declaredByData:)`` reads it: it may not
    /// name a file (to use a grid file of your own, read the CRS from its text with `CRS("…")`).
    /// - Throws: `PROJError.unknownCRS` when PROJ does not know it or it names a file.
    public init(_ reference: CRSReference) throws(PROJError) {
        switch reference {
        case .epsg, .crs84: try self.init(reference.identifier)
        case .other(let text): try self.init(declaredByData: text)
        }
    }

    /// A GeoCore reference to this CRS: `.epsg(code)` or `.crs84` when it has such an
    /// identifier, otherwise `.other` holding the definition.
    public var reference: CRSReference {
        if authority?.uppercased() == "EPSG", let code, let number = Int(code) { return .epsg(number) }
        if authority?.uppercased() == "OGC", code?.uppercased() == "CRS84" { return .crs84 }
        return .other(definition)
    }

    /// `EPSG:25832`, or the name when the CRS has no identifier.
    public var identifier: String {
        if let authority, let code { return "\(authority):\(code)" }
        return name
    }

    /// True for geographic CRSs (coordinates in degrees).
    public var isGeographic: Bool { kind == .geographic2D || kind == .geographic3D }

    /// True when the authority lists latitude (northing) before longitude (easting), as
    /// EPSG:4326 and EPSG:4258 do. GML and WFS output must then swap GeoKit's x/y.
    public var isNorthingFirst: Bool {
        guard axes.count >= 2 else { return false }
        let first = axes[0].direction.lowercased()
        return first == "north" || first == "south"
    }

    public var description: String { "\(identifier) (\(name))" }

    public static func == (lhs: CRS, rhs: CRS) -> Bool { lhs.wkt == rhs.wkt }
    public func hash(into hasher: inout Hasher) { hasher.combine(wkt) }

    /// Turns EPSG/OGC spellings into the form PROJ knows best and marks PROJ strings as CRSs.
    static func normalizedDefinition(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch CRSReference(parsing: trimmed) {
        case .epsg(let code): return "EPSG:\(code)"
        case .crs84: return "OGC:CRS84"
        case .other:
            if trimmed.hasPrefix("+"), !trimmed.contains("+type=crs") { return trimmed + " +type=crs" }
            return trimmed
        }
    }
}

import Foundation
