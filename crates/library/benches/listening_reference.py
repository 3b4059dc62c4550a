"""The anchor for the listening-history benchmark: the original app's approach, reading the raw plays from
PostgreSQL into a pandas DataFrame and aggregating there. Computes the same totals, days, hour × weekday counts, top
tracks and artists, sessions, longest streak and discoveries as Crossfade's domain code, and prints them with the
time taken as JSON.

Used by `cargo bench -p crossfade-library --bench listening` only; the tests never need Python.
Needs `pip install pandas psycopg2-binary`.

Usage: python3 listening_reference.py DATABASE_URL USER_ID
"""

import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import psycopg2

TOP = 15
SESSION_GAP = pd.Timedelta(minutes=30)


def tops(frame, key, name):
    """The most played first, then the most time, then by name and key, as Crossfade ranks them."""
    grouped = frame.groupby([key, name], sort=False).agg(plays=("ms", "size"), ms=("ms", "sum")).reset_index()
    grouped = grouped.sort_values(["plays", "ms", name, key], ascending=[False, False, True, True]).head(TOP)
    return [[row[name], int(row["plays"]), int(row["ms"])] for _, row in grouped.iterrows()]


def main():
    warnings.filterwarnings("ignore", message="pandas only supports SQLAlchemy")
    url, user_id = sys.argv[1], int(sys.argv[2])
    started = time.perf_counter()
    connection = psycopg2.connect(url)
    frame = pd.read_sql_query(
        "SELECT played_at, ms_played, skipped, track_id, track_name, artist_name FROM plays WHERE user_id = %s",
        connection, params=(user_id,))
    connection.close()
    read = time.perf_counter()

    frame["played_at"] = pd.to_datetime(frame["played_at"], utc=True)
    frame["ms"] = frame["ms_played"].fillna(0).astype("int64")
    frame["skipped"] = frame["skipped"].fillna(False).astype(bool)
    frame["artist_key"] = ""
    days = frame["played_at"].dt.floor("D")
    week = np.zeros(7 * 24, dtype=int)
    np.add.at(week, (frame["played_at"].dt.dayofweek * 24 + frame["played_at"].dt.hour).to_numpy(), 1)

    # Sessions: a play that starts more than 30 minutes after the latest end so far opens a new one.
    plays = frame.assign(ended=frame["played_at"], started=frame["played_at"] - pd.to_timedelta(frame["ms"], "ms"))
    plays = plays.sort_values(["ended", "started"])
    latest_end = plays["ended"].cummax().shift()
    opens = (plays["started"] - latest_end > SESSION_GAP) | latest_end.isna()
    plays["session"] = opens.cumsum()
    sessions = plays.groupby("session").agg(started=("started", "min"), ended=("ended", "max"))
    # Whole seconds since 1970 (floored) at each end, as Crossfade reads instants.
    epoch, second = pd.Timestamp(0, tz="UTC"), pd.Timedelta(seconds=1)
    seconds = (sessions["ended"] - epoch) // second - (sessions["started"] - epoch) // second

    listened = np.sort(days.unique())
    runs = np.diff(listened) != np.timedelta64(1, "D")
    longest, current = (1 if len(listened) else 0), 1
    for broken in runs:
        current = 1 if broken else current + 1
        longest = max(longest, current)

    with_id = frame.dropna(subset=["track_id"])
    first_track = with_id.groupby("track_id").agg(first=("played_at", "min"), artist=("artist_name", "max"))
    first_artist = first_track.groupby("artist")["first"].min()
    months = pd.DataFrame({
        "tracks": first_track["first"].dt.strftime("%Y-%m").value_counts(),
        "artists": first_artist.dt.strftime("%Y-%m").value_counts(),
    }).fillna(0).sort_index()
    # A track's name is the latest spelling the history gave (the read model keeps the greatest).
    names = with_id.groupby("track_id")["track_name"].max()
    with_id = with_id.assign(title=with_id["track_id"].map(names))
    figures = {
        "plays": int(len(frame)),
        "ms": int(frame["ms"].sum()),
        "skips": int(frame["skipped"].sum()),
        "days": int(days.nunique()),
        "tracks": int(with_id["track_id"].nunique()),
        "artists": int(with_id["artist_name"].nunique()),
        "hours_of_week": week.tolist(),
        "top_tracks": tops(with_id, "track_id", "title"),
        "top_artists": tops(with_id, "artist_key", "artist_name"),
        "sessions": int(len(sessions)),
        "session_seconds": int(seconds.sum()),
        "longest_streak": int(longest),
        "discoveries": [[month, int(row["tracks"]), int(row["artists"])] for month, row in months.iterrows()],
    }
    done = time.perf_counter()
    print(json.dumps({"figures": figures, "read_seconds": read - started, "total_seconds": done - started}))


if __name__ == "__main__":
    main()
