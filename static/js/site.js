/* Site-wide progressive enhancements (no library; the page works without them):
   1. the header menu folds behind a "菜单" button on phones;
   2. every data table is labelled so that below 600 px its rows read as cards (site.css `table.cards`);
   3. a region that scrolls gets keyboard focus (tabindex) and a name, so keyboard users can scroll it. */
(function () {
  "use strict";

  function setupMenu() {
    var header = document.querySelector(".site-header");
    var toggle = header && header.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) { return; }
    header.classList.add("js-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    });
  }

  function headerLabels(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!row) { return null; }
    var labels = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      var text = (cell.getAttribute("aria-label") || cell.textContent || "").replace(/\s+/g, " ").trim();
      for (var i = 0; i < (cell.colSpan || 1); i++) { labels.push(text); }
    });
    return labels;
  }

  function labelTables() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
      if (table.dataset.cards === "off") { return; }
      var labels = headerLabels(table);
      if (!labels) { return; }
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (tr) {
          var column = 0;
          Array.prototype.forEach.call(tr.cells, function (cell) {
            if (!cell.hasAttribute("data-label") && cell.colSpan < labels.length) {
              cell.setAttribute("data-label", labels[column] || "");
            }
            column += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("cards");
    });
  }

  function regionName(region) {
    var caption = region.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var node = region.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) { node = node.previousElementSibling; }
    if (!node) {
      var section = region.closest("section, figure, details");
      node = section && section.querySelector("h1, h2, h3, h4, figcaption, summary");
    }
    return (node && node.textContent.trim()) || document.title;
  }

  function focusableScrollRegions() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap, pre, .scroll"), function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.dataset.scrollFocus = "1";
        if (!region.hasAttribute("role")) { region.setAttribute("role", "region"); }
        if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
          region.setAttribute("aria-label", regionName(region));
        }
      } else if (!scrolls && region.dataset.scrollFocus === "1") {
        region.removeAttribute("tabindex");
        delete region.dataset.scrollFocus;
      }
    });
  }

  // The period picker (templates/reports/_period_picker.html): show the inputs of the chosen kind only.
  function setupPeriodPickers() {
    Array.prototype.forEach.call(document.querySelectorAll(".period-picker"), function (picker) {
      var radios = picker.querySelectorAll("input[type=radio]");
      function show() {
        var chosen = picker.querySelector("input[type=radio]:checked");
        Array.prototype.forEach.call(picker.querySelectorAll("[data-kind]"), function (input) {
          var field = input.closest(".field") || input;
          field.hidden = Boolean(chosen) && input.dataset.kind !== chosen.value;
        });
      }
      Array.prototype.forEach.call(radios, function (radio) { radio.addEventListener("change", show); });
      show();
    });
  }

  // A long list of choices (the filing form's officers): typing in its search box hides the choices that do not
  // match; ticked choices always stay visible.
  function setupListFilters() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-list]"), function (input) {
      var list = document.getElementById(input.dataset.filterList);
      if (!list) { return; }
      input.addEventListener("input", function () {
        var query = input.value.replace(/\s+/g, "").toLowerCase();
        Array.prototype.forEach.call(list.querySelectorAll("label"), function (label) {
          var box = label.querySelector("input");
          var text = label.textContent.replace(/\s+/g, "").toLowerCase();
          label.hidden = Boolean(query) && text.indexOf(query) === -1 && !(box && box.checked);
        });
      });
    });
  }

  setupMenu();
  setupPeriodPickers();
  setupListFilters();
  labelTables();
  focusableScrollRegions();
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(focusableScrollRegions, 150);
  });
})();
