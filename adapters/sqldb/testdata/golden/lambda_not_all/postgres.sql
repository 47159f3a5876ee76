SELECT t0."ID", t0."Title", t0."Country" FROM "Categories" t0 WHERE NOT (NOT EXISTS (SELECT 1 FROM "Items" t1 WHERE t0."ID" = t1."CategoryID" AND (t1."Active") IS NOT TRUE)) ORDER BY t0."ID"
