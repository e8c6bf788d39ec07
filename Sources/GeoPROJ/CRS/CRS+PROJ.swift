import CPROJ
import GeoCore

extension CRS {
    /// Reads everything a `CRS` keeps from a PROJ object.
    init(object: OpaquePointer, definition: String, context: PROJContext) {
        let ctx = context.pointer
        self.definition = definition
        name = proj_get_name(object).map { String(cString: $0) } ?? definition
        authority = proj_get_id_auth_name(object, 0).map { String(cString: $0) }
        code = proj_get_id_code(object, 0).map { String(cString: $0) }
        kind = CRS.kind(of: proj_get_type(object))
        axes = CRS.axes(of: object, context: ctx)
        areaOfUse = CRS.areaOfUse(of: object, context: ctx)
        wkt = proj_as_wkt(ctx, object, PJ_WKT2_2019, nil).map { String(cString: $0) } ?? ""
        projJSON = proj_as_projjson(ctx, object, nil).map { String(cString: $0) } ?? ""
    }

    static func kind(of type: PJ_TYPE) -> Kind {
        switch type {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS: .geographic2D
        case PJ_TYPE_GEOGRAPHIC_3D_CRS: .geographic3D
        case PJ_TYPE_GEOCENTRIC_CRS: .geocentric
        case PJ_TYPE_PROJECTED_CRS: .projected
        case PJ_TYPE_COMPOUND_CRS: .compound
        case PJ_TYPE_VERTICAL_CRS: .vertical
        case PJ_TYPE_ENGINEERING_CRS: .engineering
        case PJ_TYPE_BOUND_CRS: .bound
        default: .other
        }
    }

    static func axes(of object: OpaquePointer, context: OpaquePointer) -> [Axis] {
        // A compound CRS has its axes on its components; a bound CRS on its base.
        var owned: [OpaquePointer] = []
        defer { owned.forEach { proj_destroy($0) } }
        var parts: [OpaquePointer] = []
        if proj_get_type(object) == PJ_TYPE_COMPOUND_CRS {
            var index: Int32 = 0
            while let sub = proj_crs_get_sub_crs(context, object, index) {
                owned.append(sub)
                parts.append(sub)
                index += 1
            }
        } else if proj_get_type(object) == PJ_TYPE_BOUND_CRS, let base = proj_get_source_crs(context, object) {
            owned.append(base)
            parts.append(base)
        } else {
            parts.append(object)
        }
        var result: [Axis] = []
        for part in parts {
            guard let cs = proj_crs_get_coordinate_system(context, part) else { continue }
            owned.append(cs)
            let count = proj_cs_get_axis_count(context, cs)
            guard count > 0 else { continue }
            for i in 0..<count {
                var name: UnsafePointer<CChar>?
                var abbreviation: UnsafePointer<CChar>?
                var direction: UnsafePointer<CChar>?
                var factor = 0.0
                var unit: UnsafePointer<CChar>?
                // returns TRUE on success
                guard proj_cs_get_axis_info(context, cs, i, &name, &abbreviation, &direction, &factor, &unit, nil, nil) != 0 else { continue }
                result.append(Axis(name: name.map { String(cString: $0) } ?? "", abbreviation: abbreviation.map { String(cString: $0) } ?? "",
                                   direction: direction.map { String(cString: $0) } ?? "", unit: unit.map { String(cString: $0) } ?? "",
                                   unitConversionFactor: factor))
            }
        }
        return result
    }

    static func areaOfUse(of object: OpaquePointer, context: OpaquePointer) -> AreaOfUse? {
        var west = 0.0, south = 0.0, east = 0.0, north = 0.0
        var name: UnsafePointer<CChar>?
        // returns TRUE when an area of use is known
        guard proj_get_area_of_use(context, object, &west, &south, &east, &north, &name) != 0, west > -1000 else { return nil }
        return AreaOfUse(name: name.map { String(cString: $0) } ?? "", bounds: BoundingBox(minX: west, minY: south, maxX: east, maxY: north))
    }

    /// A match of `identify()`: an authority code and PROJ's confidence (0–100).
    public struct Identification: Sendable, Hashable {
        /// The authority, e.g. "EPSG".
        public let authority: String
        /// The code, e.g. "25832".
        public let code: String
        /// PROJ's confidence in percent: 100 is an exact match, 70 a match up to naming, 25 weak.
        public let confidence: Int
    }

    /// Finds authority codes that describe this CRS (useful for a `.prj`'s ESRI WKT,
    /// which carries no EPSG code), best first.
    /// - Parameter authority: restrict to one authority (default EPSG), or `nil` for all.
    ///
    /// Answers are remembered for the process: identifying is PROJ's slowest question.
    public func identify(authority: String? = "EPSG") -> [Identification] {
        CRS.identified.value(for: definition + "\u{1}" + (authority ?? "")) { identifyingInPROJ(authority: authority) }
    }

    /// Identifications already made, by definition and authority.
    static let identified = SharedCache<String, [Identification]>()

    private func identifyingInPROJ(authority: String?) -> [Identification] {
        PROJContextPool.withContext { context in
            guard let object = proj_create(context.pointer, definition) else { return [] }
            defer { proj_destroy(object) }
            var confidences: UnsafeMutablePointer<Int32>?
            guard let list = proj_identify(context.pointer, object, authority, nil, &confidences) else { return [] }
            defer {
                proj_list_destroy(list)
                proj_int_list_destroy(confidences)
            }
            var result: [Identification] = []
            for i in 0..<proj_list_get_count(list) {
                guard let candidate = proj_list_get(context.pointer, list, i) else { continue }
                defer { proj_destroy(candidate) }
                let auth = proj_get_id_auth_name(candidate, 0).map { String(cString: $0) } ?? ""
                let code = proj_get_id_code(candidate, 0).map { String(cString: $0) } ?? ""
                result.append(Identification(authority: auth, code: code, confidence: Int(confidences?[Int(i)] ?? 0)))
            }
            return result.sorted { $0.confidence > $1.confidence }
        }
    }
}

extension CRSReference {
    /// The full CRS this reference names.
    /// - Throws: `PROJError.unknownCRS`.
    public func resolved() throws(PROJError) -> CRS { try CRS(self) }
}
