SELECT t0."ID" FROM "Items" t0 WHERE NOT (t0."Name" LIKE $1 ESCAPE '!') ORDER BY t0."ID"
-- string "%x%"
