"""Extension points other apps plug into without `cases` importing them (dependencies point one way).

A detail panel is a function `(case, user) -> (template name, context dict) | None`; the case detail page
renders every non-empty panel below the case's own sections (e.g. intake shows the clues a case answers).
"""

_DETAIL_PANELS = []


def register_detail_panel(function):
    if function not in _DETAIL_PANELS:
        _DETAIL_PANELS.append(function)
    return function


def detail_panels(case, user):
    panels = []
    for function in _DETAIL_PANELS:
        panel = function(case, user)
        if panel:
            panels.append(panel)
    return panels
