"""The controlled values of the public tables (DESIGN.md), defined once for every module."""

UNITS = ("yuan", "percent", "percentage_point", "person", "person_time", "institution", "item", "event", "m2", "km", "mu",
         "ratio", "count")
QUALIFIERS = ("exact", "approx", "over", "under", "masked")
ROLES = ("level", "delta", "growth", "previous", "target")
CATEGORIES = ("funding", "exam", "staffing", "enrolment", "facilities", "student_aid", "safety",
              "governance", "other")
YEAR_SOURCES = ("title", "text", "published", "catalogue", "unknown")
SCRIPTS = ("simplified", "traditional", "mixed")
#: a figure is the whole-area statistic for what it measures (total) or a component of a larger whole (part)
SCOPES = ("total", "part")
