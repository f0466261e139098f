-- A database as version 18 left it: as version 17 with a request, its item and thread, and a case transfer; migration 0019 adds each account's language and must keep every row
INSERT INTO countries (iso2, iso3, name) VALUES ('PH', 'PHL', 'Philippines'), ('MK', 'MKD', 'North Macedonia');
INSERT INTO units (id, code, city, host_country, time_zone) VALUES (1, 'MNL', 'Manila', 'PH', 'Asia/Manila'), (2, 'SKP', 'Skopje', 'MK', 'Europe/Skopje');
INSERT INTO operations (id, code, name, first_day, last_day, created_at) VALUES (1, 'LIB2', 'Liberterra II', '2024-09-29', '2024-10-04', '2024-09-01 00:00:00+00:00');
INSERT INTO attachments (operation_id, country_iso2, unit_id, mode) VALUES (1, 'PH', 1, 'in_person');
INSERT INTO cases (id, operation_id, unit_id, seq, reference, raising_country, title, place, country_iso2, raid_at, status, raised_by, created_at, updated_at, raid_day, notable, notable_note) VALUES
  (1, 1, 1, 1, 'LIB2-MNL-0001', 'PH', 'Warehouse raid', 'Warehouse', 'PH', '2024-09-29 21:30:00+00:00', 'raid', 'Officer A', '2024-09-30 00:00:00+00:00', '2024-09-30 00:00:00+00:00', '2024-09-30', 1, 'Largest scam compound of the week');
INSERT INTO users (id, username, display_name, password_hash, role, unit_id, country_iso2, created_at, updated_at) VALUES
  (1, 'maria', 'Maria', '$2a$04$abcdefghijklmnopqrstuu', 'officer', 1, 'PH', '2024-09-01 00:00:00+00:00', '2024-09-01 00:00:00+00:00');
INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('abc', 1, '2024-09-30 00:00:00+00:00', '2024-09-30 00:00:00+00:00', '2024-09-30 12:00:00+00:00');
INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at) VALUES (1, 1, 'script', 'ocu_abcdef', 'def', '2024-09-30 00:00:00+00:00');
INSERT INTO case_shares (case_id, unit_id, shared_by, shared_at) VALUES (1, 2, 'Maria', '2024-09-30 00:00:00+00:00');
INSERT INTO audit_log (id, at, user_id, username, address, action, subject, details, prev_hash, hash) VALUES
  (1, '2024-09-30 00:00:00+00:00', 1, 'maria', '127.0.0.1', 'auth.signin', 'user:maria', 'null', '0000000000000000000000000000000000000000000000000000000000000000', 'aaaa');
INSERT INTO kept_forms (id_hash, user_id, page, action, fields, created_at, expires_at) VALUES ('kf1', 1, '/cases/LIB2-MNL-0001', '/cases/LIB2-MNL-0001/people', '[["count","3"]]', '2024-09-30 00:00:00+00:00', '2024-09-30 02:00:00+00:00');
INSERT INTO people (id, case_id, operation_id, unit_id, seq, pseudonym, outcome, nationality, exploitation, created_at, updated_at) VALUES
  (1, 1, 1, 1, 1, 'LIB2-MNL-0001-P001', 'potential_victim', 'CN', 'forced_criminality', '2024-09-30 00:00:00+00:00', '2024-09-30 00:00:00+00:00');
INSERT INTO people (id, case_id, operation_id, unit_id, seq, pseudonym, outcome, name, arrested, arrested_at, created_at, updated_at) VALUES
  (2, 1, 1, 1, 2, 'LIB2-MNL-0001-P002', 'suspect', 'A Suspect', 1, '2024-09-30 02:00:00+00:00', '2024-09-30 00:00:00+00:00', '2024-09-30 00:00:00+00:00');
INSERT INTO charges (person_id, charge) VALUES (2, 'human_trafficking');
INSERT INTO person_identifiers (id, person_id, case_id, unit_id, kind, doc_type, country, value, normalized, added_by, created_at) VALUES
  (1, 2, 1, 1, 'phone', '', 'PH', '0917 123 4567', '+639171234567', 'Maria', '2024-09-30 01:00:00+00:00'),
  (2, 1, 1, 1, 'document', 'passport', 'CN', 'E 1234 5678', 'E12345678', 'Maria', '2024-09-30 01:00:00+00:00');
INSERT INTO alerts (id, operation_id, unit_id, country_iso2, kind, subject, details, created_at) VALUES
  (1, 1, 2, NULL, 'notice_located', 'person:LIB2-MNL-0001-P002', '{"notice":"red"}', '2024-09-30 01:00:00+00:00');
INSERT INTO alert_reads (alert_id, user_id, read_at) VALUES (1, 1, '2024-09-30 02:00:00+00:00');
INSERT INTO notices (id, operation_id, person_id, case_id, colour, control_number, issuing_country, purpose, document_number, added_by, created_at) VALUES
  (1, 1, 2, 1, 'red', 'A-1234/5-2024', 'MK', 'Wanted for prosecution', '', 'Maria', '2024-09-30 01:00:00+00:00'),
  (2, 1, NULL, NULL, 'yellow', 'A-99/2024', 'PH', 'Missing minor', 'E12345678', 'Maria', '2024-09-30 01:00:00+00:00');
