import Foundation
import TestSupport
import Testing

/// What happens when a conversion cannot finish: the disk fills up, or the run is killed.
/// Either way nothing appears under the target name, and a full disk is a clear error.
@Suite(.serialized) struct FailureTests {
    static let geokit = CLITests.geokit

    /// A 48 kB tmpfs, or nil (with the reason printed) where mounting is not allowed.
    static func tinyDisk(in directory: String) -> String? {
        let mountPoint = directory + "/tiny"
        try? FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard getuid() == 0, let mount = which("mount"),
              let result = try? run(mount, ["-t", "tmpfs", "-o", "size=48k", "tmpfs", mountPoint]), result.status == 0 else {
            print("SKIPPED disk-full checks: cannot mount a small tmpfs here (needs root and mount permission)")
            return nil
        }
        return mountPoint
    }

    /// A GeoJSON file of `count` points with a few properties (about 130 bytes each).
    static func points(_ count: Int, at path: String) throws {
        var text = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for i in 0..<count {
            if i > 0 { text += ",\n" }
            text += "{\"type\":\"Feature\",\"properties\":{\"id\":\(i),\"kind\":\"aed\",\"note\":\"Rathaus Köln\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(6.9 + Double(i % 1000) * 1e-4),\(50.9 + Double(i / 1000) * 1e-4)]}}"
        }
        text += "\n]}\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aFullDiskIsAClearErrorAndLeavesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let disk = Self.tinyDisk(in: directory) else { return }
        defer { _ = try? run(which("umount")!, [disk]) }
        let input = directory + "/points.geojson"
        try Self.points(3000, at: input)
        for output in ["out.geojson", "out.gpkg", "out.shp", "out.csv"] {
            let result = try run(Self.geokit, ["convert", input, "-o", disk + "/" + output])
            #expect(result.status == 1, "\(output): \(result.stderr)")
            #expect(result.stderr.contains("full") || result.stderr.contains("No space left"), "\(output): \(result.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: disk)
            #expect(left.isEmpty, "\(output): left behind \(left)")
        }
    }

    @Test func aKilledConversionLeavesNoFileUnderTheTargetName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/points.geojson"
        try Self.points(400_000, at: input)
        for output in ["killed.gpkg", "killed.geojson"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.geokit)
            process.arguments = ["convert", input, "-o", directory + "/" + output]
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill it while it writes (the file takes seconds to convert in a debug build).
            Thread.sleep(forTimeInterval: 0.4)
            guard process.isRunning else {
                print("SKIPPED killed-run check for \(output): the conversion finished within 0.4 s")
                continue
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(!FileManager.default.fileExists(atPath: directory + "/" + output), "\(output) must not exist after a kill")
        }
    }
}
