import CSQLiteSettings

extension GeoPackage {
    /// Prepares SQLite for writing several GeoPackages on several threads at once: turns
    /// off its memory statistics, whose global lock every SQLite allocation takes (two
    /// threads writing two packages otherwise wait on each other). Call it first thing in
    /// a program, before anything opens an SQLite database — PROJ does, for its
    /// `proj.db`, as soon as a CRS is created. Returns false when it came too late (then
    /// nothing changed, and everything still works).
    @discardableResult
    public static func prepareForConcurrentWriting() -> Bool {
        geokit_sqlite_disable_memory_statistics() == 0
    }
}
