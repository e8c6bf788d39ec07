import Foundation
import GeoCore

extension Ellipsoid {
    /// How long a chord (metres) `nearbyInverse` takes on; longer lines go to Karney's
    /// algorithm in PROJ.
    package static let nearbyChordLimit = 50_000.0

    /// Distance (metres) and initial azimuth (degrees, -180...180) between two positions
    /// less than `nearbyChordLimit` apart, about twenty times faster than
    /// `Geodesic.inverse`, or `nil` when they are farther apart or too close to a pole (the
    /// caller then uses `Geodesic.inverse`).
    ///
    /// Over such short lines a geodesic is, to far below a micrometre, an arc of constant
    /// curvature: the ellipsoid's normal curvature where the line passes its middle, in
    /// the line's direction (Euler's formula from the meridian and prime-vertical radii).
    /// The length of that arc over the straight chord is 2ρ·asin(c/2ρ). The azimuth is
    /// the chord's direction in the plane tangent at the start (the normal section's),
    /// turned by the second-order difference between normal section and geodesic. The
    /// tests hold both to Karney's algorithm over random lines at every latitude
    /// (GeoPROJTests.NearbyGeodesicTests): nanometres in distance, under 0.1 mm sideways.
    package func nearbyInverse(from a: Position, to b: Position, withAzimuth: Bool = true) -> (distance: Double, azimuth: Double)? {
        let (ax, ay, az) = earthCentered(a)
        let (bx, by, bz) = earthCentered(b)
        let dx = bx - ax, dy = by - ay, dz = bz - az
        let chordSquared = dx * dx + dy * dy + dz * dz
        guard chordSquared < Ellipsoid.nearbyChordLimit * Ellipsoid.nearbyChordLimit else { return nil }
        let e2 = eccentricitySquared
        // The middle of the chord, and the latitude and longitude of the surface below it.
        let mx = (ax + bx) / 2, my = (ay + by) / 2, mz = (az + bz) / 2
        let p = (mx * mx + my * my).squareRoot()
        guard p > 100_000 else { return nil }  // within ~0.9° of a pole
        let t = mz / ((1 - e2) * p)  // tan(latitude)
        let cosLat = 1 / (1 + t * t).squareRoot(), sinLat = t * cosLat
        let cosLon = mx / p, sinLon = my / p
        // The chord's east and north components there, and the radii of curvature.
        let east = -sinLon * dx + cosLon * dy
        let north = -sinLat * cosLon * dx - sinLat * sinLon * dy + cosLat * dz
        let w2 = 1 - e2 * sinLat * sinLat
        let primeVertical = equatorialRadius / w2.squareRoot()
        let meridian = primeVertical * (1 - e2) / w2
        let horizontal = east * east + north * north
        let curvature = horizontal > 0 ? (north * north / meridian + east * east / primeVertical) / horizontal : 1 / primeVertical
        // s = 2ρ asin(c / 2ρ) = c (1 + x²/6 + 3x⁴/40 + 5x⁶/112 …), x = c / 2ρ < 0.004.
        let x2 = chordSquared * curvature * curvature / 4
        let distance = chordSquared.squareRoot() * (1 + x2 * (1.0 / 6 + x2 * (3.0 / 40 + x2 * (5.0 / 112))))
        guard withAzimuth, chordSquared > 0 else { return (distance, 0) }
        let lat = a.y * .pi / 180, lon = a.x * .pi / 180
        let sinA = sin(lat), cosA = cos(lat), sinL = sin(lon), cosL = cos(lon)
        let eastAtStart = -sinL * dx + cosL * dy
        let northAtStart = -sinA * cosL * dx - sinA * sinL * dy + cosA * dz
        // The geodesic leaves a little to the side of the normal section:
        // α_geodesic ≈ α_normal − e'²/12 · (s/N)² cos²φ sin 2α (N, φ at the start).
        let normal = atan2(eastAtStart, northAtStart)
        let startPrimeVertical = equatorialRadius / (1 - e2 * sinA * sinA).squareRoot()
        let ratio = distance / startPrimeVertical
        let azimuth = normal - e2 / (1 - e2) / 12 * ratio * ratio * cosA * cosA * sin(2 * normal)
        return (distance, azimuth * 180 / .pi)
    }
}

extension Geodesic {
    /// Distance (metres) and initial azimuth (degrees, -180...180): the ellipsoid's
    /// `nearbyInverse` when it applies, Karney's algorithm through PROJ otherwise. The azimuth is 0 unless
    /// `withAzimuth`.
    package func quickInverse(from a: Position, to b: Position, withAzimuth: Bool = true) -> (distance: Double, azimuth: Double) {
        ellipsoid.nearbyInverse(from: a, to: b, withAzimuth: withAzimuth) ?? karneyInverse(from: a, to: b, withAzimuth: withAzimuth)
    }

    /// Distance (metres) and initial azimuth (degrees) by Karney's algorithm in PROJ;
    /// the azimuth is 0 unless `withAzimuth` (PROJ then skips computing it).
    package func karneyInverse(from a: Position, to b: Position, withAzimuth: Bool) -> (distance: Double, azimuth: Double) {
        if withAzimuth {
            let r = inverse(from: a, to: b)
            return (r.distance, r.initialAzimuth)
        }
        return (distance(from: a, to: b), 0)
    }
}
