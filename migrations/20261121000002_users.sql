-- People who signed in with Spotify, keyed by Spotify's stable `account_id` (the user id when Spotify sends none).
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    spotify_account_key text NOT NULL UNIQUE,
    spotify_user_id text NOT NULL,
    display_name text,
    avatar_url text,
    -- Set when Spotify refused the refresh token for good (expired or revoked): the user must sign in again.
    needs_sign_in_since timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    signed_in_at timestamptz NOT NULL DEFAULT now()
);

-- Each user's current Spotify refresh token, sealed with AES-256-GCM. The associated data binds a ciphertext to its
-- user id, so a row copied to another user does not decrypt; `key_id` names the key so keys can rotate.
CREATE TABLE spotify_refresh_tokens (
    user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key_id text NOT NULL,
    nonce bytea NOT NULL CHECK (length(nonce) = 12),
    ciphertext bytea NOT NULL,
    -- When the user approved access: Spotify ends a refresh token six months later, however often it rotates.
    authorised_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The browser sessions each user is signed in with, so that deleting a user ends every one of them.
CREATE TABLE user_sessions (
    session_id text PRIMARY KEY REFERENCES tower_sessions.session (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX user_sessions_user_id_idx ON user_sessions (user_id);
