"""The embeddable questionnaire: one self-contained HTML file per flow, with no JavaScript.

Output: ``site/embed/<flow-id>.html`` (:func:`build_tools.core.ids.questionnaire_file`), made by
:func:`.page.render`. Only flows with at least one question get one
(:func:`build_tools.source.kinds.has_questions`), and only up to
:data:`build_tools.source.validate.MAX_QUESTIONNAIRE_NODES` nodes.

One job per module:

* :mod:`.plan`: the screens, one per node, in a topological order, with every way in and out;
* :mod:`.path_css`: the CSS that computes, from the checked radios, the path actually taken;
* :mod:`.frame`: the frame size the embed page recommends, estimated per screen;
* :mod:`.page`: the page itself (templates, CSP, review dates), and its size figures.

How it works, and why
=====================

Every node of the flow is **one** ``<section>``, whatever the number of ways to reach it,
so the file grows linearly with the flow. CSS shows the section named by the URL fragment
(``section:target``); with no fragment it shows the start screen. A question is the GOV.UK
question-page pattern: radio buttons, then a "Continue" link (:mod:`.page`). The radios are
the state: the outcome shows the answers and the questions to ask **only along the path
actually taken** (:mod:`.path_css`).

Alternatives we weighed:

* **links only, the question graph unfolded into a tree** (the previous design): one click
  per question and Back for free, but a node reachable in *k* ways had *k* screens, so the
  size grew exponentially. On generated flows with the real flows' text
  (``python -m benchmarks.questionnaire``): 4 questions 53 screens, 102,714 bytes (6,716
  gzipped); 6 questions 233 screens, 469,201 bytes (18,646 gzipped, over the budget);
  12 questions 21,473 screens, 57 MB, so it passed the 2,000-screen limit and was left out.
* **one static page per screen**: dozens of files, a request per answer (answers in the
  URL path, so in server logs), and it cannot be embedded as one file.
* **radios + ``:has()`` + fragment links (chosen)**: one screen per node, so 4, 6 and 12
  questions are 24,844, 31,289 and 53,910 bytes (6,331, 7,491 and 10,853 gzipped); each
  node has one stable address (its YAML id); Back and focus work as with plain links.

The trade-off, measured: **two actions per question instead of one** (pick an answer, then
Continue). Clicks over every path of limb-salvage (63 paths): 2 to 6, mean 5.6, before;
3 to 11, mean 10.2, now (the browser test prints them). By keyboard, the all-"Not sure"
path of the 4-question limb-salvage took 12 key presses before and takes 30 now (per
question: Tab past Back and "Why we ask" to the answers, arrow keys to pick, Tab, Enter).
We accept it: the reader sees their choice before moving on and can change it on the same
screen; every answer is still checked when they come Back; a "Change" link on the result
goes straight to any question; and the page no longer disappears or weighs hundreds of
kilobytes once a flow has more than four or five questions.
"""
