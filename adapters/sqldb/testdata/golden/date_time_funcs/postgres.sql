SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", t0."Released", t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", t0."Stamp" FROM "Items" t0 WHERE (((CAST(t0."Updated" AS DATE) = CAST($1 AS DATE) AND CAST(t0."Updated" AS TIME) < CAST($2 AS TIME)) AND CAST(EXTRACT(SECOND FROM t0."Updated") - FLOOR(EXTRACT(SECOND FROM t0."Updated")) AS NUMERIC) > CAST($3 AS NUMERIC)) AND CASE WHEN t0."Updated" IS NULL THEN NULL ELSE 0 END = CAST($4 AS INTEGER)) ORDER BY t0."ID"
-- string "2024-03-01"
-- string "23:59:00.000000"
-- string "0"
-- int64 0
