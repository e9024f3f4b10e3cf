"""The flow as an HL7 FHIR R4 (R4B) ``Questionnaire`` resource, for patient portals and EHRs.

Output: ``fhir/<flow-id>.json`` (:func:`build_tools.core.ids.fhir_file`), made by
:func:`.resource.render`, for every flow with at least one question
(:func:`build_tools.source.kinds.has_questions`). Pure: no MkDocs, no subprocess, no file
access. The bytes are deterministic: the same flow and ``site_url`` always give the same
file (pretty JSON built in a fixed key order, UTF-8, one trailing newline).

One job per module:

* :mod:`.resource`: the resource and its metadata (``url``, ``version``, ``status``, dates);
* :mod:`.items`: one item per node, in a topological order, with stable answer codes;
* :mod:`.enable_when`: the branching, as one flat ``enableWhen`` list per item (and why
  that is exact);
* :mod:`.text`: every text as plain text (Markdown bodies lose their markup).

Left out, on purpose: the ``ask`` lists of answers (they depend on the path; they would
each need an extra conditional display item) and per-node source lists (the resource
lists every source once in ``description``).
"""
