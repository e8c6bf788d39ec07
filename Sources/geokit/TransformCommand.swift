import ArgumentParser
import GeoCore
import GeoKit

#if canImport(Glibc)
import Glibc
#endif

struct TransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Transform coordinates read from standard input, one position per line (like cs2cs/cct).",
        discussion: """
            Each line holds x y [z], separated by spaces, tabs or commas, in GeoKit's order: \
            x = longitude/easting, y = latitude/northing, whatever the CRS authority says. \
            Lines starting with '#' and empty lines are copied through. A line that cannot be \
            read or transformed prints '* *' in its place, is named on standard error, and \
            the exit status is 1 after all other lines were done.
            """
    )

    @Option(name: [.customLong("s-crs"), .customLong("s-srs"), .customLong("from")], help: "Source CRS, e.g. EPSG:4326 (--from as in cs2cs).")
    var from: String

    @Option(name: [.customLong("t-crs"), .customLong("t-srs"), .customLong("to")], help: "Target CRS, e.g. EPSG:25832 (--to as in cs2cs).")
    var to: String

    @Flag(help: "Transform from --t-crs back to --s-crs.")
    var inverse = false

    @Option(help: "Decimals in the output (default: 3 for metres, 8 for degrees).")
    var precision: Int?

    @Flag(name: .customLong("check-area"), help: "Reject positions outside the operation's area of use (catches swapped latitude/longitude).")
    var checkArea = false

    func validate() throws {
        if let precision, !(0...15).contains(precision) {
            throw ValidationError("--precision must be between 0 and 15")
        }
    }

    func run() throws {
        let transformer: Transformer
        do {
            let forward = try Transformer(from: from, to: to, checkingAreaOfUse: checkArea && !inverse)
            transformer = inverse ? try forward.inverse : forward
        } catch {
            printError("geokit transform: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
        let decimals = precision ?? ((transformer.target?.isGeographic ?? false) ? 8 : 3)
        let failures = try CoordinateStream.run(transformer: transformer, decimals: decimals)
        if failures > 0 { throw ExitCode(1) }
    }
}

/// Reads coordinate lines from standard input in blocks, transforms each block in one
/// bulk PROJ call, and writes the results with a fixed number of decimals.
enum CoordinateStream {
    /// A parsed line: its text (for comments) and, for coordinates, how many numbers.
    struct Line {
        var text: Range<Int>
        /// 0 for a comment or empty line, 2 or 3 for a position, -1 for a bad line.
        var dimensions: Int
    }

    static func run(transformer: Transformer, decimals: Int) throws -> Int {
        var failures = 0
        var lineNumber = 0
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var output = FixedDecimalWriter(decimals: decimals)
        var endOfInput = false
        while !endOfInput {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n <= 0 { endOfInput = true } else { pending += chunk[0..<n] }
            // Process complete lines (all of them at the end of input).
            let cut = endOfInput ? pending.count : (pending.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            if cut == 0 { continue }
            failures += process(pending[0..<cut], firstLine: lineNumber + 1, transformer: transformer, output: &output, lineCount: &lineNumber)
            pending.removeFirst(cut)
            output.flush()
        }
        return failures
    }

    static func process(_ bytes: ArraySlice<UInt8>, firstLine: Int, transformer: Transformer, output: inout FixedDecimalWriter, lineCount: inout Int) -> Int {
        var lines: [Line] = []
        var problems: [Int: String] = [:]
        var x: [Double] = [], y: [Double] = [], z: [Double] = []
        var slotOfLine: [Int] = []
        var anyZ = false
        var start = bytes.startIndex
        var values: [Double] = []
        values.reserveCapacity(4)
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var textEnd = end
            if textEnd > start, bytes[textEnd - 1] == 0x0D { textEnd -= 1 }
            let lineIndex = lines.count
            values.removeAll(keepingCapacity: true)
            switch parse(bytes[start..<textEnd], into: &values) {
            case .comment:
                lines.append(Line(text: start..<textEnd, dimensions: 0))
                slotOfLine.append(-1)
            case .position:
                lines.append(Line(text: start..<textEnd, dimensions: values.count))
                slotOfLine.append(x.count)
                x.append(values[0])
                y.append(values[1])
                z.append(values.count > 2 ? values[2] : 0)
                if values.count > 2 { anyZ = true }
            case .problem(let message):
                lines.append(Line(text: start..<textEnd, dimensions: -1))
                slotOfLine.append(-1)
                problems[lineIndex] = message
            }
            start = end + 1
        }
        // One bulk pass; the positions that fail are set aside with their reasons (GeoPROJ).
        var tx = x, ty = y
        var tz: [Double]? = anyZ ? z : nil
        var failed = Set<Int>()
        var lineOfSlot = [Int](repeating: -1, count: x.count)
        for (line, slot) in slotOfLine.enumerated() where slot >= 0 { lineOfSlot[slot] = line }
        do {
            for error in try transformer.transformSettingFailuresAside(x: &tx, y: &ty, z: &tz) {
                guard let slot = error.positionIndex else { continue }
                failed.insert(slot)
                if case .transformFailed(_, _, _, _, let why) = error { problems[lineOfSlot[slot]] = why } else { problems[lineOfSlot[slot]] = "\(error)" }
            }
        } catch {
            failed = Set(x.indices)
            for (i, slot) in slotOfLine.enumerated() where slot >= 0 { problems[i] = "\(error)" }
        }
        var failures = 0
        for (i, line) in lines.enumerated() {
            let slot = slotOfLine[i]
            if line.dimensions == 0 {
                output.write(raw: bytes[line.text])
            } else if slot >= 0, !failed.contains(slot) {
                output.write(tx[slot])
                output.write(raw: [0x20])
                output.write(ty[slot])
                if line.dimensions > 2, let tz {
                    output.write(raw: [0x20])
                    output.write(tz[slot])
                }
            } else {
                output.write(raw: [0x2A, 0x20, 0x2A])
                printError("geokit transform: line \(firstLine + i): \(problems[i] ?? "cannot transform")")
                failures += 1
            }
            output.write(raw: [0x0A])
        }
        lineCount += lines.count
        return failures
    }

    enum ParsedLine {
        case comment
        case position
        case problem(String)
    }

    /// Splits a line into numbers (appended to `values`).
    static func parse(_ text: ArraySlice<UInt8>, into values: inout [Double]) -> ParsedLine {
        var start = text.startIndex
        while start < text.endIndex, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
        if start == text.endIndex || text[start] == UInt8(ascii: "#") { return .comment }
        while start < text.endIndex {
            while start < text.endIndex, text[start] == 0x20 || text[start] == 0x09 || text[start] == 0x2C { start += 1 }
            if start == text.endIndex { break }
            var end = start
            while end < text.endIndex, text[end] != 0x20, text[end] != 0x09, text[end] != 0x2C { end += 1 }
            guard let value = number(text[start..<end]), value.isFinite else {
                return .problem("\"\(String(decoding: text[start..<end], as: UTF8.self))\" is not a number (expected x y [z])")
            }
            values.append(value)
            start = end
        }
        if values.count < 2 || values.count > 3 {
            return .problem("expected 2 or 3 numbers (x y [z]), found \(values.count)")
        }
        return .position
    }

    /// Parses a number straight from the bytes (JSON number syntax, which covers what
    /// coordinate files hold); other spellings (`+7`, `.5`) go through `Double(String)`.
    static func number(_ word: ArraySlice<UInt8>) -> Double? {
        let parsed: Double? = word.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(bytes: buffer)
            guard let value = try? scanner.parseDouble(), scanner.index == buffer.count else { return nil }
            return value
        }
        return parsed ?? Double(String(decoding: word, as: UTF8.self))
    }
}

