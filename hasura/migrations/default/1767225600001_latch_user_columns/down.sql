-- Emails stay lower-case: their original letter case is not kept anywhere.
DROP INDEX IF EXISTS user_email_lower_key;

ALTER TABLE "user"
    DROP CONSTRAINT IF EXISTS user_email_lowercase,
    DROP COLUMN IF EXISTS created_at,
    DROP COLUMN IF EXISTS default_role;
