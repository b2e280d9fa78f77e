from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = _("Map and geometry")

    def ready(self):
        # Dispatch by place through intake's triage hooks, so that intake never imports geo.
        from intake import triage

        from .dispatch import by_polygon, nearest_officers, outside_zones
        from .locating import clue_position_note, locate_clue

        triage.register_zone_resolver(by_polygon, first=True)
        triage.register_place_flagger(outside_zones)
        triage.register_officer_proposer(nearest_officers)
        triage.register_locator(locate_clue)
        triage.register_position_note(clue_position_note)
