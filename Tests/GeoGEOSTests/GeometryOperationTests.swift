import GeoKit
import Testing

/// The named GEOS operations (what `geokit geom` runs) as a library catalogue.
@Suite struct GeometryOperationTests {
    @Test func operationsRunByNameWithTextArguments() throws {
        let a = try WKT.decode("POLYGON((0 0,10 0,10 10,0 10,0 0))"), b = try WKT.decode("POLYGON((5 5,15 5,15 15,5 15,5 5))")
        let options = GeometryOperation.Options()
        #expect(try GeometryOperation.named("area")!.run(a, nil, [], options) == .number(100))
        #expect(try GeometryOperation.named("relate")!.run(a, b, [], options) == .text("212101212"))
        #expect(try GeometryOperation.named("intersects")!.run(a, b, [], options) == .boolean(true))
        guard case .geometry(let clipped) = try GeometryOperation.named("clip")!.run(a, nil, ["0", "0", "5", "5"], options) else {
            Issue.record("clip gives a geometry")
            return
        }
        #expect(try clipped.area() == 25)
        #expect(throws: GEOSError.self) { try GeometryOperation.named("buffer")!.run(a, nil, ["ten"], options) }
        #expect(GeometryOperation.named("no-such") == nil)
        #expect(Set(GeometryOperation.all.map(\.name)).count == GeometryOperation.all.count, "names are unique")
        #expect(GeometryOperation.all.allSatisfy { (1...2).contains($0.geometries) && !$0.summary.isEmpty })
    }
}
