#!/usr/bin/env bash
# Applies hasura/migrations to a throwaway PostgreSQL cluster and checks that they
# upgrade the tutorial's "user" table, start from an empty database, keep emails
# unique whatever their case, give roles a table, and roll back cleanly.
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 and a socket in
# that directory only, uses a random password, and is stopped by its PID on exit.
# As root (CI), the server runs as user nobody. Without PostgreSQL's server
# binaries the test is skipped, saying so.
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/.." && pwd)
migrations="$root_dir/hasura/migrations/default"

for bin in initdb pg_ctl postgres psql; do
    if ! command -v "$bin" >/dev/null 2>&1; then
        echo "SKIPPED: PostgreSQL server binaries not installed ($bin not on PATH)"
        exit 0
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/latch-pg.XXXXXX")
pid=""
as_server=()
if [ "$(id -u)" -eq 0 ]; then
    as_server=(runuser -u nobody --)
    chown nobody "$tmp"
fi

cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -INT "$pid" 2>/dev/null || true # fast shutdown
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# --- start the cluster --------------------------------------------------------

export PGPASSWORD
PGPASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$PGPASSWORD" >"$tmp/pwfile"
mkdir "$tmp/sock"
[ ${#as_server[@]} -eq 0 ] || chown nobody "$tmp/pwfile" "$tmp/sock"

"${as_server[@]}" initdb -D "$tmp/data" -U latch --pwfile="$tmp/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 ||
    { cat "$tmp/initdb.log"; exit 1; }

free_port() {
    local port
    for _ in $(seq 20); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    return 1
}

started=""
for _ in 1 2 3; do
    port=$(free_port)
    if "${as_server[@]}" pg_ctl -D "$tmp/data" -l "$tmp/server.log" -w -t 20 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp/sock -c fsync=off" \
        start >/dev/null; then
        started=yes
        break
    fi
done
if [ -z "$started" ]; then
    echo "pg-migrations: could not start PostgreSQL"; cat "$tmp/server.log"; exit 1
fi
pid=$(head -n1 "$tmp/data/postmaster.pid")

# --- helpers ------------------------------------------------------------------

passed=0
failed=0

psql_db() { # psql_db DB [psql args...]
    local db=$1
    shift
    psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U latch -d "$db" "$@"
}

ok() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; [ -z "${2:-}" ] || echo "      $2"; }

# expect NAME DB SQL WANT: the query's output must equal WANT.
expect() {
    local got
    if ! got=$(psql_db "$2" -c "$3" 2>&1); then
        fail "$1" "$got"
    elif [ "$got" = "$4" ]; then
        ok "$1"
    else
        fail "$1" "got '$got', want '$4'"
    fi
}

# expect_error NAME DB SQL PATTERN: the statement must fail with PATTERN.
expect_error() {
    local got
    if got=$(psql_db "$2" -c "$3" 2>&1); then
        fail "$1" "succeeded, want an error matching '$4'"
    elif grep -q -- "$4" <<<"$got"; then
        ok "$1"
    else
        fail "$1" "error '$got' does not match '$4'"
    fi
}

apply() { # apply DB up|down: every migration of that direction, in order
    local db=$1 dir=$2 files
    if [ "$dir" = up ]; then
        files=$(find "$migrations" -name up.sql | sort)
    else
        files=$(find "$migrations" -name down.sql | sort -r)
    fi
    for f in $files; do
        psql_db "$db" --single-transaction -f "$f" || return 1
    done
}

tutorial_table() { # the table the tutorial's Flask app created, with its users
    psql_db "$1" <<'SQL'
CREATE TABLE "user" (id serial PRIMARY KEY, email text UNIQUE, password text);
INSERT INTO "user" (email, password) VALUES
  ('Ana@Example.com', '$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHRzb21lc2FsdA$ana'),
  ('bob@example.com', '$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHRzb21lc2FsdA$bob'),
  ('CAROL@EXAMPLE.COM', '$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHRzb21lc2FsdA$carol');
SQL
}

for db in tutorial empty clash; do psql_db postgres -c "CREATE DATABASE $db"; done

# --- a database created by the tutorial ----------------------------------------

tutorial_table tutorial
if apply tutorial up 2>"$tmp/err"; then
    ok "migrations apply on the tutorial's database"
else
    fail "migrations apply on the tutorial's database" "$(cat "$tmp/err")"
fi

expect "existing emails are lower-cased" tutorial \
    "SELECT string_agg(email, ',' ORDER BY id) FROM \"user\"" \
    "ana@example.com,bob@example.com,carol@example.com"
expect "existing hashes are kept" tutorial \
    "SELECT password FROM \"user\" WHERE email = 'ana@example.com'" \
    '$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHRzb21lc2FsdA$ana'
expect "existing users get the default role" tutorial \
    "SELECT string_agg(DISTINCT default_role, ',') FROM \"user\"" "user"
expect "a new user gets the next id and role user" tutorial \
    "INSERT INTO \"user\" (email, password) VALUES ('dan@example.com', 'h')
     RETURNING id, default_role" "4|user"
expect_error "an upper-case duplicate is refused" tutorial \
    "INSERT INTO \"user\" (email, password) VALUES ('A@x.com', 'h'),
     ('a@x.com', 'h')" "violates"
expect_error "the lower(email) index alone refuses a case duplicate" tutorial \
    "BEGIN; ALTER TABLE \"user\" DROP CONSTRAINT user_email_lowercase;
     INSERT INTO \"user\" (email, password) VALUES ('BOB@example.com', 'h'); COMMIT" \
    'unique constraint "user_email_lower_key"'
expect_error "emails must be stored lower-case" tutorial \
    "INSERT INTO \"user\" (email, password) VALUES ('Eve@example.com', 'h')" \
    'check constraint "user_email_lowercase"'
expect "the hash update is a compare-and-swap" tutorial \
    "WITH a AS (UPDATE \"user\" SET password = 'new' WHERE id = 1 AND password LIKE '%ana'
                RETURNING 1)
     SELECT count(*) FROM a" "1"
