import Foundation

extension JSONScanner {
    /// Parses a JSON number, as an integer when it has no fraction or exponent and fits in
    /// 64 bits, otherwise as a correctly rounded `Double`.
    package mutating func parseNumber() throws(ParseFailure) -> JSONValue {
        let start = index
        var i = index
        let n = bytes.count
        var negative = false
        if i < n && bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 else {
            throw failure("expected a number, found \(describeByte(at: start))", at: start)
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var droppedDigits = 0  // integer digits beyond 19 that did not fit
        if bytes[i] == 0x30 {
            i += 1
            if i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                throw failure("a number must not have leading zeros", at: start)
            }
        } else {
            while i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 0x30)
                    digits += 1
                } else {
                    droppedDigits += 1
                }
                i += 1
            }
        }
        var exponent = droppedDigits
        var isInteger = true
        if i < n, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 else {
                throw failure("expected a digit after the decimal point", at: i)
            }
            while i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                if digits < 19 {
                    if mantissa == 0 && bytes[i] == 0x30 {
                        // leading zeros of the fraction do not count as significant digits
                    } else {
                        digits += 1
                    }
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 0x30)
                    exponent -= 1
                } else {
                    droppedDigits += 1
                }
                i += 1
            }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            var expNegative = false
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 else {
                throw failure("expected a digit in the exponent", at: i)
            }
            var e = 0
            while i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                if e < 100_000 { e = e * 10 + Int(bytes[i] - 0x30) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        index = i
        if isInteger && droppedDigits == 0 {
            if negative {
                if mantissa <= UInt64(Int64.max) + 1 { return .integer(mantissa == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mantissa)) }
            } else if mantissa <= UInt64(Int64.max) {
                return .integer(Int64(mantissa))
            }
        }
        // Clinger's fast path: exact when the mantissa and the power of ten are both exact doubles.
        if droppedDigits == 0 && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var d = Double(mantissa)
            if exponent < 0 { d /= Self.powersOfTen[-exponent] } else { d *= Self.powersOfTen[exponent] }
            return .double(negative ? -d : d)
        }
        return .double(slowDouble(start: start, end: i))
    }

    static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    func slowDouble(start: Int, end: Int) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: bytes[start + k]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

}
