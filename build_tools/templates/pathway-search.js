// Pathway's search page (search/ in the site and in each edition): Pagefind, loaded here only.
// The form is a plain GET form (search/?q=...), so the header's box works on every page with
// no script there; this file reads ?q=, asks Pagefind and lists the pages found.
// The words come from the page (data-* attributes, from Pathway's catalogues).
// Chinese and Japanese: the index holds these scripts one character at a time (see
// build_tools/site/search_index.py), so a query is split the same way and searched as an
// exact phrase: a page is found when it contains the word.
const form = document.querySelector("form.pw-search");
const input = form && form.querySelector("input[name=q]");
const status = document.querySelector(".pw-search-status");
const list = document.querySelector(".pw-search-results");
const PAGE = 20; // results shown at a time; each one fetches its own small fragment
const UNSPACED = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const CHAR = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/gu;
const GAP = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[\s\u0001\u0002]+(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/gu;
const PAIR = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])\s+(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/gu;
let pagefind = null;
let shown = [];
let more = null;

function say(text) {
  status.textContent = text;
}

// The searches a query needs: each Chinese or Japanese word as an exact phrase of its
// characters; the other words together, as Pagefind reads them.
export function searches(query) {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const phrases = words.filter((w) => UNSPACED.test(w))
    .map((w) => w.replace(/[\p{P}\p{S}]/gu, " ").replace(CHAR, " $1 ").trim().replace(/\s+/g, " "))
    .map((w) => '"' + w + '"');
  const others = words.filter((w) => !UNSPACED.test(w)).join(" ");
  return (others ? [others] : []).concat(phrases.filter((p) => p.length > 2));
}

// Pagefind's text, joined again where the index split it.
function unspace(text) {
  return text.replace(PAIR, "$1");
}

// An excerpt (text with <mark> around the matches) as nodes: never parsed as live HTML.
// The spaces the index put between Chinese or Japanese characters are taken out, across
// the marks too (\u0001 and \u0002 stand for <mark> and </mark> meanwhile).
function excerpt(html) {
  const doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
  let flat = "";
  for (const node of doc.body.childNodes) {
    flat += node.nodeName === "MARK" ? "\u0001" + node.textContent + "\u0002" : node.textContent;
  }
  flat = flat.replace(GAP, (gap, first) => first + gap.slice(first.length).replace(/[^\u0001\u0002]/g, ""))
    .replace(/\u0002\u0001/g, "");
  const p = document.createElement("p");
  for (const part of flat.split(/(\u0001[^\u0002]*\u0002)/)) {
    if (part.startsWith("\u0001")) {
      const mark = document.createElement("mark");
      mark.textContent = part.slice(1, -1);
      p.append(mark);
    } else if (part) {
      p.append(part.replace(/[\u0001\u0002]/g, ""));
    }
  }
  return p;
}

async function load() {
  if (!pagefind) {
    const bundle = new URL(form.dataset.root + "_pagefind/", location.href);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ basePath: bundle.pathname, excerptLength: 24 });
  }
  return pagefind;
}

async function showMore() {
  const root = new URL(form.dataset.root, location.href);
  const next = shown.splice(0, PAGE);
  const pages = await Promise.all(next.map((r) => r.data()));
  for (const data of pages) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = new URL(data.url.replace(/^\//, ""), root).href;
    a.textContent = unspace((data.meta && data.meta.title) || data.url);
    li.append(a, excerpt(data.excerpt || ""));
    list.append(li);
  }
  if (more) more.hidden = shown.length === 0;
}

async function run(query) {
  list.replaceChildren();
  if (more) more.hidden = true;
  const wanted = searches(query);
  if (!wanted.length) {
    say("");
    return;
  }
  say(form.dataset.searching);
  try {
    const pf = await load();
    const answers = await Promise.all(wanted.map((q) => pf.search(q)));
    // Every search must find a page; the first one's order is kept.
    const ids = answers.slice(1).map((a) => new Set(a.results.map((r) => r.id)));
    shown = answers[0].results.filter((r) => ids.every((s) => s.has(r.id)));
  } catch (err) {
    say(form.dataset.failed);
    console.error(err);
    return;
  }
  const count = shown.length;
  await showMore(); // the list first, then the count is announced (role=status)
  say(count ? form.dataset.found.replace("{count}", String(count)) : form.dataset.none);
}

if (form && input && status && list) {
  more = document.createElement("button");
  more.type = "button";
  more.className = "md-button pw-search-more";
  more.textContent = form.dataset.more;
  more.hidden = true;
  more.addEventListener("click", () => {
    const first = shown.length;
    showMore().then(() => {
      const link = list.children[list.children.length - Math.min(PAGE, first)];
      if (link) link.querySelector("a").focus();
    });
  });
  list.after(more);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  say("");
  const query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  if (query.trim()) {
    run(query);
  } else {
    input.focus();
  }
}
