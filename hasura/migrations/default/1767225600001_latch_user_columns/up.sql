-- Latch's additions to the tutorial's table: emails unique whatever their letter
-- case, stored lower-case, and a default role per user.
--
-- The tutorial stored emails as typed, so 'A@x.com' and 'a@x.com' may both exist.
-- Such rows cannot be merged automatically (two passwords, two ids that other
-- tables may reference): the migration stops, names them, and changes nothing.
-- Resolve each pair by hand (delete or rename one row), then run it again.
DO $$
DECLARE
    clashes text;
BEGIN
    SELECT string_agg(format('%s (ids %s)', lowered, ids), '; ')
      INTO clashes
      FROM (SELECT lower(email) AS lowered,
                   string_agg(id::text, ', ' ORDER BY id) AS ids
              FROM "user"
             WHERE email IS NOT NULL
             GROUP BY lower(email)
            HAVING count(*) > 1
             ORDER BY lower(email)) AS dup;
    IF clashes IS NOT NULL THEN
        RAISE EXCEPTION 'latch: emails that differ only in letter case: %', clashes
            USING HINT = 'Keep one row per address (delete or rename the others), '
                         'then apply the migrations again.';
    END IF;
END
$$;

-- Latch looks users up by the lower-cased address; store them that way.
UPDATE "user" SET email = lower(email) WHERE email <> lower(email);

ALTER TABLE "user"
    ADD COLUMN default_role text NOT NULL DEFAULT 'user'
        CONSTRAINT user_default_role_not_empty CHECK (default_role <> ''),
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT user_email_lowercase CHECK (email = lower(email));

CREATE UNIQUE INDEX user_email_lower_key ON "user" (lower(email));

COMMENT ON COLUMN "user".default_role IS
    'x-hasura-default-role of the user''s tokens; Latch signs users up with ''user''';
COMMENT ON INDEX user_email_lower_key IS
    'one account per address whatever its letter case';
