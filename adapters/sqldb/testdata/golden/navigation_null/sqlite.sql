SELECT t0."ID" FROM "Items" t0 LEFT JOIN "Categories" t1 ON t0."CategoryID" = t1."ID" WHERE t1."Country" IS NULL ORDER BY t0."ID"
