import Foundation
import GeoKit
import TestSupport
import Testing

/// No value changes its text on the way through a reader and a writer: leading zeros,
/// signs, spaces, trailing zeros and mixed columns survive every format.
@Suite struct ExactValueTests {
    static let ags = "name,ags,lon,lat\nDresden,14612000,13.74,51.05\nDuesseldorf,05111000,6.77,51.22\n"

    func write(_ text: String, named name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aCSVColumnIsANumberOnlyWhenEveryValueIs() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try write(Self.ags, named: "ags.csv", in: directory)
        let reader = try CSVReader(path: path)
        #expect(reader.declaredFields == [Field(name: "name", type: .string), Field(name: "ags", type: .string)])
        let layer = try CSV.readLayer(atPath: path).layer
        #expect(layer.features.map { $0.properties["ags"] } == [.string("14612000"), .string("05111000")])
    }

    @Test func numbersAreNumbersOnlyWhenTheirTextComesBackUnchanged() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csv = """
            x,y,int,real,mixed,plus,spaced,trailing,exponent,flag,zero,negzero,big
            1,2,7,1.5,1,+3, 12,1.50,1e5,true,0,-0,99999999999999999999
            1,2,-42,-0.25,2.5,4,13,2.0,2e5,false,0,0,1

            """
        let path = try write(csv, named: "types.csv", in: directory)
        let fields = try #require(try CSVReader(path: path).declaredFields)
        let types = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.type) })
        #expect(types == ["int": .integer, "real": .real, "mixed": .real, "plus": .string, "spaced": .string,
                          "trailing": .string, "exponent": .string, "flag": .boolean, "zero": .integer, "negzero": .string, "big": .string])
        let rows = try CSV.readLayer(atPath: path).layer.features
        #expect(rows[0].properties["int"] == .integer(7))
        #expect(rows[0].properties["mixed"] == .double(1))
        #expect(rows[0].properties["plus"] == .string("+3"))
        #expect(rows[0].properties["spaced"] == .string(" 12"))
        #expect(rows[0].properties["trailing"] == .string("1.50"))
        #expect(rows[1].properties["trailing"] == .string("2.0"))
        #expect(rows[0].properties["big"] == .string("99999999999999999999"))
        #expect(rows[1].properties["flag"] == .bool(false))
    }

    @Test func aDecimalCommaFileReadsItsCommasAndKeepsPointsAsText() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try write("rechtswert;hochwert;leistung;kennung\n356560,5;5645282,25;12,5;1.5\n356570,5;5645292,25;3,25;2.5\n",
                             named: "comma.csv", in: directory)
        let rows = try CSV.readLayer(atPath: path).layer.features
        #expect(rows.map { $0.properties["leistung"] } == [.double(12.5), .double(3.25)])
        #expect(rows.map { $0.properties["kennung"] } == [.string("1.5"), .string("2.5")])
        #expect(rows[0].geometry == .point(Position(x: 356560.5, y: 5645282.25)))
    }

    @Test func everyOutputFormatKeepsTheLeadingZero() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = try write(Self.ags, named: "ags.csv", in: directory)
        for format in [VectorFormat.geopackage, .geojson, .csv, .shapefile] {
            let output = directory + "/out." + format.fileExtension
            let source = try VectorFormat.csv.openSource(path: input)
            let sink = try format.makeSink(path: output, layer: LayerSchema(name: "ags", crs: source.crs, fields: source.declaredFields ?? []))
            while let feature = try source.next() { try sink.write(feature) }
            try sink.finish()
            let back = try LayerIO.read(path: output).layer
            #expect(back.features.map { $0.properties["ags"] } == [.string("14612000"), .string("05111000")], "\(format)")
            let gdal = try #require(try GDAL.summary(of: output), "GDAL cannot open \(output)")
            #expect(gdal.fields.first { $0.name == "ags" }?.type == "String", "\(format): \(gdal.fields)")
        }
    }

    @Test func aCSVKeepsItsCoordinateColumnNames() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = try write(Self.ags, named: "ags.csv", in: directory)
        let source = try CSVReader(path: input)
        #expect(source.coordinateColumnNames == CoordinateColumnNames(x: "lon", y: "lat"))
        var description = LayerSchema(name: "ags", crs: source.crs, fields: source.declaredFields ?? [])
        description.coordinateColumnNames = source.coordinateColumnNames
        let sink = try VectorFormat.csv.makeSink(path: directory + "/out.csv", layer: description)
        while let f = try source.next() { try sink.write(f) }
        try sink.finish()
        let written = try String(contentsOfFile: directory + "/out.csv", encoding: .utf8)
        #expect(written == "lon,lat,name,ags\n13.74,51.05,Dresden,14612000\n6.77,51.22,Duesseldorf,05111000\n", "\(written)")
    }

    @Test func aGeoPackageColumnThatMeetsTextKeepsEveryValuesText() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let features = [
            Feature(geometry: .point(Position(x: 13.74, y: 51.05)), properties: ["ags": .integer(14612000), "v": .integer(1), "r": .double(0.1)]),
            Feature(geometry: .point(Position(x: 6.77, y: 51.22)), properties: ["ags": .string("05111000"), "v": .string("1.50"), "r": .string("x")]),
            Feature(geometry: .point(Position(x: 6.77, y: 51.22)), properties: ["ags": .string("x"), "v": .double(2.5), "r": .double(0.30000000000000004)]),
        ]
        let path = directory + "/mixed.gpkg"
        var description = LayerSchema(name: "mixed", crs: .crs84, fields: [])
        description.fieldsMayGrow = true
        let sink = try VectorFormat.geopackage.makeSink(path: path, layer: description)
        for f in features { try sink.write(f) }
        try sink.finish()
        let back = try LayerIO.read(path: path).layer
        #expect(back.features.map { $0.properties["ags"] } == [.string("14612000"), .string("05111000"), .string("x")])
        #expect(back.features.map { $0.properties["v"] } == [.string("1"), .string("1.50"), .string("2.5")])
        #expect(back.features.map { $0.properties["r"] } == [.string("0.1"), .string("x"), .string("0.30000000000000004")])
        let gdal = try #require(try GDAL.summary(of: path), "GDAL cannot open the GeoPackage")
        #expect(gdal.fields.map(\.type) == ["String", "String", "String"], "\(gdal.fields)")
    }

    @Test func tablesWithOneCustomCRSShareOneSpatialReferenceRow() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prj = try String(contentsOfFile: Paths.fixture("shapefile/koeln_stadtbezirk.prj"), encoding: .utf8)
        let crs = CRSReference.other(prj)
        let writer = try GeoPackageWriter(path: directory + "/k.gpkg")
        for name in ["a", "b", "c"] {
            try writer.beginLayer(name: name, crs: crs, fields: [])
            try writer.write(Feature(geometry: .point(Position(x: 2_560_000, y: 5_650_000))))
        }
        try writer.beginLayer(name: "utm", crs: .epsg(25832), fields: [])
        try writer.write(Feature(geometry: .point(Position(x: 356_560, y: 5_645_282))))
        try writer.finish()
        for name in ["a", "b", "c", "utm"] {
            let reader = try GeoPackageReader(path: directory + "/k.gpkg", layer: name)
            #expect(reader.layer.crs != nil, "table \(name) lost its CRS")
            let gdal = try #require(try GDAL.summary(of: directory + "/k.gpkg", layer: name), "GDAL cannot open table \(name)")
            #expect(!gdal.wkt.isEmpty, "GDAL sees no CRS on \(name)")
            if name == "utm" { #expect(gdal.epsg == 25832) }
        }
    }
}

