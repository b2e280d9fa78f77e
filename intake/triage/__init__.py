"""数据研判: what the system proposes for a new clue (items, township and zone, duplicates). Reads only;
`intake.services.triage_propose` stores the proposals next to the operator's choice."""

from .duplicates import find_duplicates
from .items import ItemProposal, propose_items
from .places import (
    ZoneProposal,
    locate,
    place_flags,
    position_note,
    propose_officers,
    propose_zone,
    register_locator,
    register_officer_proposer,
    register_place_flagger,
    register_position_note,
    register_zone_resolver,
)

__all__ = ["ItemProposal", "ZoneProposal", "find_duplicates", "locate", "place_flags", "position_note",
           "propose_items", "propose_officers", "propose_zone", "register_locator", "register_officer_proposer",
           "register_place_flagger", "register_position_note", "register_zone_resolver"]
