-- An officer's case list: their own country's cases, most recently changed
-- first. On (operation, unit, updated_at) SQLite walks the whole OCU and
-- skips the other countries' cases, 0.9 ms at 100,000 cases; on this
-- index, 0.04 ms.
CREATE INDEX cases_by_country_updated ON cases (operation_id, raising_country, updated_at);
