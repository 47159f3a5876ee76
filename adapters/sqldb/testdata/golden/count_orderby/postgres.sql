SELECT t0."ID", t0."Title", t0."Country" FROM "Categories" t0 ORDER BY (SELECT COUNT(*) FROM "Items" t1 WHERE t0."ID" = t1."CategoryID") DESC, t0."ID"
