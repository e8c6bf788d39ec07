import Foundation
import GeoKit
import TestSupport
import Testing

/// GeoKit's own zip reader, judged by archives that CPython's `zipfile` writes (deflate,
/// stored, ZIP64 records, data descriptors, UTF-8 names) and by damaged copies of them:
/// every archive reads like the plain shapefile or fails with an error that names the
/// archive and what is wrong.
@Suite struct ZipReaderTests {
    static let shapefile = Paths.fixture("shapefile/koeln_stadtbezirk")

    /// Builds the archives with Python's zipfile; returns their folder.
    static func makeArchives() throws -> String {
        let directory = try temporaryDirectory()
        let script = """
            import sys, zipfile
            folder, source = sys.argv[1], sys.argv[2]
            def write(name, method, member="k", extensions=("shp", "shx", "dbf", "prj")):
                with zipfile.ZipFile(folder + "/" + name, "w", method) as z:
                    for ext in extensions:
                        z.write(source + "." + ext, member + "." + ext)
            write("deflate.zip", zipfile.ZIP_DEFLATED)
            write("stored.zip", zipfile.ZIP_STORED)
            write("bzip2.zip", zipfile.ZIP_BZIP2)
            write("utf8.zip", zipfile.ZIP_DEFLATED, member="Müngersdorf")
            write("codepage.zip", zipfile.ZIP_DEFLATED, member="StraXe", extensions=("shp", "shx", "dbf"))
            # ZIP64: end records and 64-bit sizes and offsets, as zipfile writes them for
            # archives past 4 GiB or 65,535 members, here forced by lowering its limits.
            zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = 16, 1
            write("zip64.zip", zipfile.ZIP_DEFLATED)
            # Written to a pipe, zipfile cannot seek back: sizes follow the data
            # (data descriptors, flag bit 3) and the local headers hold zeros.
            zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = (1 << 31) - 1, 0xFFFF
            with zipfile.ZipFile(sys.stdout.buffer, "w", zipfile.ZIP_DEFLATED) as z:
                for ext in ("shp", "shx", "dbf"):
                    with open(source + "." + ext, "rb") as f, z.open("k." + ext, "w") as member:
                        member.write(f.read())
            """
        let made = try run("/bin/sh", ["-c", "python3 -c \"$0\" \"$1\" \"$2\" > \"$1/streamed.zip\"", script, directory, shapefile])
        guard made.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["reason": made.stderr]) }
        // A name in code page 437 without the UTF-8 flag, as old Windows tools write it:
        // 0xE1 is ß there.
        let path = directory + "/codepage.zip"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let placeholder = Array("StraXe".utf8)
        var at = 0
        while at + placeholder.count <= bytes.count {
            if Array(bytes[at..<(at + placeholder.count)]) == placeholder { bytes[at + 4] = 0xE1 }
            at += 1
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return directory
    }

    @Test func archivesOfEveryKindReadLikeThePlainShapefile() throws {
        let directory = try Self.makeArchives()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plain = try Shapefile.readLayer(atPath: Self.shapefile + ".shp")
        for (archive, layer) in [("deflate", "k"), ("stored", "k"), ("zip64", "k"), ("streamed", "k"), ("utf8", "Müngersdorf"), ("codepage", "Straße")] {
            let path = directory + "/" + archive + ".zip"
            #expect(LayerIO.layerNames(path: path) == [layer], "\(archive)")
            let read = try LayerIO.read(path: path)
            #expect(read.layer.name == layer, "\(archive)")
            #expect(read.layer.features == plain.features, "\(archive)")
        }
        // The archives with a .prj carry the CRS; the others say it is missing, as plain files do.
        #expect(try LayerIO.read(path: directory + "/zip64.zip").layer.crs != nil)
    }

    @Test func damagedArchivesAreErrorsThatNameTheArchive() throws {
        let directory = try Self.makeArchives()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func expectError(_ data: [UInt8], _ name: String, _ wanted: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            let path = directory + "/" + name + ".zip"
            try Data(data).write(to: URL(fileURLWithPath: path))
            do {
                let read = try LayerIO.read(path: path)
                Issue.record("\(name) read \(read.layer.features.count) features", sourceLocation: sourceLocation)
            } catch {
                #expect(error.location.file?.hasPrefix(path) == true && error.message.contains(wanted), "\(name): \(error)", sourceLocation: sourceLocation)
            }
        }
        let stored = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/stored.zip")))
        let deflate = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/deflate.zip")))
        let end = stored.count - 22, deflateEnd = deflate.count - 22

        // One byte of the stored .shp changed: the CRC-32 tells.
        var flipped = stored
        flipped[200] ^= 0x55
        try expectError(flipped, "crc", "does not match its CRC-32")
        // Cut in half: no end record; cut inside the directory: a record runs past it.
        try expectError(Array(deflate.prefix(deflate.count / 2)), "half", "no end of central directory")
        // The end record points the directory past the end of the file.
        var outside = stored
        outside[end + 16] = 0xFF
        outside[end + 19] = 0x7F
        try expectError(outside, "outside", "lies outside the file")
        // A record count larger than the directory holds.
        var counted = stored
        counted[end + 10] = 0xFF
        try expectError(counted, "count", "central directory record 4 of 255 is damaged")
        // The first member's local header moved by the directory to where none is.
        var local = deflate
        let directoryStart = Int(deflate[deflateEnd + 16]) | Int(deflate[deflateEnd + 17]) << 8 | Int(deflate[deflateEnd + 18]) << 16
        local[directoryStart + 42] = 7
        try expectError(local, "local", "no local header where the directory says")
        // The first member declares 256 unpacked bytes; its stream gives far more.
        var short = deflate
        short[directoryStart + 24] = 0
        short[directoryStart + 25] = 1
        try expectError(short, "short", "unpacks to more than")
        // Encrypted (flag bit 0) and bzip2 members are named, not misread.
        var encrypted = deflate
        encrypted[directoryStart + 8] |= 1
        try expectError(encrypted, "encrypted", "is encrypted")
        try expectError([UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/bzip2.zip"))), "bzip", "bzip2 (method 12)")
    }

    /// The inputs that made ZIPFoundation hang or GeoKit trap, found by fuzzing: each is
    /// an error now.
    @Test(arguments: ["declared-sizes-overflow-trap", "deflate-stream-never-ends-hang",
                      "member-larger-than-archive-hang", "third-hang-in-zipfoundation-decode",
                      "member-name-index-trap"])
    func fuzzFindingsAreErrors(_ name: String) throws {
        let path = Paths.repository + "/Tests/Fuzz/regressions/zip/" + name
        do {
            _ = try LayerIO.read(path: path, format: .shapefile)
            Issue.record("\(name) must not read")
        } catch {
            #expect(error.location.file?.hasPrefix(path) == true, "\(error)")
        }
    }
}
