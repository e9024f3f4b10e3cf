"""Flow model to decision diagram: DOT text, SVG and PDF files, inline SVG and a text equivalent.

One job per module, in the order a diagram is made:

* :mod:`.labels`: label text wrapped by display width (CJK aware) and the font per language;
* :mod:`.dot`: the DOT text, pure (the ``graphviz`` package's quoting, no process);
* :mod:`.graphviz_backend`: ``dot`` through the ``graphviz`` package, cached by content hash
  (the only place Pathway starts a process);
* :mod:`.standalone`: Graphviz's SVG made into the published file (titles, colours from
  CSS, links that open in the top window), with :mod:`.mirror` putting the start on the left;
* :mod:`.inline`: that SVG adapted for one generated page;
* :mod:`.text_equivalent`: a Markdown list carrying everything the chart does;
* :mod:`.pdf_pages`: the PDF's page windows on one layout; :mod:`.pdf_join`: one PDF of them;
* :mod:`.css`: the stylesheets, which are files beside this one (``pathway-diagram.css``,
  served to the site, and ``standalone.css``, the palette of the published SVG);
* :mod:`.files`: the published files of a flow, ``diagrams/<flow-id>.svg`` and ``.pdf``.

Colour is never the only signal: steps are rectangles, questions hexagons, end points
rounded rectangles with a double border, the start has a thick border, and "Not sure"
answers are dashed arrows.

Legible on a desktop, on a phone and on paper (issue 11). A chart shrunk to fit its column
is a thumbnail nobody can read (Material's ``figure { width: fit-content }`` once left every
chart 300 px wide with 4 px labels), so the size of the letters is fixed and the chart's
extent is what adapts: one layout point per CSS pixel on screen (:mod:`.inline`), labels
wrapped narrowly so charts grow taller rather than wider (:mod:`.dot`), the start at the
top left for phones (:mod:`.mirror`), print rules (``pathway-diagram.css``) and a PDF cut
into pages between rows of boxes (:mod:`.pdf_pages`). Each module's docstring says how.

**You are here.** Every node page links to ``flowchart/#pw-<flow>--n-<node>``, the node's
group in the inline SVG; ``:target`` gives that box a thick orange border and a yellow
fill, the page scrolls to it, and a sentence above the chart says what it means.
"""
