SELECT t0."ID" FROM "Items" t0 WHERE t0."Stamp" < $1 OR (t0."Stamp" = $2 AND t0."ID" > CAST($3 AS INTEGER)) ORDER BY t0."Stamp" DESC, t0."ID" LIMIT $4
-- time 2024-03-01T10:00:00Z
-- time 2024-03-01T10:00:00Z
-- int64 3
-- int64 10
