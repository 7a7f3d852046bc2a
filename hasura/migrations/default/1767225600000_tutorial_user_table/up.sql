-- The tutorial's table, created only when it is missing, so that Latch starts on an
-- empty database and upgrades a tutorial one alike. Its shape is the tutorial's:
-- id serial integer primary key, email text unique, password text (a PHC string).
CREATE TABLE IF NOT EXISTS "user" (
    id       serial PRIMARY KEY,
    email    text UNIQUE,
    password text
);
