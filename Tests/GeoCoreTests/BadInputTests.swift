import Foundation
import GeoCore
import TestSupport
import Testing

/// Every bad input gives a `ReadError` that says what and where, from both the in-memory
/// and the streaming reader.
@Suite struct BadInputTests {
    /// Reads a file both ways and returns the two errors.
    func errors(reading path: String) throws -> (ReadError, ReadError) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var memoryError: ReadError?
        do { _ = try GeoJSON.decode(data, file: path) } catch { memoryError = error }
        var streamError: ReadError?
        do { _ = try GeoJSON.readLayer(atPath: path) } catch { streamError = error }
        return (try #require(memoryError, "in-memory reader accepted \(path)"), try #require(streamError, "streaming reader accepted \(path)"))
    }

    struct Case: Sendable, CustomStringConvertible {
        let file: String
        let line: Int
        let column: Int?
        let feature: Int?
        let message: String
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "truncated.geojson", line: 3, column: nil, feature: 1, message: "end of input"),
        Case(file: "trailing-garbage.geojson", line: 2, column: 1, feature: nil, message: "unexpected data after the end"),
        Case(file: "unclosed-ring.geojson", line: 2, column: nil, feature: 0, message: "must be closed"),
        Case(file: "short-ring.geojson", line: 2, column: nil, feature: 0, message: "four or more positions, found 3"),
        Case(file: "one-number-position.geojson", line: 3, column: nil, feature: 1, message: "at least 2 numbers, found 1"),
        Case(file: "wrong-type.geojson", line: 2, column: nil, feature: 0, message: "unknown type \"Punkt\""),
        Case(file: "non-numeric-coordinate.geojson", line: 2, column: 82, feature: 0, message: "expected a number in a position, found '\"'"),
        Case(file: "latin1-not-utf8.geojson", line: 2, column: nil, feature: 0, message: "invalid UTF-8"),
        Case(file: "empty.geojson", line: 1, column: 1, feature: nil, message: "empty input"),
        Case(file: "not-geojson.txt", line: 1, column: 1, feature: nil, message: "root of a GeoJSON text must be an object"),
    ]

    @Test(arguments: cases)
    func reportsWhatAndWhere(_ c: Case) throws {
        let path = Paths.fixture("bad/" + c.file)
        let (memory, stream) = try errors(reading: path)
        for error in [memory, stream] {
            #expect(error.message.contains(c.message), "\(error)")
            #expect(error.location.file == path)
            #expect(error.location.line == c.line, "\(error)")
            if let column = c.column { #expect(error.location.column == column, "\(error)") }
            #expect(error.location.featureIndex == c.feature, "\(error)")
            #expect(error.description.hasPrefix("\(path):\(c.line):"))
        }
    }

    @Test func invalidUTF8PointsAtTheOffendingByte() throws {
        let (memory, _) = try errors(reading: Paths.fixture("bad/latin1-not-utf8.geojson"))
        // "Gie" then the Latin-1 ß (0xDF): column of the ß in line 2.
        let line2 = #"{"type":"Feature","properties":{"name":"Gie"#
        #expect(memory.location.column == line2.count + 1)
    }

    @Test func deeplyNestedArraysAreAnErrorNotACrash() throws {
        let directory = try temporaryDirectory()
        let deepProperty = #"{"type":"Feature","geometry":null,"properties":{"x":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}}"
        let deepCoordinates = #"{"type":"Point","coordinates":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        for (name, text) in [("property", deepProperty), ("coordinates", deepCoordinates)] {
            let path = directory + "/deep-\(name).geojson"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let (memory, stream) = try errors(reading: path)
            for error in [memory, stream] {
                #expect(error.message.contains("nested deeper than"), "\(error)")
            }
        }
    }

    @Test func featureLevelRulesOfRFC7946() throws {
        let rejected: [(String, String)] = [
            (#"{"type":"Feature","properties":{}}"#, "\"geometry\" member required"),
            (#"{"type":"Feature","id":true,"properties":{},"geometry":null}"#, "string or a number"),
            (#"{"type":"Point","coordinates":[1,2],"properties":{}}"#, "cannot contain a \"properties\""),
            (#"{"type":"FeatureCollection"}"#, "\"features\" member required"),
            (#"{"type":"featurecollection","features":[]}"#, "case sensitive"),
            (#"{"type":"Point","type":"Point","coordinates":[1,2]}"#, "duplicate member"),
            (#"{"type":"Feature","properties":{"a":1,"a":2},"geometry":null}"#, "duplicate member \"a\""),
            (#"{"type":"LineString","coordinates":[[1,2]]}"#, "two or more positions"),
            (#"{"type":"Polygon","coordinates":[[1,2],[3,4]]}"#, "array of arrays of positions"),
            (#"{"type":"Point","coordinates":[1,2],"bbox":[1,2,3]}"#, "4 (2D) or 6 (3D)"),
            (#"{"type":"Point","coordinates":[1,2]} {"#, "unexpected data"),
            (#"[1,2]"#, "must be an object"),
            (#"{"type":"Point","coordinates":[01,2]}"#, "leading zeros"),
            (#"{"type":"Point","coordinates":[1e999,2]}"#, "out of range"),
        ]
        for (text, message) in rejected {
            do {
                _ = try GeoJSON.decode(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.message.contains(message), "\(text) → \(error)")
                #expect(error.location.line == 1)
            }
        }
    }

    @Test func streamingLocationsSurviveDiscardedChunks() throws {
        // Many lines with umlauts (multi-byte) before a bad feature; tiny chunks make the
        // streaming reader discard and count lines and columns across chunk boundaries.
        var text = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for i in 0..<300 {
            text += "{\"type\":\"Feature\",\"properties\":{\"name\":\"Gießen-Lüneburg \(i)\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[8.6,50.5]}},\n"
        }
        text += "{\"type\":\"Feature\",\"properties\":{\"name\":\"Köln\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.9,x]}}\n]}\n"
        let directory = try temporaryDirectory()
        // The same content on one line: columns count characters across every chunk.
        for (variant, content) in [("lines", text), ("one-line", text.replacingOccurrences(of: "\n", with: ""))] {
        let path = directory + "/late-error-\(variant).geojson"
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        var memoryError: ReadError?
        do { _ = try GeoJSON.decode(content, file: path) } catch { memoryError = error }
        let expected = try #require(memoryError)
        #expect(expected.location.line == (variant == "lines" ? 302 : 1))
        #expect(expected.location.featureIndex == 300)
        for chunkSize in [3, 64, 1000, 1 << 20] {
            var reader = try GeoJSONFeatureReader(path: path, chunkSize: chunkSize)
            var streamError: ReadError?
            do { while try reader.next() != nil {} } catch { streamError = error }
            let error = try #require(streamError, "chunk size \(chunkSize)")
            #expect(error.location.line == expected.location.line, "chunk size \(chunkSize)")
            #expect(error.location.column == expected.location.column, "chunk size \(chunkSize)")
            #expect(error.location.byteOffset == expected.location.byteOffset, "chunk size \(chunkSize)")
            #expect(error.location.featureIndex == 300)
        }
        }
    }
}
