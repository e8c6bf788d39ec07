import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct AvailabilityTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    /// A moment in Berlin local time.
    func at(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = berlin
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    // 2026-11-23 is a Monday, 2026-11-28 a Saturday, 2026-11-29 a Sunday.
    @Test func weekdaysTimesAndOverrides() throws {
        let office = try OpeningHours("Mo-Fr 08:00-12:00,13:00-18:00; Sa 09:00-13:00")
        #expect(office.isOpen(at: at("2026-11-23 08:00"), timeZone: berlin))
        #expect(!office.isOpen(at: at("2026-11-23 12:30"), timeZone: berlin))
        #expect(office.isOpen(at: at("2026-11-23 17:59"), timeZone: berlin))
        #expect(!office.isOpen(at: at("2026-11-23 18:00"), timeZone: berlin))
        #expect(office.isOpen(at: at("2026-11-28 10:00"), timeZone: berlin))
        #expect(!office.isOpen(at: at("2026-11-29 10:00"), timeZone: berlin))
        let always = try OpeningHours("24/7")
        #expect(always.isOpen(at: at("2026-11-29 03:00"), timeZone: berlin))
        let override = try OpeningHours("Mo-Su 06:00-22:00; We off")
        #expect(!override.isOpen(at: at("2026-11-25 10:00"), timeZone: berlin))
        #expect(override.isOpen(at: at("2026-11-26 10:00"), timeZone: berlin))
        let list = try OpeningHours("Mo,We,Fr 10:00-11:00")
        #expect(list.isOpen(at: at("2026-11-27 10:30"), timeZone: berlin))
        #expect(!list.isOpen(at: at("2026-11-24 10:30"), timeZone: berlin))
    }

    @Test func pastMidnightHolidaysAndComments() throws {
        let bar = try OpeningHours("Fr-Sa 20:00-02:00")
        #expect(bar.isOpen(at: at("2026-11-28 01:30"), timeZone: berlin), "Friday night into Saturday")
        #expect(bar.isOpen(at: at("2026-11-29 01:30"), timeZone: berlin), "Saturday night into Sunday")
        #expect(!bar.isOpen(at: at("2026-11-27 01:30"), timeZone: berlin), "Thursday night")
        // PH: on a public holiday the last PH rule decides; without one, the weekday rules
        // do (the opening_hours specification), and availability is unknown (no promise).
        let school = try OpeningHours("Mo-Fr 07:00-17:00")
        let holiday: (DateComponents) -> Bool = { $0.month == 12 && $0.day == 25 }
        #expect(school.isOpen(at: at("2026-12-25 10:00"), timeZone: berlin, isPublicHoliday: holiday))
        let aed = Feature(geometry: nil, properties: ["opening_hours": "Mo-Fr 07:00-17:00", "access": "yes"])
        guard case .unknown(let why) = Availability.of(aed, at: at("2026-12-25 10:00"), timeZone: berlin, isPublicHoliday: holiday) else {
            Issue.record("a holiday without a PH rule must be unknown")
            return
        }
        #expect(why.contains("public holiday"))
        let closedOnHolidays = try OpeningHours("Mo-Fr 07:00-17:00; PH off")
        #expect(!closedOnHolidays.isOpen(at: at("2026-12-25 10:00"), timeZone: berlin, isPublicHoliday: holiday))
        #expect(closedOnHolidays.isOpen(at: at("2026-12-24 10:00"), timeZone: berlin, isPublicHoliday: holiday))
        let withPH = try OpeningHours("Mo-Fr 07:00-17:00; PH 10:00-12:00")
        #expect(withPH.isOpen(at: at("2026-12-25 11:00"), timeZone: berlin, isPublicHoliday: holiday))
        let commented = try OpeningHours("Mo-Fr 08:00-16:00 \"nach Vereinbarung\"")
        #expect(commented.warnings.count == 1)
        #expect(commented.isOpen(at: at("2026-11-23 09:00"), timeZone: berlin))
        #expect(try OpeningHours("off").isOpen(at: at("2026-11-23 09:00"), timeZone: berlin) == false)
    }

    @Test func unsupportedValuesAreNotGuessed() {
        for text in ["6.00-19.30 Uhr", "Jan-Mar 10:00-12:00", "sunrise-sunset", "Mo-Fr 8-18", ""] {
            #expect(throws: OpeningHours.Unsupported.self, "\(text)") { _ = try OpeningHours(text) }
        }
    }

    @Test func availabilityFromTags() {
        let now = at("2026-11-23 10:00")
        func aed(_ properties: JSONObject) -> Feature { Feature(geometry: .point(Position(x: 7, y: 51)), properties: properties) }
        #expect(Availability.of(aed(["opening_hours": "24/7", "access": "yes"]), at: now, timeZone: berlin) == .available)
        #expect(Availability.of(aed(["opening_hours": "24/7"]), at: now, timeZone: berlin) == .available)
        #expect(Availability.of(aed(["opening_hours": "24/7", "access": "private"]), at: now, timeZone: berlin) == .unavailable("access=private"))
        #expect(Availability.of(aed(["opening_hours": "Sa-Su 10:00-12:00"]), at: now, timeZone: berlin) == .unavailable("closed (Sa-Su 10:00-12:00)"))
        #expect(Availability.of(aed([:]), at: now, timeZone: berlin) == .unknown("no opening_hours"))
        if case .unknown = Availability.of(aed(["opening_hours": "6.00-19.30 Uhr"]), at: now, timeZone: berlin) {} else {
            Issue.record("free-text hours must be unknown")
        }
    }

    @Test func nearestAvailableSkipsClosedAndReportsUnknown() throws {
        let layer = Layer(name: "aed", crs: .crs84, inferringFieldsFrom: [
            Feature(geometry: .point(Position(x: 7.000, y: 51)), properties: ["opening_hours": "Sa-Su 10:00-12:00"]),  // closed Monday
            Feature(geometry: .point(Position(x: 7.001, y: 51)), properties: [:]),  // unknown
            Feature(geometry: .point(Position(x: 7.002, y: 51)), properties: ["opening_hours": "24/7", "access": "private"]),
            Feature(geometry: .point(Position(x: 7.003, y: 51)), properties: ["opening_hours": "24/7", "access": "yes"]),
        ])
        let answer = try GeoIndex(layer).nearestAvailable(to: Position(x: 7, y: 51), at: at("2026-11-23 10:00"), timeZone: berlin)
        #expect(answer.available.map(\.featureIndex) == [3])
        #expect(answer.unknown.map(\.neighbor.featureIndex) == [1])
        #expect(answer.unknown.first?.reason == "no opening_hours")
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func swissOSMDefibrillatorsWithFullTagging() throws {
        let shared = Paths.shared!
        let layer = try GeoJSON.readLayer(atPath: shared + "/data/aed/switzerland_osm_emergency_defibrillator_2020.geojson")
        let now = at("2026-11-23 03:00")
        var counts: [String: Int] = [:]
        for f in layer.features {
            switch Availability.of(f, at: now, timeZone: berlin) {
            case .available: counts["available", default: 0] += 1
            case .unavailable: counts["unavailable", default: 0] += 1
            case .unknown: counts["unknown", default: 0] += 1
            }
        }
        // Every Swiss AED is tagged 24/7; those with access=private/no/customers are not public.
        let notPublic = layer.features.filter { ["private", "no", "customers"].contains($0[property: "access"]?.stringValue?.lowercased() ?? "") }.count
        #expect(counts["unavailable", default: 0] == notPublic)
        #expect(counts["available", default: 0] + counts["unknown", default: 0] + notPublic == 1550)
        #expect(counts["available", default: 0] > 1000)
    }
}

/// The German holiday calendar against the dates the Länder publish.
@Suite struct GermanPublicHolidaysTests {
    func dates(_ region: String, _ year: Int) -> [String] {
        GermanPublicHolidays(region: region)!.holidays(in: year).map { String(format: "%02d-%02d", $0.month, $0.day) }
    }

    @Test func nationwideAndPerLand() {
        // 2026: Easter Sunday is 5 April.
        #expect(GermanPublicHolidays.easterSunday(2026) == (4, 5))
        #expect(GermanPublicHolidays.easterSunday(2024) == (3, 31))
        #expect(GermanPublicHolidays.easterSunday(2019) == (4, 21))
        #expect(dates("DE", 2026) == ["01-01", "04-03", "04-06", "05-01", "05-14", "05-25", "10-03", "12-25", "12-26"])
        // Nordrhein-Westfalen adds Fronleichnam (4 June 2026) and Allerheiligen.
        #expect(dates("DE-NW", 2026) == ["01-01", "04-03", "04-06", "05-01", "05-14", "05-25", "06-04", "10-03", "11-01", "12-25", "12-26"])
        #expect(dates("by", 2026).contains("01-06") && !dates("DE-NW", 2026).contains("01-06"))
        // Sachsen: Buß- und Bettag, the Wednesday before 23 November (18 Nov 2026, 20 Nov 2024).
        #expect(dates("DE-SN", 2026).contains("11-18") && dates("DE-SN", 2024).contains("11-20"))
        // Laws that changed: Reformationstag in Niedersachsen from 2018, everywhere in 2017.
        #expect(!dates("DE-NI", 2016).contains("10-31") && dates("DE-NI", 2018).contains("10-31") && dates("DE-NW", 2017).contains("10-31"))
        #expect(dates("DE-BE", 2019).contains("03-08") && !dates("DE-BE", 2018).contains("03-08"))
        #expect(dates("DE-BB", 2026).contains("04-05") && dates("DE-BB", 2026).contains("05-24"))
        #expect(GermanPublicHolidays(region: "DE-XX") == nil)
        let calendar = Calendar(identifier: .gregorian)
        for year in 1995...2100 {
            let sn = GermanPublicHolidays(region: "DE-SN")!.holidays(in: year).first { $0.name == "Buß- und Bettag" }!
            let date = calendar.date(from: DateComponents(year: year, month: 11, day: sn.day))!
            #expect(calendar.component(.weekday, from: date) == 4 && (16...22).contains(sn.day), "\(year): a Wednesday")
            let easter = GermanPublicHolidays.easterSunday(year)
            let sunday = calendar.date(from: DateComponents(year: year, month: easter.month, day: easter.day))!
            #expect(calendar.component(.weekday, from: sunday) == 1, "\(year): Easter is a Sunday")
        }
    }
}
