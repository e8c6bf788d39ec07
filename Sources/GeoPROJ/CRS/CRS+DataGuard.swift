import Foundation
import GeoCore

/// CRS text that comes from data (a `.prj`, a GeoPackage's `gpkg_spatial_ref_sys`, a
/// GeoJSON `crs` member) is a stranger's text: PROJ would open any file it names
/// (`+init=/path:x`, `+nadgrids=/path`, a WKT `PARAMETERFILE`), and a FIFO among them
/// hangs the process. Such text may name PROJ's own resources by bare name
/// (`+nadgrids=@BETA2007.gsb`, `+init=epsg:25832`), which PROJ looks up only in its
/// resource folders, but never a path.
enum DataCRSGuard {
    /// PROJ parameters whose values are file names (comma-separated lists for grids).
    static let fileParameters: Set<String> = ["init", "nadgrids", "geoidgrids", "grids", "file", "xy_grids", "z_grids", "catalog"]

    /// Throws when the text names a file path.
    static func check(_ text: String) throws(PROJError) {
        if let path = namedPath(in: text) {
            throw PROJError.unknownCRS(definition: text.trimmingCharacters(in: .whitespacesAndNewlines), reason: "CRS text from a data file may not name a file (\(path.abbreviated(to: 80))); only PROJ's own grids, by bare name, are allowed")
        }
    }

    /// The first file path the text names, or `nil` when it names none.
    static func namedPath(in text: String) -> String? {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            // A PROJ parameter `key=value`, anywhere (also inside a WKT EXTENSION string).
            if bytes[i] == UInt8(ascii: "=") {
                var start = i
                while start > 0, isKeyByte(bytes[start - 1]) { start -= 1 }
                let key = String(decoding: bytes[start..<i], as: UTF8.self).lowercased()
                if fileParameters.contains(key) {
                    let value = token(in: bytes, from: i + 1)
                    for entry in value.split(separator: ",") {
                        var name = entry.hasPrefix("@") ? String(entry.dropFirst()) : String(entry)
                        if key == "init", let colon = name.lastIndex(of: ":") { name = String(name[..<colon]) }
                        if isPath(name) { return "\(key)=\(value)" }
                    }
                }
            }
            // A quoted value of a WKT PARAMETERFILE, a PROJ4_GRIDS extension or a PROJJSON
            // "value": every quoted string is checked, whatever names it.
            if bytes[i] == UInt8(ascii: "\"") {
                var end = i + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
                let quoted = String(decoding: bytes[(i + 1)..<min(end, bytes.count)], as: UTF8.self)
                if looksLikeFile(quoted), isPath(quoted.hasPrefix("@") ? String(quoted.dropFirst()) : quoted) { return quoted }
                // A PROJ string quoted inside WKT (EXTENSION["PROJ4","+proj=… +nadgrids=…"]).
                if quoted.contains("="), let inner = namedPath(in: quoted) { return inner }
                i = end
            }
            i += 1
        }
        return nil
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_")
    }

    private static func token(in bytes: [UInt8], from start: Int) -> String {
        var end = start
        while end < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "]"), UInt8(ascii: "+")].contains(bytes[end]) { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// A name PROJ opens as given instead of looking it up in its resource folders.
    static func isPath(_ name: String) -> Bool {
        name.contains("/") || name.contains("\\") || name.hasPrefix(".") || name.hasPrefix("~")
            || (name.count >= 2 && name.dropFirst().first == ":")  // a Windows drive letter
    }

    /// A quoted WKT or JSON string that could be a file name: no spaces (names of CRSs,
    /// datums and parameters have them) and a path separator.
    private static func looksLikeFile(_ text: String) -> Bool {
        !text.isEmpty && !text.contains(" ") && (text.contains("/") || text.contains("\\"))
            && !text.hasPrefix("http://") && !text.hasPrefix("https://") && !text.hasPrefix("urn:")
    }
}

extension CRS {
    /// Reads a CRS that a data file declares (a `.prj`, a GeoPackage SRS definition, a
    /// GeoJSON `crs` member), refusing text that names a file: PROJ would open it.
    /// Grids and init files named by bare name (`+nadgrids=@BETA2007.gsb`) are found in
    /// PROJ's resource folders as usual. Network access stays off unless the user sets
    /// `PROJ_NETWORK=ON`.
    /// - Throws: `PROJError.unknownCRS` for a file path in the text, or when PROJ does not
    ///   know the CRS.
    public init(declaredByData text: String) throws(PROJError) {
        try DataCRSGuard.check(text)
        try self.init(text)
    }
}
