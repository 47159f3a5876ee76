SELECT t0."ID" FROM "Items" t0 WHERE ((t0."Updated" + CAST($1 AS INTERVAL)) > $2 AND CAST((t0."Released" + CAST($3 AS INTERVAL)) AS DATE) = CAST($4 AS DATE)) ORDER BY t0."ID"
-- string "5400000000 microseconds"
-- time 2024-01-01T00:00:00Z
-- string "-172800000000 microseconds"
-- string "2024-03-01"
