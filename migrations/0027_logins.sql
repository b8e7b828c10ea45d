-- Logins through OpenID providers (a MitID broker, the municipality's single sign-on), linked
-- to accounts. Only the provider's pseudonymous subject and the facts Medspil needs are kept:
-- the verified name, whether the person is at least 15 (1 when the token showed it), and how
-- strong the login was.
CREATE TABLE logins (
    id {{ID}},
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    verified_name TEXT,
    at_least_15 BIGINT,
    assurance TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    UNIQUE (provider, subject)
);
-- One login per provider per account: a second MitID cannot be slipped onto an account.
CREATE UNIQUE INDEX logins_user_provider ON logins (user_id, provider);

-- A login under way: the secrets sent with the browser to the provider, kept until it comes
-- back (and used once). `user_id` when a logged-in person links a login to their account;
-- `identity` once the provider has vouched for someone who has no account here yet.
CREATE TABLE login_flows (
    id_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    state TEXT NOT NULL,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    next TEXT NOT NULL,
    identity TEXT,
    created_at BIGINT NOT NULL
);

-- How strong the login behind a session was.
ALTER TABLE sessions ADD COLUMN assurance TEXT NOT NULL DEFAULT 'password';

-- Memberships given by a group in a provider's token, which the next login through it takes
-- away when the group is gone; NULL for those granted by hand.
ALTER TABLE memberships ADD COLUMN granted_by TEXT;
