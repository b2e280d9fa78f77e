/* The map page: Leaflet (vendored) draws what the page's json_script data holds. No tile layer unless the
   bureau configured one (MAP_TILE_URL): then the outlines lie on a plain background and nothing is fetched
   from elsewhere. Points come in the basemap's coordinate system already (converted on the server). */
(function () {
  "use strict";
  var mapDiv = document.getElementById("map");
  if (!mapDiv || typeof window.L === "undefined") { return; }
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var tiles = JSON.parse(document.getElementById("map-tiles").textContent);
  var words = JSON.parse(document.getElementById("map-labels").textContent);
  var palette = ["#1d4ed8", "#dc2626", "#059669", "#f59e0b", "#7c3aed", "#0891b2", "#be185d", "#65a30d",
    "#92400e", "#475569", "#0f766e", "#c2410c", "#4338ca", "#a21caf", "#15803d", "#b91c1c"];
  var riskColours = { high: "#dc2626", medium: "#f59e0b", low: "#059669" };

  L.Icon.Default.imagePath = mapDiv.dataset.leafletImages;
  var map = L.map(mapDiv, { attributionControl: Boolean(tiles.url && tiles.attribution), zoomSnap: 0.5,
    zoomControl: false });
  // The zoom buttons' titles in the page's language (Leaflet's defaults are English).
  L.control.zoom({ zoomInTitle: words.zoom_in, zoomOutTitle: words.zoom_out }).addTo(map);
  if (tiles.url) {
    L.tileLayer(tiles.url, { subdomains: tiles.subdomains, maxZoom: tiles.max_zoom,
      attribution: tiles.attribution }).addTo(map);
  }
  var bounds = L.latLngBounds([]);
  var legend = document.getElementById("map-legend");

  function text(value) { return document.createTextNode(value == null ? "" : String(value)); }
  function legendRow(title, entries, square) {
    if (!entries.length) { return; }
    var row = document.createElement("div");
    var strong = document.createElement("strong");
    strong.appendChild(text(title));
    row.appendChild(strong);
    entries.forEach(function (entry) {
      var item = document.createElement("span");
      var swatch = document.createElement("span");
      swatch.className = "swatch" + (square ? " square" : "");
      swatch.style.background = entry[1];
      item.appendChild(swatch);
      item.appendChild(text(entry[0] + " "));
      row.appendChild(item);
    });
    legend.appendChild(row);
  }
  function popup(lines) {
    var box = document.createElement("div");
    lines.forEach(function (line, index) {
      if (index) { box.appendChild(document.createElement("br")); }
      box.appendChild(text(line));
    });
    return box;
  }

  // Township outlines, then zones (filled by heat or by load).
  var townships = L.geoJSON(data.townships, { interactive: false,
    style: function () { return { color: "#111827", weight: 3, fill: false, dashArray: "6 4" }; } }).addTo(map);
  if (data.townships.features.length) { bounds.extend(townships.getBounds()); }

  var heat = data.layers.indexOf("heat") >= 0, showZones = heat || data.layers.indexOf("zones") >= 0;
  var measure = heat ? "heat" : "load";
  var top = 0;
  data.zones.features.forEach(function (f) { top = Math.max(top, f.properties[measure] || 0); });
  function shade(value) {
    if (!value || !top) { return "#ffffff"; }
    var t = value / top;  // light yellow → dark red
    return "hsl(" + Math.round(50 - 50 * t) + ", 90%, " + Math.round(88 - 48 * t) + "%)";
  }
  var zones = L.geoJSON(data.zones, {
    style: function (f) {
      return { color: "#374151", weight: 1.5, fillColor: showZones ? shade(f.properties[measure]) : "#ffffff",
        fillOpacity: showZones ? 0.55 : 0.2, className: "zone-outline" };
    },
    onEachFeature: function (f, layer) {
      var p = f.properties, lines = [p.name + " (" + p.code + ")", words.township + ": " + p.township_name,
        words.open_clues + ": " + p.open_clues, words.open_cases + ": " + p.open_cases];
      if (heat) { lines.push(words.in_month + " " + data.month + ": " + p.heat); }
      layer.bindPopup(popup(lines));
      layer.bindTooltip(p.name, { permanent: false, direction: "center", className: "zone-label" });
    }
  }).addTo(map);
  if (data.zones.features.length) { bounds.extend(zones.getBounds()); }
  if (showZones && top) {
    legendRow(heat ? words.heat + " " + data.month : words.load,
      [[words.low, shade(Math.max(1, top * 0.1))], [words.high, shade(top)]], true);
  }

  function points(key, colourOf, cssClass, title) {
    var rows = data[key];
    if (!rows) { return; }
    var seen = {}, order = [];
    rows.forEach(function (row) {
      if (!(row.state in seen)) { seen[row.state] = row.label; order.push(row.state); }
    });
    order.sort();
    var colour = {};
    order.forEach(function (state, i) { colour[state] = colourOf(state, i); });
    var group = L.featureGroup();
    rows.forEach(function (row) {
      L.circleMarker(row.at, { radius: 6, weight: 1, color: "#111827", fillColor: colour[row.state],
        fillOpacity: 0.9, className: cssClass })
        .bindPopup(popup([row.code, row.label, row.text])).addTo(group);
    });
    group.addTo(map);
    if (rows.length) { bounds.extend(group.getBounds()); }
    legendRow(title, order.map(function (state) { return [seen[state], colour[state]]; }), false);
  }
  points("clues", function (s, i) { return palette[i % palette.length]; }, "pt-clue", words.clues);
  points("cases", function (s, i) { return palette[(i + 5) % palette.length]; }, "pt-case", words.cases);
  points("subjects", function (s) { return riskColours[s] || "#475569"; }, "pt-subject", words.subjects);

  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); } else { map.setView([35, 105], 4); }
  mapDiv.dataset.ready = "1";
})();
