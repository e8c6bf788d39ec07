import Foundation
import TestSupport
import Testing

/// The trust checks on the real data in ../shared (CI always has it): no value changes its
/// text, and every table of a GeoPackage keeps its CRS, as GDAL reads them.
@Suite struct RealDataTrustTests {
    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func schoolPostcodesKeepTheirLeadingZeros() throws {
        let csv = Paths.shared! + "/data/schools/jedeschule_de_all_schools_2017.csv"
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/schools.gpkg"
        let converted = try run(CLITests.geokit, ["convert", csv, "-o", output, "--quiet"])
        #expect(converted.status == 0, "\(converted.stderr)")
        // GDAL reads a CSV's values as the text they are (no type detection by default).
        let source = try GDAL.features(of: csv, options: ["-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat"])
        let written = try GDAL.features(of: output)
        #expect(source.count == written.count && source.count > 20_000)
        let leadingZeros = source.filter { $0.properties["plz"]?.stringValue?.hasPrefix("0") ?? false }.count
        #expect(leadingZeros > 1000, "the eastern postcodes start with 0")
        var changed = 0
        for (a, b) in zip(source, written) where a.properties["plz"] != b.properties["plz"] { changed += 1 }
        #expect(changed == 0, "\(changed) postcodes changed their text")
        let summary = try #require(try GDAL.summary(of: output))
        #expect(summary.fields.first { $0.name == "plz" }?.type == "String")
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func everyTableOfAGeoPackageKeepsItsCRS() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = Paths.shared! + "/data"
        let cases: [(input: String, epsg: Int?)] = [
            (data + "/koeln_shp", nil),  // six tables, one custom ESRI CRS (UTM 32N, false easting 2,500,000)
            (data + "/admin/bkg_vg5000_2021_shp", 31467),
        ]
        for (n, (input, epsg)) in cases.enumerated() {
            let output = directory + "/\(n).gpkg"
            let converted = try run(CLITests.geokit, ["convert", input, "-o", output, "--quiet"])
            #expect(converted.status == 0, "\(input): \(converted.stderr)")
            let listing = try run(which("ogrinfo")!, ["-ro", "-q", output])
            let tables = listing.stdout.split(separator: "\n").compactMap { line -> String? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return line[line.index(after: colon)...].split(separator: " ").first.map(String.init)
            }
            #expect(tables.count >= 6, "\(input): \(listing.stdout)")
            // The shapefiles' tables share one CRS (the folder may hold other files too).
            let shapefiles = Set(try FileManager.default.contentsOfDirectory(atPath: input).filter { $0.hasSuffix(".shp") }.map { String($0.dropLast(4)) })
            var definitions: Set<String> = []
            for table in tables where shapefiles.contains(table) {
                let summary = try #require(try GDAL.summary(of: output, layer: table), "\(table)")
                #expect(!summary.wkt.isEmpty, "\(input): GDAL sees no CRS on \(table)")
                if let epsg { #expect(summary.epsg == epsg, "\(table): \(summary.wkt)") }
                definitions.insert(summary.wkt)
            }
            #expect(definitions.count == 1, "\(input): the tables share one CRS")
            let errors = try run(which("ogrinfo")!, ["-ro", "-so", "-al", output])
            #expect(!errors.stderr.contains("srs_id"), "\(errors.stderr)")
        }
    }

    /// Every real input converted to a GeoPackage carries the CRS GDAL sees in the input:
    /// the same EPSG code where the input has one, a CRS wherever the input has one.
    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func everyRealInputKeepsItsCRSInAGeoPackage() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try run(CLITests.geokit, ["convert", Paths.shared! + "/data", "-o", directory + "/out", "--to", "gpkg", "--jobs", "2", "--json", "--quiet"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let conversions = try #require(report["conversions"] as? [[String: Any]])
        #expect(conversions.count >= 45, "\(conversions.count) conversions; \(result.stderr)")
        var checked = 0
        for conversion in conversions {
            guard let input = (conversion["inputs"] as? [String])?.first, let output = conversion["output"] as? String else { continue }
            // "file.gpkg:table" names one table of a GeoPackage input.
            let parts = input.hasSuffix(".gpkg") ? [input] : input.components(separatedBy: ".gpkg:")
            let (file, table) = parts.count == 2 ? (parts[0] + ".gpkg", Optional(parts[1])) : (input, nil)
            guard !file.hasSuffix(".csv"), let source = try GDAL.summary(of: file.hasSuffix(".gz") ? "/vsigzip/" + file : file, layer: table) else { continue }
            let written = try #require(try GDAL.summary(of: output), "GDAL cannot open \(output)")
            if let epsg = source.epsg {
                #expect(written.epsg == epsg, "\(input): EPSG:\(epsg) became \(written.epsg.map(String.init) ?? "none")")
            } else if !source.wkt.isEmpty {
                #expect(!written.wkt.isEmpty, "\(input): its CRS was lost")
            }
            #expect(written.count == source.count, "\(input): \(source.count) features, \(written.count) written")
            checked += 1
        }
        #expect(checked >= 40, "\(checked) conversions compared with GDAL")
    }
}
