SELECT t0."ID", t0."$c0" FROM (SELECT t0.*, (t0."Rank" * CAST($1 AS INTEGER)) AS "$c0", (t0."Code" || $2) AS "$c1" FROM "Items" t0) t0 WHERE t0."$c0" < CAST($3 AS INTEGER) OR (t0."$c0" = CAST($4 AS INTEGER) AND t0."$c1" COLLATE "C" > $5 COLLATE "C") OR (t0."$c0" = CAST($6 AS INTEGER) AND t0."$c1" COLLATE "C" = $7 COLLATE "C" AND t0."ID" > CAST($8 AS INTEGER)) ORDER BY t0."$c0" DESC NULLS LAST, t0."$c1" COLLATE "C" NULLS FIRST, t0."ID" LIMIT $9
-- int64 2
-- string "x"
-- int64 6
-- int64 6
-- string "abx"
-- int64 6
-- string "abx"
-- int64 7
-- int64 5
