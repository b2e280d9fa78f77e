"""The catalogue items a clue's words point to: top 3 with scores.

The candidates are the catalogue's items in force (`catalog.selectors.in_force_today`; items are reference
data every business role reads, so one index serves everybody);
each is scored by the idf-weighted cosine of character bigrams between the clue text and the item's name
(weight 0.8) and its searchable legal text (0.2). The index is built once per process and rebuilt when
`catalogue_fingerprint()` changes (one cheap query), so a proposal costs one query and a few milliseconds.
"""

import math
import threading
from dataclasses import dataclass

from django.utils import timezone

from catalog.models import Item
from catalog.selectors import catalogue_fingerprint, in_force_today

from .text import bigrams

NAME_WEIGHT = 0.8
TEXT_WEIGHT = 0.2
_lock = threading.Lock()
_cache = {"key": None, "index": None}


@dataclass(frozen=True)
class ItemProposal:
    code: str
    name: str
    score: float

    def as_dict(self):
        return {"code": self.code, "name": self.name, "score": self.score}


class _Index:
    def __init__(self, rows):
        self.items = []  # (code, name, name grams, text grams)
        document_frequency = {}
        for code, name, search_text in rows:
            name_grams = bigrams(name)
            text_grams = bigrams(search_text) - name_grams
            self.items.append((code, name, name_grams, text_grams))
            for gram in name_grams | text_grams:
                document_frequency[gram] = document_frequency.get(gram, 0) + 1
        total = max(len(self.items), 1)
        self.idf = {gram: math.log(1 + total / n) for gram, n in document_frequency.items()}
        self.postings = {}
        self.norms = []
        for position, (_code, _name, name_grams, text_grams) in enumerate(self.items):
            for gram in name_grams | text_grams:
                self.postings.setdefault(gram, []).append(position)
            self.norms.append((self._norm(name_grams), self._norm(text_grams)))

    def _norm(self, grams):
        return math.sqrt(sum(self.idf.get(g, 0) ** 2 for g in grams)) or 1.0

    def rank(self, text, limit):
        grams = {g for g in bigrams(text) if g in self.idf}
        if not grams:
            return []
        query_norm = self._norm(grams)
        candidates = set()
        for gram in grams:
            candidates.update(self.postings.get(gram, ()))
        scored = []
        for position in candidates:
            code, name, name_grams, text_grams = self.items[position]
            name_norm, text_norm = self.norms[position]
            name_dot = sum(self.idf[g] ** 2 for g in grams & name_grams)
            text_dot = sum(self.idf[g] ** 2 for g in grams & text_grams)
            score = (NAME_WEIGHT * name_dot / (query_norm * name_norm)
                     + TEXT_WEIGHT * text_dot / (query_norm * text_norm))
            if score > 0:
                scored.append((round(score, 3), code, name))
        scored.sort(key=lambda row: (-row[0], row[1]))
        return [ItemProposal(code=code, name=name, score=score) for score, code, name in scored[:limit]]


def _index():
    key = (catalogue_fingerprint(), timezone.localdate())  # items come into and go out of force by date
    with _lock:
        if _cache["key"] != key:
            rows = Item.objects.filter(in_force_today()).order_by("code").values_list("code", "name", "search_text")
            _cache["index"] = _Index(list(rows))
            _cache["key"] = key
        return _cache["index"]


def propose_items(text, *, limit=3):
    """The `limit` catalogue items in force that best match `text`, best first (empty when nothing matches)."""
    return _index().rank(text, limit)
