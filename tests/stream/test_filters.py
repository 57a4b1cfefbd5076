#!/usr/bin/python3
"""Subscribers with different filters (a type, a country, both, and several
of each) each receive exactly the events a Replay of the store gives for
their filter, in sequence order, with no duplicate: 500 events committed
before they start (caught up by Replay) and 3,000 published live after.
"""
from streamlib import StreamHarness

FILTERS = {
    "type": (["meeting"], []),
    "country": ([], ["FR"]),
    "both": (["visit"], ["VN"]),
    "several": (["meeting", "aid"], ["JP", "US"]),
}

h = StreamHarness("stream-filters")
h.start("index")
h.append(0, 500, chunk=100)
subs = {name: h.subscribe_cli(name, types, countries) for name, (types, countries) in
        FILTERS.items()}
h.append(500, 3000, chunk=20, pause_ms=5)

expected = {name: h.replay(types, countries) for name, (types, countries) in FILTERS.items()}
for name, (types, countries) in FILTERS.items():
    h.check(all((not types or e[2] in types) and
                (not countries or set(e[3].split(",")) & set(countries)) for e in expected[name]),
            "Replay of filter %s returns only matching events" % name)
h.check(len({len(v) for v in expected.values()}) == len(expected),
        "the filters select different events: %s" % {k: len(v) for k, v in expected.items()})
for name, (types, countries) in FILTERS.items():
    h.check_cli_subscriber(name, subs[name], "subscriber with filter %s" % name, types,
                           countries)
h.finish()
