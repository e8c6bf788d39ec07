<?xml version="1.0" encoding="UTF-8"?>
<wfs:FeatureCollection
    xmlns:wfs="http://www.opengis.net/wfs/2.0"
    xmlns:gml="http://www.opengis.net/gml/3.2"
    xmlns:us-govserv="http://inspire.ec.europa.eu/schemas/us-govserv/5.0"
    xmlns:base="http://inspire.ec.europa.eu/schemas/base/4.0"
    xmlns:base2="http://inspire.ec.europa.eu/schemas/base2/2.0"
    xmlns:ad="http://inspire.ec.europa.eu/schemas/ad/4.0"
    xmlns:gn="http://inspire.ec.europa.eu/schemas/gn/4.0"
    xmlns:gco="http://www.isotc211.org/2005/gco"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.opengis.net/wfs/2.0 http://schemas.opengis.net/wfs/2.0/wfs.xsd http://www.opengis.net/gml/3.2 http://schemas.opengis.net/gml/3.2.1/gml.xsd http://inspire.ec.europa.eu/schemas/us-govserv/5.0 https://inspire.ec.europa.eu/schemas/us-govserv/5.0/GovernmentalServices.xsd http://inspire.ec.europa.eu/schemas/base/4.0 https://inspire.ec.europa.eu/schemas/base/4.0/BaseTypes.xsd http://inspire.ec.europa.eu/schemas/base2/2.0 https://inspire.ec.europa.eu/schemas/base2/2.0/BaseTypes2.xsd http://inspire.ec.europa.eu/schemas/ad/4.0 https://inspire.ec.europa.eu/schemas/ad/4.0/Addresses.xsd http://inspire.ec.europa.eu/schemas/gn/4.0 https://inspire.ec.europa.eu/schemas/gn/4.0/GeographicalNames.xsd http://www.isotc211.org/2005/gco http://schemas.opengis.net/iso/19139/20070417/gco/gco.xsd"
    timeStamp="2026-12-01T12:42:35Z" numberMatched="121" numberReturned="121">
<wfs:member>
<us-govserv:GovernmentalService gml:id="GovernmentalService_1">
<us-govserv:beginLifespanVersion>2014-01-20T00:00:00</us-govserv:beginLifespanVersion>
<us-govserv:inspireId><base:Identifier><base:localId>1</base:localId><base:namespace>https://example.org/koeln/aed</base:namespace></base:Identifier></us-govserv:inspireId>
<us-govserv:pointOfContact><base2:Contact>
<base2:address><ad:AddressRepresentation>
<ad:adminUnit><gn:GeographicalName><gn:language xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:nativeness xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:nameStatus xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:sourceOfName xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:pronunciation xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:spelling><gn:SpellingOfName><gn:text>Köln</gn:text><gn:script xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/></gn:SpellingOfName></gn:spelling></gn:GeographicalName></ad:adminUnit>
<ad:locatorDesignator>51</ad:locatorDesignator>
<ad:postCode>50765</ad:postCode>
<ad:thoroughfare><gn:GeographicalName><gn:language xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:nativeness xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:nameStatus xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:sourceOfName xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:pronunciation xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/><gn:spelling><gn:SpellingOfName><gn:text>Mailänder Passage</gn:text><gn:script xsi:nil="true" nilReason="http://inspire.ec.europa.eu/codelist/VoidReasonValue/Unpopulated"/></gn:SpellingOfName></gn:spelling></gn:GeographicalName></ad:thoroughfare>
</ad:AddressRepresentation></base2:address>
</base2:Contact></us-govserv:pointOfContact>
<us-govserv:serviceLocation><us-govserv:ServiceLocationType><us-govserv:serviceLocationByGeometry><gml:Point gml:id="ServiceLocation_1" srsName="http://www.opengis.net/def/crs/EPSG/0/4258" srsDimension="2"><gml:pos>51.0216619 6.897402</gml:pos></g