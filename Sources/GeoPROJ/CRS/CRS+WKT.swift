import CPROJ
import GeoCore

extension CRS {
    /// The WKT dialects that file formats expect.
    public enum WKTStyle: Sendable, Hashable {
        /// ISO 19162:2019 (WKT2), what `wkt` holds.
        case wkt2019
        /// OGC 01-009 WKT1 as GDAL writes it: GeoPackage `gpkg_spatial_ref_sys.definition`.
        case wkt1GDAL
        /// ESRI's WKT1 dialect: the `.prj` file of a Shapefile.
        case wkt1ESRI
    }

    /// This CRS as WKT in the given dialect, or nil when PROJ cannot express it in that
    /// dialect (WKT1 has no form for some CRSs, e.g. those with a dynamic datum epoch).
    ///
    /// Answers are remembered for the process.
    public func wkt(_ style: WKTStyle) -> String? {
        if style == .wkt2019 { return wkt }
        return CRS.written.value(for: WrittenKey(definition: definition, style: style)) { wktFromPROJ(style) }
    }

    struct WrittenKey: Hashable {
        let definition: String
        let style: WKTStyle
    }

    /// WKT1 texts already written, by definition and dialect.
    static let written = SharedCache<WrittenKey, String?>()

    private func wktFromPROJ(_ style: WKTStyle) -> String? {
        let type: PJ_WKT_TYPE = style == .wkt1GDAL ? PJ_WKT1_GDAL : PJ_WKT1_ESRI
        return PROJContextPool.withContext { context -> String? in
            guard let object = proj_create(context.pointer, definition) else { return nil }
            defer { proj_destroy(object) }
            return "MULTILINE=NO".withCString { option -> String? in
                var options: [UnsafePointer<CChar>?] = [option, nil]
                return proj_as_wkt(context.pointer, object, type, &options).map { String(cString: $0) }
            }
        }
    }
}
