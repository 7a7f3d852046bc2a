-- Extra roles a user may switch to (x-hasura-allowed-roles besides the default).
-- Roles come from these rows only, never from anything the user sends.
CREATE TABLE user_role (
    user_id integer NOT NULL REFERENCES "user" (id) ON UPDATE CASCADE ON DELETE CASCADE,
    role    text    NOT NULL CONSTRAINT user_role_not_empty CHECK (role <> ''),
    PRIMARY KEY (user_id, role)
);
