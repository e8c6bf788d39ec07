import Foundation

/// The public holidays of Germany, nationwide or for one Land (`DE-NW`, `DE-BY`, …), as
/// the Länder's holiday laws define them, so that an `opening_hours` value with `PH off`
/// means what it says. Computed for any year from 1995 on (Easter by the Gregorian
/// computus); the changes since then are included (Reformationstag in the northern
/// Länder from 2018, Frauentag in Berlin from 2019 and Mecklenburg-Vorpommern from 2023,
/// Weltkindertag in Thüringen from 2019; in 2017 Reformationstag was a holiday everywhere).
/// Holidays of single municipalities (Augsburger Friedensfest, Fronleichnam in parts of
/// Sachsen and Thüringen, Mariä Himmelfahrt in Catholic Bavarian communities) are not
/// included: no Land-wide calendar can know them.
public struct GermanPublicHolidays: Sendable, Hashable {
    /// The Land's ISO 3166-2 code (`DE-NW`), or `DE` for the nationwide holidays only.
    public let region: String

    /// The ISO 3166-2 codes of the sixteen Länder.
    public static let regions = ["DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV",
                                 "DE-NI", "DE-NW", "DE-RP", "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH"]

    /// A calendar for `DE` or one Land (`DE-NW`, also `NW`; case-insensitive), or nil for
    /// another code.
    public init?(region: String) {
        var code = region.uppercased()
        if code.count == 2, code != "DE" { code = "DE-" + code }
        guard code == "DE" || Self.regions.contains(code) else { return nil }
        self.region = code
    }

    /// One holiday.
    public struct Holiday: Sendable, Hashable {
        /// The month (1–12).
        public var month: Int
        /// The day of the month.
        public var day: Int
        /// The German name (`Tag der Deutschen Einheit`).
        public var name: String
    }

    /// The holidays of a year, in date order.
    public func holidays(in year: Int) -> [Holiday] {
        let easter = Self.easterSunday(year)
        func afterEaster(_ days: Int, _ name: String) -> Holiday {
            let (month, day) = Self.date(year: year, dayOfYear: Self.dayOfYear(year: year, month: easter.month, day: easter.day) + days)
            return Holiday(month: month, day: day, name: name)
        }
        let land = region
        func inLand(_ codes: [String]) -> Bool { codes.contains(land) }
        var result = [
            Holiday(month: 1, day: 1, name: "Neujahr"),
            afterEaster(-2, "Karfreitag"),
            afterEaster(1, "Ostermontag"),
            Holiday(month: 5, day: 1, name: "Tag der Arbeit"),
            afterEaster(39, "Christi Himmelfahrt"),
            afterEaster(50, "Pfingstmontag"),
            Holiday(month: 10, day: 3, name: "Tag der Deutschen Einheit"),
            Holiday(month: 12, day: 25, name: "1. Weihnachtstag"),
            Holiday(month: 12, day: 26, name: "2. Weihnachtstag"),
        ]
        if inLand(["DE-BW", "DE-BY", "DE-ST"]) { result.append(Holiday(month: 1, day: 6, name: "Heilige Drei Könige")) }
        if (inLand(["DE-BE"]) && year >= 2019) || (inLand(["DE-MV"]) && year >= 2023) {
            result.append(Holiday(month: 3, day: 8, name: "Internationaler Frauentag"))
        }
        if inLand(["DE-BB"]) {
            result.append(afterEaster(0, "Ostersonntag"))
            result.append(afterEaster(49, "Pfingstsonntag"))
        }
        if inLand(["DE-BW", "DE-BY", "DE-HE", "DE-NW", "DE-RP", "DE-SL"]) { result.append(afterEaster(60, "Fronleichnam")) }
        if inLand(["DE-SL"]) { result.append(Holiday(month: 8, day: 15, name: "Mariä Himmelfahrt")) }
        if inLand(["DE-TH"]) && year >= 2019 { result.append(Holiday(month: 9, day: 20, name: "Weltkindertag")) }
        let reformation = inLand(["DE-BB", "DE-MV", "DE-SN", "DE-ST", "DE-TH"])
            || (inLand(["DE-HB", "DE-HH", "DE-NI", "DE-SH"]) && year >= 2018) || year == 2017
        if reformation { result.append(Holiday(month: 10, day: 31, name: "Reformationstag")) }
        if inLand(["DE-BW", "DE-BY", "DE-NW", "DE-RP", "DE-SL"]) { result.append(Holiday(month: 11, day: 1, name: "Allerheiligen")) }
        if inLand(["DE-SN"]) {
            // The Wednesday before 23 November.
            let weekdayOf23 = Self.weekday(year: year, month: 11, day: 23)  // 1 = Monday
            let back = (weekdayOf23 - 3 + 7) % 7
            result.append(Holiday(month: 11, day: 23 - (back == 0 ? 7 : back), name: "Buß- und Bettag"))
        }
        return result.sorted { ($0.month, $0.day) < ($1.month, $1.day) }
    }

    /// Whether a calendar day is a public holiday.
    public func contains(year: Int, month: Int, day: Int) -> Bool {
        holidays(in: year).contains { $0.month == month && $0.day == day }
    }

    /// Whether a calendar day is a public holiday: the form `OpeningHours.isOpen(at:…)`
    /// and `nearestAvailable` take.
    public func isHoliday(_ date: DateComponents) -> Bool {
        guard let year = date.year, let month = date.month, let day = date.day else { return false }
        return contains(year: year, month: month, day: day)
    }

    /// Easter Sunday of a Gregorian year (the anonymous Gregorian computus), as month and day.
    public static func easterSunday(_ year: Int) -> (month: Int, day: Int) {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return (month, day)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysBefore(month: Int, year: Int) -> Int {
        let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return lengths.prefix(month - 1).reduce(0, +)
    }

    static func dayOfYear(year: Int, month: Int, day: Int) -> Int { daysBefore(month: month, year: year) + day }

    static func date(year: Int, dayOfYear: Int) -> (month: Int, day: Int) {
        var month = 12
        while daysBefore(month: month, year: year) >= dayOfYear { month -= 1 }
        return (month, dayOfYear - daysBefore(month: month, year: year))
    }

    /// The weekday, 1 = Monday … 7 = Sunday (Zeller's congruence for the Gregorian calendar).
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        var y = year, m = month
        if m < 3 { m += 12; y -= 1 }
        let h = (day + (13 * (m + 1)) / 5 + y + y / 4 - y / 100 + y / 400) % 7  // 0 = Saturday
        return (h + 5) % 7 + 1
    }
}
