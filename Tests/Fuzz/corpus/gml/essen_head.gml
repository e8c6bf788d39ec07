<?xml version="1.0" encoding="utf-8" ?>
<wfs:FeatureCollection xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:Amtliche_Hauskoordinaten="https:srvags03:6443/arcgis/services/public/Amtliche_Hauskoordinaten_wfs/MapServer/WFSServer" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" timeStamp="2022-10-05T03:05:02Z" numberMatched="unknown" numberReturned="1000" xsi:schemaLocation="http://www.opengis.net/wfs/2.0 http://schemas.opengis.net/wfs/2.0/wfs.xsd http://www.opengis.net/gml/3.2 http://schemas.opengis.net/gml/3.2.1/gml.xsd https:srvags03:6443/arcgis/services/public/Amtliche_Hauskoordinaten_wfs/MapServer/WFSServer https://geo.essen.de/arcgis/services/public/Amtliche_Hauskoordinaten_wfs/MapServer/WFSServer?service=wfs%26version=2.0.0%26request=DescribeFeatureType">
  <wfs:member>
    <Amtliche_Hauskoordinaten:Hauskoordinaten gml:id="Hauskoordinaten.1">
      <Amtliche_Hauskoordinaten:OBJECTID>1</Amtliche_Hauskoordinaten:OBJECTID>
      <Amtliche_Hauskoordinaten:STRSCHL>7319</Amtliche_Hauskoordinaten:STRSCHL>
      <Amtliche_Hauskoordinaten:STRNAME>### Straßenname unbekannt</Amtliche_Hauskoordinaten:STRNAME>
      <Amtliche_Hauskoordinaten:ADRESSE>### Straßenname unbekannt *</Amtliche_Hauskoordinaten:ADRESSE>
      <Amtliche_Hauskoordinaten:Y>32362105</Amtliche_Hauskoordinaten:Y>
      <Amtliche_Hauskoordinaten:X>5710920</Amtliche_Hauskoordinaten:X>
      <Amtliche_Hauskoordinaten:SHAPE><gml:Point gml:id="Hauskoordinaten.1.pn.0" srsName="urn:ogc:def:crs:EPSG::102329"><gml:pos>5710920 32362105</gml:pos></gml:Point></Amtliche_Hauskoordinaten:SHAPE>
    </Amtliche_Hauskoordinaten:Hauskoordinaten>
  </wfs:member>
  <wfs:member>
    <Amtliche_Hauskoordinaten:Hauskoordinaten gml:id="Hauskoordinaten.2">
      <Amtliche_Hauskoordinaten:OBJECTID>2</Amtliche_Hauskoordinaten:OBJECTID>
      <Amtliche_Hauskoordinaten:STRSCHL>7319</Amtliche_Hauskoordinaten:STRSCHL>
      <Amtliche_Hauskoordinaten:HSNR>21</Amtliche_Hauskoordinaten:HSNR>
      <Amtliche_Hauskoordinaten:STRNAME>### Straßenname unbekannt</Amtliche_Hauskoordinaten:STRNAME>
      <Amtliche_Hauskoordinaten:ADRESSE>### Straßenname unbekannt 21</Amtliche_Hauskoordinaten:ADRESSE>
      <Amtliche_Hauskoordinaten:Y>32362128</Amtliche_Hauskoordinaten:Y>
      <Amtliche_Hauskoordinaten:X>5710918</Amtliche_Hauskoordinaten:X>
      <Amtliche_Hauskoordinaten:SHAPE><gml:Point gml:id="Hauskoordinaten.2.pn.0" srsName="urn:ogc:def:crs:EPSG::102329"><gml:pos>5710918 32362128</gml:pos></gml:Point></Amtliche_Hauskoordinaten:SHAPE>
    </Amtliche_Hauskoordinaten:Hauskoordinaten>
  </wfs:member>
  <wfs:member>
    <Amtliche_Hauskoordinaten:Hauskoordinaten gml:id="Hauskoordinaten.3">
      <Amtliche_Hauskoordinaten:OBJECTID>3</Amtliche_Hauskoordinaten:OBJECTID>
      <Amtliche_Hauskoordinaten:STRSCHL>7319</Amtliche_Hauskoordinaten:STRSCHL>
      <Amtliche_Hauskoordinaten:HSNR>23</Amtliche_Hauskoordinaten:HSNR>
      <Amtliche_Hauskoordinaten:STRNAME>### Straßenname unbekannt</Amtliche_Hauskoordinaten:STRNAME>
      <Amtliche_Hauskoordinaten:ADRESSE>### Straßenname unbekannt 23</Amtliche_Hauskoordinaten:ADRESSE>
      <Amtliche_Hauskoordinaten:Y>32362105</Amtliche_Hauskoordinaten:Y>
      <Amtliche_Hauskoordinaten:X>5710920</Amtliche_Hauskoordinaten:X>
      <Amtliche_Hauskoordinaten:SHAPE><gml:Point gml:id="Hauskoordinaten.3.pn.0" srsName="urn:ogc:def:crs:EPSG::102329"><gml:pos>5710920 32362105</gml:pos></gml:Point></Amtliche_Hauskoordinaten:SHAPE>
    </Amtliche_Hauskoordinaten:Hauskoordinaten>
  </wfs:member>
  <wfs:member>
    <Amtliche_Hauskoordinaten:Hauskoordinaten gml:id="Hauskoordinaten.4">
      <Amtliche_Hauskoordinaten:OBJECTID>4</Amtliche_Hauskoordinaten:OBJECTID>
      <Amtliche_Hauskoordinaten:STRSCHL>7319</Amtliche_Hauskoordinaten:STRSCHL>
      <Amtliche_Hauskoordinaten:HSNR>25</Amtliche_Hauskoordinaten:HSNR>
      <Amtliche_Hauskoordinaten:STRNAME>### Straßenname unbekannt</Amtliche_Hauskoordinaten:STRNAME>
      <Amtliche_Hauskoordinaten:ADRESSE>### Straßenname unbekannt 25</Amtliche_Hauskoordinaten:ADRESSE>
      <Amtliche_Hauskoordinaten:Y>32362080</Amtliche_Hauskoordinaten:Y>
      <Amtliche_Hauskoordinaten:X>5710918</Amtliche_Hauskoordinaten:X>
      <Amtliche_Hauskoordinaten:SHAPE><gml:Point gml:id="Hauskoordinaten.4.pn.0" srsName="urn:ogc:def:crs:EPSG::102329"><gml:pos>5710918 32362080</gml:pos></gml:Point></Amtliche_Hauskoordinaten:SHAPE>
    </Amtliche_Hauskoordinaten:Hauskoordinaten>
  </wfs:member>
  <wfs:member>
    <Amtliche_Hauskoordinaten:Hauskoordinaten gml:id="Hauskoordinaten.5">
      <Amtliche_Hauskoordinaten:OBJECTID>5</Amtliche_Hauskoordinaten:OBJECTID>
      <Amtliche_Hauskoordinaten:STRSCHL>1</Amtliche_Hauskoordinaten:STRSCHL>
      <Amtliche_Hauskoordinaten:STRNAME>Aachener Str.</Amtliche_Hauskoordinaten:STRNAME>
      <Amtliche_Hauskoordinaten:ADRESSE>Aachener Str. *</Amtliche_Hauskoordinaten:ADRESSE>
      <Amtliche_Hauskoordinaten:Y>32359072.929</Amtliche_Hauskoordinaten:Y>
      <Amtliche_Hauskoordinaten:X>5701476.297</Amtliche_Hauskoordinaten:X>
      <Amtliche_Hauskoordinaten:SHAPE><gml:Point gml:id="Hauskoordinaten.5.pn.0" srsName="urn:ogc:def:crs:EPSG::102329"><gml:pos>5701476.297 32359072.929</gml:pos></gml:Point></Amtliche_Hauskoordinaten:SHAPE>
    </Amtliche_Hauskoordinaten:Hauskoordinaten>
  </wfs:member>
  <wfs:member>
    <Amtliche_Hauskoordinaten:Hauskoordinaten gml:id="Hauskoordinaten.6">
      <Amtliche_Hauskoordinaten:OBJECTID>6</Amtliche_Hauskoordinaten:OBJECTID>
      <Amtliche_Hauskoordinaten:STRSCHL>1</Amtliche_Hauskoordinaten:STRSCHL>
      <Amtliche_Hauskoordinaten:HSNR>1</Amtliche_Hauskoordinaten:HSNR>
      <Amtliche_Hauskoordinaten:STRNAME>Aachener Str.</Amtliche_Hauskoordinaten:STRNAME>
      <Amtliche_Hauskoordinaten:ADRESSE>Aachener Str. 1</Amtliche_Hauskoordinaten:ADRESSE>
      <Amtliche_Hauskoordinaten:Y>32359252.047</Amtliche_Hauskoordinaten:Y>
</wfs:FeatureCollection>
