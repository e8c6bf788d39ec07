#include <sqlite3.h>
#include "CSQLiteSettings.h"

int geokit_sqlite_disable_memory_statistics(void) {
    // sqlite3_config is variadic, which Swift cannot call: hence this C file.
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
