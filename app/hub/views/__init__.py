"""The hub's request handlers, by page family: the calendar (with its iCalendar feeds) and the
opportunities board. The URL map is ``app/hub/blueprint.py``."""
