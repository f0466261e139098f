-- A database as version 3 left it: a case with people, charges, seizures
-- and a daily return with a correction.
INSERT INTO countries (iso2, iso3, name) VALUES ('PH', 'PHL', 'Philippines'), ('CN', 'CHN', 'China');
INSERT INTO units (id, code, city, host_country, time_zone) VALUES (1, 'MNL', 'Manila', 'PH', 'Asia/Manila');
INSERT INTO operations (id, code, name, first_day, last_day, created_at) VALUES (1, 'LIB2', 'Liberterra II', '2024-09-29', '2024-10-04', '2024-09-01 00:00:00+00:00');
INSERT INTO attachments (operation_id, country_iso2, unit_id, mode) VALUES (1, 'PH', 1, 'in_person');
INSERT INTO cases (id, operation_id, unit_id, seq, reference, raising_country, title, summary, place, country_iso2, raid_at, status, raised_by, version, created_at, updated_at, raid_day, screening_since, last_person_seq, people_count, unscreened, potential_victims, suspects, arrests, arrests_ht_ms) VALUES
  (1, 1, 1, 1, 'LIB2-MNL-0001', 'PH', 'Warehouse raid', '', 'Warehouse', 'PH', '2024-09-29 21:30:00+00:00', 'screening', 'Officer A', 2, '2024-09-30 00:00:00+00:00', '2024-09-30 01:00:00+00:00', '2024-09-30', '2024-09-30 01:00:00+00:00', 2, 2, 0, 1, 1, 1, 1);
INSERT INTO case_forms (case_id, form, operation_id, unit_id) VALUES (1, 'forced_criminality', 1, 1);
INSERT INTO case_sequences (operation_id, unit_id, last_seq) VALUES (1, 1, 1);
INSERT INTO case_transitions (id, case_id, from_status, to_status, actor, note, at) VALUES (1, 1, '', 'raid', 'Officer A', '', '2024-09-30 00:00:00+00:00');
INSERT INTO people (id, case_id, operation_id, unit_id, seq, pseudonym, outcome, nationality, exploitation, created_at, updated_at) VALUES
  (1, 1, 1, 1, 1, 'LIB2-MNL-0001-P001', 'potential_victim', 'CN', 'forced_criminality', '2024-09-30 00:00:00+00:00', '2024-09-30 00:00:00+00:00');
INSERT INTO people (id, case_id, operation_id, unit_id, seq, pseudonym, outcome, name, arrested, arrested_at, created_at, updated_at) VALUES
  (2, 1, 1, 1, 2, 'LIB2-MNL-0001-P002', 'suspect', 'A Suspect', 1, '2024-09-30 02:00:00+00:00', '2024-09-30 00:00:00+00:00', '2024-09-30 00:00:00+00:00');
INSERT INTO charges (person_id, charge) VALUES (2, 'human_trafficking');
INSERT INTO seizures (id, case_id, operation_id, unit_id, kind, quantity, unit, currency, value_usd, recorded_by, created_at) VALUES
  (1, 1, 1, 1, 'cash', 5000, 'USD', 'USD', 5000, 'Officer A', '2024-09-30 00:00:00+00:00');
INSERT INTO daily_returns (id, operation_id, country_iso2, day, database_checks, flights_monitored, border_points, officers_deployed, filed_by, filed_at, version) VALUES
  (1, 1, 'PH', '2024-09-29', 100, 5, 1, 10, 'Officer A', '2024-09-30 00:00:00+00:00', 2);
INSERT INTO daily_return_history (return_id, version, database_checks, flights_monitored, border_points, officers_deployed, filed_by, filed_at, replaced_at) VALUES
  (1, 1, 90, 4, 1, 10, 'Officer A', '2024-09-29 23:00:00+00:00', '2024-09-30 00:00:00+00:00');