INSERT INTO notice_matches (notice_id, person_id, identifier_id, created_at) VALUES (2, 1, 2, '2024-09-30 01:00:00+00:00');
INSERT INTO cases (id, operation_id, unit_id, seq, reference, raising_country, title, place, country_iso2, raid_at, status, raised_by, created_at, updated_at, raid_day) VALUES
  (2, 1, 1, 2, 'LIB2-MNL-0002', 'PH', 'Port raid', 'Port', 'PH', '2024-09-30 21:30:00+00:00', 'raid', 'Officer A', '2024-10-01 00:00:00+00:00', '2024-10-01 00:00:00+00:00', '2024-10-01');
INSERT INTO people (id, case_id, operation_id, unit_id, seq, pseudonym, outcome, name, created_at, updated_at) VALUES
  (3, 2, 1, 1, 1, 'LIB2-MNL-0002-P001', 'suspect', 'A. Suspect', '2024-10-01 00:00:00+00:00', '2024-10-01 00:00:00+00:00');
INSERT INTO match_name_keys (key, person_id) VALUES ('a sspct', 2), ('a sspct', 3);
INSERT INTO match_indexed (person_id, version) VALUES (2, 1), (3, 1);
INSERT INTO matches (id, person_a, person_b, score, reasons, status, created_at, updated_at) VALUES
  (1, 2, 3, 64, '["name_phonetic"]', 'open', '2024-10-01 00:00:00+00:00', '2024-10-01 00:00:00+00:00');
INSERT INTO case_links (id, case_a, case_b, from_id, kind, reason, linked_by, created_at) VALUES (1, 1, 2, 1, 'same_network', 'Same phone numbers', 'Maria', '2024-10-01 01:00:00+00:00');
INSERT INTO case_partners (case_id, country_iso2, added_by, added_at) VALUES (1, 'MK', 'Maria', '2024-10-01 01:00:00+00:00');
INSERT INTO criminal_groups (id, name, summary, created_by, created_at, updated_at) VALUES (1, 'Pier network', '', 'Maria', '2024-10-01 01:00:00+00:00', '2024-10-01 01:00:00+00:00');
INSERT INTO group_cases (group_id, case_id, added_by, added_at) VALUES (1, 1, 'Maria', '2024-10-01 01:00:00+00:00');
INSERT INTO group_people (group_id, person_id, added_by, added_at) VALUES (1, 2, 'Maria', '2024-10-01 01:00:00+00:00');
INSERT INTO seizures (id, case_id, operation_id, unit_id, kind, description, quantity, unit, currency, value_usd, recorded_by, created_at) VALUES
  (1, 1, 1, 1, 'cash', '', 180000, 'PHP', 'PHP', 3200, 'Maria', '2024-10-01 01:00:00+00:00'),
  (2, 1, 1, 1, 'phones_devices', 'Handsets', 45, 'items', '', 0, 'Maria', '2024-10-01 01:00:00+00:00');
INSERT INTO seizures (id, case_id, operation_id, unit_id, kind, description, quantity, unit, currency, value_usd, recorded_by, created_at, amount_unknown) VALUES
  (3, 1, 1, 1, 'cash', 'Amount not published', NULL, '', 'RSD', NULL, 'Maria', '2024-10-01 02:00:00+00:00', 1);
INSERT INTO database_checks (id, case_id, operation_id, unit_id, subject, person_id, database, result, hit_reference, checked_by, checked_at, created_at) VALUES
  (1, 1, 1, 1, 'person', 2, 'nominal', 'hit', 'NOM-2024-77', 'Maria', '2024-10-01 02:00:00+00:00', '2024-10-01 02:00:00+00:00');
INSERT INTO evidence_files (id, owner_kind, owner_id, sha256, name, content_type, size, uploaded_by, uploaded_at) VALUES
  (1, 'case', 1, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'passport-scan.pdf', 'application/pdf', 1024, 'Maria', '2024-10-01 03:00:00+00:00');
UPDATE operations SET followup_until = '2024-11-06' WHERE id = 1;
INSERT INTO prosecution_events (id, person_id, case_id, kind, day, recorded_by, created_at) VALUES (1, 2, 1, 'charged', '2024-10-20', 'Maria', '2024-10-20 03:00:00+00:00');
INSERT INTO operation_results (operation_id, finalised_by, finalised_at, figures) VALUES (1, 'Coordinator', '2024-11-06 12:00:00+00:00', '{"week":{"victims":1}}');
INSERT INTO requests (id, operation_id, case_id, from_unit, from_country, to_unit, to_country, subject, question, priority, due_at, status, sent_by, created_at, updated_at) VALUES
  (1, 1, 1, 1, 'PH', 2, 'MK', 'Suspect known to you?', 'Is this suspect known to you?', 'urgent', '2024-10-03 00:00:00+00:00', 'answered', 'Maria', '2024-10-01 04:00:00+00:00', '2024-10-01 06:00:00+00:00');
INSERT INTO request_items (request_id, kind, item_id) VALUES (1, 'person', 2);
INSERT INTO request_messages (id, request_id, side, kind, body, author, at) VALUES
  (1, 1, 'sender', 'question', 'Is this suspect known to you?', 'Maria', '2024-10-01 04:00:00+00:00'),
  (2, 1, 'recipient', 'answer', 'Known to us.', 'Officer MK', '2024-10-01 06:00:00+00:00');
INSERT INTO case_transfers (id, case_id, from_unit, to_unit, reason, status, decision_reason, proposed_by, decided_by, created_at, decided_at) VALUES
  (1, 2, 1, 2, 'The raising country reports to Skopje', 'rejected', 'Stays with Manila', 'Supervisor MNL', 'Supervisor SKP', '2024-10-02 00:00:00+00:00', '2024-10-02 02:00:00+00:00');
