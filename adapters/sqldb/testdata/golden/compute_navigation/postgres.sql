SELECT t0."ID", t0."$c0", t0."$c1" FROM (SELECT t0.*, t1."Country" AS "$c0", ((t0."Active" AND (t0."Ratio" IS NOT NULL AND t0."Ratio" > CAST($1 AS DOUBLE PRECISION)))) AS "$c1" FROM "Items" t0 LEFT JOIN "Categories" t1 ON t0."CategoryID" = t1."ID") t0 LEFT JOIN "Categories" t2 ON t0."CategoryID" = t2."ID" WHERE (t0."$c0" = $2 AND (t2."Title" IS NULL OR t2."Title" <> $3)) ORDER BY t0."ID"
-- float64 0.5
-- string "DE"
-- string "x"
