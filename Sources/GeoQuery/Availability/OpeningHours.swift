import Foundation

/// The subset of OpenStreetMap's `opening_hours` syntax that real defibrillator data uses,
/// parsed once and evaluated at any moment:
/// `24/7`; weekday ranges and lists (`Mo-Fr`, `Mo,We,Sa`); several time ranges
/// (`08:00-12:00,13:00-18:00`), also past midnight (`22:00-02:00`); `off`/`closed`;
/// rules separated by `;` (a later rule for a day replaces an earlier one); `PH` for public
/// holidays (on a public holiday the last `PH` rule decides; without one, the weekday's
/// rules do — `GermanPublicHolidays` tells which days are holidays). Quoted
/// comments are ignored with a warning; anything else (month or week selectors,
/// `sunrise`…) makes the value unsupported rather than guessed.
public struct OpeningHours: Sendable, Hashable {
    /// One `;`-separated rule.
    struct Rule: Sendable, Hashable {
        /// Weekdays 1 (Mo) … 7 (Su); empty with `publicHoliday` false means every day.
        var weekdays: Set<Int>
        var publicHoliday: Bool
        /// Minute ranges within a day, start < end (end may exceed 1440 past midnight).
        var ranges: [Range<Int>]
        var closed: Bool
    }

    let rules: [Rule]
    /// Whether the value says what happens on public holidays: a rule names them (`PH`),
    /// or one applies to every day (`24/7`, `08:00-20:00`).
    public var coversPublicHolidays: Bool { rules.contains { $0.publicHoliday || $0.weekdays.isEmpty } }
    /// What the parser ignored (comments), for a caller to report.
    public let warnings: [String]

    /// Parses a value.
    /// - Throws: `OpeningHours.Unsupported` naming the part it cannot read.
    public init(_ text: String) throws {
        var rules: [Rule] = []
        var warnings: [String] = []
        var value = text
        // Quoted comments ("nach Vereinbarung") carry no hours.
        while let open = value.firstIndex(of: "\""), let close = value[value.index(after: open)...].firstIndex(of: "\"") {
            warnings.append("comment \(value[open...close]) ignored")
            value.removeSubrange(open...close)
        }
        for raw in value.split(separator: ";") {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            rules.append(try OpeningHours.parseRule(part, in: text))
        }
        if rules.isEmpty { throw Unsupported(value: text, part: text) }
        self.rules = rules
        self.warnings = warnings
    }

    /// A value (or part of one) this parser does not read.
    public struct Unsupported: Error, Sendable, Hashable, CustomStringConvertible {
        /// The whole value.
        public let value: String
        /// The part that could not be read.
        public let part: String
        public var description: String { "opening_hours \"\(value)\": cannot read \"\(part)\"" }
    }

    static let dayNames = ["mo": 1, "tu": 2, "we": 3, "th": 4, "fr": 5, "sa": 6, "su": 7]

