import Foundation
import GeoCore

/// An ellipsoid of revolution as two numbers, with the geometry that needs no PROJ state:
/// earth-centred coordinates and the chord bounds of geodesic distances. A plain value,
/// so that hot loops on many threads share no reference count (`Geodesic` holds PROJ's
/// precomputed series in an object).
public struct Ellipsoid: Sendable, Hashable {
    /// The semi-major axis in metres.
    public let equatorialRadius: Double
    /// The flattening.
    public let flattening: Double

    /// An ellipsoid from its semi-major axis (metres) and flattening.
    public init(equatorialRadius: Double, flattening: Double) {
        self.equatorialRadius = equatorialRadius
        self.flattening = flattening
    }

    /// The first eccentricity squared, f(2 − f).
    public var eccentricitySquared: Double { flattening * (2 - flattening) }

    /// Earth-centred coordinates (metres) of a position (longitude/latitude in degrees)
    /// on the ellipsoid surface.
    public func earthCentered(_ position: Position) -> (Double, Double, Double) {
        let lat = position.y * .pi / 180, lon = position.x * .pi / 180
        let e2 = eccentricitySquared
        let sinLat = sin(lat), cosLat = cos(lat)
        let n = equatorialRadius / (1 - e2 * sinLat * sinLat).squareRoot()
        return (n * cosLat * cos(lon), n * cosLat * sin(lon), n * (1 - e2) * sinLat)
    }

    /// A cheap upper bound of the geodesic distance (`Geodesic.distance(from:to:)`) in
    /// metres between two points whose straight chord through the ellipsoid (a lower
    /// bound, `Geodesic.distanceLowerBound`) is `chord` metres, or infinity when the
    /// points are too far apart (chord over 0.9 of the smallest curvature diameter) for
    /// the bound to hold.
    ///
    /// A geodesic bends no more than the ellipsoid's sharpest normal curvature allows
    /// (radius b²/a, at the equator in the meridian), so by Schur's comparison theorem it
    /// is no longer than the arc of that radius over the same chord. The bound exceeds
    /// the true distance by about chord³/(24 R²): 0.5 mm at 10 km. Together with the
    /// lower bound it ranks candidates exactly without computing their geodesics.
    public func distanceUpperBound(forChord chord: Double) -> Double {
        let radius = equatorialRadius * (1 - flattening) * (1 - flattening)
        let ratio = chord / (2 * radius)
        guard ratio <= 0.9 else { return .infinity }
        // asin(x) = x + x³/6 + 3x⁵/40 + 5x⁷/112 + …; below x = 0.01 (127 km) the terms
        // left out are under 1e-15 of the distance.
        let arc: Double
        if ratio < 0.01 {
            let x2 = ratio * ratio
            arc = ratio * (1 + x2 * (1.0 / 6 + x2 * (3.0 / 40 + x2 * (5.0 / 112))))
        } else {
            arc = asin(ratio)
        }
        // Slack for the rounding of earth-centred coordinates and of PROJ's geodesics (nm).
        return 2 * radius * arc * (1 + 1e-14) + 1e-6
    }
}
