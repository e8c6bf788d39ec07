/// The names of the x and y columns of a table of points (a CSV's `lon`/`lat`,
/// `Rechtswert`/`Hochwert`): what a CSV input had and a CSV output keeps.
public struct CoordinateColumnNames: Sendable, Hashable {
    /// The x (longitude, easting) column.
    public var x: String
    /// The y (latitude, northing) column.
    public var y: String

    /// Names the columns (`x` and `y` by default).
    public init(x: String = "x", y: String = "y") {
        self.x = x
        self.y = y
    }
}
