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

/* The wall's "下一页": with JavaScript the next page's cards are added to this page instead (their links made
   to work from here). Under file:// the browser refuses to fetch pages; the link then simply opens the page. */
(function () {
  var pager = document.querySelector("[data-bs-pager]");
  var wall = document.querySelector(".bs-wall");
  if (!pager || !wall || !window.fetch || location.protocol === "file:") return;
  var more = pager.querySelector("[data-bs-more]");
  var status = pager.querySelector("[data-bs-pager-status]");
  var total = status.textContent.replace(/^.*· /, "");
  pager.querySelectorAll("[rel=prev]").forEach(function (link) { link.remove(); });
  if (!more) return;
  more.textContent = "加载更多品牌";

  function absolute(value, base) {  /* a URL, or a srcset's list of "URL width" */
    return value.split(",").map(function (part) {
      var bits = part.trim().split(/\s+/);
      bits[0] = new URL(bits[0], base).href;
      return bits.join(" ");
    }).join(", ");
  }

  more.addEventListener("click", function (event) {
    event.preventDefault();
    if (more.getAttribute("aria-busy") === "true") return;
    more.setAttribute("aria-busy", "true");
    var url = more.href;
    fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      page.querySelectorAll(".bs-wall > .bs-card").forEach(function (card) {
        card.querySelectorAll("[href], [src], [srcset]").forEach(function (element) {
          ["href", "src", "srcset"].forEach(function (name) {
            if (element.hasAttribute(name)) element.setAttribute(name, absolute(element.getAttribute(name), url));
          });
        });
        wall.appendChild(document.adoptNode(card));
      });
      var next = page.querySelector("[data-bs-pager] [data-bs-more]");
      status.textContent = "已显示 " + wall.children.length + " 个，共 " + total;
      if (next) more.href = new URL(next.getAttribute("href"), url).href;
      else more.remove();
      more.removeAttribute("aria-busy");
    }).catch(function () { location.href = url; });
  });
})();

/* School finder: type part of a school's or region's name; up to 30 matching schools show as links. */
(function () {
  var finder = document.querySelector("[data-bs-finder]");
  if (!finder) return;
  var input = finder.querySelector("[data-bs-finder-input]");
  var results = finder.querySelector("[data-bs-finder-results]");
  var status = finder.querySelector("[data-bs-finder-status]");
  var shown = 30;
  var root = new URL(finder.getAttribute("data-bs-root"), location.href);  /* the schools' links start there */
  finder.addEventListener("submit", function (event) { event.preventDefault(); });

  function load(then) {
    if (window.brandsiteSchools) return then();
    var script = document.createElement("script");
    script.src = finder.getAttribute("data-bs-finder");
    script.onload = then;
    document.head.appendChild(script);
  }

  function show() {
    var text = input.value.trim();
    results.textContent = "";
    if (!text) { status.textContent = ""; return; }
    var found = window.brandsiteSchools.filter(function (school) {
      return school[0].indexOf(text) !== -1 || school[1].indexOf(text) !== -1;
    });
    found.slice(0, shown).forEach(function (school) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(school[2], root).href;
      link.textContent = school[0];
      var detail = document.createElement("span");
      detail.className = "bs-finder__detail";
      detail.textContent = school[1] + " · " + school[3] + " 个品牌";
      item.appendChild(link);
      item.appendChild(detail);
      results.appendChild(item);
    });
    status.textContent = found.length ? "找到 " + found.length + " 所学校" + (found.length > shown ? "，显示前 " + shown + " 所" : "")
                                      : "没有名称里含“" + text + "”的学校或地区";
  }

  input.addEventListener("input", function () { load(show); });
  input.addEventListener("focus", function () { load(function () {}); }, { once: true });
})();

/* Gallery lightbox: the large photo with its caption; arrow keys, swipe, Esc. Without JavaScript
   each photo link simply opens the large JPEG. */
(function () {
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-bs-lightbox]"));
  if (!links.length || typeof HTMLDialogElement === "undefined") return;
  var dialog = document.createElement("dialog");
  dialog.className = "bs-lightbox";
  dialog.setAttribute("aria-label", "照片");
  dialog.innerHTML =
    '<figure class="bs-lightbox__figure"><img class="bs-lightbox__img" alt=""><figcaption class="bs-lightbox__caption"></figcaption></figure>' +
    '<p class="bs-lightbox__count" aria-live="polite"></p>' +
    '<button type="button" class="bs-lightbox__button bs-lightbox__prev" aria-label="上一张">‹</button>' +
    '<button type="button" class="bs-lightbox__button bs-lightbox__next" aria-label="下一张">›</button>' +
    '<button type="button" class="bs-lightbox__button bs-lightbox__close" aria-label="关闭">×</button>';
  document.body.appendChild(dialog);
  var image = dialog.querySelector("img");
  var caption = dialog.querySelector("figcaption");
  var count = dialog.querySelector(".bs-lightbox__count");
  var current = 0;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumb = link.querySelector("img");
    image.src = link.getAttribute("href");
    image.width = Number(link.getAttribute("data-width"));
    image.height = Number(link.getAttribute("data-height"));
    image.alt = thumb ? thumb.alt : "";
    var text = link.parentNode.querySelector("figcaption");
    caption.textContent = text ? text.textContent : "";
    count.textContent = "第 " + (current + 1) + " 张，共 " + links.length + " 张";
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(index);
      dialog.showModal();
    });
  });
  dialog.querySelector(".bs-lightbox__prev").addEventListener("click", function () { show(current - 1); });
  dialog.querySelector(".bs-lightbox__next").addEventListener("click", function () { show(current + 1); });
  dialog.querySelector(".bs-lightbox__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") show(current - 1);
    if (event.key === "ArrowRight") show(current + 1);
  });
  var startX = null;
  dialog.addEventListener("pointerdown", function (event) { startX = event.clientX; });
  dialog.addEventListener("pointerup", function (event) {
    if (startX === null) return;
    var moved = event.clientX - startX;
    startX = null;
    if (Math.abs(moved) > 50) show(current + (moved < 0 ? 1 : -1));
  });
})();

/* Printing a page prints its photos: lazy images that were never scrolled to must load first. */
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("img[loading='lazy']").forEach(function (img) { img.loading = "eager"; });
});
