import ArgumentParser
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

    @Option(help: "Source CRS, e.g. EPSG:4326.")
    var from: String

    @Option(help: "Target CRS, e.g. EPSG:25832.")
    var to: String

    @Flag(help: "Transform from --to back to --from.")
    var inverse = false

    @Option(help: "Decimals in the output (default: 3 for metres, 8 for degrees).")
    var precision: Int?

    func validate() throws {
        if let precision, !(0...15).contains(precision) {
            throw ValidationError("--precision must be between 0 and 15")
        }
    }

    func run() throws {
        let transformer: Transformer
        do {
            let forward = try Transformer(from: from, to: to)
            transformer = inverse ? try forward.inverse : forward
        } catch {
            printError("geokit transform: \(error)")
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
    struct Line {
        var text: ArraySlice<UInt8>
        var values: [Double]?
        var problem: String?
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
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var text = bytes[start..<end]
            if text.last == 0x0D { text = text.dropLast() }
            lines.append(parse(text))
            start = end + 1
        }
        var x: [Double] = [], y: [Double] = []
        var z: [Double]? = lines.contains { ($0.values?.count ?? 0) > 2 } ? [] : nil
        var slots: [Int] = []
        for (i, line) in lines.enumerated() {
            guard let v = line.values, v.count >= 2 else { continue }
            x.append(v[0])
            y.append(v[1])
            z?.append(v.count > 2 ? v[2] : 0)
            slots.append(i)
        }
        // Transform in bulk; on a failure, mark that line and go on with the rest.
        var results: [Int: (Double, Double, Double?)] = [:]
        var remaining = Array(slots.indices)
        while !remaining.isEmpty {
            var bx = remaining.map { x[$0] }, by = remaining.map { y[$0] }
            var bz: [Double]? = z.map { zs in remaining.map { zs[$0] } }
            do {
                try transformer.transform(x: &bx, y: &by, z: &bz)
                for (k, slot) in remaining.enumerated() { results[slot] = (bx[k], by[k], bz?[k]) }
                remaining = []
            } catch {
                if case .transformFailed(_, _, _, let index?, let reason) = error {
                    lines[slots[remaining[index]]].problem = reason
                    for k in 0..<index { results[remaining[k]] = nil }
                    remaining.remove(at: index)
                } else {
                    for slot in remaining { lines[slots[slot]].problem = "\(error)" }
                    remaining = []
                }
            }
        }
        var failures = 0
        var resultBySlotLine: [Int: (Double, Double, Double?)] = [:]
        for (slot, value) in results { resultBySlotLine[slots[slot]] = value }
        for (i, line) in lines.enumerated() {
            let number = firstLine + i
            if line.values == nil && line.problem == nil {
                output.write(raw: line.text)  // comment or empty line
            } else if let (a, b, c) = resultBySlotLine[i], line.problem == nil {
                output.write(a)
                output.write(raw: [0x20])
                output.write(b)
                if let c, (line.values?.count ?? 0) > 2 {
                    output.write(raw: [0x20])
                    output.write(c)
                }
            } else {
                output.write(raw: Array("* *".utf8)[...])
                printError("geokit transform: line \(number): \(line.problem ?? "cannot transform")")
                failures += 1
            }
            output.write(raw: [0x0A])
        }
        lineCount += lines.count
        return failures
    }

    /// Splits a line into numbers; `values` is nil for comments and empty lines.
    static func parse(_ text: ArraySlice<UInt8>) -> Line {
        let trimmed = text.drop { $0 == 0x20 || $0 == 0x09 }
        if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { return Line(text: text) }
        var values: [Double] = []
        var start = trimmed.startIndex
        while start < trimmed.endIndex {
            while start < trimmed.endIndex, [0x20, 0x09, 0x2C].contains(trimmed[start]) { start += 1 }
            if start == trimmed.endIndex { break }
            var end = start
            while end < trimmed.endIndex, ![0x20, 0x09, 0x2C].contains(trimmed[end]) { end += 1 }
            let word = String(decoding: trimmed[start..<end], as: UTF8.self)
            guard let value = Double(word), value.isFinite else {
                return Line(text: text, values: [], problem: "\"\(word)\" is not a number (expected x y [z])")
            }
            values.append(value)
            start = end
        }
        if values.count < 2 || values.count > 4 {
            return Line(text: text, values: [], problem: "expected 2 or 3 numbers (x y [z]), found \(values.count)")
        }
        return Line(text: text, values: values)
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
        var digits: [UInt8] = []
        var count = 0
        repeat {
            digits.append(UInt8(units % 10) + 0x30)
            units /= 10
            count += 1
            if count == decimals { digits.append(UInt8(ascii: ".")) }
        } while units > 0 || count <= decimals
        if digits.last == UInt8(ascii: ".") { digits.append(0x30) }
        bytes.append(contentsOf: digits.reversed())
    }

    mutating func flush() {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(1, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
