import Foundation
import GeoCore

/// How far a compressed input may grow when GeoKit unpacks it to its temporary folder,
/// so that a small hostile file (a "zip bomb") cannot fill the disk: at most
/// ``maximumRatio`` times the compressed size once past ``ratioAppliesAbove`` bytes, and
/// never more than ``maximumBytes``.
///
/// The defaults (ratio 200, above 64 MiB; 32 GiB in all) pass real open data, which
/// compresses 5 to 50 times. The environment overrides them: `GEOKIT_UNPACK_RATIO`
/// (a number, or `none`) and `GEOKIT_UNPACK_LIMIT` (bytes, or `none`).
public struct UnpackLimits: Sendable, Hashable {
    /// The most bytes one input may unpack to.
    public var maximumBytes: Int
    /// The most times its compressed size an input may grow.
    public var maximumRatio: Int
    /// Below this many unpacked bytes the ratio is not checked (small files compress well).
    public var ratioAppliesAbove: Int

    /// Creates limits.
    public init(maximumBytes: Int = 32 << 30, maximumRatio: Int = 200, ratioAppliesAbove: Int = 64 << 20) {
        self.maximumBytes = maximumBytes
        self.maximumRatio = maximumRatio
        self.ratioAppliesAbove = ratioAppliesAbove
    }

    /// The defaults with the environment's overrides.
    public static var current: UnpackLimits {
        var limits = UnpackLimits()
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["GEOKIT_UNPACK_LIMIT"] { limits.maximumBytes = text.lowercased() == "none" ? .max : Int(text) ?? limits.maximumBytes }
        if let text = environment["GEOKIT_UNPACK_RATIO"] { limits.maximumRatio = text.lowercased() == "none" ? .max : Int(text) ?? limits.maximumRatio }
        return limits
    }

    /// Why `unpacked` bytes from `compressed` bytes are too many, or `nil`.
    func problem(unpacked: Int, compressed: Int) -> String? {
        if unpacked > maximumBytes {
            return "it unpacks to more than \(maximumBytes) bytes (GEOKIT_UNPACK_LIMIT raises the limit)"
        }
        if unpacked > ratioAppliesAbove, unpacked / max(compressed, 1) >= maximumRatio {
            return "it unpacks to more than \(maximumRatio) times its size, as a decompression bomb does (GEOKIT_UNPACK_RATIO raises the limit)"
        }
        return nil
    }
}
