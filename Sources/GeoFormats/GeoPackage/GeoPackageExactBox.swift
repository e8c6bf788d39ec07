import Foundation
import GeoCore
import GRDB

/// Exact box selection on a GeoPackage's R-tree, in SQL.
///
/// SQLite's R-tree keeps boxes as 32-bit floats rounded outward, so a box query on it also
/// finds features up to one float step outside the box (about 0.4 m at 50°N). A candidate
/// whose float box clears the query box by more than that step is certainly in; only those
/// in the one-step band get their geometry's own envelope checked, by the SQL function
/// `geokit_envelope_intersects` that every GeoPackage connection of GeoKit has. Paging,
/// offsets and counts then stay in SQL and are exact.
enum GeoPackageExactBox {
    /// The SQL function: `geokit_envelope_intersects(geom, minx, maxx, miny, maxy)` is 1
    /// when the envelope of the decoded geometry intersects the box, else 0 (also for no
    /// geometry, an empty one, or one that cannot be read).
    static let function = DatabaseFunction("geokit_envelope_intersects", argumentCount: 5, pure: true) { values in
        guard let blob = Data.fromDatabaseValue(values[0]),
              let minX = Double.fromDatabaseValue(values[1]), let maxX = Double.fromDatabaseValue(values[2]),
              let minY = Double.fromDatabaseValue(values[3]), let maxY = Double.fromDatabaseValue(values[4]) else { return 0 }
        let decoded = blob.withUnsafeBytes { raw in try? GeoPackageGeometry.decode(raw) }
        guard let envelope = decoded?.geometry.boundingBox else { return 0 }
        return envelope.intersects(BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)) ? 1 : 0
    }

    /// The condition on the R-tree's row `r` that selects exactly the features whose
    /// envelope intersects `box`, with its values in order.
    /// - Parameters:
    ///   - box: the query box in the layer's CRS.
    ///   - table: the feature table, quoted.
    ///   - idColumn: the table's id column as the R-tree's ids name it, quoted (or `rowid`).
    ///   - geometryColumn: the geometry column, quoted.
    static func condition(_ box: BoundingBox, table: String, idColumn: String, geometryColumn: String) -> (text: String, values: [DatabaseValue]) {
        let possible = "r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?"
        // Certainly in: a float box edge strictly beyond the query edge rounded to a float
        // (one float below it is then still at or beyond the true edge).
        let certain = "r.maxx > ? AND r.minx < ? AND r.maxy > ? AND r.miny < ?"
        let exact = "EXISTS (SELECT 1 FROM \(table) AS geokit_exact WHERE geokit_exact.\(idColumn) = r.id"
            + " AND geokit_envelope_intersects(geokit_exact.\(geometryColumn), ?, ?, ?, ?))"
        let edges = [box.minX, box.maxX, box.minY, box.maxY]
        let rounded = [Double(GeoPackageRTree.up(box.minX)), Double(GeoPackageRTree.down(box.maxX)),
                       Double(GeoPackageRTree.up(box.minY)), Double(GeoPackageRTree.down(box.maxY))]
        let values = (edges + rounded + [box.minX, box.maxX, box.minY, box.maxY]).map(\.databaseValue)
        return ("\(possible) AND (\(certain) OR \(exact))", values)
    }
}
