import Foundation
import GeoKit
import TestSupport
import Testing

/// `geokit serve` read by real clients: GDAL's OGC API driver, OWSLib, the ogctests Part 1
/// core suite and an OpenAPI validator; and its start, stop and failure paths.
@Suite(.serialized) struct ServeCLITests {
    static let aed = Paths.fixture("aed/koeln_aed_register.geojson")
    static let schools = Paths.fixture("schools/koeln_osm_schools_sample.geojson")
    static let roofs = Paths.fixture("solar/berlin_pv_potential_sample_25833.geojson")

    static func serve(_ extra: [String] = []) throws -> ServerProcess {
        try ServerProcess(CLITests.geokit, ["serve", aed, schools, roofs, "--port", "0"] + extra)
    }

    @Test func gdalReadsEveryCollectionWithTheSourcesCountsValuesAndCoordinates() throws {
        guard GDAL.tools(for: "gdalReadsEveryCollection") != nil else { return }
        let server = try Self.serve()
        for (path, id) in [(Self.aed, "koeln_aed_register"), (Self.schools, "koeln_osm_schools_sample"), (Self.roofs, "berlin_pv_potential_sample_25833")] {
            var source = try GeoJSON.readLayer(atPath: path)
            if source.crs != .crs84 { source = try Transformer(from: source.crs!.identifier, to: "OGC:CRS84").transform(source) }
            let summary = try #require(try GDAL.summary(of: "OAPIF:" + server.url, layer: id), "ogrinfo could not open \(id)")
            #expect(summary.count == source.features.count, "\(id)")
            let read = try GDAL.features(of: "OAPIF:" + server.url, layer: id)
            #expect(read.count == source.features.count, "\(id)")
            for (index, (theirs, ours)) in zip(read, source.features).enumerated() {
                #expect(GDAL.nearlyEqual(theirs.geometry, ours.geometry, tolerance: 1e-9), "\(id) feature \(index)")
                for (name, value) in ours.properties where !value.isNull {
                    let gdal = theirs.properties[name]
                    // GDAL 3.6 types the columns from the first page it reads: a column whose
                    // first values are null becomes text, so an integer comes back as its text.
                    let text = value.stringValue ?? value.jsonText
                    let same = gdal == value || gdal?.stringValue?.replacingOccurrences(of: "/", with: "-") == text
                        || (gdal?.doubleValue != nil && gdal?.doubleValue == value.doubleValue)
                    #expect(same, "\(id) feature \(index) \(name): GDAL \(String(describing: gdal)), source \(value)")
                }
            }
        }
        #expect(server.stop() == 0)
    }

    @Test func owslibListsTheCollectionsAndPagesTheFeatures() throws {
        if let reason = missingPythonModules(["owslib"], for: "owslibListsTheCollections") { print(reason); return }
        let server = try Self.serve()
        let script = """
        import json, sys
        from owslib.ogcapi.features import Features
        w = Features(sys.argv[1])
        ids = [c['id'] for c in w.collections()['collections']]
        items = w.collection_items('koeln_aed_register', limit=50, bbox=[6.9, 50.9, 7.0, 51.0])
        one = w.collection_item('koeln_aed_register', '7')
        print(json.dumps({'ids': ids, 'matched': items['numberMatched'], 'returned': len(items['features']),
                          'one': one['properties']['name'],
                          'queryables': sorted(w.collection_queryables('koeln_osm_schools_sample')['properties'])}))
        """
        let result = try run(which("python3")!, ["-c", script, server.url])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(answer["ids"] as? [String] == ["koeln_aed_register", "koeln_osm_schools_sample", "berlin_pv_potential_sample_25833"])
        let source = try GeoJSON.readLayer(atPath: Self.aed)
        let box = BoundingBox(minX: 6.9, minY: 50.9, maxX: 7.0, maxY: 51.0)
        let inBox = source.features.filter { $0.geometry?.boundingBox.map(box.intersects) ?? false }.count
        #expect(answer["matched"] as? Int == inBox && answer["returned"] as? Int == min(50, inBox))
        #expect(answer["one"] as? String == source.features.first { $0.id == 7 }?.properties["name"]?.stringValue)
        let schools = try GeoJSON.readLayer(atPath: Self.schools)
        #expect(answer["queryables"] as? [String] == schools.fields.map(\.name).sorted())
        server.stop()
    }

