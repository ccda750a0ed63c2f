/* Pagefind's search, kept off the page: run as a module worker by pagefind-search.js (or, where a browser has no
 * module workers, imported into the page, which then calls `answerer` itself).
 *
 * Why: Pagefind 1.6.0 searches in a worker of its own, but hands the page every page found, each with its word
 * positions: 10,000 objects for a word on every brand page, which the page's thread must take in before it can
 * show one. Here the worker keeps the results and sends only what is shown: their number, then each shown
 * page's address, title and excerpt, in order, as its fragment arrives.
 *
 * Messages in: { bundle, baseUrl, language, warm: true } to load Pagefind before the first query,
 * { id, query, shown, bundle, baseUrl, language } for a query, { id, more: true, shown } for its next results.
 * Out: { id, count }, { id, page }, { id, error }. Pagefind's strings are passed on as they are; the page writes
 * them as text.
 */

export function answerer(post) {
  let pagefind = null;
  let latest = 0;
  let waiting = []; // the latest query's results not yet sent

  function load({ bundle, baseUrl, language }) {
    // Pagefind takes the language from <html lang>, which a worker lacks; "zh" makes it segment the query as it
    // segmented the pages (its other uses of `document` also need `window`, so they stay off)
    globalThis.document ??= { currentScript: null, querySelector: () => ({ getAttribute: () => language }) };
    pagefind ??= import(new URL("pagefind.js", bundle).href).then(async (module) => {
      await module.options({ baseUrl });
      await module.init();
      return module;
    });
    return pagefind;
  }

  async function send(id, results) {
    const pages = results.map((result) => result.data()); // fetched together, sent in order
    for (const page of pages) {
      const data = await page;
      if (id !== latest) return; // a later query's results are wanted now
      post({ id, page: { url: data.url, title: data.meta.title || data.url, excerpt: data.excerpt } });
    }
  }

  return async (message) => {
    const { id, query, more, shown, warm } = message;
    try {
      if (warm) {
        await load(message);
        return;
      }
      if (more) {
        if (id === latest) await send(id, waiting.splice(0, shown));
        return;
      }
      latest = id;
      const found = await (await load(message)).search(query);
      if (id !== latest) return;
      waiting = found.results;
      post({ id, count: waiting.length });
      await send(id, waiting.splice(0, shown));
    } catch (error) {
      if (message.bundle) pagefind = null; // loading failed: try again on the next query
      if (!warm) post({ id, error: String(error) });
    }
  };
}

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  const answer = answerer((message) => postMessage(message));
  addEventListener("message", ({ data }) => answer(data));
}
