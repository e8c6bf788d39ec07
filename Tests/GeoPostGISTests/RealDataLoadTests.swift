import Foundation
import GeoKit
@testable import GeoPostGIS
import Testing
import TestSupport

/// Every real layer of `../shared/data` loads into PostGIS and reads back with the same
/// count, CRS, geometries and values; GDAL reads the same tables.
@Suite(.serialized) struct RealDataLoadTests {
    @Test(.enabled(if: PostGISTesting.url != nil && Paths.shared != nil, "needs ../shared and a PostGIS database (GEOKIT_TEST_POSTGRES_URL, which make test sets)"))
    func everyRealLayerReadsBackUnchanged() throws {
        PostGISDriver.register()
        let schema = "real_\(ProcessInfo.processInfo.processIdentifier)"
        try PostGISTesting.psql("CREATE SCHEMA \(schema)")
        defer { _ = try? PostGISTesting.psql("DROP SCHEMA \(schema) CASCADE") }
        var components = URLComponents(string: PostGISTesting.url!)!
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "schema", value: schema)]
        // A debug build reads and decodes several times slower: there the layers up to 2 MB
        // load and are compared; release builds (make test-release, CI's second pass) take
        // every layer of the folder.
        var inputs = [Paths.shared! + "/data"]
        #if DEBUG
        let files = ConversionSources(inputs).files
        inputs = files.filter { ((try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0) <= 2_000_000 }
        print("RealDataLoadTests: debug build, \(inputs.count) of \(files.count) real files (those up to 2 MB); make test-release loads all")
        #endif
        var conversion = Conversion(inputs: inputs, output: components.string!)
        conversion.jobs = 2
        let plan = try conversion.plan()
        guard case .filePerInput(let targets) = plan.mode else { Issue.record("not a table per input: \(plan.mode)"); return }
        let report = conversion.run(plan)
        let failed = Set(report.summary.failed)
        var checked = 0
        for (input, target) in zip(plan.inputs, targets) {
            // What GeoKit cannot read from a file is not a PostGIS matter.
            guard let original = try? LayerIO.read(path: input.path, layer: input.layer).layer else { continue }
            #expect(!failed.contains(input.name), "\(input.name) failed to load: \(report.summary.failed)")
            guard !failed.contains(input.name) else { continue }
            // A name past PostgreSQL's 63 bytes was cut (with a warning).
            let wanted = URLComponents(string: target)?.queryItems?.first(where: { $0.name == "table" })?.value ?? ""
            let target = PostGISDriver().location(target, forTable: PostGISSQL.fitted(wanted)) ?? target
            let readBack = try LayerIO.read(path: target).layer
            let name = input.name
            #expect(readBack.features.count == original.features.count, "\(name): \(readBack.features.count) features, not \(original.features.count)")
            let srid = original.crs.map { $0 == .crs84 ? CRSReference.epsg(4326) : $0 }
            if case .epsg? = srid { #expect(readBack.crs == srid, "\(name): CRS \(String(describing: readBack.crs))") }
            var differences: [String] = []
            for (index, (read, given)) in zip(readBack.features, original.features).enumerated() where differences.count < 3 {
                if read.geometry != given.geometry { differences.append("feature \(index): geometry") }
                for (key, value) in given.properties {
                    let stored = read.properties[key] ?? .null
                    if !Self.same(stored, value) { differences.append("feature \(index) \(key): \(stored) for \(value)") }
                }
            }
            #expect(differences.isEmpty, "\(name): \(differences.joined(separator: "; "))")
            // GDAL reads the table with the same count.
            if let table = URLComponents(string: target)?.queryItems?.first(where: { $0.name == "table" })?.value,
               let ogrinfo = GDAL.tools(for: "RealDataLoadTests")?.ogrinfo {
                let location = try PostGISLocation(target)
                let result = try run(ogrinfo, ["-ro", "-so", "PG:host=\(location.host) port=\(location.port) dbname=\(location.database) user=\(location.user) schemas=\(schema)", table])
                #expect(result.stdout.contains("Feature Count: \(original.features.count)"), "\(name): ogrinfo says \(result.stdout.prefix(300)) \(result.stderr.prefix(300))")
            }
            checked += 1
        }
        #expect(checked >= 20, "only \(checked) real layers were checked")
        print("RealDataLoadTests: \(checked) real layers loaded into PostGIS and read back unchanged")
    }

    /// A value as a typed column gives it back: the same value, a number in a real
    /// column as that real, a value in a text column (mixed kinds) as its text, nested
    /// JSON as its JSON text, a date-time as the same instant.
    static func same(_ stored: JSONValue, _ given: JSONValue) -> Bool {
        if stored == given { return true }
        switch (stored, given) {
        case (.double(let d), .integer(let i)): return d == Double(i)
        case (.string(let s), .integer(let i)): return s == String(i)
        case (.string(let s), .double(let d)): return Double(s) == d
        case (.string(let s), .bool(let b)): return s == (b ? "true" : "false")
        case (.string(let s), .array), (.string(let s), .object): return s.hasPrefix("[") || s.hasPrefix("{")
        case (.string(let s), .string(let t)):
            // A date-time read back in UTC with Z; the same instant.
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let plain = ISO8601DateFormatter()
            func instant(_ text: String) -> Date? { formatter.date(from: text) ?? plain.date(from: text) }
            if let a = instant(s), let b = instant(t) { return a == b }
            return false
        default: return false
        }
    }
}
