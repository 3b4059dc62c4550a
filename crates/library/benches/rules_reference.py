"""The anchor for the smart playlist rules benchmark: the original pipeline's approach, reading every track's facts
from PostgreSQL and evaluating the rule tree for each track in Python, then sorting, holding each artist to their
share and cutting to the limit. Same semantics as Crossfade's rules (crates/domain/src/rules/): a test of a missing
value is false, `not_in_last` is the negation of `in_last`, text is compared lower-cased, unknown values sort last,
ties go by track id, a time limit stops before the first track that would overflow it.

Used by `cargo bench -p crossfade-library --bench rules` only; the tests never need Python.
Needs `pip install psycopg2-binary`.

Usage: python3 rules_reference.py DATABASE_URL USER_ID INPUT.json
(INPUT holds the rules, the genre hierarchy's expansion of the genres they name, and now in seconds.)
"""

import json
import sys
import time

import psycopg2

COLUMNS = ("track_id", "title", "artist_ids", "label", "explicit", "energy", "tempo", "key", "mode", "genres",
           "duration_ms", "liked", "last_played", "plays")
SPANS = {"days": 86400, "weeks": 7 * 86400}


def camelot(key, mode):
    major = key if mode == 1 else (key + 3) % 12
    return (7 * major + 7) % 12 + 1


def parse_key(text):
    number, letter = int(text[:-1]), text[-1].upper()
    return number, 1 if letter == "B" else 0


def value(track, field):
    if field == "last_played":
        return track["last_played"]
    if field == "liked":
        return track["liked"]
    return track.get(field)


def holds(node, track, context):
    if "all" in node:
        return all(holds(child, track, context) for child in node["all"])
    if "any" in node:
        return any(holds(child, track, context) for child in node["any"])
    if "not" in node:
        return not holds(node["not"], track, context)
    field, op, given = node["field"], node["op"], node.get("value")
    if op == "not_in_last":
        return not holds(dict(node, op="in_last"), track, context)
    if op == "ne":
        return not holds(dict(node, op="eq"), track, context)
    if field == "genres":
        genres = set(track["genres"] or [])
        groups = [set(context["genres"].get(genre, [genre])) for genre in given]
        if op == "any_of":
            return any(genres & group for group in groups)
        if op == "all_of":
            return all(genres & group for group in groups)
        return not any(genres & group for group in groups)
    if field == "key":
        if track["key"] is None:
            return False
        number, mode = camelot(track["key"], track["mode"]), track["mode"]
        target_number, target_mode = parse_key(given)
        if op == "is":
            return (number, mode) == (target_number, target_mode)
        step = (12 + number - target_number) % 12
        return step in (0, 1, 11) if mode == target_mode else step == 0
    found = value(track, field)
    if found is None:
        return False
    if op == "in_last":
        return context["now"] - given["count"] * SPANS[given["unit"]] <= found < context["now"] + 1
    if op in ("is", "contains", "starts_with", "ends_with") and isinstance(found, str):
        text, needle = found.lower(), given.lower()
        return {"is": text == needle, "contains": needle in text, "starts_with": text.startswith(needle),
                "ends_with": text.endswith(needle)}[op]
    if op == "is":
        return found == given
    if op == "between":
        return given[0] <= found <= given[1]
    return {"gt": found > given, "gte": found >= given, "lt": found < given, "lte": found <= given,
            "eq": found == given}[op]


def in_sources(track, sources):
    for source in sources:
        if source == "library" or (source == "liked" and track["liked"] is not None) or (
                source == "history" and track["plays"] > 0):
            return True
    return False


def ordered(tracks, keys):
    def key_of(track):
        parts = []
        for key in keys:
            found = value(track, key["field"])
            if isinstance(found, str):
                found = found.lower() or None
            missing = found is None
            parts.append((missing, None if missing else found))
        return parts

    # Python sorts are stable: sort by id, then by each key from the last to the first.
    result = sorted(tracks, key=lambda track: track["track_id"])
    for index in reversed(range(len(keys))):
        descending = keys[index]["order"] == "desc"
        present = [track for track in result if key_of(track)[index][0] is False]
        absent = [track for track in result if key_of(track)[index][0] is True]
        present.sort(key=lambda track: key_of(track)[index][1], reverse=descending)
        result = present + absent
    return result


def evaluate(rule, tracks, context):
    rule_set = rule["sets"][0]
    matching = [track for track in tracks
                if in_sources(track, rule_set.get("sources", ["library"])) and holds(rule_set["match"], track, context)]
    placed = ordered(matching, rule_set.get("sort", []))
    if "per_artist" in rule:
        counts, kept = {}, []
        for track in placed:
            artist = (track["artist_ids"] or [""])[0]
            counts[artist] = counts.get(artist, 0) + 1
            if counts[artist] <= rule["per_artist"]:
                kept.append(track)
        placed = kept
    limit = rule.get("limit")
    if limit and "items" in limit:
        placed = placed[:limit["items"]]
    elif limit:
        most = limit.get("minutes", 0) * 60000 + limit.get("hours", 0) * 3600000
        total, kept = 0, []
        for track in placed:
            if track["duration_ms"] is None:
                continue
            total += track["duration_ms"]
            if total > most:
                break
            kept.append(track)
        placed = kept
    return [track["track_id"] for track in placed]


def main():
    url, user_id, input_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(input_path, encoding="utf-8") as file:
        given = json.load(file)
    context = {"genres": given["genres"], "now": given["now"]}
    started = time.perf_counter()
    answers, evaluating = [], 0.0
    # As the original's evaluate endpoint did, every evaluation reads the tracks' facts afresh, then walks the tree.
    for rule in given["rules"]:
        connection = psycopg2.connect(url)
        cursor = connection.cursor()
        cursor.execute(
            "SELECT track_id, title, artist_ids, label, explicit, energy, tempo, key, mode, genres, duration_ms,"
            " floor(extract(epoch FROM liked_at))::bigint, floor(extract(epoch FROM last_played_at))::bigint, plays"
            " FROM track_facts WHERE user_id = %s", (user_id,))
        tracks = [dict(zip(COLUMNS, row)) for row in cursor.fetchall()]
        connection.close()
        read = time.perf_counter()
        answers.append(evaluate(rule, tracks, context))
        evaluating += time.perf_counter() - read
    print(json.dumps({"total_seconds": time.perf_counter() - started, "evaluating_seconds": evaluating,
                      "tracks": answers}))


if __name__ == "__main__":
    main()
