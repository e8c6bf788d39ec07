import Foundation
import GeoKit
import TestSupport
import Testing

/// The cs2cs-style coordinate stream as a library call: lines in, lines out, bad lines
/// named with their numbers and the rest transformed.
@Suite struct CoordinateStreamTests {
    @Test func linesAreTransformedCommentsKeptAndFailuresNumbered() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/in.txt"
        try "# Köln\n6.9583 50.9413\n\n7,51,100\nabc 50\n7 95\n6.9583\t50.9413".write(toFile: path, atomically: true, encoding: .utf8)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        var output: [UInt8] = []
        var failures: [CoordinateStream.LineFailure] = []
        let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:25832")
        let count = CoordinateStream.run(transformer: transformer, decimals: 2, input: descriptor) { output += $0 } failed: { failures.append($0) }
        let dom = try transformer.transform(Position(x: 6.9583, y: 50.9413))
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let domLine = String(format: "%.2f %.2f", dom.x, dom.y)
        #expect(lines[0] == "# Köln" && lines[1] == domLine && lines[2] == "" && lines[6] == domLine, "\(lines)")
        #expect(lines[3].split(separator: " ").count == 3 && lines[3].hasSuffix(" 100.00"), "a z value is kept: \(lines[3])")
        #expect(lines[4] == "* *" && lines[5] == "* *")
        #expect(count == 2 && failures.map(\.line) == [5, 6], "\(failures)")
        #expect(failures[0].reason.contains("\"abc\" is not a number"))
    }
}
