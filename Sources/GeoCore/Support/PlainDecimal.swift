/// A plain decimal ("-12.375", "+3", "12,5" with a decimal comma) of at most 15 digits,
/// parsed exactly without a String: the digits as an integer divided by a power of ten,
/// both exact in a double, so the one rounding of the division gives the correctly rounded
/// value. Nil for anything else (exponents, more digits, other characters), which the
/// caller then reads the slow way. Shared by the dBase and CSV readers.
package enum PlainDecimal {
    package static func parse(_ bytes: UnsafeRawBufferPointer, separator: UInt8 = UInt8(ascii: ".")) -> Double? {
        var i = 0, mantissa: Int64 = 0, digits = 0, fraction = -1
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte == separator, fraction < 0 {
                fraction = 0
            } else {
                let d = byte &- 0x30
                guard d <= 9 else { return nil }
                mantissa = mantissa * 10 + Int64(d)
                digits += 1
                if fraction >= 0 { fraction += 1 }
                guard digits <= 15 else { return nil }
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        let value = Double(mantissa) / powersOfTen[max(fraction, 0)]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
}
