"""Places: which division a report is about, and which places a text names.

- :mod:`.gazetteer`: the divisions, their codes, full and short names;
- :mod:`.mentions`: finding place names in a text, with spans;
- :mod:`.document`: the place a whole report is from;
- :mod:`.english`: English names.

Each figure's own district is attributed in :mod:`edureports.attribution`.
"""

from .document import PLACE_HEAD_CHARS, UNKNOWN, Place, document_place, publisher_lines
from .english import english_name
from .gazetteer import LEVELS, Division, Gazetteer, gazetteer, short_name
from .mentions import PlaceMention, find_places

__all__ = [
    "Division", "Gazetteer", "PlaceMention", "Place", "UNKNOWN", "LEVELS", "PLACE_HEAD_CHARS", "gazetteer",
    "find_places", "document_place", "publisher_lines", "short_name", "english_name",
]
