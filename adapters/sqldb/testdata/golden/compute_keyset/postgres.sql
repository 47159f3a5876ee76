SELECT t0."ID", t0."$c0" FROM (SELECT t0.*, (t0."Qty" + CAST($1 AS INTEGER)) AS "$c0" FROM "Items" t0) t0 WHERE t0."Rank" > CAST($2 AS INTEGER) OR (t0."Rank" = CAST($3 AS INTEGER) AND t0."ID" > CAST($4 AS INTEGER)) ORDER BY t0."Rank", t0."ID" LIMIT $5
-- int64 1
-- int64 3
-- int64 3
-- int64 7
-- int64 5
