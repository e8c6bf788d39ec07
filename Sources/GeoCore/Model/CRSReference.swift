/// A reference to a coordinate reference system by name, as data files carry it.
///
/// This is only the *name*: GeoCore has no CRS database. GeoPROJ turns a reference into a
/// full CRS. Accepted spellings: `EPSG:25832`, `25832`, the OGC URI
/// `http://www.opengis.net/def/crs/EPSG/0/25832`, the URN `urn:ogc:def:crs:EPSG::25832`
/// (with or without a version), `OGC:CRS84` and its URI/URN forms.
/// Anything else is kept verbatim as `.other`.
public enum CRSReference: Sendable, Hashable, CustomStringConvertible {
    /// An EPSG code, e.g. 25832 for ETRS89 / UTM zone 32N. Axis order as EPSG defines it
    /// (EPSG:4326 is latitude first in encodings that honour it).
    case epsg(Int)
    /// OGC CRS84: WGS 84 longitude/latitude in degrees, the CRS of RFC 7946 GeoJSON.
    case crs84
    /// A name GeoCore does not recognise (kept verbatim, e.g. WKT or an ESRI code).
    case other(String)

    /// Parses any of the spellings above; never fails, unknown text becomes `.other`.
    public init(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        let crs84Names: Set<String> = [
            "ogc:crs84", "crs84", "urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84",
            "http://www.opengis.net/def/crs/ogc/1.3/crs84", "https://www.opengis.net/def/crs/ogc/1.3/crs84",
            "http://www.opengis.net/def/crs/ogc/0/crs84",
        ]
        if crs84Names.contains(lower) {
            self = .crs84
            return
        }
        if let code = CRSReference.epsgCode(in: lower) {
            self = .epsg(code)
            return
        }
        self = .other(trimmed)
    }

    private static func epsgCode(in lower: String) -> Int? {
        func number(_ s: Substring) -> Int? {
            guard !s.isEmpty, s.allSatisfy(\.isASCII), let n = Int(s), n > 0 else { return nil }
            return n
        }
        if let n = number(Substring(lower)) { return n }
        if lower.hasPrefix("epsg:") { return number(lower.dropFirst(5)) }
        if lower.hasPrefix("urn:ogc:def:crs:epsg:") {
            // urn:ogc:def:crs:EPSG::25832 or urn:ogc:def:crs:EPSG:6.6:25832
            let rest = lower.dropFirst("urn:ogc:def:crs:epsg:".count)
            guard let colon = rest.lastIndex(of: ":") else { return number(rest) }
            return number(rest[rest.index(after: colon)...])
        }
        for prefix in ["http://www.opengis.net/def/crs/epsg/", "https://www.opengis.net/def/crs/epsg/"]
        where lower.hasPrefix(prefix) {
            // .../EPSG/0/25832
            let rest = lower.dropFirst(prefix.count)
            guard let slash = rest.lastIndex(of: "/") else { return nil }
            return number(rest[rest.index(after: slash)...])
        }
        return nil
    }

    /// EPSG:4326 and OGC:CRS84 are both WGS 84 in degrees; GeoKit stores both longitude first.
    public var isWGS84Geographic: Bool { self == .crs84 || self == .epsg(4326) }

    /// The EPSG code, if this is an EPSG reference.
    public var epsgCode: Int? { if case .epsg(let c) = self { c } else { nil } }

    /// Short form: `EPSG:25832`, `OGC:CRS84`, or the verbatim text.
    public var identifier: String {
        switch self {
        case .epsg(let c): "EPSG:\(c)"
        case .crs84: "OGC:CRS84"
        case .other(let s): s
        }
    }

    /// The OGC URN, `urn:ogc:def:crs:EPSG::25832` (the form legacy GeoJSON `crs` members use).
    public var urn: String {
        switch self {
        case .epsg(let c): "urn:ogc:def:crs:EPSG::\(c)"
        case .crs84: "urn:ogc:def:crs:OGC:1.3:CRS84"
        case .other(let s): s
        }
    }

    /// The OGC URI, `http://www.opengis.net/def/crs/EPSG/0/25832` (OGC API, INSPIRE).
    public var uri: String {
        switch self {
        case .epsg(let c): "http://www.opengis.net/def/crs/EPSG/0/\(c)"
        case .crs84: "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
        case .other(let s): s
        }
    }

    public var description: String { identifier }
}

import Foundation
