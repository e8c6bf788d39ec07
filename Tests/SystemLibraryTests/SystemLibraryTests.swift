import CGEOS
import CPROJ
import Testing

/// The system-library shims find and link Debian's GEOS and PROJ (the versions DESIGN.md
/// is written against), with the re-entrant GEOS API only.
@Suite struct SystemLibraryTests {
    @Test func geosIsLinkedThroughTheReentrantAPI() throws {
        let version = String(cString: GEOSversion())
        #expect(version.hasPrefix("3."), "GEOS \(version)")
        let context = try #require(GEOS_init_r())
        defer { GEOS_finish_r(context) }
        let reader = try #require(GEOSWKTReader_create_r(context))
        defer { GEOSWKTReader_destroy_r(context, reader) }
        let geometry = try #require(GEOSWKTReader_read_r(context, reader, "POLYGON((0 0,2 0,2 2,0 2,0 0))"))
        defer { GEOSGeom_destroy_r(context, geometry) }
        var area = 0.0
        #expect(GEOSArea_r(context, geometry, &area) == 1)  // returns 0 on exception
        #expect(area == 4)
    }

    @Test func projIsLinkedAndFindsItsDatabase() throws {
        let info = proj_info()
        #expect(info.major >= 9, "PROJ \(info.major).\(info.minor)")
        let context = try #require(proj_context_create())
        defer { proj_context_destroy(context) }
        let crs = try #require(proj_create(context, "EPSG:25832"), "proj.db not found: install proj-data")
        defer { proj_destroy(crs) }
        #expect(String(cString: proj_get_name(crs)) == "ETRS89 / UTM zone 32N")
        var geodesic = geod_geodesic()
        geod_init(&geodesic, 6_378_137, 1 / 298.257223563)
        var distance = 0.0
        geod_inverse(&geodesic, 50.9375, 6.9603, 52.52, 13.405, &distance, nil, nil)
        #expect(abs(distance - 477_000) < 3_000)  // Köln–Berlin, about 477 km
    }
}