expect "a stale compare-and-swap changes nothing" tutorial \
    "WITH a AS (UPDATE \"user\" SET password = 'newer' WHERE id = 1 AND password LIKE '%ana'
                RETURNING 1)
     SELECT count(*) FROM a" "0"

expect "extra roles are stored per user" tutorial \
    "INSERT INTO user_role (user_id, role) VALUES (2, 'editor'), (2, 'auditor');
     SELECT string_agg(role, ',' ORDER BY role) FROM user_role WHERE user_id = 2" \
    "auditor,editor"
expect_error "a role is granted once" tutorial \
    "INSERT INTO user_role (user_id, role) VALUES (2, 'editor')" "duplicate key"
expect_error "a role needs an existing user" tutorial \
    "INSERT INTO user_role (user_id, role) VALUES (999, 'editor')" "foreign key"
expect_error "an empty role is refused" tutorial \
    "INSERT INTO user_role (user_id, role) VALUES (3, '')" "user_role_not_empty"
expect "deleting a user deletes its roles" tutorial \
    "DELETE FROM \"user\" WHERE id = 2; SELECT count(*) FROM user_role" "0"

if apply tutorial down 2>"$tmp/err"; then
    ok "down migrations apply"
else
    fail "down migrations apply" "$(cat "$tmp/err")"
fi
expect "down leaves the tutorial's table as it was, with its users" tutorial \
    "SELECT string_agg(column_name, ',' ORDER BY ordinal_position)
       FROM information_schema.columns WHERE table_name = 'user'" "id,email,password"
expect "down drops Latch's table and index" tutorial \
    "SELECT count(*) FROM pg_class WHERE relname IN ('user_role', 'user_email_lower_key')" \
    "0"
expect "users survive a rollback" tutorial "SELECT count(*) FROM \"user\"" "3"
if apply tutorial up 2>"$tmp/err"; then
    ok "migrations apply again after a rollback"
else
    fail "migrations apply again after a rollback" "$(cat "$tmp/err")"
fi

# --- an empty database -----------------------------------------------------------

if apply empty up 2>"$tmp/err"; then
    ok "migrations apply on an empty database"
else
    fail "migrations apply on an empty database" "$(cat "$tmp/err")"
fi
expect "the empty database gets the full table" empty \
    "SELECT string_agg(column_name, ',' ORDER BY ordinal_position)
       FROM information_schema.columns WHERE table_name = 'user'" \
    "id,email,password,default_role,created_at"

# --- a tutorial database with emails that differ only in case ---------------------

tutorial_table clash
psql_db clash -c "INSERT INTO \"user\" (email, password) VALUES ('ana@example.com', 'h')"
if apply clash up 2>"$tmp/err"; then
    fail "case clashes stop the migration" "it applied"
elif grep -q "emails that differ only in letter case: ana@example.com (ids 1, 4)" "$tmp/err"
then
    ok "case clashes stop the migration, naming the rows"
else
    fail "case clashes stop the migration, naming the rows" "$(cat "$tmp/err")"
fi
expect "a stopped migration changes nothing" clash \
    "SELECT string_agg(email, ',' ORDER BY id) || ' ' || count(*) FROM \"user\"
      WHERE NOT EXISTS (SELECT 1 FROM information_schema.columns
                         WHERE table_name = 'user' AND column_name = 'default_role')" \
    "Ana@Example.com,bob@example.com,CAROL@EXAMPLE.COM,ana@example.com 4"

echo "pg-migrations: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
