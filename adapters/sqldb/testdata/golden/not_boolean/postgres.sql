SELECT t0."ID" FROM "Items" t0 WHERE NOT (t0."Active") ORDER BY t0."ID"
