import Foundation
import GeoCore

/// GDAL's command-line tools as the reference reader of what GeoKit writes.
public enum GDAL {
    /// What `ogrinfo -so` says about one layer.
    public struct LayerSummary: Sendable {
        public var name: String
        public var count: Int
        public var geometryType: String
        /// Field names with GDAL's type names (`String`, `Integer64`, `Real`, `Integer(Boolean)`…).
        public var fields: [(name: String, type: String)]
        /// The `ID["EPSG",code]` at the end of the layer's WKT, if any.
        public var epsg: Int?
        /// The whole WKT.
        public var wkt: String
    }

    /// `ogrinfo` and `ogr2ogr`, or nil (with a printed reason) when gdal-bin is missing.
    public static func tools(for test: String) -> (ogrinfo: String, ogr2ogr: String)? {
        guard let info = which("ogrinfo"), let convert = which("ogr2ogr") else {
            print("SKIPPED \(test): ogrinfo/ogr2ogr (Debian gdal-bin) are not installed; `make test` installs them")
            return nil
        }
        return (info, convert)
    }

    /// `ogrinfo -ro -so PATH LAYER`.
    public static func summary(of path: String, layer: String? = nil) throws -> LayerSummary? {
        let result = try run(which("ogrinfo")!, ["-ro", "-so", path] + (layer.map { [$0] } ?? ["-al"]))
        guard result.status == 0 else { return nil }
        var summary = LayerSummary(name: "", count: -1, geometryType: "", fields: [], epsg: nil, wkt: "")
        var inWKT = false
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Layer name: ") { summary.name = String(line.dropFirst(12)) }
            else if line.hasPrefix("Geometry: ") { summary.geometryType = String(line.dropFirst(10)) }
            else if line.hasPrefix("Feature Count: ") { summary.count = Int(line.dropFirst(15)) ?? -1 }
            else if line.hasPrefix("Layer SRS WKT:") { inWKT = true; continue }
            if inWKT {
                if line.hasPrefix("Data axis") || line.hasPrefix("FID Column") || line.hasPrefix("Geometry Column") || (!line.hasPrefix(" ") && line.contains(": ") && !line.contains("[")) {
                    inWKT = false
                } else {
                    summary.wkt += line + "\n"
                    continue
                }
            }
            guard !line.hasPrefix("FID Column"), !line.hasPrefix("Extent: "), !line.hasPrefix("Geometry Column"), !line.hasPrefix("Data axis"),
                  let separator = line.range(of: ": ", options: .backwards) else { continue }
            let rest = line[separator.upperBound...]
            guard rest.hasSuffix(")"), let open = rest.range(of: " (", options: .backwards) else { continue }
            summary.fields.append((String(line[..<separator.lowerBound]), String(rest[..<open.lowerBound])))
        }
        // The CRS's own identifier is the last line, `    ID["EPSG",25832]]`; inner IDs
        // (units, methods) are indented deeper.
        if let last = summary.wkt.split(separator: "\n").last, last.hasPrefix("    ID[\"EPSG\","), !last.hasPrefix("     ") {
            summary.epsg = Int(last.dropFirst(14).prefix { $0.isNumber })
        }
        return summary
    }

    /// The features as GDAL reads them: `ogr2ogr -f GeoJSON` with 17 significant digits,
    /// parsed by GeoKit's GeoJSON reader.
    public static func features(of path: String, layer: String? = nil, options: [String] = []) throws -> [Feature] {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = directory + "/out.geojson"
        let result = try run(which("ogr2ogr")!, ["-f", "GeoJSON", "-lco", "SIGNIFICANT_FIGURES=17", "-lco", "WRITE_NAME=NO"] + options + [out, path] + (layer.map { [$0] } ?? []))
        guard result.status == 0 else { throw GDALFailure(message: result.stderr) }
        return try GeoJSON.readLayer(atPath: out).features
    }

    /// An ogr2ogr failure with its message.
    public struct GDALFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "ogr2ogr failed: \(message)" }
    }

    /// Whether two geometries have the same type, the same number of positions and
    /// coordinates within `tolerance` (absolute, in the CRS's units).
    public static func nearlyEqual(_ a: Geometry?, _ b: Geometry?, tolerance: Double = 1e-9) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        var left: [Position] = [], right: [Position] = []
        a.forEachPosition { left.append($0) }
        b.forEachPosition { right.append($0) }
        guard a.type == b.type, left.count == right.count else { return false }
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= tolerance || (x.isNaN && y.isNaN) }
        return zip(left, right).allSatisfy { p, q in
            close(p.x, q.x) && close(p.y, q.y) && ((p.z == nil && q.z == nil) || (p.z.map { z in q.z.map { close(z, $0) } ?? false } ?? false))
        }
    }
}
