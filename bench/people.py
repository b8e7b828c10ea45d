"""Adds people with API tokens to a Medspil database for the sign-up benchmark, as fast as the
engine takes them: person i logs in with the bearer token `bench-<i>`.

    python3 bench/people.py sqlite FILE COUNT
    python3 bench/people.py postgres URL COUNT      (through psql)
"""

import hashlib
import io
import subprocess
import sys
import time

engine, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
now = int(time.time())
rows = [(i, f"Bænkevarmer {i}", f"bench{i}@example.dk", hashlib.sha256(f"bench-{i}".encode()).hexdigest()) for i in range(count)]

if engine == "sqlite":
    import sqlite3

    db = sqlite3.connect(target)
    with db:
        for i, name, email, token in rows:
            person = db.execute(
                "INSERT INTO actors (kind, name, sort_name, created_at, updated_at) VALUES ('person', ?, ?, ?, ?)",
                (name, name.lower(), now, now),
            ).lastrowid
            user = db.execute(
                "INSERT INTO users (email, password_hash, person_id, created_at) VALUES (?, 'no login', ?, ?)",
                (email, person, now),
            ).lastrowid
            db.execute(
                "INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at) VALUES (?, ?, 'api', ?, ?)",
                (token, user, now, now + 86400),
            )
else:
    sql = io.StringIO()
    sql.write("BEGIN;\nCREATE TEMP TABLE bench_people (n BIGINT, name TEXT, email TEXT, token TEXT);\n")
    sql.write("COPY bench_people FROM STDIN;\n")
    for i, name, email, token in rows:
        sql.write(f"{i}\t{name}\t{email}\t{token}\n")
    sql.write("\\.\n")
    sql.write(f"""
WITH people AS (
  INSERT INTO actors (kind, name, sort_name, created_at, updated_at)
  SELECT 'person', name, lower(name), {now}, {now} FROM bench_people ORDER BY n RETURNING id, name
), users AS (
  INSERT INTO users (email, password_hash, person_id, created_at)
  SELECT b.email, 'no login', p.id, {now} FROM people p JOIN bench_people b ON b.name = p.name RETURNING id, email
)
INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at)
SELECT b.token, u.id, 'api', {now}, {now + 86400} FROM users u JOIN bench_people b ON b.email = u.email;
COMMIT;
""")
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", target], input=sql.getvalue().encode(), check=True)
