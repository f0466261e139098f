-- A database as version 2 left it: reference data, an operation, and cases
-- with forms, linked countries, sequences and history.
INSERT INTO countries (iso2, iso3, name) VALUES ('PH', 'PHL', 'Philippines'), ('MK', 'MKD', 'North Macedonia'), ('CN', 'CHN', 'China'), ('RS', 'SRB', 'Serbia');
INSERT INTO units (id, code, city, host_country, time_zone) VALUES (1, 'MNL', 'Manila', 'PH', 'Asia/Manila'), (2, 'SKP', 'Skopje', 'MK', 'Europe/Skopje');
INSERT INTO operations (id, code, name, first_day, last_day, created_at) VALUES (1, 'LIB2', 'Liberterra II', '2024-09-29', '2024-10-04', '2024-09-01 00:00:00+00:00');
INSERT INTO attachments (operation_id, country_iso2, unit_id, mode) VALUES (1, 'PH', 1, 'in_person'), (1, 'RS', 2, 'online');
INSERT INTO cases (id, operation_id, unit_id, seq, reference, raising_country, title, summary, place, country_iso2, raid_at, status, raised_by, version, created_at, updated_at) VALUES
  (1, 1, 1, 1, 'LIB2-MNL-0001', 'PH', 'Warehouse raid', 'Found many.', 'Warehouse', 'PH', '2024-09-29 21:30:00+00:00', 'screening', 'Officer A', 2, '2024-09-30 00:00:00+00:00', '2024-09-30 01:00:00+00:00'),
  (2, 1, 2, 1, 'LIB2-SKP-0001', 'RS', 'Border interception', '', 'Border', 'RS', '2024-10-01 22:30:00+00:00', 'raid', 'Officer B', 1, '2024-10-02 00:00:00+00:00', '2024-10-02 00:00:00+00:00');
INSERT INTO case_sequences (operation_id, unit_id, last_seq) VALUES (1, 1, 1), (1, 2, 1);
INSERT INTO case_forms (case_id, form) VALUES (1, 'forced_criminality'), (2, 'migrant_smuggling');
INSERT INTO case_countries (case_id, country_iso2, role) VALUES (1, 'CN', 'origin');
INSERT INTO case_transitions (id, case_id, from_status, to_status, actor, note, at) VALUES
  (1, 1, '', 'raid', 'Officer A', '', '2024-09-30 00:00:00+00:00'),
  (2, 1, 'raid', 'screening', 'Officer A', 'Interviews', '2024-09-30 01:00:00+00:00'),
  (3, 2, '', 'raid', 'Officer B', '', '2024-10-02 00:00:00+00:00');
