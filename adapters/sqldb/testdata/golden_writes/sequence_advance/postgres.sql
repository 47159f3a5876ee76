SELECT setval(s.seq::regclass, GREATEST(nextval(s.seq::regclass), (SELECT max("ID") FROM "Items"))) FROM (SELECT pg_get_serial_sequence($1, $2) AS seq) s WHERE s.seq IS NOT NULL
-- string "\"Items\""
-- string "ID"
