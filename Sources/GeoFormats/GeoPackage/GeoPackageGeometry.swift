import GeoCore

/// The GeoPackage geometry blob (GeoPackage 1.4, clause 2.1.3): a `GP` header with the
/// SRS id and an envelope, followed by ISO WKB.
package enum GeoPackageGeometry {
    /// Encodes a geometry into `out` (emptied first, its capacity kept) with an xy envelope
    /// (xyz when it has Z; none for a point, which is its own envelope, as GDAL writes
    /// points); an empty geometry gets the empty flag and no envelope, as the
    /// specification recommends. Returns the envelope of a non-empty geometry.
    static func encode(_ geometry: Geometry, srsID: Int32, into out: inout [UInt8]) -> BoundingBox? {
        out.removeAll(keepingCapacity: true)
        if case .point(let p) = geometry, !p.isEmpty {
            // The common case, without the general path's passes over the geometry.
            out.append(contentsOf: [0x47, 0x50, 0, 1])
            withUnsafeBytes(of: srsID.littleEndian) { out.append(contentsOf: $0) }
            WKB.append(geometry, to: &out)
            return BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)
        }
        let box = geometry.boundingBox
        let hasZ = geometry.hasZ
        out.append(contentsOf: [0x47, 0x50, 0])
        var flags: UInt8 = 1  // little-endian header
        var envelope: [Double] = []
        if geometry.isEmpty || box == nil {
            flags |= 0b1_0000
        } else if let box {
            var minZ = Double.infinity, maxZ = -Double.infinity
            if hasZ {
                geometry.forEachPosition { p in
                    if let z = p.z, !z.isNaN { minZ = min(minZ, z); maxZ = max(maxZ, z) }
                }
            }
            if hasZ && minZ <= maxZ {
                flags |= 2 << 1
                envelope = [box.minX, box.maxX, box.minY, box.maxY, minZ, maxZ]
            } else {
                flags |= 1 << 1
                envelope = [box.minX, box.maxX, box.minY, box.maxY]
            }
        }
        out.append(flags)
        withUnsafeBytes(of: srsID.littleEndian) { out.append(contentsOf: $0) }
        for v in envelope { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        WKB.append(geometry, to: &out)
        return geometry.isEmpty ? nil : box
    }

    /// Decodes a blob: the standard GeoPackage binary, or plain WKB (which some writers
    /// produce and GDAL also accepts).
    /// - Throws: a message naming what is wrong (the caller adds the feature id).
    package static func decode(_ blob: UnsafeRawBufferPointer) throws(ReadError) -> WKB.Decoded {
        guard blob.count >= 8, blob[0] == 0x47, blob[1] == 0x50 else {
            if let first = blob.first, first == 0 || first == 1 {
                return try WKB.decodeLeniently(blob.bindMemory(to: UInt8.self))
            }
            throw ReadError(format: "GeoPackage", location: SourceLocation(byteOffset: 0), message: "geometry blob does not start with the GeoPackage magic 'GP'")
        }
        let flags = blob[3]
        if flags & 0b10_0000 != 0 {
            throw ReadError(format: "GeoPackage", location: SourceLocation(byteOffset: 3), message: "extended GeoPackage geometry types are not supported")
        }
        let envelopeDoubles: Int
        switch (flags >> 1) & 0b111 {
        case 0: envelopeDoubles = 0
        case 1: envelopeDoubles = 4
        case 2, 3: envelopeDoubles = 6
        case 4: envelopeDoubles = 8
        default:
            throw ReadError(format: "GeoPackage", location: SourceLocation(byteOffset: 3), message: "invalid envelope code \((flags >> 1) & 0b111) in the geometry header")
        }
        let start = 8 + envelopeDoubles * 8
        guard blob.count > start else {
            throw ReadError(format: "GeoPackage", location: SourceLocation(byteOffset: blob.count), message: "geometry blob ends inside its header")
        }
        let body = UnsafeBufferPointer(rebasing: blob.bindMemory(to: UInt8.self)[start...])
        do {
            return try WKB.decodeLeniently(body)
        } catch {
            var shifted = error
            shifted.location.byteOffset = (error.location.byteOffset ?? 0) + start
            throw shifted
        }
    }
}
