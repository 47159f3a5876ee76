SELECT t0."ID", t0."Title", t0."Country" FROM "Categories" t0 WHERE (SELECT COUNT(*) FROM "Items" t1 WHERE t0."ID" = t1."CategoryID") > CAST($1 AS BIGINT) ORDER BY t0."ID"
-- int64 2
