SELECT t0."ID" FROM "Items" t0 WHERE CASE WHEN t0."Active" <> 0 THEN ? WHEN NOT (t0."Active" <> 0) THEN ? END = ? COLLATE BINARY ORDER BY t0."ID"
-- string "true"
-- string "false"
-- string "true"
