import GeoCore
#if canImport(Glibc)
import Glibc
#endif

/// Coordinates as text lines, as cs2cs and cct read them (`x y [z]`, separated by spaces,
/// tabs or commas; `#` comments and empty lines copied through), transformed a block at a
/// time in one bulk PROJ call and written with a fixed number of decimals. A line that
/// cannot be read or transformed becomes `* *`, and is reported with its number and why;
/// the other lines go on.
///
/// ```swift
/// let failures = CoordinateStream.run(transformer: try Transformer(from: "EPSG:4326", to: "EPSG:25832"),
///                                     decimals: 3, input: 0) { bytes in output.append(contentsOf: bytes) } failed: { print($0) }
/// ```
public enum CoordinateStream {
    /// A line that could not be read or transformed.
    public struct LineFailure: Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number in the input.
        public var line: Int
        /// Why.
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// A parsed line: its text (for comments) and, for coordinates, how many numbers.
    struct Line {
        var text: Range<Int>
        /// 0 for a comment or empty line, 2 or 3 for a position, -1 for a bad line.
        var dimensions: Int
    }

    /// Reads lines from a file descriptor until its end (1 MiB at a time), transforms them
    /// and hands the output to `write` block by block.
    /// - Parameters:
    ///   - transformer: the operation.
    ///   - decimals: digits after the point in the output.
    ///   - input: the file descriptor to read (0 for standard input).
    ///   - write: receives the output, in order.
    ///   - failed: receives each line that became `* *`.
    /// - Returns: how many lines failed.
    public static func run(transformer: Transformer, decimals: Int, input: Int32,
                           write: ([UInt8]) -> Void, failed: (LineFailure) -> Void) -> Int {
        var failures = 0
        var lineNumber = 0
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var output = FixedDecimalWriter(decimals: decimals)
        var endOfInput = false
        while !endOfInput {
            let n = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n <= 0 { endOfInput = true } else { pending += chunk[0..<n] }
            // Process complete lines (all of them at the end of input).
            let cut = endOfInput ? pending.count : (pending.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            if cut == 0 { continue }
            failures += process(pending[0..<cut], firstLine: lineNumber + 1, transformer: transformer, output: &output,
                                lineCount: &lineNumber, failed: failed)
            pending.removeFirst(cut)
            write(output.take())
        }
        return failures
    }

    /// Transforms complete lines (the last may lack its newline) into `output`.
    static func process(_ bytes: ArraySlice<UInt8>, firstLine: Int, transformer: Transformer, output: inout FixedDecimalWriter,
                        lineCount: inout Int, failed report: (LineFailure) -> Void) -> Int {
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
                report(LineFailure(line: firstLine + i, reason: problems[i] ?? "cannot transform"))
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