    static func parseRule(_ text: String, in value: String) throws -> Rule {
        var rule = Rule(weekdays: [], publicHoliday: false, ranges: [], closed: false)
        var rest = Substring(text)
        let lower = text.lowercased()
        if lower == "24/7" {
            rule.ranges = [0..<1440]
            return rule
        }
        // Day selector: letters, commas and dashes before the first digit or modifier.
        let selectorEnd = rest.firstIndex { $0.isNumber } ?? rest.endIndex
        var selector = rest[..<selectorEnd].trimmingCharacters(in: .whitespaces)
        for modifier in ["off", "closed"] where selector.lowercased().hasSuffix(modifier) {
            rule.closed = true
            selector = String(selector.dropLast(modifier.count)).trimmingCharacters(in: .whitespaces)
        }
        if selector.lowercased().hasSuffix("open") {
            selector = String(selector.dropLast(4)).trimmingCharacters(in: .whitespaces)
        }
        rest = rest[selectorEnd...]
        if !selector.isEmpty {
            for item in selector.split(separator: ",") {
                let token = item.trimmingCharacters(in: .whitespaces).lowercased()
                if token == "ph" {
                    rule.publicHoliday = true
                    continue
                }
                let ends = token.split(separator: "-").map { String($0) }
                guard (1...2).contains(ends.count), let a = dayNames[ends[0]], let b = dayNames[ends.last!] else {
                    throw Unsupported(value: value, part: String(item))
                }
                var d = a
                while true {
                    rule.weekdays.insert(d)
                    if d == b { break }
                    d = d % 7 + 1
                }
            }
        }
        let times = rest.trimmingCharacters(in: .whitespaces)
        if times.isEmpty {
            if !rule.closed { rule.ranges = [0..<1440] }  // "Mo-Fr" alone: all day
            return rule
        }
        var timeText = times.lowercased()
        for modifier in [" off", " closed"] where timeText.hasSuffix(modifier) {
            rule.closed = true
            timeText = String(timeText.dropLast(modifier.count))
        }
        for span in timeText.split(separator: ",") {
            let ends = span.trimmingCharacters(in: .whitespaces).split(separator: "-")
            guard ends.count == 2, let start = minutes(ends[0]), let end = minutes(ends[1]) else {
                throw Unsupported(value: value, part: String(span))
            }
            rule.ranges.append(start..<(end > start ? end : end + 1440))
        }
        return rule
    }

    /// Minutes since midnight of `HH:MM` (also `H:MM`, `HH.MM`, and `24:00`).
    static func minutes(_ text: Substring) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ".", with: ":")
        let parts = t.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    /// True when open at the given weekday (1 = Monday … 7 = Sunday) and minute of day.
    /// - Parameter publicHoliday: whether that day is a public holiday.
    func isOpen(weekday: Int, minute: Int, publicHoliday: Bool, previousDayPublicHoliday: Bool) -> Bool {
        // The rule that decides a day: the last one that names it. On a public holiday
        // the last PH rule decides, when there is one; without any, the weekday rules apply
        // (as the opening_hours specification says).
        func rule(for day: Int, holiday: Bool) -> Rule? {
            if holiday, let ph = rules.last(where: { $0.publicHoliday }) { return ph }
            return rules.last { ($0.weekdays.isEmpty && !$0.publicHoliday) || $0.weekdays.contains(day) }
        }
        if let today = rule(for: weekday, holiday: publicHoliday), !today.closed,
           today.ranges.contains(where: { $0.contains(minute) }) {
            return true
        }
        // Spans past midnight from the day before.
        let yesterday = weekday == 1 ? 7 : weekday - 1
        if let previous = rule(for: yesterday, holiday: previousDayPublicHoliday), !previous.closed,
           previous.ranges.contains(where: { $0.upperBound > 1440 && $0.contains(minute + 1440) }) {
            return true
        }
        return false
    }

    /// True when open at `date` in `timeZone`.
    /// - Parameters:
    ///   - date: the moment.
    ///   - timeZone: where the hours are meant (`Europe/Berlin`).
    ///   - isPublicHoliday: tells which days are public holidays (none by default; on
    ///     those days a `PH` rule, where there is one, decides).
    public func isOpen(at date: Date, timeZone: TimeZone, isPublicHoliday: (DateComponents) -> Bool = { _ in false }) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        let weekday = ((c.weekday ?? 1) + 5) % 7 + 1  // Calendar: 1 = Sunday → 7
        let yesterday = calendar.date(byAdding: .day, value: -1, to: date).map { calendar.dateComponents([.year, .month, .day], from: $0) }
        let today = DateComponents(year: c.year, month: c.month, day: c.day)
        return isOpen(weekday: weekday, minute: (c.hour ?? 0) * 60 + (c.minute ?? 0),
                      publicHoliday: isPublicHoliday(today), previousDayPublicHoliday: yesterday.map(isPublicHoliday) ?? false)
    }
}
