-- Each account's preferred language: a BCP 47 code among the catalogues
-- ocu ships (views/locales/<lang>), or '' to follow the browser's
-- Accept-Language. A language ocu stops shipping reads as English, so the
-- column is not bound to today's list: a fifth language needs no migration.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT ''
    CHECK (length(language) <= 16 AND language NOT GLOB '*[^a-zA-Z-]*');
