import Foundation
import GeoKit
import TestSupport
import Testing

/// CRS text from data may not make PROJ open files (issue 13, finding 3).
@Suite struct DataCRSGuardTests {
    @Test func pathsInDataCRSTextAreRefused() throws {
        let hostile = [
            "+proj=longlat +ellps=GRS80 +nadgrids=/etc/passwd",
            "+proj=longlat +ellps=GRS80 +nadgrids=@null,../grids/x.gsb",
            "+proj=longlat +datum=WGS84 +geoidgrids=./egm.gtx",
            "+init=/etc/passwd:foo",
            "+proj=tmerc +init=~/my.init:1",
            #"GEOGCS["x",DATUM["d",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],EXTENSION["PROJ4_GRIDS","/tmp/x.gsb"]]"#,
            #"GEOGCS["x",DATUM["d",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],EXTENSION["PROJ4","+proj=longlat +ellps=GRS80 +nadgrids=/tmp/x.gsb"]]"#,
            #"BOUNDCRS[SOURCECRS[GEOGCRS["x",DATUM["d",ELLIPSOID["GRS 1980",6378137,298.257222101]],CS[ellipsoidal,2],AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433]]],TARGETCRS[GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],CS[ellipsoidal,2],AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433]]],ABRIDGEDTRANSFORMATION["t",METHOD["NTv2"],PARAMETERFILE["Latitude and longitude difference file","/etc/passwd"]]]"#,
        ]
        for text in hostile {
            do {
                _ = try CRS(declaredByData: text)
                Issue.record("read: \(text)")
            } catch {
                #expect("\(error)".contains("may not name a file"), "\(text): \(error)")
            }
            // A reference made by a reader is guarded the same way.
            #expect(throws: PROJError.self) { try CRS(CRSReference.other(text)) }
        }
    }

    @Test func ordinaryDataCRSTextStillReads() throws {
        #expect(try CRS(declaredByData: "EPSG:25832").code == "25832")
        #expect(try CRS(declaredByData: "+proj=longlat +ellps=GRS80 +nadgrids=@null +no_defs").kind == .bound)
        let prj = try String(contentsOfFile: Paths.fixture("crs/vg5000_krs_gk3.prj"), encoding: .utf8)
        #expect(try CRS(declaredByData: prj).kind == .projected)
        let shapefilePRJ = try String(contentsOfFile: Paths.fixture("shapefile/koeln_stadtbezirk.prj"), encoding: .isoLatin1)
        #expect(try CRS(declaredByData: shapefilePRJ).kind == .projected)
        // A user's own text may name their own grid file: only data is guarded.
        #expect(throws: PROJError.self) { try CRS(declaredByData: "+proj=longlat +ellps=GRS80 +nadgrids=/nonexistent/grid.gsb") }
    }

    /// A FIFO named by a GeoJSON `crs` member hung `geokit info` and `convert`; now the
    /// text is refused before PROJ opens anything. (Should it regress, a writer opens the
    /// FIFO after 10 s so that the test fails instead of hanging.)
    @Test func aFIFONamedByTheDataIsNeverOpened() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/grid.gsb"
        #expect(mkfifo(fifo, 0o600) == 0)
        let unblock = Thread {
            Thread.sleep(forTimeInterval: 10)
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        unblock.start()
        let started = Date()
        #expect(throws: PROJError.self) { try CRS(declaredByData: "+proj=longlat +ellps=GRS80 +nadgrids=\(fifo)") }
        #expect(throws: PROJError.self) { try CRS(declaredByData: "+init=\(fifo):x") }
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
