"""Go's ``text/template`` and ``text/tabwriter`` for the ``atlas`` CLI's ``-o go-template=...`` output.

>>> render("{{range .results}}{{.name}} {{end}}", {"results": [{"name": "a"}, {"name": "b"}]})
'a b '
>>> tabulate("ID\\tNAME\\n1\\tx\\n")
'ID    NAME\\n1     x\\n'

Values print as Go prints them (``1e+06`` for a float 1000000, ``map[a:1]``, ``<no value>`` for a missing key).
Decode JSON with ``json.loads(body, parse_int=float)`` to get Go's float64 numbers exactly.
"""

from ._errors import TemplateError
from ._tabwriter import ESCAPE, TabWriter, tabulate
from ._template import Template, render

__all__ = ["ESCAPE", "TabWriter", "Template", "TemplateError", "render", "tabulate"]