    @Test func theOGCTestsCoreSuitePassesEveryTest() throws {
        if let reason = missingPythonModules(["ogctests", "httpx"], for: "theOGCTestsCoreSuite") { print(reason); return }
        let server = try Self.serve()
        let script = CLITests.repository + "/Tests/geokitTests/Clients/run_ogctests.py"
        let result = try run(which("python3")!, [script, server.url])
        let summary = result.stdout.split(separator: "\n").last { $0.contains("passed") || $0.contains("failed") } ?? ""
        #expect(result.status == 0 && summary.contains("29 passed") && !summary.contains("failed"),
                "\(result.stdout.split(separator: "\n").filter { $0.hasPrefix("FAILED") || $0.hasPrefix("ERROR") || $0.hasPrefix("E ") }.prefix(30).joined(separator: "\n"))\n\(summary)")
        server.stop()
    }

    @Test func theAPIDefinitionIsValidOpenAPI() throws {
        if let reason = missingPythonModules(["openapi_spec_validator"], for: "theAPIDefinitionIsValidOpenAPI") { print(reason); return }
        let server = try Self.serve()
        let script = """
        import json, sys, urllib.request
        from openapi_spec_validator import validate
        document = json.load(urllib.request.urlopen(sys.argv[1] + '/api'))
        validate(document)
        print(len(document['paths']))
        """
        let result = try run(which("python3")!, ["-c", script, server.url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == 4 + 3 * 5)
        server.stop()
    }

    @Test func headCORSAndSigtermOverRealHTTP() throws {
        let server = try Self.serve(["--cors"])
        let get = try httpRequest(server.url + "/collections/koeln_aed_register/items?limit=1")
        #expect(get.status == 200 && get.body.contains("\"numberReturned\":1") && get.headers["access-control-allow-origin"] == "*")
        #expect(get.headers["content-type"] == "application/geo+json" && get.headers["content-crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>")
        let head = try httpRequest(server.url + "/collections/koeln_aed_register/items?limit=1", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == String(get.body.utf8.count), "\(head.headers)")
        let preflight = try httpRequest(server.url + "/collections", method: "OPTIONS", headers: ["Origin": "https://app.example", "Access-Control-Request-Method": "GET"])
        #expect(preflight.status == 204 && preflight.headers["access-control-allow-methods"]?.contains("GET") == true)
        let html = try httpRequest(server.url + "/collections/koeln_aed_register/items", headers: ["Accept": "text/html"])
        #expect(html.status == 200 && html.headers["content-type"] == "text/html; charset=utf-8" && html.body.contains("<svg class=\"map\""))
        let missing = try httpRequest(server.url + "/collections/none")
        #expect(missing.status == 404 && missing.headers["content-type"] == "application/problem+json")
        #expect(server.stop(signal: SIGTERM) == 0)
        #expect(server.errors.contains("/collections/koeln_aed_register/items?limit=1") && server.errors.contains("status=200"), "\(server.errors)")
    }

    @Test func badInputsAndAnOccupiedPortExitWithAMessage() throws {
        let missing = try run(CLITests.geokit, ["serve", "/nonexistent/aed.geojson", "--port", "0"])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/aed.geojson"), "\(missing.stderr)")
        let bad = try run(CLITests.geokit, ["serve", Paths.fixture("bad/truncated.geojson"), "--port", "0"])
        #expect(bad.status == 1 && bad.stderr.contains("truncated.geojson"), "\(bad.stderr)")
        let port = try run(CLITests.geokit, ["serve", Self.aed, "--port", "70000"])
        #expect(port.status == 2 && port.stderr.contains("--port"), "\(port.stderr)")
        let server = try Self.serve()
        let taken = String(server.url.split(separator: ":").last!)
        let occupied = try run(CLITests.geokit, ["serve", Self.aed, "--port", taken])
        #expect(occupied.status == 1 && occupied.stderr.contains("cannot serve on 127.0.0.1:\(taken)"), "\(occupied.stderr)")
        server.stop()
    }

    /// Headless Chromium opens the pages and the screenshot shows the features on the map:
    /// red dots where the page has features, none where it has none.
    @Test func chromiumDrawsTheMapsOfThePages() throws {
        guard let chromium = which("chromium") ?? which("chromium-browser") else {
            print("SKIPPED chromiumDrawsTheMapsOfThePages: Debian's chromium is not installed; `make test` installs it")
            return
        }
        let server = try Self.serve()
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func redPixels(_ target: String) throws -> Int {
            let png = folder + "/page.png"
            try? FileManager.default.removeItem(atPath: png)
            let shot = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,1000",
                                          "--user-data-dir=\(folder)/profile", "--screenshot=\(png)", server.url + target])
            #expect(FileManager.default.fileExists(atPath: png), "\(target): \(shot.stderr.suffix(500))")
            let count = try run(which("python3")!, [CLITests.repository + "/Tests/geokitTests/Clients/count_colour.py", png, "cc0000"])
            #expect(count.status == 0, "\(count.stderr)")
            return Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        let items = try redPixels("/collections/koeln_aed_register/items?f=html&limit=50")
        #expect(items > 500, "red pixels on the items page: \(items)")
        let nearest = try redPixels("/collections/koeln_aed_register/nearest?f=html&lon=6.9583&lat=50.9413&k=3")
        #expect(nearest > 50, "red pixels on the nearest page: \(nearest)")
        let empty = try redPixels("/collections/koeln_aed_register/items?f=html&bbox=0,0,0.1,0.1")
        #expect(empty == 0, "red pixels on a page without features: \(empty)")
        server.stop()
    }

    /// An INSPIRE export served as the download service's files: linked from the collection,
    /// the GML read back whole over HTTP, HEAD giving its size.
    @Test func theFilesOfAnINSPIREExportAreDownloadedWhole() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let export = try run(CLITests.geokit, ["inspire", "export", Self.aed, "--mapping", Paths.fixture("inspire/koeln_aed_mapping.yaml"),
                                               "--metadata", Paths.fixture("inspire/koeln_aed_metadata.yaml"), "-o", folder])
        #expect(export.status == 0, "\(export.stderr)")
        let server = try Self.serve(["--downloads", "koeln_aed_register=\(folder)", "--license", "https://www.govdata.de/dl-de/by-2-0"])
        let collection = try httpRequest(server.url + "/collections/koeln_aed_register")
        let links = (try JSONSerialization.jsonObject(with: Data(collection.body.utf8)) as? [String: Any])?["links"] as? [[String: Any]] ?? []
        let enclosure = try #require(links.first { $0["rel"] as? String == "enclosure" }?["href"] as? String)
        #expect(enclosure == server.url + "/collections/koeln_aed_register/downloads/koeln-aed.gml")
        #expect(links.contains { $0["rel"] as? String == "describedby" && $0["type"] as? String == "application/xml" })
        let gml = try String(contentsOfFile: folder + "/koeln-aed.gml", encoding: .utf8)
        let download = try httpRequest(enclosure)
        #expect(download.status == 200 && download.body == gml && download.headers["content-type"] == "application/gml+xml; version=3.2")
        let head = try httpRequest(enclosure, method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == String(gml.utf8.count))
        let landing = try httpRequest(server.url + "/")
        #expect(landing.body.contains("https://www.govdata.de/dl-de/by-2-0") && landing.headers["content-language"] == "en")
        let wrong = try run(CLITests.geokit, ["serve", Self.aed, "--port", "0", "--downloads", "nosuch=\(folder)"])
        #expect(wrong.status == 1 && wrong.stderr.contains("--downloads") && wrong.stderr.contains("koeln_aed_register"), "\(wrong.stderr)")
        server.stop()
    }
}
