/// A German house number: the number, a suffix (`12a`, `12 A`, `12/1`) and the end of a
/// range (`12-14`).
///
/// ```swift
/// HouseNumber(parsing: "12 A")    // number 12, suffix "a"
/// HouseNumber(parsing: "12-14")   // number 12, rangeEnd 14
/// ```
public struct HouseNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number (12 in `12a`).
    public var number: Int
    /// The suffix, lowercased letters and digits (`a` in `12 A`, `1` in `12/1`); empty
    /// when there is none.
    public var suffix: String
    /// The last number of a range (14 in `12-14`), nil for a single number.
    public var rangeEnd: Int?

    /// A house number from its parts.
    /// - Parameters:
    ///   - number: the number.
    ///   - suffix: the suffix (lowercased here), empty when there is none.
    ///   - rangeEnd: the last number of a range.
    public init(_ number: Int, suffix: String = "", rangeEnd: Int? = nil) {
        self.number = number
        self.suffix = suffix.lowercased()
        self.rangeEnd = rangeEnd.flatMap { $0 > number ? $0 : nil }
    }

    /// Reads a house number as people write it: `12`, `12a`, `12 A`, `12-14`, `12 - 14`,
    /// `12/1`, `12a-c` (the first of the suffixes); nil when the text does not start with
    /// a number (after spaces) or the number has more than six digits.
    public init?(parsing text: String) {
        var scalars = Substring(text).unicodeScalars.drop { $0 == " " || $0 == "\t" }[...]
        var number = 0, digits = 0
        while let s = scalars.first, let d = Self.digit(s) {
            number = number * 10 + d
            digits += 1
            scalars = scalars.dropFirst()
            if digits > 6 { return nil }
        }
        guard digits > 0 else { return nil }
        scalars = scalars.drop { $0 == " " }
        var suffix = "", rangeEnd: Int?
        if let s = scalars.first, s == "-" || s == "–" || s == "—" {
            let rest = scalars.dropFirst().drop { $0 == " " }
            var end = 0, endDigits = 0
            for s in rest { guard let d = Self.digit(s), endDigits < 6 else { break }; end = end * 10 + d; endDigits += 1 }
            if endDigits > 0 { rangeEnd = end }
        } else {
            if scalars.first == "/" { scalars = scalars.dropFirst().drop { $0 == " " } }
            for s in scalars {
                guard s.properties.isAlphabetic || Self.digit(s) != nil else { break }
                suffix.unicodeScalars.append(s)
            }
        }
        self.init(number, suffix: suffix, rangeEnd: rangeEnd)
    }

    /// Whether `other` names this house: the same number and suffix, or a single number
    /// inside this range.
    func covers(_ other: HouseNumber) -> Bool {
        if let rangeEnd {
            return other.suffix.isEmpty && other.number >= number && other.number <= rangeEnd && other.rangeEnd.map { $0 <= rangeEnd } ?? true
        }
        return number == other.number && suffix == other.suffix
    }

    /// `12a`, `12-14` or `12`.
    public var description: String {
        if let rangeEnd { return "\(number)-\(rangeEnd)" }
        return suffix.isEmpty ? "\(number)" : (suffix.first!.isNumber ? "\(number)/\(suffix)" : "\(number)\(suffix)")
    }

    /// Number first, then suffix (`12 < 12a < 12b < 13`).
    public static func < (a: HouseNumber, b: HouseNumber) -> Bool {
        (a.number, a.suffix, a.rangeEnd ?? a.number) < (b.number, b.suffix, b.rangeEnd ?? b.number)
    }

    private static func digit(_ s: Unicode.Scalar) -> Int? {
        s.value >= 48 && s.value <= 57 ? Int(s.value - 48) : nil
    }
}
