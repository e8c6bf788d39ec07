// The system zlib (Debian: zlib1g-dev), for gzip input. GeoKit's own shim, so that it does
// not depend on a module another package happens to declare.
#include <zlib.h>
