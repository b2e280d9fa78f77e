import json

from django.core.exceptions import ValidationError

import pytest

from geo.coords import GCJ02, wgs84_to_gcj02
from geo.geojson import parse_boundaries

from .conftest import square


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def feature(code, geometry):
    return {"type": "Feature", "properties": {"code": code}, "geometry": geometry}


def errors(raw, **kwargs):
    with pytest.raises(ValidationError) as error:
        parse_boundaries(raw, **kwargs)
    return " ".join(error.value.message_dict["file"])


def test_a_valid_collection_gives_geometry_per_code():
    result = parse_boundaries(collection(feature("a", square(121.5, 29.8)), feature("b", square(121.6, 29.8))))
    assert set(result) == {"a", "b"}
    assert result["a"]["type"] == "Polygon"


def test_not_json_is_refused_in_chinese():
    assert "文件不是 GeoJSON" in errors(b"\xff\xfe not json")


def test_a_self_crossing_outline_is_named():
    bow = {"type": "Polygon", "coordinates": [[[121.5, 29.8], [121.51, 29.81], [121.51, 29.8], [121.5, 29.81],
                                               [121.5, 29.8]]]}
    assert "第1个要素(bow):边界线自相交" in errors(collection(feature("bow", bow)))


def test_unclosed_ring_refused():
    ring = square(121.5, 29.8)
    ring["coordinates"][0][-1] = [121.5001, 29.8]
    assert "环未闭合" in errors(collection(feature("x", ring)))


def test_swapped_latitude_longitude_refused():
    swapped = square(29.8, 121.5)
    assert "经纬度是否写反了" in errors(collection(feature("x", swapped)))


def test_missing_code_and_point_geometry_each_reported():
    message = errors(collection({"type": "Feature", "properties": {}, "geometry": square(121.5, 29.8)},
                                feature("p", {"type": "Point", "coordinates": [121.5, 29.8]})))
    assert "第1个要素(无代码):缺少 properties.code" in message
    assert "第2个要素(p):几何类型须为 Polygon 或 MultiPolygon,而不是“Point”" in message


def test_gcj02_file_is_stored_in_wgs84():
    g = square(121.5, 29.8)
    g["coordinates"][0] = [list(reversed(wgs84_to_gcj02(lat, lon))) for lon, lat in g["coordinates"][0]]
    stored = parse_boundaries(collection(feature("a", g)), system=GCJ02)["a"]
    first = stored["coordinates"][0][0]
    assert abs(first[0] - 121.5) < 1e-6 and abs(first[1] - 29.8) < 1e-6
