SELECT t0."ID", t0."Name", t0."$c0" FROM (SELECT t0.*, (t0."Price" * t0."Qty") AS "$c0", CAST(EXTRACT(YEAR FROM t0."Released") AS INTEGER) AS "$c1" FROM "Items" t0) t0 WHERE (t0."$c0" > CAST($1 AS NUMERIC) AND t0."$c1" = CAST($2 AS INTEGER)) ORDER BY t0."$c0" DESC NULLS LAST, t0."ID" LIMIT $3
-- string "100"
-- int64 2024
-- int64 10
