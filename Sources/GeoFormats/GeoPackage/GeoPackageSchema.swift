import GeoCore
import GeoPROJ
import GRDB

/// The SQL of GeoPackage 1.4's core tables and of the R-tree extension, and the
/// mapping between GeoKit field types and GeoPackage column types.
enum GeoPackageSchema {
    /// `PRAGMA application_id` of a GeoPackage: "GPKG".
    static let applicationID: Int32 = 0x4750_4B47
    /// `PRAGMA user_version`: GeoPackage 1.3.0, the newest version GDAL 3.6 (Debian 12's
    /// reference reader) reads without a warning. The R-tree triggers are 1.4's, which
    /// fix 1.3's UPSERT problem and are backward compatible.
    static let userVersion = 10300

    static let coreTables = [
        """
        CREATE TABLE gpkg_spatial_ref_sys (
          srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
          organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)
        """,
        """
        CREATE TABLE gpkg_contents (
          table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
          description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
          CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))
        """,
        """
        CREATE TABLE gpkg_geometry_columns (
          table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
          CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
          CONSTRAINT uk_gc_table_name UNIQUE (table_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))
        """,
        """
        CREATE TABLE gpkg_extensions (
          table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
          scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
        """,
    ]

    /// The three rows every GeoPackage must have (clause 1.1.2.1.2).
    static let requiredSpatialReferenceSystems: [(name: String, id: Int, organization: String, code: Int, definition: String, description: String)] = [
        ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
    ]

    /// Double-quotes an SQL identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The declared column type for a field.
    static func columnType(for type: FieldType) -> String {
        switch type {
        case .boolean: "BOOLEAN"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .date: "DATE"
        case .dateTime: "DATETIME"
        case .null, .string, .json: "TEXT"
        }
    }

    /// The field type of a declared column type (GeoPackage table 1 data types, and the
    /// SQLite affinity rules for anything else).
    static func fieldType(forDeclared declared: String) -> FieldType {
        let upper = declared.uppercased()
        if upper == "BOOLEAN" { return .boolean }
        if upper == "DATE" { return .date }
        if upper == "DATETIME" { return .dateTime }
        if ["INTEGER", "INT", "MEDIUMINT", "SMALLINT", "TINYINT"].contains(upper) || upper.contains("INT") { return .integer }
        if ["REAL", "DOUBLE", "FLOAT"].contains(upper) || upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") { return .real }
        return .string
    }

    /// The R-tree virtual table and its triggers (GeoPackage 1.4, Annex F.3), created
    /// after a bulk load so that loading needs no ST_ functions.
    static func rtreeTriggers(table: String, geometryColumn: String, idColumn: String) -> [String] {
        let t = quoted(table), c = geometryColumn, i = idColumn
        let rtree = quoted("rtree_\(table)_\(geometryColumn)")
        let name = { (suffix: String) in quoted("rtree_\(table)_\(geometryColumn)_\(suffix)") }
        let nonEmpty = { (row: String) in "(\(row).\"\(c)\" NOT NULL AND NOT ST_IsEmpty(\(row).\"\(c)\"))" }
        let empty = { (row: String) in "(\(row).\"\(c)\" ISNULL OR ST_IsEmpty(\(row).\"\(c)\"))" }
        let values = "(NEW.\"\(i)\", ST_MinX(NEW.\"\(c)\"), ST_MaxX(NEW.\"\(c)\"), ST_MinY(NEW.\"\(c)\"), ST_MaxY(NEW.\"\(c)\"))"
        return [
            "CREATE TRIGGER \(name("insert")) AFTER INSERT ON \(t) WHEN \(nonEmpty("NEW")) BEGIN INSERT OR REPLACE INTO \(rtree) VALUES \(values); END",
            "CREATE TRIGGER \(name("update6")) AFTER UPDATE OF \"\(c)\" ON \(t) WHEN OLD.\"\(i)\" = NEW.\"\(i)\" AND \(nonEmpty("NEW")) AND \(nonEmpty("OLD")) BEGIN UPDATE \(rtree) SET minx = ST_MinX(NEW.\"\(c)\"), maxx = ST_MaxX(NEW.\"\(c)\"), miny = ST_MinY(NEW.\"\(c)\"), maxy = ST_MaxY(NEW.\"\(c)\") WHERE id = NEW.\"\(i)\"; END",
            "CREATE TRIGGER \(name("update7")) AFTER UPDATE OF \"\(c)\" ON \(t) WHEN OLD.\"\(i)\" = NEW.\"\(i)\" AND \(nonEmpty("NEW")) AND \(empty("OLD")) BEGIN INSERT INTO \(rtree) VALUES \(values); END",
            "CREATE TRIGGER \(name("update2")) AFTER UPDATE OF \"\(c)\" ON \(t) WHEN OLD.\"\(i)\" = NEW.\"\(i)\" AND \(empty("NEW")) BEGIN DELETE FROM \(rtree) WHERE id = OLD.\"\(i)\"; END",
            "CREATE TRIGGER \(name("update4")) AFTER UPDATE ON \(t) WHEN OLD.\"\(i)\" != NEW.\"\(i)\" AND \(empty("NEW")) BEGIN DELETE FROM \(rtree) WHERE id IN (OLD.\"\(i)\", NEW.\"\(i)\"); END",
            "CREATE TRIGGER \(name("update5")) AFTER UPDATE ON \(t) WHEN OLD.\"\(i)\" != NEW.\"\(i)\" AND \(nonEmpty("NEW")) BEGIN DELETE FROM \(rtree) WHERE id = OLD.\"\(i)\"; INSERT OR REPLACE INTO \(rtree) VALUES \(values); END",
            "CREATE TRIGGER \(name("delete")) AFTER DELETE ON \(t) WHEN OLD.\"\(c)\" NOT NULL BEGIN DELETE FROM \(rtree) WHERE id = OLD.\"\(i)\"; END",
        ]
    }

    /// The `gpkg_spatial_ref_sys` row for a layer's CRS: the EPSG code as srs_id when it
    /// has one (OGC:CRS84 is stored as EPSG:4326, longitude first as GeoPackage defines
    /// it), otherwise `custom` (100000 and up), with PROJ's WKT1 as the definition.
    static func spatialReferenceRow(for reference: CRSReference?, custom: Int) -> (name: String, id: Int, organization: String, code: Int, definition: String)? {
        guard let reference else { return nil }
        let resolved: CRS
        do { resolved = try CRS(reference == .crs84 ? .epsg(4326) : reference) } catch { return nil }
        let definition = resolved.wkt(.wkt1GDAL) ?? resolved.wkt
        if resolved.authority?.uppercased() == "EPSG", let code = resolved.code.flatMap({ Int($0) }) {
            return (resolved.name, code, "EPSG", code, definition)
        }
        return (resolved.name, custom, resolved.authority ?? "NONE", Int(resolved.code ?? "") ?? custom, definition)
    }
}
