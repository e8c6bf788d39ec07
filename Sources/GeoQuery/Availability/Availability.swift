import Foundation
import GeoCore

/// Whether a defibrillator can be used at a moment, from its OpenStreetMap tags.
public enum Availability: Sendable, Hashable, CustomStringConvertible {
    /// Publicly accessible and open.
    case available
    /// Closed at that time, or not public (`access=private|no|customers`).
    case unavailable(String)
    /// The tags do not say (missing `opening_hours` or `access`, or hours GeoKit cannot read).
    case unknown(String)

    public var description: String {
        switch self {
        case .available: "available"
        case .unavailable(let why): "unavailable: \(why)"
        case .unknown(let why): "unknown: \(why)"
        }
    }

    /// The availability of a feature with OSM tags (`opening_hours`, `access`) at `date`.
    ///
    /// `access` of `yes`, `public`, `permissive` (or absent, with readable hours) counts as
    /// public; `private`, `no`, `customers` as not. A feature without `opening_hours` is
    /// `.unknown`, never silently open.
    public static func of(_ feature: Feature, at date: Date, timeZone: TimeZone,
                          isPublicHoliday: (DateComponents) -> Bool = { _ in false }) -> Availability {
        let access = feature[property: "access"]?.stringValue?.lowercased()
        if let access, ["private", "no", "customers"].contains(access) { return .unavailable("access=\(access)") }
        guard let hours = feature[property: "opening_hours"]?.stringValue, !hours.isEmpty else {
            return .unknown("no opening_hours")
        }
        guard let parsed = try? OpeningHours(hours) else { return .unknown("opening_hours \"\(hours)\" not readable") }
        // On a public holiday, hours that say nothing about holidays are no promise.
        if !parsed.coversPublicHolidays {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            if isPublicHoliday(calendar.dateComponents([.year, .month, .day], from: date)) {
                return .unknown("a public holiday, and opening_hours \"\(hours)\" says nothing about holidays (PH)")
            }
        }
        guard parsed.isOpen(at: date, timeZone: timeZone, isPublicHoliday: isPublicHoliday) else {
            return .unavailable("closed (\(hours))")
        }
        if let access, !["yes", "public", "permissive"].contains(access) { return .unknown("access=\(access)") }
        return .available
    }
}

extension GeoIndex {
    /// The nearest features available at `date` (see `Availability.of`), and the nearer
    /// ones whose availability is unknown, so that a caller can show them as such.
    ///
    /// Walks `neighbors(of:)` outwards and decides each feature's availability once.
    /// - Throws: `QueryError` for a negative count or an implausible position (see
    ///   `validate(_:)`), `PROJError` when `crs` cannot be transformed.
    public func nearestAvailable(to position: Position, at date: Date, timeZone: TimeZone, crs: CRSReference = .crs84,
                                 count: Int = 1, within maxDistance: Double? = nil,
                                 isPublicHoliday: @escaping (DateComponents) -> Bool = { _ in false }) throws -> AvailableNeighbors {
        guard count >= 0 else { throw QueryError.invalidArgument("count must not be negative, got \(count)") }
        var available: [Neighbor] = [], unknown: [AvailableNeighbors.Unknown] = []
        // One walk outwards: each feature's availability is decided once; the walk stops
        // after the last feature as near as the `count`-th available one.
        for neighbor in try neighbors(of: position, crs: crs, within: maxDistance) {
            if available.count == count, count == 0 || neighbor.distance > available[count - 1].distance { break }
            switch Availability.of(neighbor.feature, at: date, timeZone: timeZone, isPublicHoliday: isPublicHoliday) {
            case .available: if available.count < count { available.append(neighbor) }
            case .unknown(let why): unknown.append(AvailableNeighbors.Unknown(neighbor: neighbor, reason: why))
            case .unavailable: break
            }
        }
        return AvailableNeighbors(available: available, unknown: unknown)
    }
}

/// The answer of `GeoIndex.nearestAvailable`: the nearest features available at the time,
/// and the nearer ones whose availability is unknown.
public struct AvailableNeighbors: Sendable {
    /// The nearest available features, nearest first.
    public var available: [Neighbor]
    /// Features nearer than the last available one whose availability is unknown, with why.
    public var unknown: [Unknown]

    /// A feature of unknown availability.
    public struct Unknown: Sendable {
        /// The feature with its distance.
        public var neighbor: Neighbor
        /// Why its availability is unknown (`no opening_hours`, `access=customers`…).
        public var reason: String
    }
}
