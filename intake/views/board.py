"""The command-centre board: a wall-screen page whose panel htmx re-polls every 30 seconds."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from enforcement.accounts import access

from ..board import board_data

POLL_SECONDS = 30


@never_cache
@login_required
def board(request):
    access.require(request.user, "board.view")
    own = access.township_of(request.user)
    return render(request, "intake/board.html", {"data": board_data(actor=request.user), "own": own,
                                                 "poll_seconds": POLL_SECONDS,
                                                 "wall": request.GET.get("wall") == "1"})


@never_cache
@login_required
def board_panel(request):
    access.require(request.user, "board.view")
    return render(request, "intake/_board_panel.html", {"data": board_data(actor=request.user),
                                                        "poll_seconds": POLL_SECONDS})