/// The byte-level test for "this real is written as Swift writes it" agrees with Swift's
/// own description on thousands of random decimals of every shape.
@Suite struct CanonicalRealTests {
    @Test func agreesWithSwiftsDescription() throws {
        var random = RandomStream(seed: 11)
        var values: [String] = []
        for _ in 0..<3000 {
            let integer = ["0", "1", "7", "42", "100", "123456", "99999999", "123456789012345", "1234567890123456"][Int(random.next() * 9)]
            let fractionLength = Int(random.next() * 18)
            var fraction = ""
            for _ in 0..<fractionLength { fraction += String(Int(random.next() * 10)) }
            if random.next() < 0.2 { fraction = "000" + fraction }
            var text = integer + "." + (fraction.isEmpty ? "0" : fraction)
            if random.next() < 0.3 { text = "-" + text }
            values.append(text)
        }
        values += ["0.0001", "0.00001", "5.0", "5.00", "-0.0", "0.1", "0.30000000000000004", "1e5", "1.5e3", "01.5", ".5", "5."]
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/wide.csv"
        let header = ["x", "y"] + values.indices.map { "c\($0)" }
        try (header.joined(separator: ",") + "\n" + (["1", "2"] + values).joined(separator: ",") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let fields = try #require(try CSVReader(path: path).declaredFields)
        #expect(fields.count == values.count)
        var disagreements: [String] = []
        for (value, field) in zip(values, fields) {
            let swift = Double(value).map { $0.description == value } ?? false
            if (field.type == .real) != swift { disagreements.append("\(value): \(field.type), Swift says \(swift)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(fields.filter { $0.type == .real }.count > 500, "the test holds canonical reals")
    }
}
