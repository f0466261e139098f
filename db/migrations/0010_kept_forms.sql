-- Forms posted after their session ended, kept so that the officer who
-- signs in again finds what they typed (accounts/kept_forms.go). A row is
-- made when a browser's session is found ended (the user it belonged to is
-- known then), filled by the form that browser posts next, and deleted
-- when the form page shows it again, when someone else signs in on that
-- browser, or two hours after it was made. The browser holds only a
-- random id in a cookie; the table holds its hash. Passwords and CSRF
-- tokens are never kept.
CREATE TABLE kept_forms (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    page       TEXT NOT NULL DEFAULT '',  -- the page the form was on: where sign-in returns to
    action     TEXT NOT NULL DEFAULT '',  -- the path it was posted to: which form on that page
    fields     TEXT NOT NULL DEFAULT '',  -- JSON: [[name, value], ...] in the order posted
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
) WITHOUT ROWID;

CREATE INDEX kept_forms_by_expiry ON kept_forms (expires_at);
