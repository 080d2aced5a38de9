/* Live code on the page (_ext/bpcourse_live_code.py): the launch menu's "Live code" calls
 * bpcourseLiveCode(). It asks the site's root for live-config.json (answered by
 * `python3 make.py serve`: the local Jupyter server's URL and token), checks that the server
 * answers, loads thebe from this site (_static/thebe/, never a CDN) and bootstraps it against
 * that server: every code cell gets run buttons and its output is redrawn under it.
 * With no server (a static host, or the serve script stopped) it says in one line how to get
 * a kernel. */
(() => {
  "use strict";
  const NO_KERNEL = "No kernel here: for live code run `python3 make.py serve` in the course " +
    "repository and open the page it serves, or open this chapter on Binder or Colab " +
    "(the rocket menu).";
  /* thebe's widget manager fetches require.js from this address before it draws a widget */
  const CDN_REQUIREJS = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js";
  let started = false;

  const root = () => new URL(document.documentElement.dataset.content_root ||
    (window.DOCUMENTATION_OPTIONS && DOCUMENTATION_OPTIONS.URL_ROOT) || "./", location.href);

  /* One line at the top of the article (a live region, so a screen reader hears it). */
  function say(text, kind) {
    let line = document.getElementById("bpcourse-live-status");
    if (!line) {
      line = document.createElement("p");
      line.id = "bpcourse-live-status";
      line.setAttribute("role", "status");
      const article = document.querySelector("article.bd-article") || document.body;
      article.prepend(line);
    }
    line.className = `bpcourse-live-status bpcourse-live-${kind}`;
    const message = document.createElement("span");
    message.className = "bpcourse-live-text";
    message.append(...text.split("`").map((part, i) => {   // `command` -> <code>
      if (i % 2 === 0) return document.createTextNode(part);
      const code = document.createElement("code");
      code.textContent = part;
      return code;
    }));
    line.replaceChildren(message);
    if (kind !== "busy") {     // the line stays above the text as it scrolls until dismissed
      const close = document.createElement("button");
      close.className = "bpcourse-live-dismiss";
      close.setAttribute("aria-label", "Dismiss this message");
      close.textContent = "×";
      close.onclick = () => line.classList.add("bpcourse-live-dismissed");
      line.append(close);
    }
  }

  async function fetchWithin(url, ms, init = {}) {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), ms);
    try {
      return await fetch(url, { ...init, signal: stop.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  /* The server's settings, or null when there is no live server for this site. */
  async function liveConfig() {
    try {
      const answer = await fetchWithin(new URL("live-config.json", root()), 3000,
                                       { cache: "no-store" });
      if (!answer.ok) return null;
      const config = await answer.json();
      const api = await fetchWithin(new URL("api", config.baseUrl), 3000, { cache: "no-store" });
      return api.ok ? config : null;
    } catch (err) {
      return null;
    }
  }

  /* Serve thebe's CDN request for require.js from this site's copy (npm requirejs 2.3.6). */
  function keepRequireJsLocal() {
    const fetchFromNetwork = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = typeof input === "string" ? input : input && input.url;
      if (url === CDN_REQUIREJS) {
        return fetchFromNetwork(new URL("_static/thebe/require.js", root()).href, init);
      }
      return fetchFromNetwork(input, init);
    };
  }

  /* ipywidgets' views (a Label's value, a description) typeset through MathJax 2's
   * MathJax.Hub.Queue; the site has MathJax 3 (no Hub), and the call would throw before the
   * view updates. Hand such a job to MathJax 3 instead. */
  function mathJax2Queue() {
    if (!window.MathJax || window.MathJax.Hub) return;
    window.MathJax.Hub = {
      Queue: (...jobs) => jobs.forEach((job) => {
        if (Array.isArray(job) && job[0] === "Typeset" && job[2] && MathJax.typesetPromise) {
          MathJax.typesetPromise([job[2]]).catch(() => null);
        }
      }),
    };
  }

  function loadThebe() {
    if (window.thebe && window.thebe.bootstrap) return Promise.resolve();
    keepRequireJsLocal();
    mathJax2Queue();
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("_static/thebe/thebe.css", root()).href;
    document.head.append(css);
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("_static/thebe/index.js", root()).href;
      script.onload = resolve;
      script.onerror = () => reject(new Error("no _static/thebe/index.js"));
      document.head.append(script);
    });
  }

  /* Mark each code cell's source and give it one output area (thebe pairs the n-th source
   * with the n-th output, so a cell without stored output gets an empty one). */
  function markCells() {
    let count = 0;
    document.querySelectorAll("article .cell").forEach((cell) => {
      const source = cell.querySelector(".cell_input pre");
      if (!source) return;
      source.setAttribute("data-executable", "true");
      source.setAttribute("data-language", "python");
      let output = cell.querySelector(".cell_output");
      if (!output) {
        output = document.createElement("div");
        output.className = "cell_output docutils container";
        cell.append(output);
      }
      output.setAttribute("data-output", "");
      cell.querySelectorAll("button.copybtn").forEach((b) => b.remove());
      count += 1;
    });
    return count;
  }

  async function start() {
    say("Live code: looking for the local kernel…", "busy");
    const config = await liveConfig();
    if (!config) {
      say(NO_KERNEL, "none");
      started = false;
      return;
    }
    try {
      await loadThebe();
    } catch (err) {
      say("Live code needs thebe, which this site was built without (npm was missing): run " +
          "`python3 make.py book` with npm installed, or open this chapter on Binder or Colab " +
          "(the rocket menu).", "none");
      started = false;
      return;
    }
    const cells = markCells();
    window.thebe.on("status", (event, data) => {
      if (data.status === "failed" || data.status === "dead") {
        say(`Live code: the kernel ${data.status} (${data.message || ""}). ${NO_KERNEL}`, "none");
      }
    });
    say("Live code: starting a kernel…", "busy");
    const { session } = await window.thebe.bootstrap({
      requestKernel: true,
      useBinder: false,
      useJupyterLite: false,
      mountStatusWidget: false,
      mountActivateWidget: false,
      selector: "[data-executable]",
      outputSelector: "[data-output]",
      serverSettings: { baseUrl: config.baseUrl, wsUrl: config.wsUrl, token: config.token,
                        appendToken: true },
      kernelOptions: { name: config.kernelName || "python3", path: "." },
      mathjaxUrl: "",   // thebe's default is MathJax 2 from a CDN
      codeMirrorConfig: { mode: "python", theme: "default" },
    });
    document.documentElement.classList.add("bpcourse-live");
    if (!session) throw new Error("the server started no kernel");
    say(`Live code: connected to the local kernel (${config.baseUrl}); run a cell with its ` +
        `"run" button (${cells} cells).`, "ready");
  }

  window.bpcourseLiveCode = () => {
    if (started) return;
    started = true;
    start().catch((err) => {
      started = false;
      say(`Live code failed: ${err.message}. ${NO_KERNEL}`, "none");
    });
  };
})();