/// Writes numbers with a fixed number of decimals without `String(format:)`.
struct FixedDecimalWriter {
    let decimals: Int
    private let scale: Double
    private var bytes: [UInt8] = []

    init(decimals: Int) {
        self.decimals = decimals
        var s = 1.0
        for _ in 0..<decimals { s *= 10 }
        scale = s
        bytes.reserveCapacity(1 << 20)
    }

    mutating func write(raw: ArraySlice<UInt8>) { bytes.append(contentsOf: raw) }
    mutating func write(raw: [UInt8]) { bytes.append(contentsOf: raw) }

    mutating func write(_ value: Double) {
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else {
            bytes.append(contentsOf: value.description.utf8)
            return
        }
        var units = UInt64(scaled)
        if value < 0 && units != 0 { bytes.append(UInt8(ascii: "-")) }
        // Digits are produced backwards into a fixed 32-byte buffer: no allocation.
        var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var position = 32
            var count = 0
            repeat {
                position -= 1
                raw[position] = UInt8(units % 10) + 0x30
                units /= 10
                count += 1
                if count == decimals {
                    position -= 1
                    raw[position] = UInt8(ascii: ".")
                }
            } while units > 0 || count <= decimals
            if raw[position] == UInt8(ascii: ".") {
                position -= 1
                raw[position] = 0x30
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[position..<32]))
        }
    }

    mutating func flush() {
        writeAll(bytes, to: 1)
        bytes.removeAll(keepingCapacity: true)
    }
}
