import CPROJ
import Foundation
import GeoCore

/// Geodesics on an ellipsoid (Karney's algorithms, through PROJ's `geod_*`): distances
/// in metres and azimuths in degrees, the way a person means "how far".
///
/// Positions are x = longitude, y = latitude in degrees (GeoKit's order).
///
/// ```swift
/// let metres = Geodesic.wgs84.distance(from: koeln, to: berlin)
/// ```
public struct Geodesic: Sendable {
    /// The WGS 84 ellipsoid (EPSG:7030), for EPSG:4326 and GPS positions.
    public static let wgs84 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)
    /// The GRS 80 ellipsoid (EPSG:7019), for ETRS89 (EPSG:4258, 25832, 25833).
    public static let grs80 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257222101)

    /// The semi-major axis in metres.
    public let equatorialRadius: Double
    /// The flattening.
    public let flattening: Double
    /// The ellipsoid's precomputed series, shared by copies of this value.
    private let storage: Storage

    /// An ellipsoid from its semi-major axis (metres) and flattening.
    public init(equatorialRadius: Double, flattening: Double) {
        self.equatorialRadius = equatorialRadius
        self.flattening = flattening
        storage = Storage(equatorialRadius: equatorialRadius, flattening: flattening)
    }

    /// Holds the `geod_geodesic` at a fixed address so that calls pass a pointer instead
    /// of copying its ~60 coefficients each time.
    final class Storage: @unchecked Sendable {
        // @unchecked: written once by geod_init in init; geod_* only read it afterwards.
        let pointer: UnsafeMutablePointer<geod_geodesic>

        init(equatorialRadius: Double, flattening: Double) {
            pointer = .allocate(capacity: 1)
            pointer.initialize(to: geod_geodesic())
            geod_init(pointer, equatorialRadius, flattening)
        }

        deinit {
            pointer.deinitialize(count: 1)
            pointer.deallocate()
        }
    }

    /// The answer to the inverse problem: how far and in which directions.
    public struct Inverse: Sendable, Hashable {
        /// The distance along the ellipsoid in metres.
        public let distance: Double
        /// The azimuth at the start, degrees clockwise from north.
        public let initialAzimuth: Double
        /// The azimuth at the end (the direction of travel there), degrees clockwise from north.
        public let finalAzimuth: Double
    }

    /// Distance (metres) and azimuths (degrees) between two positions.
    public func inverse(from a: Position, to b: Position) -> Inverse {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        geod_inverse(storage.pointer, a.y, a.x, b.y, b.x, &s12, &azi1, &azi2)
        return Inverse(distance: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    /// The distance along the ellipsoid between two positions, in metres.
    public func distance(from a: Position, to b: Position) -> Double {
        var s12 = 0.0
        geod_inverse(storage.pointer, a.y, a.x, b.y, b.x, &s12, nil, nil)
        return s12
    }

    /// The direct problem: where you arrive going `distance` metres from `start` at
    /// `azimuth` degrees clockwise from north, and the azimuth there. Longitude is
    /// normalised to [-180, 180].
    public func destination(from start: Position, azimuth: Double, distance: Double) -> (position: Position, finalAzimuth: Double) {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        geod_direct(storage.pointer, start.y, start.x, azimuth, distance, &lat2, &lon2, &azi2)
        return (Position(x: lon2, y: lat2), azi2)
    }

    /// The length of a line along the ellipsoid, in metres.
    public func length(of line: [Position]) -> Double {
        guard line.count > 1 else { return 0 }
        var total = 0.0
        for i in 1..<line.count { total += distance(from: line[i - 1], to: line[i]) }
        return total
    }

    /// The area (square metres) and perimeter (metres) of a polygon on the ellipsoid.
    /// Holes are subtracted; the area is positive whichever way the rings run.
    public func areaAndPerimeter(ofPolygon rings: [[Position]]) -> (area: Double, perimeter: Double) {
        var area = 0.0, perimeter = 0.0
        for (i, ring) in rings.enumerated() {
            let (ringArea, ringPerimeter) = signedAreaAndPerimeter(ofRing: ring)
            area += i == 0 ? abs(ringArea) : -abs(ringArea)
            perimeter += ringPerimeter
        }
        return (area, perimeter)
    }

    /// The signed area of one ring (positive when counterclockwise) and its perimeter.
    public func signedAreaAndPerimeter(ofRing ring: [Position]) -> (area: Double, perimeter: Double) {
        var points = ring
        if points.count > 1, points.first == points.last { points.removeLast() }
        guard points.count >= 3 else { return (0, 0) }
        var lats = points.map(\.y), lons = points.map(\.x)
        var area = 0.0, perimeter = 0.0
        geod_polygonarea(storage.pointer, &lats, &lons, Int32(points.count), &area, &perimeter)
        return (area, perimeter)
    }

    /// The area of a geometry in square metres (polygons and multipolygons; 0 for others).
    public func area(of geometry: Geometry) -> Double {
        switch geometry {
        case .polygon(let rings): areaAndPerimeter(ofPolygon: rings).area
        case .multiPolygon(let polygons): polygons.reduce(0) { $0 + areaAndPerimeter(ofPolygon: $1).area }
        case .geometryCollection(let members): members.reduce(0) { $0 + area(of: $1) }
        default: 0
        }
    }

    /// A cheap lower bound of `distance(from:to:)` in metres: the straight chord through
    /// the ellipsoid between the two points, which no path along the surface can beat.
    /// Use it to prune index searches before computing exact distances.
    public func distanceLowerBound(from a: Position, to b: Position) -> Double {
        let p = earthCentered(a), q = earthCentered(b)
        let dx = p.0 - q.0, dy = p.1 - q.1, dz = p.2 - q.2
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// A cheap upper bound of `distance(from:to:)` in metres for two points whose chord
    /// is `chord` metres; see `Ellipsoid.distanceUpperBound(forChord:)`.
    public func distanceUpperBound(forChord chord: Double) -> Double {
        ellipsoid.distanceUpperBound(forChord: chord)
    }

    /// Earth-centred coordinates (metres) of a position on the ellipsoid surface.
    public func earthCentered(_ position: Position) -> (Double, Double, Double) {
        ellipsoid.earthCentered(position)
    }

    /// The ellipsoid's two numbers as a plain value (no reference to PROJ's state).
    public var ellipsoid: Ellipsoid { Ellipsoid(equatorialRadius: equatorialRadius, flattening: flattening) }
}
