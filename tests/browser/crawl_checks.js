/* Page checks of the crawl (tests/browser/crawl.py), evaluated in each page next to axe-core. */
window.crawlChecks = {
  // Visible text and the attributes people read. Identifiers marked as such (<code>, <kbd>, <samp>,
  // translate="no") are data, not language.
  texts() {
    const skip = "code, kbd, samp, [translate=no], script, style, noscript, template";
    const texts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.data.trim() || parent.closest(skip) || !parent.checkVisibility()) continue;
      texts.push(node.data);
    }
    const named = "[title], [placeholder], [aria-label], img[alt], input[type=submit], input[type=button]";
    for (const el of document.querySelectorAll(named)) {
      if (el.closest(skip) || el.closest("[hidden], [aria-hidden=true]")) continue;
      for (const name of ["title", "placeholder", "aria-label", "alt"]) {
        if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
      }
      if (el.tagName === "INPUT" && el.value) texts.push(el.value);
    }
    for (const option of document.querySelectorAll("select option")) texts.push(option.textContent);
    return texts;
  },
  links() {
    return Array.from(document.querySelectorAll("a[href]"), (a) => a.href);
  },
  // null when the page fits the viewport, else its width and the last few elements that stick out.
  tooWide() {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
    const wide = Array.from(document.querySelectorAll("body *"))
      .filter((el) => el.getBoundingClientRect().right > width + 1).map(name);
    return { scrollWidth: document.documentElement.scrollWidth, width, elements: wide.slice(-5) };
  },
  async axe() {
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => ["serious", "critical"].includes(v.impact))
      .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
  },
};
