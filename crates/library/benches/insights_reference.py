"""The anchor for the insights benchmark: the original app's approach, reading a collection's rows from PostgreSQL
into a pandas DataFrame and aggregating there. Computes the same averages, medians, spreads, extremes, histograms,
decade and key counts as Crossfade's domain code, from the same table, and prints them with the time taken as JSON.

Used by `cargo bench -p crossfade-library --bench insights` only; the tests never need Python.
Needs `pip install pandas psycopg2-binary`.

Usage: python3 insights_reference.py DATABASE_URL USER_ID
"""

import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import psycopg2

MEASURES = ["danceability", "energy", "valence", "acousticness", "instrumentalness", "speechiness", "liveness",
            "tempo", "loudness"]
# (start, width, count) per measure, as crates/domain/src/insights/distribution.rs defines them.
UNIT = (0.0, 0.05, 20)
BINS = {"tempo": (60.0, 5.0, 28), "loudness": (-30.0, 1.5, 20), "length_seconds": (0.0, 30.0, 20)}
SUPERLATIVES = [
    ("Most danceable", "danceability", True), ("Least danceable", "danceability", False),
    ("Most energetic", "energy", True), ("Least energetic", "energy", False),
    ("Happiest", "valence", True), ("Saddest", "valence", False),
    ("Most acoustic", "acousticness", True), ("Most instrumental", "instrumentalness", True),
    ("Fastest", "tempo", True), ("Slowest", "tempo", False),
    ("Loudest", "loudness", True), ("Quietest", "loudness", False),
    ("Longest", "length_seconds", True), ("Shortest", "length_seconds", False),
    ("Oldest", "release_year", False), ("Newest", "release_year", True),
    ("Most played", "played", True), ("Least played", "played", False), ("Most skipped", "skipped", True),
]


def histogram(values, bins):
    start, width, count = bins
    index = np.floor((values.to_numpy() - start) / width + 1e-9)
    index = np.clip(index, 0, count - 1).astype(int)
    return np.bincount(index, minlength=count).tolist()


def camelot(key, mode):
    relative_major = key if mode == 1 else (key + 3) % 12
    return f"{(7 * relative_major + 7) % 12 + 1}{'B' if mode == 1 else 'A'}"


def main():
    # pandas prefers SQLAlchemy but reads a plain DBAPI connection the same way; the notice is noise here.
    warnings.filterwarnings("ignore", message="pandas only supports SQLAlchemy")
    url, user_id = sys.argv[1], int(sys.argv[2])
    started = time.perf_counter()
    connection = psycopg2.connect(url)
    frame = pd.read_sql_query(
        "SELECT track_id, duration_ms, explicit, release_year, danceability, energy, valence, acousticness, "
        "instrumentalness, speechiness, liveness, loudness, tempo, key, mode, plays, skips "
        "FROM track_facts WHERE user_id = %s ORDER BY track_id",
        connection, params=(user_id,))
    connection.close()
    read = time.perf_counter()

    frame["length_seconds"] = frame["duration_ms"] / 1000.0
    frame["played"] = frame["plays"].where(frame["plays"] > 0)
    frame["skipped"] = frame["skips"].where(frame["skips"] > 0)
    measures = {}
    for column in MEASURES + ["length_seconds"]:
        values = frame[column].dropna()
        measures[column] = {
            "count": int(values.count()),
            "mean": float(values.mean()), "median": float(values.median()), "std_dev": float(values.std()),
            "min": float(values.min()), "max": float(values.max()),
            "histogram": histogram(values, BINS.get(column, UNIT)),
        }
    extremes = {}
    for label, column, highest in SUPERLATIVES:
        values = frame[column]
        if values.notna().any():
            at = values.idxmax() if highest else values.idxmin()
            extremes[label] = frame.at[at, "track_id"]
    years = frame["release_year"].dropna().astype(int)
    decades = (years // 10 * 10).value_counts().sort_index()
    keyed = frame.dropna(subset=["key", "mode"])
    keys = keyed.groupby(["key", "mode"]).size()
    figures = {
        "tracks": len(frame),
        "total_ms": int(frame["duration_ms"].sum()),
        "explicit": int((frame["explicit"] == True).sum()),  # noqa: E712 (a nullable column)
        "measures": measures,
        "extremes": extremes,
        "decades": {str(decade): int(count) for decade, count in decades.items()},
        "keys": {camelot(int(key), int(mode)): int(count) for (key, mode), count in keys.items()},
    }
    done = time.perf_counter()
    print(json.dumps({"figures": figures, "read_seconds": read - started, "total_seconds": done - started}))


if __name__ == "__main__":
    main()
