import Foundation
import GeoKit
import TestSupport
import Testing

/// A saved index answers as the index it was saved from, notices a changed layer and
/// refuses damaged files without crashing.
@Suite struct AddressIndexSavingTests {
    static let built = AddressIndexTests.index

    func saved(source: String? = nil) throws -> (path: String, index: AddressIndex) {
        let path = try temporaryDirectory() + "/sample.addressindex"
        try Self.built.save(to: path, source: source)
        return (path, try AddressIndex(contentsOf: path, source: source))
    }

    @Test func aSavedIndexAnswersAsTheBuiltOne() throws {
        let (_, loaded) = try saved()
        let built = Self.built
        #expect(loaded.layer == built.layer && loaded.fields == built.fields)
        #expect(loaded.count == built.count && loaded.skippedCount == built.skippedCount && loaded.crs == .epsg(25832))
        for feature in built.layer.features {
            let address = try #require(built.fields.address(of: feature))
            #expect(try loaded.locate(address, count: 3) == built.locate(address, count: 3), "\(address)")
        }
        for text in ["Rütenscheider Str. 3", "Kettwiger Str. 13z", "Rüttenscheider Str. 9999", "Vogelsangsberg", "Hauptstraße 1"] {
            #expect(try loaded.locate(text, count: 3) == built.locate(text, count: 3), "\(text)")
        }
    }

    @Test func idsOfEveryKindAndNestedValuesSurvive() throws {
        let layer = Layer(name: "kinds", crs: nil, features: [
            Feature(id: 7, geometry: .point(Position(x: 7, y: 51)), properties: ["strasse": "Hauptstraße", "hausnummer": "1",
                                                                                 "nested": ["a": [1, 2.5, true, nil, "x"]]]),
            Feature(id: "b-2", geometry: .point(Position(x: 7.1, y: 51)), properties: ["strasse": "Hauptstraße", "hausnummer": "2-4"]),
            Feature(id: .double(3.5), geometry: nil, properties: ["strasse": "Hauptstraße", "hausnummer": "9"]),
        ])
        let index = try AddressIndex(layer: layer)
        let path = try temporaryDirectory() + "/kinds.addressindex"
        try index.save(to: path)
        let loaded = try AddressIndex(contentsOf: path)
        #expect(loaded.layer == layer && loaded.skippedCount == 1 && loaded.crs == nil)
        #expect(try loaded.locate("Hauptstr. 3").first?.featureIndex == 1)   // inside the range 2-4
    }

    @Test func aChangedLayerIsNoticed() throws {
        let folder = try temporaryDirectory()
        let source = folder + "/hk.geojson"
        try FileManager.default.copyItem(atPath: AddressIndexTests.sample, toPath: source)
        let (path, _) = try saved(source: source)
        let handle = try #require(FileHandle(forWritingAtPath: source))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        try handle.close()
        #expect {
            try AddressIndex(contentsOf: path, source: source)
        } throws: { error in
            (error as? ReadError)?.code == .invalidQuery && "\(error)".contains("build the index again")
        }
        // Without asking about the source, the saved index is still read.
        #expect(try AddressIndex(contentsOf: path).count == 434)
    }

    @Test func damagedFilesAreRefusedWithWhereNeverACrash() throws {
        let (path, _) = try saved()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let folder = try temporaryDirectory()
        var refused = 0
        // Cut short anywhere, and with a byte changed anywhere: an error or (for a changed
        // byte inside a text or a coordinate) an index, never a crash.
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            let broken = folder + "/cut.addressindex"
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: broken))
            #expect(throws: ReadError.self) { try AddressIndex(contentsOf: broken) }
            refused += 1
        }
        var random = RandomStream(seed: 3)
        for _ in 0..<300 {
            var changed = bytes
            let at = 24 + Int(random.next() * Double(bytes.count - 24))
            changed[at] = UInt8(Int(random.next() * 256))
            let broken = folder + "/changed.addressindex"
            try changed.write(to: URL(fileURLWithPath: broken))
            // What loads answers questions without crashing.
            if let index = try? AddressIndex(contentsOf: broken) {
                for text in ["Rüttenscheider Str. 3", "Vogelsangsberg", "Rütenscheider Str. 9999"] { _ = try? index.locate(text, count: 3) }
            }
        }
        #expect(refused > 300)
        let notAnIndex = folder + "/x.addressindex"
        try Data("{\"type\":\"FeatureCollection\"}".utf8).write(to: URL(fileURLWithPath: notAnIndex))
        #expect { try AddressIndex(contentsOf: notAnIndex) } throws: { "\($0)".contains("not a GeoKit address index") }
        #expect { try AddressIndex(contentsOf: folder + "/missing.addressindex") } throws: { ($0 as? ReadError)?.code == .cannotOpen }
    }
}
