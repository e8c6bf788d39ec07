import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct CRSTests {
    @Test func everySpellingOfAnEPSGCode() throws {
        for text in ["EPSG:25832", "25832", "epsg:25832", "urn:ogc:def:crs:EPSG::25832",
                     "http://www.opengis.net/def/crs/EPSG/0/25832"] {
            let crs = try CRS(text)
            #expect(crs.name == "ETRS89 / UTM zone 32N", "\(text)")
            #expect(crs.authority == "EPSG" && crs.code == "25832", "\(text)")
            #expect(crs.reference == .epsg(25832))
        }
    }

    @Test func metadataOfAProjectedCRS() throws {
        let crs = try CRS("EPSG:25832")
        #expect(crs.kind == .projected)
        #expect(crs.axes.map(\.direction) == ["east", "north"])
        #expect(crs.axes.map(\.unit) == ["metre", "metre"])
        #expect(!crs.isNorthingFirst)
        let area = try #require(crs.areaOfUse)
        #expect(area.bounds.minX == 6 && abs(area.bounds.maxX - 12) < 0.1, "\(area.bounds)")
        #expect(area.name.contains("Germany"))
        #expect(crs.wkt.hasPrefix("PROJCRS[\"ETRS89 / UTM zone 32N\""))
        #expect(crs.projJSON.contains("\"type\": \"ProjectedCRS\""))
    }

    @Test func geographicCRSsAndAxisOrder() throws {
        let wgs84 = try CRS("EPSG:4326")
        #expect(wgs84.kind == .geographic2D)
        #expect(wgs84.isNorthingFirst, "EPSG:4326 is latitude first")
        #expect(try CRS("EPSG:4258").isNorthingFirst)
        let crs84 = try CRS("OGC:CRS84")
        #expect(!crs84.isNorthingFirst)
        #expect(crs84.reference == .crs84)
        let p = Position(x: 6.9578, y: 50.9413)
        #expect(AxisOrder.authorityOrder(p, for: wgs84) == Position(x: 50.9413, y: 6.9578))
        #expect(AxisOrder.authorityOrder(p, for: crs84) == p)
    }

    @Test func wktPROJJSONAndPROJStringsAreRead() throws {
        let utm = try CRS("EPSG:25832")
        #expect(try CRS(utm.wkt) == utm)
        #expect(try CRS(utm.projJSON).name == utm.name)
        let fromString = try CRS("+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs")
        #expect(fromString.kind == .projected)
    }

    @Test func shapefilePrjIsIdentified() throws {
        // BKG's VG5000 .prj (ESRI WKT of DHDN / Gauss-Krüger zone 3), copied into Fixtures.
        let prj = Paths.fixture("crs/vg5000_krs_gk3.prj")
        let text = try String(contentsOfFile: prj, encoding: .utf8)
        let crs = try CRS(text)
        let best = try #require(crs.identify().first)
        #expect(best.authority == "EPSG" && best.code == "31467", "\(crs.identify())")
        // ESRI names differ from EPSG's, so PROJ reports a low but best confidence.
        #expect(best.confidence >= 25)
    }

    @Test func unknownCRSIsATypedErrorWithPROJsMessage() {
        #expect {
            _ = try CRS("EPSG:999999")
        } throws: { error in
            guard case PROJError.unknownCRS(let definition, let reason) = error else { return false }
            return definition == "EPSG:999999" && !reason.isEmpty && !reason.contains("4096")
        }
        #expect(throws: PROJError.self) { _ = try CRS("not a crs at all") }
        #expect(throws: PROJError.self) { _ = try CRS("+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad") }
    }

    @Test func crsReferenceResolves() throws {
        #expect(try CRSReference.epsg(3035).resolved().name == "ETRS89-extended / LAEA Europe")
        #expect(try CRSReference.crs84.resolved().isGeographic)
    }
}
