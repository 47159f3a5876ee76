SELECT t0."ID" FROM "Items" t0 WHERE CASE WHEN t0."Active" THEN $1 WHEN NOT (t0."Active") THEN $2 END = $3 ORDER BY t0."ID"
-- string "true"
-- string "false"
-- string "true"
