-- A database as version 1 left it: reference data and an operation with
-- attachments, including an administrator's edit that must survive.
INSERT INTO countries (iso2, iso3, name) VALUES ('PH', 'PHL', 'Philippines'), ('MK', 'MKD', 'North Macedonia'), ('SN', 'SEN', 'Senegal'), ('AR', 'ARG', 'Argentina'), ('TH', 'THA', 'Thailand (edited)');
INSERT INTO units (id, code, city, host_country, time_zone) VALUES (1, 'MNL', 'Manila', 'PH', 'Asia/Manila'), (2, 'SKP', 'Skopje', 'MK', 'Europe/Skopje');
INSERT INTO operations (id, code, name, first_day, last_day, created_at) VALUES (1, 'LIB2', 'Liberterra II', '2024-09-29', '2024-10-04', '2024-09-01 00:00:00+00:00');
INSERT INTO attachments (operation_id, country_iso2, unit_id, mode) VALUES (1, 'PH', 1, 'in_person'), (1, 'TH', 1, 'online'), (1, 'MK', 2, 'in_person');
