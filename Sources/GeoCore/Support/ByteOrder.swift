/// Fixed-width numbers appended to a byte buffer in a stated byte order, without a
/// temporary array per number (binary formats: WKB, Shapefile, dBase, GeoPackage).
extension Array where Element == UInt8 {
    @inlinable
    package mutating func append<T: FixedWidthInteger>(littleEndian value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    @inlinable
    package mutating func append<T: FixedWidthInteger>(bigEndian value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    /// An IEEE 754 double, little-endian.
    @inlinable
    package mutating func append(littleEndian value: Double) {
        append(littleEndian: value.bitPattern)
    }

    /// Overwrites 4 bytes at `offset` with a big-endian integer (a length known only
    /// after what follows it was written).
    @inlinable
    package mutating func replace(bigEndian value: Int32, at offset: Int) {
        let bits = UInt32(bitPattern: value)
        self[offset] = UInt8(truncatingIfNeeded: bits >> 24)
        self[offset + 1] = UInt8(truncatingIfNeeded: bits >> 16)
        self[offset + 2] = UInt8(truncatingIfNeeded: bits >> 8)
        self[offset + 3] = UInt8(truncatingIfNeeded: bits)
    }
}
