// The parts of libxml2 that schema validation uses: parsing without the network, XML
// catalogs (official schema URLs mapped to local files) and XML Schema validation.
//
// Debian builds libxml2 with ICU, and its encoding.h then includes ICU's headers, which
// clash with the ICU copy inside Swift's Foundation. GeoKit uses none of libxml2's
// encoding structures, so it leaves ICU out of view (the pointer-sized fields it hides
// are never touched from Swift).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/catalog.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/tree.h>
