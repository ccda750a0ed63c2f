/* Material's search dialog has no accessible name; screen readers announce it as "搜索". */
(function () {
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
})();

/* Home wall filter: by school and by tag. Without JavaScript the filter stays hidden and all cards show. */
(function () {
  var filter = document.querySelector("[data-bs-filter]");
  if (!filter) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".bs-card"));
  var status = filter.querySelector("[data-bs-filter-status]");
  var chosen = { school: "", tag: "" };

  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      var tags = (card.getAttribute("data-tags") || "").split("|");
      var visible = (!chosen.school || card.getAttribute("data-school") === chosen.school) &&
                    (!chosen.tag || tags.indexOf(chosen.tag) !== -1);
      card.hidden = !visible;
      if (visible) shown += 1;
    });
    status.textContent = "显示 " + shown + " 个品牌，共 " + cards.length + " 个";
  }

  filter.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-filter-kind]");
    if (!button) return;
    var kind = button.getAttribute("data-filter-kind");
    chosen[kind] = button.getAttribute("data-filter-value");
    filter.querySelectorAll('button[data-filter-kind="' + kind + '"]').forEach(function (other) {
      other.setAttribute("aria-pressed", String(other === button));
    });
    apply();
  });
  filter.hidden = false;
  apply();
})();
