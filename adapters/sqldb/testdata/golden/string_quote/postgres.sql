SELECT t0."ID" FROM "Items" t0 WHERE (t0."Name" = $1 OR t0."Code" IN ($2, $3)) ORDER BY t0."ID"
-- string "O'Brien"
-- string "a"
-- string "B"
