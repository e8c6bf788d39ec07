<?xml version="1.0"?>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml" xmlns:app="urn:app" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<gml:featureMember><app:Site gml:id="s1"><app:name>K</app:name><app:where><gml:Point srsName="EPSG:4326"><gml:coordinates>6.95,50.94</gml:coordinates></gml:Point></app:where></app:Site></gml:featureMember>
<gml:featureMembers><app:Site gml:id="s2"><app:name xsi:nil="true"/><app:kind xlink:href="http://example.org/k"/><app:where><gml:Polygon srsName="EPSG:4326"><gml:exterior><gml:LinearRing><gml:posList>0 0 4 0 4 4 0 4 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></app:where></app:Site>
<app:Site gml:id="s3"><app:where><gml:MultiSurface srsName="urn:ogc:def:crs:EPSG::4326"><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>5 5 6 5 6 6 5 5</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></app:where></app:Site>
<app:Site><app:g><gml:MultiCurve><gml:curveMember><gml:Curve><gml:segments><gml:LineStringSegment><gml:posList>1 2 3 4</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve></gml:curveMember></gml:MultiCurve></app:g></app:Site></gml:featureMembers>
</gml:FeatureCollection>
