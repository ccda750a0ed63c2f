/* Material's search box, answered by Pagefind (sites of `pagefind_from` brands or more).
 *
 * Pagefind runs in search-worker.js, which loads when the box is opened (Pagefind's script and WebAssembly, then
 * the index chunks a query needs as it is typed; nothing loads with the page) and sends back only the results
 * shown. Results use Material's markup, so they look the same; the keys are Material's: / s f open the search,
 * Esc and Tab close it, ↑ ↓ move, Enter opens a result.
 * Titles and excerpts come from brand profiles: they are written as text, never as HTML.
 */
(() => {
  "use strict";
  const box = document.querySelector("[data-bs-pagefind]");
  const toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  const input = box.querySelector(".md-search__input");
  const form = box.querySelector(".md-search__form");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const scroller = box.querySelector(".md-search__scrollwrap");
  const bundle = new URL(box.dataset.bsPagefind, location.href);
  const WORKER = new URL("search-worker.js", document.currentScript.src).href;
  const INDEX = { bundle: bundle.href, baseUrl: new URL("..", bundle).pathname, language: document.documentElement.lang };
  const words = JSON.parse(document.getElementById("__config").textContent).translations;
  const SHOWN = 10;
  const OFFLINE = "从 U 盘或文件夹直接打开网站时不能搜索：请把网站放到网站服务器上，或在网站文件夹里运行 python3 -m http.server 后用浏览器打开 http://127.0.0.1:8000/";
  let worker = null; // how a message reaches search-worker.js
  let asked = 0;
  let left = 0; // the current query's results not yet on screen
  let pending = null; // { id, resolve }: the ask() waiting for its query's count
  let wanted = ""; // the box's latest text
  let searching = null; // the search being run: one at a time, the latest text next

  // A module worker where the browser has them; else the same module in the page.
  function start() {
    if (worker) return worker;
    const inPage = () => {
      const answer = import(WORKER).then((module) => module.answerer(heard));
      return (message) => answer.then((reply) => reply(message));
    };
    try {
      const thread = new Worker(WORKER, { type: "module" });
      let answered = false;
      const unanswered = [];
      thread.addEventListener("message", ({ data }) => {
        answered = true;
        unanswered.length = 0;
        heard(data);
      });
      thread.addEventListener("error", () => { // no module workers here: what it was asked goes to the page's copy
        if (answered) return;
        worker = inPage();
        unanswered.splice(0).forEach(worker);
      });
      worker = (message) => {
        if (!answered) unanswered.push(message);
        thread.postMessage(message);
      };
    } catch {
      worker = inPage();
    }
    worker({ ...INDEX, warm: true }); // Pagefind's script, WebAssembly and word list load while the visitor types
    return worker;
  }

  function heard({ id, count: n, page, error }) {
    if (page) {
      if (id === asked) list.append(item(page)); // not a later query's, nor an abandoned one's
    } else if (id === pending?.id) {
      pending.resolve(error === undefined ? n : new Error(error));
    }
  }

  function count(n) {
    if (n === 0) return words["search.result.none"];
    return n === 1 ? words["search.result.one"] : words["search.result.other"].replace("#", n);
  }

  // Pagefind's excerpt is the page's text with <mark> around the words found; everything else is text.
  function excerpt(html) {
    const p = document.createElement("p");
    html.split(/(<mark>.*?<\/mark>)/).forEach((part, i) => {
      const text = new DOMParser().parseFromString(part.replace(/<\/?mark>/g, ""), "text/html").body.textContent;
      const node = i % 2 ? document.createElement("mark") : document.createTextNode(text);
      if (i % 2) node.textContent = text;
      p.append(node);
    });
    return p;
  }

  function item(data) {
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = data.title;
    article.append(icon, title, excerpt(data.excerpt));
    link.append(article);
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    li.append(link);
    return li;
  }

  async function ask(query) {
    const mine = ++asked;
    left = 0;
    if (!query.trim()) {
      meta.textContent = words["search.result.placeholder"];
      list.replaceChildren();
      return;
    }
    if (location.protocol === "file:") {
      meta.textContent = OFFLINE;
      return;
    }
    const reply = new Promise((resolve) => { pending = { id: mine, resolve }; });
    start()({ ...INDEX, id: mine, query, shown: SHOWN });
    const n = await reply;
    if (n instanceof Error) throw n;
    if (mine !== asked) return; // a later keystroke asked again
    meta.textContent = count(n);
    list.replaceChildren(); // the shown results follow, each in its own message
    left = Math.max(0, n - SHOWN);
  }

  // A word found on every page keeps Pagefind busy for a while, and it answers in turn: so one search at a time,
  // and while it runs only the box's latest text waits, not every keystroke that led to it.
  function follow() {
    if (searching) return;
    const query = wanted;
    searching = ask(query).catch((error) => { meta.textContent = `搜索出错，请刷新页面后再试（${error.message || error}）`; }).finally(() => {
      searching = null;
      if (wanted !== query) follow();
    });
  }

  function typed(event) {
    // A Chinese input method's pinyin is not searched: its compositionend brings the characters.
    if (event.isComposing || input.value === wanted) return;
    wanted = input.value;
    if (wanted.trim() && location.protocol !== "file:") follow();
    else ask(wanted); // answered at once, without Pagefind
  }

  // Like Material: the next results when the list is scrolled to its end.
  function more() {
    start()({ id: asked, more: true, shown: SHOWN });
    left = Math.max(0, left - SHOWN);
  }

  function open() {
    toggle.checked = true;
    input.focus();
    input.select();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function typing(target) {
    return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
  }

  function move(step) {
    const stops = [input, ...list.querySelectorAll(".md-search-result__link")];
    const at = Math.max(0, stops.indexOf(document.activeElement));
    stops[(at + step + stops.length) % stops.length].focus();
  }

  input.addEventListener("input", typed);
  input.addEventListener("compositionend", typed);
  input.addEventListener("focus", () => {
    toggle.checked = true;
    if (location.protocol !== "file:") start();
  });
  toggle.addEventListener("change", () => toggle.checked && input.focus());
  form.addEventListener("submit", (event) => event.preventDefault());
  scroller.addEventListener("scroll", () => {
    if (left && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 16) more();
  });
  form.addEventListener("reset", () => setTimeout(() => typed({ isComposing: false })));
  box.addEventListener("click", (event) => event.target instanceof Element && event.target.closest("a") && close());
  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    if (!toggle.checked) {
      if (["/", "s", "f"].includes(event.key) && !typing(event.target)) {
        event.preventDefault();
        open();
      }
      return;
    }
    switch (event.key) {
      case "Escape":
      case "Tab":
        close();
        break;
      case "ArrowUp":
      case "ArrowDown":
        event.preventDefault();
        move(event.key === "ArrowUp" ? -1 : 1);
        break;
      case "Enter":
        if (document.activeElement === input) {
          event.preventDefault();
          list.querySelector(".md-search-result__link")?.click();
        }
        break;
      default:
        if (document.activeElement !== input && !typing(event.target)) input.focus();
    }
  });
})();
