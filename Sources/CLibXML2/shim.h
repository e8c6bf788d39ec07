// The parts of libxml2 that schema validation uses: parsing without the network, XML
// catalogs (official schema URLs mapped to local files) and XML Schema validation.
#include <libxml/parser.h>
#include <libxml/catalog.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
