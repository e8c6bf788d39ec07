#ifndef CSQLITESETTINGS_H
#define CSQLITESETTINGS_H

/// Turns off SQLite's memory statistics, whose global mutex every SQLite allocation takes
/// (so two threads writing two GeoPackages wait on each other). Must run before SQLite is
/// initialised; returns SQLite's result code (SQLITE_MISUSE, 21, when it is too late).
int geokit_sqlite_disable_memory_statistics(void);

#endif
