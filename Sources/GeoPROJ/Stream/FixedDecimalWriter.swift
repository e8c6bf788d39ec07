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

    /// The bytes written so far, leaving the writer empty.
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
